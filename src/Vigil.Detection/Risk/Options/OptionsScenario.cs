using Vigil.Core.Validation;

namespace Vigil.Detection.Risk.Options;

/// <summary>An instantaneous shock of one underlying's futures level and implied volatility.</summary>
/// <param name="Underlying">The symbol, matched case-insensitively to <see cref="OptionPosition.Underlying"/>.</param>
/// <param name="FuturesMove">The relative change of the futures level (−0.57 is a 57% fall); above −1. Ignored when <paramref name="TargetLevel"/> is set.</param>
/// <param name="VolatilityMultiplier">The factor on every implied volatility of the underlying (4 quadruples it); positive. Shocked volatilities are capped at <see cref="Black76.MaxVolatility"/>.</param>
/// <param name="TargetLevel">An absolute futures level to move to instead of <paramref name="FuturesMove"/> (for volatility-index and spread futures, whose presets give target levels); positive when set.</param>
public sealed record UnderlyingShock(string Underlying, double FuturesMove, double VolatilityMultiplier = 1.0, double? TargetLevel = null)
{
    /// <summary>Every problem with this shock.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new OptionErrors();
        errors.Require(!string.IsNullOrWhiteSpace(Underlying), "Underlying must be non-empty");
        errors.Require(FuturesMove > -1 && double.IsFinite(FuturesMove), $"FuturesMove must be above -1 and finite (got {FuturesMove})");
        errors.Require(VolatilityMultiplier > 0 && double.IsFinite(VolatilityMultiplier), $"VolatilityMultiplier must be positive and finite (got {VolatilityMultiplier})");
        errors.Require(TargetLevel is null || (TargetLevel > 0 && double.IsFinite(TargetLevel.Value)), $"TargetLevel must be positive and finite when set (got {TargetLevel})");
        return errors.Errors;
    }

    /// <summary>The conditions of <see cref="Validate"/> without building messages, for the repricing hot path.</summary>
    internal bool IsValid() =>
        !string.IsNullOrWhiteSpace(Underlying)
        && FuturesMove > -1 && double.IsFinite(FuturesMove)
        && VolatilityMultiplier > 0 && double.IsFinite(VolatilityMultiplier)
        && (TargetLevel is null || (TargetLevel > 0 && double.IsFinite(TargetLevel.Value)));
}

/// <summary>
/// A named, instantaneous market shock for repricing an <see cref="OptionsBook"/>: futures levels, implied
/// volatilities and the discount rate move at once and no time passes. Underlyings without a shock keep their level
/// and volatility (the rate shift still applies).
/// </summary>
/// <param name="Id">A stable identifier, for example <c>lehman2008</c>.</param>
/// <param name="Name">The display name.</param>
/// <param name="Shocks">One shock per underlying; symbols unique (case-insensitive).</param>
/// <param name="RateShift">The change of the discount rate, as a fraction (−0.03 is −300 bp); finite. Shocked rates are clamped to [−1, 1].</param>
public sealed record OptionsScenario(string Id, string Name, IReadOnlyList<UnderlyingShock> Shocks, double RateShift = 0)
{
    /// <summary>Every problem with this scenario.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new OptionErrors();
        errors.Require(!string.IsNullOrWhiteSpace(Id), "Id must be non-empty");
        errors.Require(double.IsFinite(RateShift) && Math.Abs(RateShift) <= 1, $"RateShift must be in [-1, 1] (got {RateShift})");
        if (Shocks is null)
        {
            errors.Require(false, "Shocks must be given");
            return errors.Errors;
        }

        var symbols = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Shocks.Count; i++)
        {
            if (Shocks[i] is not { } shock)
            {
                errors.Require(false, $"Shocks[{i}] must not be null");
                continue;
            }

            errors.AddNested($"Shocks[{i}]", shock.Validate());
            if (!string.IsNullOrWhiteSpace(shock.Underlying))
            {
                errors.Require(symbols.Add(shock.Underlying), $"Shocks[{i}].Underlying '{shock.Underlying}' is shocked twice");
            }
        }

        return errors.Errors;
    }

    /// <summary>
    /// The conditions of <see cref="Validate"/> without building messages or sets: formatting every number of a
    /// valid scenario cost more than repricing the book. Callers build the messages only when this is false.
    /// </summary>
    internal bool IsValid()
    {
        if (string.IsNullOrWhiteSpace(Id) || !double.IsFinite(RateShift) || Math.Abs(RateShift) > 1 || Shocks is null)
        {
            return false;
        }

        for (var i = 0; i < Shocks.Count; i++)
        {
            if (Shocks[i] is not { } shock || !shock.IsValid())
            {
                return false;
            }

            for (var j = 0; j < i; j++)
            {
                if (string.Equals(Shocks[j].Underlying, shock.Underlying, StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
