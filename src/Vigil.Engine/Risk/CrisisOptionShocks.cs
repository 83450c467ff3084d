using System.Collections.ObjectModel;
using Vigil.Core.Instruments;
using Vigil.Core.Validation;
using Vigil.Detection.Risk.Options;
using Vigil.Engine.Simulation;

namespace Vigil.Engine.Risk;

/// <summary>How <see cref="CrisisOptionShocks"/> turns yield moves into bond-futures moves and picks the discount-rate shift.</summary>
/// <param name="RatesFuturesDurations">
/// The modified duration, in years, of the bond future standing for each yield instrument (symbol, case-insensitive):
/// a yield change of Δy percentage points moves the future by −D·Δy/100 relative. Defaults: UST2Y 1.9 (2-year note
/// future), UST10Y 6.5 (10-year note future, cheapest-to-deliver about 7 years), BUND10Y 8.0 (Euro-Bund future).
/// </param>
/// <param name="DefaultRatesFuturesDuration">The duration for a yield instrument not in <paramref name="RatesFuturesDurations"/>; in (0, 50].</param>
/// <param name="DiscountRateSymbol">The yield instrument whose move shifts the discount rate (the short rate); <c>UST2Y</c> by default.</param>
public sealed record CrisisOptionShockOptions(
    IReadOnlyDictionary<string, double>? RatesFuturesDurations = null,
    double DefaultRatesFuturesDuration = 6.5,
    string DiscountRateSymbol = "UST2Y")
{
    private static readonly IReadOnlyDictionary<string, double> DefaultDurations =
        new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
        {
            ["UST2Y"] = 1.9,
            ["UST10Y"] = 6.5,
            ["BUND10Y"] = 8.0,
        }.AsReadOnly();

    /// <summary>The defaults.</summary>
    public static CrisisOptionShockOptions Default { get; } = new();

    /// <summary>The durations in use: <see cref="RatesFuturesDurations"/> or the defaults.</summary>
    public IReadOnlyDictionary<string, double> Durations => RatesFuturesDurations ?? DefaultDurations;

    /// <summary>Every problem with these options.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new OptionErrors();
        errors.Require(DefaultRatesFuturesDuration > 0 && DefaultRatesFuturesDuration <= 50, $"DefaultRatesFuturesDuration must be in (0, 50] (got {DefaultRatesFuturesDuration})");
        errors.Require(!string.IsNullOrWhiteSpace(DiscountRateSymbol), "DiscountRateSymbol must be non-empty");
        foreach (var (symbol, duration) in Durations)
        {
            errors.Require(duration > 0 && duration <= 50, $"RatesFuturesDurations[{symbol}] must be in (0, 50] (got {duration})");
        }

        return errors.Errors;
    }
}

