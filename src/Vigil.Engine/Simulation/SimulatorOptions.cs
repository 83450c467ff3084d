using System.Collections.Immutable;
using System.Globalization;
using Vigil.Core.Instruments;
using Vigil.Core.Market;

namespace Vigil.Engine.Simulation;

/// <summary>
/// The configuration of a <see cref="MarketSimulator"/>: seed, tick rate, start time, time scale and the simulated
/// universe with its calm dynamics. Defaults simulate <see cref="DefaultUniverse"/> with <see cref="DefaultMarket"/>.
/// </summary>
public sealed record SimulatorOptions
{
    /// <summary>The lowest accepted tick rate, in snapshots per event second.</summary>
    public const double MinTickRateHz = 0.01;

    /// <summary>The highest accepted tick rate, in snapshots per event second.</summary>
    public const double MaxTickRateHz = 1_000;

    /// <summary>The default start: 2023-11-14T22:13:20Z (Unix time 1,700,000,000 s), in nanoseconds.</summary>
    public const long DefaultStartTimestampNs = 1_700_000_000_000L * TimeUnits.NsPerMillisecond;

    /// <summary>The seed of the random stream; the same seed and commands give the same path.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>
    /// Snapshots per second of event time, in [<see cref="MinTickRateHz"/>, <see cref="MaxTickRateHz"/>]; default 4
    /// (<see cref="SimulatorSpeed.Normal"/>). Changeable at run time through <see cref="MarketSimulator.TickRateHz"/>.
    /// </summary>
    public double TickRateHz { get; init; } = SimulatorSpeed.Normal.ToTickRateHz();

    /// <summary>Event time of the first snapshot, in nanoseconds since the Unix epoch; non-negative.</summary>
    public long StartTimestampNs { get; init; } = DefaultStartTimestampNs;

    /// <summary>
    /// The event time over which calm volatility accumulates one trading day of variance; positive, default
    /// 5 minutes. With the default a 30-minute run carries about six trading days of calm noise, and SPX moves about
    /// 1.3 points per snapshot at 4 Hz. Volumes are spread over the same span. Scenario durations are separate.
    /// </summary>
    public TimeSpan TradingDayDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The simulated instruments, in the order of the snapshot; non-empty, unique symbols.</summary>
    public IReadOnlyList<InstrumentSpec> Instruments { get; init; } = DefaultUniverse.Instruments;

    /// <summary>The dynamics of each instrument, aligned with <see cref="Instruments"/> (same count, same symbols).</summary>
    public IReadOnlyList<InstrumentDynamics> Dynamics { get; init; } = DefaultMarket.Dynamics;

    /// <summary>
    /// The calm correlation of the instruments' Gaussian shocks, row-major N×N in <see cref="Instruments"/> order:
    /// symmetric, unit diagonal, positive definite.
    /// </summary>
    public ImmutableArray<double> CalmCorrelation { get; init; } = DefaultMarket.CalmCorrelation;

