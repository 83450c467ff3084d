using Vigil.Core.Instruments;
using Vigil.Core.Market;
using Vigil.Detection;
using Vigil.Detection.Ensemble;
using Vigil.Detection.Series;
using Vigil.Engine.Pipeline;
using Vigil.Engine.Warnings;

namespace Vigil.Engine.Tests.Pipeline;

public sealed class DetectionEngineTests
{
    private static InstrumentRegistry ThreeInstruments() => new(
    [
        new InstrumentSpec("AAA", "A", AssetClass.Equity, StressSegment.Equity),
        new InstrumentSpec("BBB", "B", AssetClass.Equity, StressSegment.Equity),
        new InstrumentSpec("YLD", "Yield", AssetClass.Rates, StressSegment.Bonds, ValueKind.Level),
    ]);

    private static Tick T(int instrument, long ts, double price, double volume = 1.0) => new(new InstrumentId(instrument), ts, price, volume);

    /// <summary>Copies what it keeps of every step and every warning event.</summary>
    private sealed class Recorder : IEngineObserver
    {
        public List<(long Index, long TimestampNs, int TickCount, double Composite, bool Ready, bool WarningOpen)> Steps { get; } = [];

        public List<WarningEvent> Warnings { get; } = [];

        public void OnStep(MarketStep step) =>
            Steps.Add((step.Index, step.TimestampNs, step.TickCount, step.Composite, step.IsReady, step.WarningOpen));

        public void OnWarning(WarningEvent warning) => Warnings.Add(warning);
    }

    /// <summary>Calls back on every step.</summary>
    private sealed class StepWatcher(Action<MarketStep> onStep) : IEngineObserver
    {
        public void OnStep(MarketStep step) => onStep(step);

        public void OnWarning(WarningEvent warning)
        {
        }
    }

    /// <summary>Counts without allocating.</summary>
    private sealed class Counter : IEngineObserver
    {
        public int Steps { get; private set; }

        public int Warnings { get; private set; }

        public void OnStep(MarketStep step) => Steps++;

        public void OnWarning(WarningEvent warning) => Warnings++;
    }

    [Fact]
    public void Invalid_ticks_are_rejected_and_counted_by_reason_while_valid_ones_are_processed()
    {
        var recorder = new Recorder();
        var engine = new DetectionEngine(ThreeInstruments(), observer: recorder);
        engine.Process(
        [
            T(0, 10, 100),
            T(3, 10, 100),                      // unknown instrument
            T(-1, 10, 100),                     // unknown instrument
            T(1, 10, double.NaN),               // not finite
            T(1, 10, 100, double.PositiveInfinity), // not finite (volume)
            T(0, 10, 0),                        // non-positive price
            T(1, 10, -5),                       // non-positive price
            T(2, 10, -0.5),                     // a level may be negative
            T(1, 20, 101),
            T(0, 15, 100),                      // out of order
            T(0, 20, 99),
        ]);
        engine.Flush();

        Assert.Equal(4, engine.Counters.Ticks);
        Assert.Equal(7, engine.Counters.Rejected);
        Assert.Equal(2, engine.Counters.RejectedFor(TickRejection.UnknownInstrument));
        Assert.Equal(2, engine.Counters.RejectedFor(TickRejection.NotFinite));
        Assert.Equal(2, engine.Counters.RejectedFor(TickRejection.NonPositivePrice));
        Assert.Equal(1, engine.Counters.RejectedFor(TickRejection.OutOfOrder));
        Assert.Equal([(1L, 10L, 2), (2L, 20L, 2)], recorder.Steps.Select(s => (s.Index, s.TimestampNs, s.TickCount)));
    }

