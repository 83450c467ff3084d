using Vigil.Core.Validation;

namespace Vigil.Detection.Risk.Options;

/// <summary>The positions of an <see cref="OptionsBook"/> and the rate that discounts them.</summary>
/// <param name="Positions">The positions; 1 to <see cref="MaxPositions"/>, with unique ids (case-insensitive).</param>
/// <param name="RiskFreeRate">The continuously compounded discount rate, as a fraction a year (0.05 is 5%); in [−1, 1].</param>
public sealed record OptionsBookOptions(IReadOnlyList<OptionPosition> Positions, double RiskFreeRate = 0.05)
{
    /// <summary>The most positions a book holds.</summary>
    public const int MaxPositions = 10_000;

    /// <summary>
    /// A demo book on the simulator's universe at its default levels (mid November 2023, <c>DefaultMarket</c>), with
    /// a 5% rate. Conventions: SPX options are on E-mini S&amp;P 500 futures ($50 a point, futures at the index level,
    /// basis ignored); WTI on NYMEX crude futures (1,000 bbl); GOLD on COMEX gold futures (100 oz); the UST10Y option
    /// is on the 10-year Treasury note future, whose level is a price in points of par (about 108 then, $1,000 a point),
    /// not the yield the simulator quotes — scenarios move it through its duration. Implied volatilities are round
    /// numbers near each market's calm level, with a put skew on SPX.
    /// </summary>
    public static OptionsBookOptions Demo { get; } = new(
    [
        new("SPX-P4200-3M", "SPX", OptionType.Put, 4_500, 4_200, 0.25, 0.19, 20, 50),
        new("SPX-C4700-3M", "SPX", OptionType.Call, 4_500, 4_700, 0.25, 0.13, -20, 50),
        new("SPX-P4500-1M", "SPX", OptionType.Put, 4_500, 4_500, 1.0 / 12.0, 0.15, -10, 50),
        new("SPX-C4500-6M", "SPX", OptionType.Call, 4_500, 4_500, 0.5, 0.155, 5, 50),
        new("WTI-C85-3M", "WTI", OptionType.Call, 78, 85, 0.25, 0.36, 20, 1_000),
        new("GOLD-P1900-6M", "GOLD", OptionType.Put, 1_960, 1_900, 0.5, 0.15, 10, 100),
        new("UST10Y-C108-3M", "UST10Y", OptionType.Call, 108, 108, 0.25, 0.07, 30, 1_000),
    ]);

    /// <summary>Every problem with the book: each position's, prefixed with its index, and duplicate ids.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new OptionErrors();
        errors.Require(Math.Abs(RiskFreeRate) <= Black76.MaxAbsoluteRate, $"RiskFreeRate must be in [-1, 1] (got {RiskFreeRate})");
        if (Positions is null)
        {
            errors.Require(false, "Positions must be given");
            return errors.Errors;
        }

        errors.Require(Positions.Count is > 0 and <= MaxPositions, $"Positions must hold 1 to {MaxPositions} positions (got {Positions.Count})");
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Positions.Count; i++)
        {
            var position = Positions[i];
            if (position is null)
            {
                errors.Require(false, $"Positions[{i}] must not be null");
                continue;
            }

            errors.AddNested($"Positions[{i}]", position.Validate());
            if (!string.IsNullOrWhiteSpace(position.Id))
            {
                errors.Require(ids.Add(position.Id), $"Positions[{i}].Id '{position.Id}' is used twice");
            }
        }

        return errors.Errors;
    }
}
