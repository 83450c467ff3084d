using Vigil.Core.Instruments;
using Vigil.Core.Market;
using Vigil.Engine.Pipeline;
using Vigil.Engine.Warnings;
using Vigil.Engine.Warnings.Classification;

namespace Vigil.Engine.Tests.Pipeline;

public sealed class IndicatorSeriesTests
{
    private const long Second = 1_000_000_000;

    private static InstrumentRegistry TwoInstruments() => new(
    [
        new InstrumentSpec("AAA", "A", AssetClass.Equity, StressSegment.Equity),
        new InstrumentSpec("BBB", "B", AssetClass.Equity, StressSegment.Equity),
    ]);

    private static readonly IndicatorSpec Sentiment = new("NEWS_SENTIMENT", "News sentiment", IndicatorCategory.NewsSentiment);

    /// <summary>A calm, deterministic wiggle around <paramref name="centre"/>.</summary>
    private static double Calm(int i, double centre) => centre + (0.1 * Math.Sin(i * 1.7)) + (0.05 * Math.Cos(i * 0.37));

    private sealed class StepLog : IEngineObserver
    {
        public List<(double MaxAbsZ, int Indicator, int Instrument, int Signals)> Steps { get; } = [];

        public void OnStep(MarketStep step) => Steps.Add((step.MaxAbsZ, step.MaxAbsZIndicator, step.MaxAbsZInstrument, step.SignalCount));

        public void OnWarning(WarningEvent warning)
        {
        }
    }

    /// <summary>Feeds <paramref name="steps"/> steps of calm ticks, one indicator value in each, from step <paramref name="from"/>.</summary>
    private static void Feed(DetectionEngine engine, int indicator, int from, int steps, Func<int, double>? value = null)
    {
        for (var i = from; i < from + steps; i++)
        {
            var ts = i * Second;
            engine.OnTick(new Tick(new InstrumentId(0), ts, Calm(i, 100), 1));
            engine.OnTick(new Tick(new InstrumentId(1), ts, Calm(i + 11, 50), 1));
            engine.OnIndicator(indicator, ts, value?.Invoke(i) ?? Calm(i, -0.2));
        }
    }

    [Fact]
    public void Registering_the_same_symbol_again_returns_the_same_id_in_any_case()
    {
        var engine = new DetectionEngine(TwoInstruments());
        var id = engine.RegisterIndicator(Sentiment);
        var other = engine.RegisterIndicator(new IndicatorSpec("ENERGY", "Energy index", IndicatorCategory.Energy));

        Assert.Equal(id, engine.RegisterIndicator(Sentiment with { Symbol = "news_sentiment", Name = "again" }));
        Assert.NotEqual(id, other);
        Assert.Equal(2, engine.IndicatorCount);
        Assert.Equal(["NEWS_SENTIMENT", "ENERGY"], engine.Indicators.Select(i => i.Symbol));
    }

    [Fact]
    public void Bad_registrations_are_refused_with_a_message_naming_the_problem()
    {
        var engine = new DetectionEngine(TwoInstruments(), new EngineOptions { MaxIndicators = 2 });
        engine.RegisterIndicator(Sentiment);

        var category = Assert.Throws<ArgumentException>(() => engine.RegisterIndicator(Sentiment with { Category = IndicatorCategory.Energy }));
        Assert.Contains("NewsSentiment", category.Message, StringComparison.Ordinal);
        var instrument = Assert.Throws<ArgumentException>(() => engine.RegisterIndicator(new IndicatorSpec("aaa", "A", IndicatorCategory.Energy)));
        Assert.Contains("is an instrument", instrument.Message, StringComparison.Ordinal);
        var symbol = Assert.Throws<ArgumentException>(() => engine.RegisterIndicator(new IndicatorSpec("BAD NAME", "x", IndicatorCategory.Energy)));
        Assert.Contains("invalid", symbol.Message, StringComparison.Ordinal);
        var none = Assert.Throws<ArgumentException>(() => engine.RegisterIndicator(new IndicatorSpec("PLAIN", "x", IndicatorCategory.None)));
        Assert.Contains("category", none.Message, StringComparison.Ordinal);

        engine.RegisterIndicator(new IndicatorSpec("ENERGY", "Energy", IndicatorCategory.Energy));
        var full = Assert.Throws<ArgumentException>(() => engine.RegisterIndicator(new IndicatorSpec("CDS", "Bank CDS", IndicatorCategory.BankCds)));
        Assert.Contains("maximum of 2", full.Message, StringComparison.Ordinal);
        Assert.Equal(2, engine.IndicatorCount);
    }