    [Fact]
    public void A_negative_volume_is_rejected_and_does_not_poison_the_volume_baseline()
    {
        var registry = DefaultUniverse.CreateRegistry();
        var market = new SyntheticMarket(registry, 8);
        var volumeFeature = new List<double>();
        var engine = new DetectionEngine(registry, observer: new StepWatcher(step => volumeFeature.Add(step.StateVector[3])));
        engine.Process(market.Generate(200, crisis: false));
        engine.Process([T(0, market.NextTimestampNs, 100, -1_000)]);
        engine.Process(market.Generate(200, crisis: false));
        engine.Flush();

        Assert.Equal(1, engine.Counters.RejectedFor(TickRejection.NegativeVolume));
        Assert.Equal(1, engine.Counters.Rejected);
        Assert.Equal(400 * 18, engine.Counters.Ticks);
        // SPX's volume feature (its z-score against the long-run volume profile) keeps reading the volumes.
        Assert.All(volumeFeature, v => Assert.True(double.IsFinite(v)));
        Assert.True(volumeFeature.Skip(250).Count(v => v != 0) > 100);
    }

    [Fact]
    public void Without_a_step_interval_every_distinct_timestamp_is_one_step()
    {
        var recorder = new Recorder();
        var engine = new DetectionEngine(ThreeInstruments(), observer: recorder);
        engine.Process([T(0, 1, 100), T(1, 1, 50), T(2, 1, 3), T(0, 2, 100), T(0, 2, 101), T(1, 3, 50)]);
        Assert.Equal([(1L, 1L, 3), (2L, 2L, 2)], recorder.Steps.Select(s => (s.Index, s.TimestampNs, s.TickCount)));

        // Event time passing alone closes nothing in this mode: the next timestamp or a flush does.
        engine.AdvanceTo(1_000_000);
        Assert.Equal(2, engine.Counters.Steps);
        engine.Flush();
        engine.Flush();
        Assert.Equal([(1L, 1L, 3), (2L, 2L, 2), (3L, 3L, 1)], recorder.Steps.Select(s => (s.Index, s.TimestampNs, s.TickCount)));
        Assert.Equal(3, engine.LastStep.Index);
    }

    [Fact]
    public void With_a_step_interval_steps_are_aligned_to_its_multiples_and_advancing_time_closes_a_quiet_step()
    {
        var recorder = new Recorder();
        var engine = new DetectionEngine(ThreeInstruments(), new EngineOptions { StepIntervalNs = 100 }, recorder);
        // [0, 100): 5, 50, 99; [100, 200): 100; [200, 300): 250, 260.
        engine.Process([T(0, 5, 100), T(1, 50, 50), T(0, 99, 100), T(2, 100, 1), T(0, 250, 100), T(1, 260, 50)]);
        Assert.Equal([(99L, 3), (100L, 1)], recorder.Steps.Select(s => (s.TimestampNs, s.TickCount)));

        engine.AdvanceTo(299);
        Assert.Equal(2, recorder.Steps.Count);
        engine.AdvanceTo(300);
        Assert.Equal((260L, 2), (recorder.Steps[^1].TimestampNs, recorder.Steps[^1].TickCount));
        engine.AdvanceTo(10_000);
        engine.Flush();
        Assert.Equal(3, recorder.Steps.Count);
    }

    [Fact]
    public void Step_alignment_holds_before_the_epoch()
    {
        var recorder = new Recorder();
        var engine = new DetectionEngine(ThreeInstruments(), new EngineOptions { StepIntervalNs = 100 }, recorder);
        // [−200, −100): −150, −101; [−100, 0): −100, −1; [0, 100): 0.
        engine.Process([T(0, -150, 100), T(1, -101, 50), T(0, -100, 100), T(1, -1, 50), T(0, 0, 100)]);
        engine.Flush();
        Assert.Equal([(-101L, 2), (-1L, 2), (0L, 1)], recorder.Steps.Select(s => (s.TimestampNs, s.TickCount)));
    }

