using Vigil.Core.Instruments;
using Vigil.Engine.Live;
using Vigil.Engine.Pipeline;
using Vigil.Engine.Warnings;

namespace Vigil.Storage.Tests;

/// <summary>Market steps and warning events as the engine publishes them, with values derived from the step so reads can be checked.</summary>
internal static class TestData
{
    public static readonly string[] Symbols = ["SPX", "VIX", "GOLD"];

    public static readonly string[] Detectors = ["ISOLATION_FOREST", "CISS", "CORRELATION_REGIME"];

    /// <summary>2026-03-02 (a Monday) 14:00 UTC.</summary>
    public static readonly long BaseNs = new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000;

    /// <summary>250 ms between steps (the simulator at 4 Hz).</summary>
    public const long StepNs = 250_000_000;

    public static long TimeOf(long step) => BaseNs + (step * StepNs);

    public static MarketUpdate Step(long step, string source = "simulator") => new()
    {
        Source = source,
        Step = step,
        TimestampNs = TimeOf(step),
        Composite = 0.01 * (step % 100),
        Ready = step > 2,
        WarningOpen = step % 10 == 0,
        Severity = step % 10 == 0 ? Severity.High : Severity.None,
        MaxAbsZ = 1 + (step % 7),
        MaxAbsZSymbol = "VIX",
        CorrelationBreaks = (int)(step % 3),
        MeanCorrelation = 0.25,
        SignalCount = (int)(step % 4),
        Detectors = [.. Detectors.Select((d, i) => new DetectorScore(d, (0.1 * i) + (0.001 * step), step + i, 0.01 * i, 1.0 / Detectors.Length))],
        Instruments = [.. Symbols.Select((s, i) => new InstrumentUpdate(s, Snapshot(step, i)))],
    };

    public static InstrumentSnapshot Snapshot(long step, int instrument) => new(
        new InstrumentId(instrument),
        Ticked: true,
        Price: 100 + step + (instrument * 1000),
        Return: 0.001 * instrument,
        Volatility: 0.01,
        ReturnZ: 0.5,
        VolatilityLogRatio: 0.1,
        PriceZ: 0.2,
        VolumeZ: 0.3,
        Volume: 1000 + step,
        // Detectors report NaN while warming up: the first steps carry one, and it must read back as NaN.
        MaxAbsZ: step < 2 ? double.NaN : 1.5 + instrument,
        ZScoreScore: 0.11,
        PriceSpikeScore: 0.22,
        VolumeAnomalyScore: 0.33,
        VolatilityBurstScore: 0.44,
        FlashCrashScore: 0.55,
        Fired: step % 5 == 0 ? FiredDetectors.ZScore | FiredDetectors.PriceSpike : FiredDetectors.None);

    public static PublishedWarning Warning(
        long eventId,
        string warningId,
        WarningTransition kind,
        long openedAtNs,
        long timestampNs,
        Severity severity,
        Severity peak,
        double composite,
        string signalSymbol = "SPX") => new(eventId, new WarningEvent
        {
            Kind = kind,
            WarningId = warningId,
            TimestampNs = timestampNs,
            OpenedAtNs = openedAtNs,
            Severity = severity,
            PreviousSeverity = Severity.None,
            PeakSeverity = peak,
            Composite = composite,
            PeakComposite = composite,
            MaxAbsZ = 4.2,
            MaxAbsZSymbol = "VIX",
            CorrelationBreaks = 2,
            SignalCount = 1,
            Contributions = [new DetectorContribution("CISS", 0.9, 1.5, 0.4)],
            Signals = [new WarningSignal(signalSymbol, "PRICE_SPIKE", 5.1)],
            Breaks = [new CorrelationBreakInfo("SPX", "GOLD", 0.1, -0.6)],
            Summary = $"{warningId} {kind} at {severity}",
        });

    public static StoreBatch Steps(long from, long count) =>
        new([.. Enumerable.Range(0, (int)count).Select(i => Step(from + i))], []);
}