    [Fact]
    public void A_negative_max_indicators_is_reported_with_the_other_option_problems()
    {
        var errors = new EngineOptions { MaxIndicators = -1, StepIntervalNs = -1 }.Validate();

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Contains("MaxIndicators", StringComparison.Ordinal));
    }

    [Fact]
    public void A_series_registered_while_running_gets_a_z_and_a_collapse_counts_as_a_signal_and_the_step_max_z()
    {
        var log = new StepLog();
        var engine = new DetectionEngine(TwoInstruments(), observer: log);
        var schema = engine.StateSchema.Fingerprint;
        Feed(engine, -1, 0, 50);
        Assert.Equal(50, engine.Counters.RejectedFor(TickRejection.UnknownIndicator));

        var id = engine.RegisterIndicator(Sentiment);
        Feed(engine, id, 50, 200);
        engine.Flush();
        var calm = engine.Indicators[0];
        Assert.True(calm.Ready);
        Assert.True(Math.Abs(calm.ZScore) < 3, $"calm z {calm.ZScore}");
        Assert.Equal(200, calm.ValueCount);
        Assert.Equal(IndicatorCategory.NewsSentiment, calm.Category);

        var calmSteps = log.Steps.Count;
        Feed(engine, id, 250, 1, _ => -6.0);
        engine.Flush();

        var collapsed = engine.Indicators[0];
        Assert.True(collapsed.ZScore < -5, $"collapse z {collapsed.ZScore}");
        Assert.NotEqual(FiredDetectors.None, collapsed.Fired);
        Assert.Equal(calm.FiredSteps + 1, collapsed.FiredSteps);
        Assert.Equal(-6.0, collapsed.LatestValue);
        var step = log.Steps[^1];
        Assert.Equal(calmSteps + 1, log.Steps.Count);
        Assert.Equal(id, step.Indicator);
        Assert.Equal(-1, step.Instrument);
        Assert.Equal(collapsed.StepMaxAbsZ, step.MaxAbsZ);
        Assert.True(step.Signals >= 1);
        Assert.DoesNotContain(log.Steps.Take(calmSteps), s => s.Indicator >= 0 && s.MaxAbsZ > 3);
        Assert.Equal(schema, engine.StateSchema.Fingerprint);
        Assert.Equal(200 + 1, engine.Counters.IndicatorValues);
        Assert.Equal(IndicatorCategory.NewsSentiment, engine.IndicatorCategoryOf(id));
        Assert.Same(engine.IndicatorStates[id].Instrument.Symbol, engine.Indicators[id].Symbol);
    }

    [Fact]
    public void Non_finite_and_out_of_order_values_are_rejected_and_counted_while_valid_ones_are_kept()
    {
        var engine = new DetectionEngine(TwoInstruments());
        var id = engine.RegisterIndicator(Sentiment);
        engine.OnIndicator(id, 10 * Second, 1.0);
        engine.OnIndicator(id, 10 * Second, double.NaN);
        engine.OnIndicator(id, 10 * Second, double.PositiveInfinity);
        engine.OnIndicator(id, 9 * Second, 2.0);
        engine.OnIndicator(id, 11 * Second, -3.0);

        Assert.Equal(2, engine.Counters.IndicatorValues);
        Assert.Equal(2, engine.Counters.RejectedFor(TickRejection.NotFinite));
        Assert.Equal(1, engine.Counters.RejectedFor(TickRejection.OutOfOrder));
        Assert.Equal(-3.0, engine.Indicators[0].LatestValue);
        Assert.Equal(11 * Second, engine.EventTimeNs);
        // A tick older than the latest value is out of order too: one event-time order for both.
        engine.OnTick(new Tick(new InstrumentId(0), 10 * Second, 100, 1));
        Assert.Equal(2, engine.Counters.RejectedFor(TickRejection.OutOfOrder));
    }

    [Fact]
    public void Values_never_open_a_step_and_join_the_next_one_between_steps()
    {
        var log = new StepLog();
        var engine = new DetectionEngine(TwoInstruments(), observer: log);
        var id = engine.RegisterIndicator(Sentiment);
        for (var i = 0; i < 20; i++)
        {
            engine.OnIndicator(id, i * Second, Calm(i, 0));
        }

        engine.Flush();
        Assert.Empty(log.Steps);
        Assert.Equal(0, engine.Counters.Steps);

        Feed(engine, id, 20, 3);
        engine.Flush();
        Assert.Equal(3, engine.Counters.Steps);
    }

    [Fact]
    public void Indicator_values_allocate_nothing_after_warm_up()
    {
        var engine = new DetectionEngine(TwoInstruments());
        var id = engine.RegisterIndicator(Sentiment);
        var energy = engine.RegisterIndicator(new IndicatorSpec("ENERGY", "Energy", IndicatorCategory.Energy));
        Feed(engine, id, 0, 2_000);
        var next = 2_000;

        var allocated = Allocations.Fewest(_ =>
        {
            for (var i = 0; i < 500; i++, next++)
            {
                var ts = next * Second;
                engine.OnTick(new Tick(new InstrumentId(0), ts, Calm(next, 100), 1));
                engine.OnIndicator(id, ts, Calm(next, -0.2));
                engine.OnIndicator(energy, ts, Calm(next, 80));
            }
        });

        Assert.Equal(0, allocated);
    }
}