/// <summary>
/// Translates the simulator's crisis presets (<see cref="CrisisPresets"/>) into instantaneous shocks for repricing an
/// <see cref="OptionsBook"/>, from each preset's own parameters: the peak move it drives each instrument to and its
/// volatility multiplier.
/// </summary>
/// <remarks>
/// <para>The mapping, per instrument of the universe:</para>
/// <list type="bullet">
/// <item><description>
/// Prices (equities, FX, commodities, crypto): the futures level moves by the preset's total move for the instrument
/// (<see cref="StressScenario.InstrumentMoves"/>, else its segment's <see cref="StressScenario.SegmentMoves"/>, else 0):
/// Lehman's −0.57 takes SPX futures from 4,500 to 1,935. The simulator spreads that move over onset and peak; the
/// shock applies all of it at once, the worst point of the episode.
/// </description></item>
/// <item><description>
/// Yields (<see cref="ValueKind.Level"/>, in percent): the bond future stands for the yield and moves by
/// −D·Δy/100 with D from <see cref="CrisisOptionShockOptions.RatesFuturesDurations"/>: Lehman's −1.6 points on UST10Y
/// lift the 10-year note future by 6.5 × 1.6% = 10.4%.
/// </description></item>
/// <item><description>
/// Volatility indices and credit spreads (segments Volatility and Credit): the future goes to the preset's
/// <see cref="StressScenario.LevelTargets"/> level when there is one (VIX to 80.9), else by the relative move; as in
/// the simulator their volatility of log changes keeps its calm value (multiplier 1).
/// </description></item>
/// <item><description>
/// Implied volatility: multiplied by the preset's realised-volatility multiplier for the instrument's segment
/// (<see cref="StressScenario.SegmentVolatilityMultipliers"/>, else <see cref="StressScenario.VolatilityMultiplier"/>):
/// implied volatility tracks realised in a crisis (Lehman ×4 takes SPX's 19% to 76%, near the VIX's 80.9).
/// </description></item>
/// <item><description>
/// Discount rate: shifted by the move of <see cref="CrisisOptionShockOptions.DiscountRateSymbol"/> (UST2Y), from
/// percentage points to a fraction: Lehman's −3.0 points give −0.03.
/// </description></item>
/// </list>
/// <para>Correlation shifts, jumps, volumes and the recovery are not used: the shock is one deterministic point.</para>
/// </remarks>
public static class CrisisOptionShocks
{
    /// <summary>The options scenario for one preset on a universe.</summary>
    /// <param name="preset">The crisis preset.</param>
    /// <param name="instruments">The universe, for example <see cref="InstrumentRegistry.All"/> of <see cref="DefaultUniverse.CreateRegistry"/>; one shock per instrument.</param>
    /// <param name="options">Durations and the rate symbol; <see cref="CrisisOptionShockOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public static OptionsScenario FromPreset(
        StressScenario preset, IReadOnlyList<Instrument> instruments, CrisisOptionShockOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentNullException.ThrowIfNull(instruments);
        options ??= CrisisOptionShockOptions.Default;
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid {nameof(CrisisOptionShockOptions)}: {string.Join("; ", problems)}.", nameof(options));
        }

        var shocks = new List<UnderlyingShock>(instruments.Count);
        var rateShift = 0.0;
        foreach (var instrument in instruments)
        {
            var move = Move(preset, instrument);
            if (string.Equals(instrument.Symbol, options.DiscountRateSymbol, StringComparison.OrdinalIgnoreCase)
                && instrument.ValueKind == ValueKind.Level)
            {
                rateShift = move / 100.0;
            }

            var volatilityMultiplier = preset.SegmentVolatilityMultipliers.TryGetValue(instrument.Segment, out var segmentMultiplier)
                ? segmentMultiplier
                : preset.VolatilityMultiplier;
            if (instrument.ValueKind == ValueKind.Level)
            {
                var duration = options.Durations.TryGetValue(instrument.Symbol, out var d) ? d : options.DefaultRatesFuturesDuration;

                // A bond future cannot lose everything: the floor keeps absurd inputs valid (a 15-point rise at D = 6.5).
                var futuresMove = Math.Max(-duration * move / 100.0, -0.99);
                shocks.Add(new UnderlyingShock(instrument.Symbol, futuresMove, volatilityMultiplier));
            }
            else if (instrument.Segment is StressSegment.Volatility or StressSegment.Credit)
            {
                double? target = preset.LevelTargets.TryGetValue(instrument.Symbol, out var level) ? level : null;
                shocks.Add(new UnderlyingShock(instrument.Symbol, Math.Max(move, -0.99), 1.0, target));
            }
            else
            {
                shocks.Add(new UnderlyingShock(instrument.Symbol, Math.Max(move, -0.99), volatilityMultiplier));
            }
        }

        return new OptionsScenario(preset.Id, preset.Name, new ReadOnlyCollection<UnderlyingShock>(shocks), rateShift);
    }

    /// <summary>The options scenarios of every preset in <see cref="CrisisPresets.All"/>, in that order.</summary>
    /// <param name="instruments">The universe.</param>
    /// <param name="options">Durations and the rate symbol; defaults when null.</param>
    public static IReadOnlyList<OptionsScenario> AllPresets(IReadOnlyList<Instrument> instruments, CrisisOptionShockOptions? options = null)
    {
        var scenarios = new OptionsScenario[CrisisPresets.All.Count];
        for (var i = 0; i < scenarios.Length; i++)
        {
            scenarios[i] = FromPreset(CrisisPresets.All[i], instruments, options);
        }

        return scenarios;
    }

    private static double Move(StressScenario preset, Instrument instrument)
    {
        if (preset.InstrumentMoves.TryGetValue(instrument.Symbol, out var move))
        {
            return move;
        }

        return preset.SegmentMoves.TryGetValue(instrument.Segment, out var segmentMove) ? segmentMove : 0.0;
    }
}