    /// <summary>Checks every setting and reports all problems at once.</summary>
    /// <exception cref="ArgumentException">At least one setting is invalid; the message lists them all.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        CollectProblems(problems);
        if (problems.Count > 0)
        {
            throw new ArgumentException("Simulator options are invalid: " + string.Join("; ", problems) + ".");
        }
    }

    internal void CollectProblems(List<string> problems)
    {
        if (!(TickRateHz >= MinTickRateHz && TickRateHz <= MaxTickRateHz))
        {
            problems.Add(Invariant($"TickRateHz must be in [{MinTickRateHz}, {MaxTickRateHz}] (was {TickRateHz})"));
        }

        if (StartTimestampNs < 0)
        {
            problems.Add(Invariant($"StartTimestampNs must not be negative (was {StartTimestampNs})"));
        }

        if (TradingDayDuration <= TimeSpan.Zero)
        {
            problems.Add(Invariant($"TradingDayDuration must be positive (was {TradingDayDuration})"));
        }

        if (Instruments is null || Instruments.Count == 0)
        {
            problems.Add("Instruments must hold at least one instrument");
            return;
        }

        var symbols = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Instruments.Count; i++)
        {
            var spec = Instruments[i];
            if (spec is null || string.IsNullOrWhiteSpace(spec.Symbol))
            {
                problems.Add(Invariant($"Instruments[{i}] has no symbol"));
            }
            else if (!symbols.Add(spec.Symbol))
            {
                problems.Add(Invariant($"Instruments[{i}] repeats the symbol '{spec.Symbol}'"));
            }
        }

        CollectDynamicsProblems(problems);
        CollectCorrelationProblems(problems);
    }

    private void CollectDynamicsProblems(List<string> problems)
    {
        if (Dynamics is null || Dynamics.Count != Instruments.Count)
        {
            problems.Add(Invariant(
                $"Dynamics must hold one entry per instrument ({Instruments.Count}, was {Dynamics?.Count ?? 0})"));
            return;
        }

        for (var i = 0; i < Dynamics.Count; i++)
        {
            var d = Dynamics[i];
            var spec = Instruments[i];
            if (d is null)
            {
                problems.Add(Invariant($"Dynamics[{i}] is missing"));
                continue;
            }

            var name = Invariant($"Dynamics[{i}] ({d.Symbol})");
            if (spec is not null && !string.Equals(d.Symbol, spec.Symbol, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(Invariant($"{name} does not match instrument '{spec.Symbol}' at the same position"));
            }

            if (!Enum.IsDefined(d.Process))
            {
                problems.Add(Invariant($"{name} has an unknown process {d.Process}"));
            }

            var positive = d.Process != PriceProcess.ArithmeticLevel;
            if (!double.IsFinite(d.BaseLevel) || (positive && d.BaseLevel <= 0))
            {
                problems.Add(Invariant($"{name}: BaseLevel must be finite{(positive ? " and positive" : "")} (was {d.BaseLevel})"));
            }

            if (!(d.AnnualVolatility >= 0 && double.IsFinite(d.AnnualVolatility)))
            {
                problems.Add(Invariant($"{name}: AnnualVolatility must be finite and non-negative (was {d.AnnualVolatility})"));
            }

            if (!(d.DailyVolume >= 0 && double.IsFinite(d.DailyVolume)))
            {
                problems.Add(Invariant($"{name}: DailyVolume must be finite and non-negative (was {d.DailyVolume})"));
            }

            if (!(d.CrisisLoading > -1 && d.CrisisLoading < 1))
            {
                problems.Add(Invariant($"{name}: CrisisLoading must be in (-1, 1) (was {d.CrisisLoading})"));
            }

            if (d.Process == PriceProcess.MeanRevertingLog
                && !(d.MeanReversionHalfLifeDays > 0 && double.IsFinite(d.MeanReversionHalfLifeDays)))
            {
                problems.Add(Invariant($"{name}: MeanReversionHalfLifeDays must be positive (was {d.MeanReversionHalfLifeDays})"));
            }

            if (d.Process == PriceProcess.ArithmeticLevel && spec is not null && spec.ValueKind == ValueKind.Price)
            {
                problems.Add(Invariant($"{name}: a price instrument cannot follow ArithmeticLevel, which can go negative"));
            }
        }
    }

    private void CollectCorrelationProblems(List<string> problems)
    {
        var n = Instruments.Count;
        if (CalmCorrelation.IsDefault || CalmCorrelation.Length != n * n)
        {
            problems.Add(Invariant(
                $"CalmCorrelation must hold {n}×{n} = {n * n} values (was {(CalmCorrelation.IsDefault ? 0 : CalmCorrelation.Length)})"));
            return;
        }

        var c = CalmCorrelation.AsSpan();
        for (var i = 0; i < n; i++)
        {
            if (c[(i * n) + i] != 1.0)
            {
                problems.Add(Invariant($"CalmCorrelation[{i},{i}] must be 1 (was {c[(i * n) + i]})"));
                return;
            }

            for (var j = 0; j < i; j++)
            {
                var v = c[(i * n) + j];
                if (!(v >= -1 && v <= 1))
                {
                    problems.Add(Invariant($"CalmCorrelation[{i},{j}] must be in [-1, 1] (was {v})"));
                    return;
                }

                if (Math.Abs(v - c[(j * n) + i]) > 1e-12)
                {
                    problems.Add(Invariant($"CalmCorrelation must be symmetric ([{i},{j}] = {v}, [{j},{i}] = {c[(j * n) + i]})"));
                    return;
                }
            }
        }

        if (!Cholesky.TryFactor(c, n, new double[n * n]))
        {
            problems.Add("CalmCorrelation must be positive definite");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
