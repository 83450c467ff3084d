using System.Collections.ObjectModel;
using System.Globalization;
using Vigil.Core.Instruments;

namespace Vigil.Engine.Simulation;

/// <summary>
/// A market stress the <see cref="MarketSimulator"/> can play: how volatility, correlation, drift, jumps and volumes
/// change, and over how much event time. A scenario compresses history: its <see cref="OnsetDuration"/> and
/// <see cref="Duration"/> are minutes of event time standing for days or months of the episode it models.
/// </summary>
/// <remarks>
/// <para>
/// Life cycle, in event time from activation: during <see cref="OnsetDuration"/> every parameter moves smoothly
/// (a smoothstep) from its value at activation to the scenario's peak value; it holds for <see cref="Duration"/>;
/// then during <see cref="RecoveryDuration"/> everything returns smoothly to the calm baseline. Deactivating early
/// starts the recovery at once.
/// </para>
/// <para>
/// Moves are spread over the onset and peak in proportion to the stress intensity, so their median total equals the
/// stated move; jumps are compensated and add no expected move. Volatility indices and credit spreads
/// (<see cref="PriceProcess.MeanRevertingLog"/>) are not driven but pulled to a target level; they keep their calm
/// volatility of log changes, because their absolute moves already grow with their level.
/// </para>
/// </remarks>
public sealed record StressScenario
{
    /// <summary>The largest accepted volatility or volume multiplier.</summary>
    public const double MaxMultiplier = 100;

    /// <summary>The longest accepted onset, peak or recovery.</summary>
    public static readonly TimeSpan MaxPhaseDuration = TimeSpan.FromDays(30);

    /// <summary>A stable identifier, for example <c>lehman2008</c>; no whitespace.</summary>
    public required string Id { get; init; }

    /// <summary>The display name, for example <c>Lehman 2008</c>.</summary>
    public required string Name { get; init; }

    /// <summary>What the scenario models and the historical facts it is grounded in.</summary>
    public string Description { get; init; } = "";

    /// <summary>The multiplier of calm volatility at the peak, for every segment not in <see cref="SegmentVolatilityMultipliers"/>; in (0, 100], 1 leaves it unchanged.</summary>
    public double VolatilityMultiplier { get; init; } = 1.0;

    /// <summary>Per-segment overrides of <see cref="VolatilityMultiplier"/>; each in (0, 100].</summary>
    public IReadOnlyDictionary<StressSegment, double> SegmentVolatilityMultipliers { get; init; } =
        ReadOnlyDictionary<StressSegment, double>.Empty;

    /// <summary>
    /// How far correlation moves from the calm matrix towards the crisis matrix (in which everything loads on one
    /// risk factor, so risk assets move together) at the peak, in [0, 1]. Each instrument's shock is
    /// √(1−w)·calm + √w·crisis with independent calm and crisis parts, so every blend is a valid correlation matrix.
    /// </summary>
    public double CorrelationShift { get; init; }

    /// <summary>The segments <see cref="CorrelationShift"/> applies to; empty (the default) means all of them.</summary>
    public IReadOnlyCollection<StressSegment> CorrelationSegments { get; init; } = [];

    /// <summary>
    /// The total move of each segment over the onset and peak: for prices a fraction (−0.57 is a 57% fall, must be
    /// above −1); for levels a change in the level's units (−1.5 is −150 bp on a yield in percent); for volatility
    /// indices and spreads the target level relative to the baseline (2.0 triples a spread).
    /// </summary>
    public IReadOnlyDictionary<StressSegment, double> SegmentMoves { get; init; } =
        ReadOnlyDictionary<StressSegment, double>.Empty;

    /// <summary>Per-instrument moves by symbol (case-insensitive), with the units of <see cref="SegmentMoves"/>; they override the segment's move.</summary>
    public IReadOnlyDictionary<string, double> InstrumentMoves { get; init; } =
        ReadOnlyDictionary<string, double>.Empty;

    /// <summary>
    /// Absolute peak levels by symbol for mean-reverting instruments (volatility indices, spreads), for example
    /// VIX 80.9; positive. They override moves. A volatility index with neither a target nor a move is pulled to its
    /// baseline times <see cref="VolatilityMultiplier"/>, as implied volatility follows realised volatility.
    /// </summary>
    public IReadOnlyDictionary<string, double> LevelTargets { get; init; } =
        ReadOnlyDictionary<string, double>.Empty;

    /// <summary>The fraction of the drift move taken back during the recovery, in [0, 1]: 0 keeps the losses, 0.7 retraces 70% of them.</summary>
    public double RecoveryRetracement { get; init; }

    /// <summary>The expected number of market-wide jumps per event minute at the peak; in [0, 600].</summary>
    public double JumpIntensityPerMinute { get; init; }

    /// <summary>
    /// The mean size of a jump, in calm trading-day standard deviations of each instrument (uniform between half
    /// and one and a half times it); in [0, 50]. Every instrument jumps at once, in the risk-off direction of its
    /// crisis loading, by the size times the loading.
    /// </summary>
    public double MeanJumpSizeDailySigmas { get; init; }

    /// <summary>The multiplier of calm volumes at the peak; in (0, 100].</summary>
    public double VolumeMultiplier { get; init; } = 1.0;

    /// <summary>Event time over which stress builds up; non-negative.</summary>
    public TimeSpan OnsetDuration { get; init; }