    [Fact]
    public void The_same_ticks_give_the_same_composites_and_warnings()
    {
        var registry = DefaultUniverse.CreateRegistry();
        var market = new SyntheticMarket(registry, 7);
        var ticks = new List<Tick>();
        ticks.AddRange(market.Generate(2_500, crisis: false));
        ticks.AddRange(market.Generate(150, crisis: true));
        ticks.AddRange(market.Generate(600, crisis: false));

        var first = Run(registry, ticks);
        var second = Run(registry, ticks);
        Assert.Equal(first.Steps, second.Steps);
        Assert.NotEmpty(first.Warnings);
        Assert.Equal(
            first.Warnings.Select(w => (w.Kind, w.WarningId, w.TimestampNs, w.Severity, w.Composite, w.Summary)),
            second.Warnings.Select(w => (w.Kind, w.WarningId, w.TimestampNs, w.Severity, w.Composite, w.Summary)));

        static Recorder Run(InstrumentRegistry registry, List<Tick> ticks)
        {
            var recorder = new Recorder();
            var engine = new DetectionEngine(registry, observer: recorder);
            engine.Process(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ticks));
            engine.Flush();
            return recorder;
        }
    }

    [Fact]
    public void A_crisis_after_a_long_calm_opens_one_warning_inside_it_and_none_during_the_calm()
    {
        const int calmSteps = 6_000, crisisSteps = 300;
        var registry = DefaultUniverse.CreateRegistry();
        var market = new SyntheticMarket(registry, 42);
        var recorder = new Recorder();
        var engine = new DetectionEngine(registry, observer: recorder);
        engine.Process(market.Generate(calmSteps, crisis: false));
        var crisisStartNs = market.NextTimestampNs;
        engine.Process(market.Generate(crisisSteps, crisis: true));
        engine.Flush();

        Assert.Equal(calmSteps + crisisSteps, engine.Counters.Steps);
        Assert.True(recorder.Steps.Where(s => s.Index > 1_000).All(s => s.Ready), "the ensemble is ready after the warm-up");
        Assert.DoesNotContain(recorder.Warnings, w => w.TimestampNs < crisisStartNs);

        var opened = Assert.Single(recorder.Warnings, w => w.Kind == WarningTransition.Opened);
        var delaySteps = (opened.TimestampNs - crisisStartNs) / SyntheticMarket.StepNs;
        Assert.InRange(delaySteps, 0, 20);
        Assert.Equal(DetectionEngine.FormatWarningId(1), opened.WarningId);
        Assert.Equal("blackswan_W000001", opened.WarningId);
        Assert.Equal(opened.TimestampNs, opened.OpenedAtNs);
        Assert.True(opened.Severity >= Severity.High, $"opened at {opened.Severity}");
        Assert.True(opened.Composite >= engine.Options.Warnings.EnterThreshold);
        Assert.Equal(1, engine.Counters.WarningsOpened);
        Assert.True(engine.Warnings.IsOpen);

        // The explanation: contributions largest first, adding up to the composite; signals and breaks named.
        Assert.Equal(engine.Options.Ensemble.Count, opened.Contributions.Count);
        Assert.Equal(opened.Composite, opened.Contributions.Sum(c => c.Contribution), 9);
        for (var k = 1; k < opened.Contributions.Count; k++)
        {
            Assert.True(opened.Contributions[k - 1].Contribution >= opened.Contributions[k].Contribution);
        }

        Assert.Contains(opened.Contributions, c => c.Detector == DetectorNames.VolumeAnomaly && c.Score > 0.5);
        Assert.NotNull(opened.MaxAbsZSymbol);
        Assert.InRange(opened.Signals.Count, 1, 24);
        Assert.InRange(opened.Breaks.Count, 0, 5);
        for (var k = 1; k < opened.Breaks.Count; k++)
        {
            Assert.True(Math.Abs(opened.Breaks[k - 1].After - opened.Breaks[k - 1].Before) >= Math.Abs(opened.Breaks[k].After - opened.Breaks[k].Before));
        }

        Assert.StartsWith("composite ", opened.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Ticks_and_calm_steps_allocate_nothing_after_warm_up()
    {
        const int chunkSteps = 500;
        var registry = DefaultUniverse.CreateRegistry();
        var market = new SyntheticMarket(registry, 5);
        var counter = new Counter();
        var engine = new DetectionEngine(registry, observer: counter) { StepLatency = new LatencyHistogram() };
        // The flash-crash detector's ten-minute window keeps its extremes in queues that grow to the longest
        // monotonic run they have held (up to the window's 600 one-second ticks) and never shrink. The warm-up gives
        // every instrument one rising and one falling run longer than the window, 3% over ten minutes (no pattern),
        // so the queues are at their steady-state size; then a long calm lets every detector forget the runs.
        engine.Process(market.GenerateTrend(700, 5e-5));
        engine.Process(market.GenerateTrend(700, -5e-5));
        engine.Process(market.Generate(6_000, crisis: false));
        var calm = Enumerable.Range(0, 5).Select(_ => market.Generate(chunkSteps, crisis: false)).ToArray();
        Assert.True(engine.LastStep.IsReady);
        var warningsBefore = counter.Warnings;

        var allocated = Allocations.Fewest(run => engine.Process(calm[run]));

        Assert.Equal(warningsBefore, counter.Warnings);
        Assert.Equal(0, allocated);
        Assert.Equal(counter.Steps, engine.StepLatency.Count);
    }

    [Fact]
    public void Invalid_options_are_reported_all_at_once()
    {
        var options = new EngineOptions
        {
            StepIntervalNs = -1,
            ZScore = new RollingZScoreOptions(WindowLength: 5),
            FlashCrash = new FlashCrashOptions(MoveThreshold: 2),
            Features = new StepFeatureOptions { SignalSmoothing = 0 },
            Calibration = new TailCalibratorOptions(Stride: 0),
            Warnings = new WarningOptions { EnterThreshold = 2 },
            Ensemble = [new EnsembleMember("NOPE", 1), new EnsembleMember(DetectorNames.ZScore, 1)],
        };
        var errors = options.Validate();
        string[] expected =
        [
            "StepIntervalNs", "ZScore.WindowLength", "ZScore.MinObservations", "FlashCrash.MoveThreshold",
            "Features.SignalSmoothing", "Calibration.Stride", "Warnings.EnterThreshold", "'NOPE'",
        ];
        Assert.Equal(expected.Length, errors.Count);
        var e = Assert.Throws<ArgumentException>(() => new DetectionEngine(ThreeInstruments(), options));
        foreach (var part in expected)
        {
            Assert.Contains(part, e.Message, StringComparison.Ordinal);
        }

        Assert.Empty(new EngineOptions().Validate());
    }

    [Fact]
    public void Invalid_ensemble_weights_are_reported_with_the_other_option_problems()
    {
        var options = new EngineOptions
        {
            StepIntervalNs = -1,
            Ensemble = [new EnsembleMember(DetectorNames.ZScore, -1), new EnsembleMember(DetectorNames.ZScore, 1)],
        };
        var e = Assert.Throws<ArgumentException>(() => new DetectionEngine(ThreeInstruments(), options));
        Assert.Contains("StepIntervalNs", e.Message, StringComparison.Ordinal);
        Assert.Contains("appears twice", e.Message, StringComparison.Ordinal);
        Assert.Contains("weight of 'ZSCORE'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_step_gives_its_returns_and_levels_with_NaN_for_instruments_that_did_not_tick()
    {
        var steps = new List<(double[] Returns, double[] Levels)>();
        var engine = new DetectionEngine(ThreeInstruments(), observer: new StepWatcher(s => steps.Add((s.Returns.ToArray(), s.Levels.ToArray()))));
        engine.Process([T(0, 1, 100), T(1, 1, 50), T(2, 1, 4.0)]);
        engine.Process([T(0, 2, 110), T(2, 2, 4.25)]);
        engine.Process([T(1, 3, 45)]);
        engine.Flush();

        Assert.Equal(3, steps.Count);
        // The first step has levels but no returns: there is no earlier close.
        Assert.All(steps[0].Returns, r => Assert.True(double.IsNaN(r)));
        Assert.Equal([100.0, 50.0, 4.0], steps[0].Levels);
        // Prices give log returns, levels give differences; an instrument that did not tick has none.
        Assert.Equal(Math.Log(110.0 / 100.0), steps[1].Returns[0], 12);
        Assert.True(double.IsNaN(steps[1].Returns[1]));
        Assert.Equal(0.25, steps[1].Returns[2], 12);
        Assert.Equal([110.0, 50.0, 4.25], steps[1].Levels);
        Assert.Equal(Math.Log(45.0 / 50.0), steps[2].Returns[1], 12);
        Assert.True(double.IsNaN(steps[2].Returns[0]));
    }

    [Fact]
    public void The_risk_models_run_and_join_the_composite_on_the_default_universe()
    {
        var registry = DefaultUniverse.CreateRegistry();
        var engine = new DetectionEngine(registry);
        // The slow models update once every four steps, and the CISS ranks one update in four into its empirical CDFs.
        engine.Process(new SyntheticMarket(registry, 21).Generate(5000, crisis: false));
        engine.Flush();

        var risk = engine.Risk;
        Assert.True(risk.Ciss.IsReady);
        Assert.NotNull(risk.AbsorptionRatio);
        Assert.True(risk.AbsorptionRatio.IsReady);
        Assert.NotNull(risk.Turbulence);
        Assert.True(risk.Turbulence.IsReady);
        Assert.True(risk.MarketRisk.IsReady);
        Assert.NotNull(risk.Credit);
        Assert.True(risk.Credit.IsReady);
        Assert.Null(risk.CreditUnavailableReason);
        Assert.NotNull(risk.CrashProtection);
        Assert.True(risk.CrashProtection.IsReady);
        // No trained autoencoder was given: it stays out, not ready.
        Assert.Null(risk.Autoencoder);

        var step = engine.LastStep;
        string[] models = [DetectorNames.Ciss, DetectorNames.AbsorptionRatio, DetectorNames.Turbulence, DetectorNames.MarketRisk, DetectorNames.Srisk, DetectorNames.CrashProtection];
        foreach (var name in models)
        {
            var i = step.Detectors.Select(d => d.Name).ToList().IndexOf(name);
            Assert.True(i >= 0, name);
            Assert.True(double.IsFinite(step.RawValues[i]), name);
        }

        var autoencoder = step.Detectors.Select(d => d.Name).ToList().IndexOf(DetectorNames.LstmAutoencoder);
        Assert.True(double.IsNaN(step.RawValues[autoencoder]));

        // Snapshots the host serves agree with the models' live values.
        var ciss = risk.Ciss.Snapshot();
        Assert.True(ciss.IsReady);
        Assert.Equal(risk.Ciss.Index, ciss.Index!.Value, 12);
        Assert.NotEmpty(risk.MarketRisk.Snapshot().Instruments);
        Assert.Equal(5, risk.Credit.Snapshot().Institutions.Count);
    }

    [Fact]
    public void Over_instruments_without_the_credit_symbols_the_credit_monitor_is_left_out_with_the_reason()
    {
        var engine = new DetectionEngine(ThreeInstruments());
        engine.Process([T(0, 1, 100), T(1, 1, 50), T(2, 1, 4.0)]);
        engine.Flush();
        Assert.Null(engine.Risk.Credit);
        Assert.Contains("SPX", engine.Risk.CreditUnavailableReason, StringComparison.Ordinal);
        Assert.Contains("XLF", engine.Risk.CreditUnavailableReason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_engine_started_from_a_saved_calibration_gives_calibrated_scores_as_soon_as_its_detectors_are_warm()
    {
        var registry = DefaultUniverse.CreateRegistry();
        var trained = new DetectionEngine(registry);
        trained.Process(new SyntheticMarket(registry, 31).Generate(3000, crisis: false));
        trained.Flush();
        var calibration = trained.ExportCalibration();

        long coldReadyAt = 0, warmReadyAt = 0;
        var cold = new DetectionEngine(registry, observer: new StepWatcher(step => coldReadyAt = coldReadyAt == 0 && step.IsReady ? step.Index : coldReadyAt));
        var warm = new DetectionEngine(registry, observer: new StepWatcher(step => warmReadyAt = warmReadyAt == 0 && step.IsReady ? step.Index : warmReadyAt));
        Assert.Empty(warm.RestoreCalibration(calibration));
        var fresh = new SyntheticMarket(registry, 32).Generate(600, crisis: false);
        cold.Process(fresh);
        cold.Flush();
        warm.Process(fresh);
        warm.Flush();

        // The restored engine is ready once its detectors give values; the cold one must first fill its windows.
        Assert.True(warmReadyAt > 0 && coldReadyAt > 0);
        Assert.True(warmReadyAt + 100 <= coldReadyAt, $"warm ready at step {warmReadyAt}, cold at {coldReadyAt}");
    }

    [Fact]
    public void A_single_series_runs_without_correlations_and_an_empty_registry_is_rejected()
    {
        var one = new InstrumentRegistry([new InstrumentSpec("AAA", "A", AssetClass.Equity, StressSegment.Equity)]);
        var recorder = new Recorder();
        var engine = new DetectionEngine(one, observer: recorder);
        var prices = new SyntheticMarket(one, 9).Generate(500, crisis: false);
        engine.Process(prices);
        engine.Flush();
        Assert.Equal(500, engine.Counters.Steps);
        Assert.Equal(0, engine.LastStep.CorrelationBreaks);
        Assert.Equal(0.0, engine.LastStep.MeanCorrelationChange);
        var corr = engine.LastStep.Detectors.Select(d => d.Name).ToList().IndexOf(DetectorNames.CorrelationRegime);
        Assert.True(double.IsNaN(engine.LastStep.RawValues[corr]));

        Assert.Throws<ArgumentException>(() => new DetectionEngine(new InstrumentRegistry()));
        Assert.Throws<ArgumentNullException>(() => new DetectionEngine(null!));
    }

    [Fact]
    public void Over_level_series_only_the_market_risk_portfolio_holds_every_series_equally()
    {
        // A replay of FRED yields has no price series, so the default equal-weighted price portfolio would be empty.
        var yields = new InstrumentRegistry(
        [
            new InstrumentSpec("DGS2", "2y", AssetClass.Rates, StressSegment.MoneyMarket, ValueKind.Level),
            new InstrumentSpec("DGS10", "10y", AssetClass.Rates, StressSegment.Bonds, ValueKind.Level),
        ]);

        var engine = new DetectionEngine(yields);

        Assert.Equal([0.5, 0.5], engine.Risk.MarketRisk.Snapshot().Positions.Positions.Select(p => p.Position));
    }

    [Fact]
    public void The_daily_options_are_valid()
    {
        Assert.Empty(EngineOptions.Daily.Validate());
    }

    [Fact]
    public void The_state_schema_names_four_features_per_instrument_in_registry_order()
    {
        var engine = new DetectionEngine(ThreeInstruments());
        Assert.Equal(
            ["AAA.return", "AAA.volatility", "AAA.zscore", "AAA.volume", "BBB.return", "BBB.volatility", "BBB.zscore", "BBB.volume",
             "YLD.return", "YLD.volatility", "YLD.zscore", "YLD.volume"],
            engine.StateSchema.Names);
        Assert.Equal(12, engine.LastStep.StateVector.Length);
    }
}
