using System.Globalization;
using Vigil.Core.Market;
using Vigil.Engine.Pipeline;
using Vigil.Engine.Simulation;
using Vigil.Engine.Warnings;
using Vigil.Engine.Warnings.Classification;
using Xunit.Abstractions;

namespace Vigil.Engine.Tests.Warnings.Scenarios;

/// <summary>The simulator's crisis presets driven through a detection engine at live options: each yields its event type and severity.</summary>
/// <remarks>
/// A warning often opens before the evidence for its type has built (COVID opens at EXTREME on its first fall, before
/// the VIX passes 35), so the engine looks at the type again every <see cref="EngineOptions.ReclassifyInterval"/> while
/// the warning is open and raises a <see cref="WarningTransition.Reclassified"/> event when a higher-priority type fires.
/// </remarks>
public sealed class CrisisScenarioTests(ITestOutputHelper output)
{
    private readonly List<EventClassification> _classifications = [];

    [Fact]
    public void Lehman_is_systemic_risk_or_contagion_at_severe_or_above()
    {
        var events = Run(CrisisPresets.Lehman2008);
        Assert.Contains(events, e => e.EventType is EventType.SystemicRisk or EventType.Contagion);
        Assert.True(events[^1].EventType is EventType.SystemicRisk or EventType.Contagion, $"the episode ended as {events[^1].EventType}");
        Assert.True(events.Max(e => e.PeakSeverity) >= Severity.Severe);
    }

    [Fact]
    public void Flash_crash_is_a_flash_crash()
    {
        var events = Run(CrisisPresets.FlashCrash2010);
        Assert.Contains(events, e => e.EventType == EventType.FlashCrash);
        var flash = events.First(e => e.EventType == EventType.FlashCrash);
        Assert.StartsWith("flash_crash.fast_move_retraced", flash.Report!.Triggers[0], StringComparison.Ordinal);

        // The headline names the index the rule fired on, with the move and the retracement that met it.
        Assert.Matches(@"^Flash crash \((SEVERE|EXTREME)\): (SPX|NDX|SX5E|NKY) [+-]\d+\.\d% within 10 min, (5\d|[6-9]\d|100)\.\d+% retraced", flash.Report.Title);
        Assert.Equal(EventType.FlashCrash, events[^1].EventType);
    }

    [Fact]
    public void Covid_is_a_market_crash()
    {
        var events = Run(CrisisPresets.Covid2020);
        Assert.Contains(events, e => e.EventType == EventType.MarketCrash);
        Assert.Equal(EventType.MarketCrash, events[^1].EventType);
        Assert.True(events.Max(e => e.PeakSeverity) >= Severity.Severe);
    }

    [Fact]
    public void Svb_is_contagion_with_financials_among_the_stressed_segments()
    {
        var events = Run(CrisisPresets.Svb2023);
        Assert.Contains(events, e => e.EventType == EventType.Contagion);
        var contagion = events.First(e => e.EventType == EventType.Contagion);
        Assert.Contains("contagion.financials_spreading", contagion.Report!.Triggers[0], StringComparison.Ordinal);
        Assert.Contains("XLF", contagion.Report.Triggers[0], StringComparison.Ordinal);
        Assert.Contains("financial_intermediaries", contagion.Report.AffectedSegments);

        // The episode keeps its type to the end, and stays below the levels a market-wide crash reaches.
        Assert.Equal(EventType.Contagion, events[^1].EventType);
    }

    [Fact]
    public void A_calm_market_raises_no_warning()
    {
        var events = Run(null);
        Assert.Empty(events);
    }

    private List<WarningEvent> Run(StressScenario? scenario)
    {
        var simulator = new MarketSimulator(new SimulatorOptions { Seed = 11 });
        var observer = new Collector();
        var engine = new DetectionEngine(simulator.Registry, new EngineOptions(), observer);
        var classifier = new EventClassifier();
        observer.Classify = () => _classifications.Add(classifier.Classify(engine.ClassificationInputs()));
        var batch = new Tick[simulator.InstrumentCount];

        // Twenty simulated minutes of calm to warm every detector and calibration, then the crisis and its aftermath.
        RunFor(TimeSpan.FromMinutes(20));
        if (scenario is not null)
        {
            simulator.Activate(scenario);
        }

        var crisis = scenario is null ? TimeSpan.FromMinutes(10) : scenario.OnsetDuration + scenario.Duration + scenario.RecoveryDuration + TimeSpan.FromMinutes(3);
        RunFor(crisis);
        engine.Flush();

        foreach (var (e, c) in observer.Warnings.Zip(_classifications))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{e.WarningId} {e.Kind} {e.Severity} peak {e.PeakSeverity} {e.Status} type {e.EventType} ({e.Report?.Title}): {string.Join(" | ", c.Triggered)}"));
        }

        Assert.All(observer.Warnings, e => Assert.NotNull(e.Report));
        return observer.Warnings;

        void RunFor(TimeSpan duration)
        {
            var endNs = simulator.TimestampNs + (duration.Ticks * 100L);
            while (simulator.TimestampNs < endNs)
            {
                var count = simulator.NextBatch(batch);
                engine.Process(batch.AsSpan(0, count));
            }
        }
    }

    private sealed class Collector : IEngineObserver
    {
        public List<WarningEvent> Warnings { get; } = [];

        public Action? Classify { get; set; }

        public void OnStep(MarketStep step)
        {
        }

        public void OnWarning(WarningEvent warning)
        {
            // The engine's state is the event's while the callback runs, so the classification here is the report's.
            Classify?.Invoke();
            Warnings.Add(warning);
        }
    }
}