    /// <summary>Event time the peak holds after the onset; non-negative, and onset plus peak is positive.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Event time over which the market returns to the baseline; non-negative.</summary>
    public TimeSpan RecoveryDuration { get; init; }

    /// <summary>Onset, peak and recovery together.</summary>
    public TimeSpan TotalDuration => OnsetDuration + Duration + RecoveryDuration;

    /// <summary>A copy whose onset, peak and recovery last <paramref name="factor"/> times as long (2 plays it at half speed).</summary>
    /// <param name="factor">Positive and finite.</param>
    public StressScenario ScaleDurations(double factor)
    {
        if (!(factor > 0) || !double.IsFinite(factor))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The factor must be positive and finite.");
        }

        return this with
        {
            OnsetDuration = OnsetDuration * factor,
            Duration = Duration * factor,
            RecoveryDuration = RecoveryDuration * factor,
        };
    }

    /// <summary>
    /// Checks every parameter that does not depend on the universe and reports all problems at once.
    /// <see cref="MarketSimulator.Activate"/> also checks symbols and moves against its instruments.
    /// </summary>
    /// <exception cref="ArgumentException">At least one parameter is invalid; the message lists them all.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        CollectProblems(problems);
        ThrowIfAny(problems);
    }

    internal void ThrowIfAny(List<string> problems)
    {
        if (problems.Count > 0)
        {
            throw new ArgumentException(
                $"Stress scenario '{Name ?? Id}' is invalid: " + string.Join("; ", problems) + ".");
        }
    }

    internal void CollectProblems(List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(Id) || HasWhiteSpace(Id))
        {
            problems.Add($"Id must be non-empty without whitespace (was '{Id}')");
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            problems.Add("Name must not be empty");
        }

        CheckMultiplier(problems, nameof(VolatilityMultiplier), VolatilityMultiplier);
        CheckMultiplier(problems, nameof(VolumeMultiplier), VolumeMultiplier);
        if (SegmentVolatilityMultipliers is null)
        {
            problems.Add($"{nameof(SegmentVolatilityMultipliers)} must not be null");
        }
        else
        {
            foreach (var (segment, multiplier) in SegmentVolatilityMultipliers)
            {
                CheckMultiplier(problems, $"{nameof(SegmentVolatilityMultipliers)}[{segment}]", multiplier);
            }
        }

        CheckRange(problems, nameof(CorrelationShift), CorrelationShift, 0, 1);
        CheckRange(problems, nameof(RecoveryRetracement), RecoveryRetracement, 0, 1);
        CheckRange(problems, nameof(JumpIntensityPerMinute), JumpIntensityPerMinute, 0, 600);
        CheckRange(problems, nameof(MeanJumpSizeDailySigmas), MeanJumpSizeDailySigmas, 0, 50);
        if (CorrelationSegments is null)
        {
            problems.Add($"{nameof(CorrelationSegments)} must not be null");
        }

        if (SegmentMoves is null)
        {
            problems.Add($"{nameof(SegmentMoves)} must not be null");
        }
        else
        {
            foreach (var (segment, move) in SegmentMoves)
            {
                CheckFinite(problems, $"{nameof(SegmentMoves)}[{segment}]", move);
            }
        }

        if (InstrumentMoves is null)
        {
            problems.Add($"{nameof(InstrumentMoves)} must not be null");
        }
        else
        {
            foreach (var (symbol, move) in InstrumentMoves)
            {
                CheckFinite(problems, $"{nameof(InstrumentMoves)}[{symbol}]", move);
            }
        }

        if (LevelTargets is null)
        {
            problems.Add($"{nameof(LevelTargets)} must not be null");
        }
        else
        {
            foreach (var (symbol, level) in LevelTargets)
            {
                if (!(level > 0) || !double.IsFinite(level))
                {
                    problems.Add(Invariant($"{nameof(LevelTargets)}[{symbol}] must be positive and finite (was {level})"));
                }
            }
        }

        CheckDuration(problems, nameof(OnsetDuration), OnsetDuration);
        CheckDuration(problems, nameof(Duration), Duration);
        CheckDuration(problems, nameof(RecoveryDuration), RecoveryDuration);
        if (OnsetDuration + Duration <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(OnsetDuration)} plus {nameof(Duration)} must be positive");
        }
    }

    private static bool HasWhiteSpace(string text)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                return true;
            }
        }

        return false;
    }

    private static void CheckMultiplier(List<string> problems, string name, double value)
    {
        if (!(value > 0 && value <= MaxMultiplier))
        {
            problems.Add(Invariant($"{name} must be in (0, {MaxMultiplier}] (was {value})"));
        }
    }

    private static void CheckRange(List<string> problems, string name, double value, double min, double max)
    {
        if (!(value >= min && value <= max))
        {
            problems.Add(Invariant($"{name} must be in [{min}, {max}] (was {value})"));
        }
    }

    private static void CheckFinite(List<string> problems, string name, double value)
    {
        if (!double.IsFinite(value))
        {
            problems.Add(Invariant($"{name} must be finite (was {value})"));
        }
    }

    private static void CheckDuration(List<string> problems, string name, TimeSpan value)
    {
        if (value < TimeSpan.Zero || value > MaxPhaseDuration)
        {
            problems.Add(Invariant($"{name} must be in [0, {MaxPhaseDuration.TotalDays} days] (was {value})"));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
