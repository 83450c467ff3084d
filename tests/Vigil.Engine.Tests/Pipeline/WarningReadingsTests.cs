using Vigil.Core.Instruments;
using Vigil.Core.Market;
using Vigil.Engine.Pipeline;
using Vigil.Engine.Warnings;
using Vigil.Engine.Warnings.Classification;
using Vigil.Engine.Warnings.Reports;
using Vigil.Testing;

namespace Vigil.Engine.Tests.Pipeline;

/// <summary>What the engine tells the classifier and the reporter at a warning: readings, categories, risk, status, ids.</summary>
public sealed class WarningReadingsTests
{
    private const long SecondNs = 1_000_000_000L;

    private static InstrumentRegistry Market() => new(
    [
        new InstrumentSpec("SPX", "S&P 500", AssetClass.EquityIndex, StressSegment.Equity),
        new InstrumentSpec("VIX", "VIX", AssetClass.Volatility, StressSegment.Volatility),
        new InstrumentSpec("UST10Y", "10y", AssetClass.Rates, StressSegment.Bonds, ValueKind.Level),
        new InstrumentSpec("OIL", "Oil", AssetClass.Commodity, StressSegment.Commodities),
    ]);

    private static InstrumentReading Reading(DetectionEngine engine, string symbol) =>
        engine.ClassificationInputs().Readings.Single(r => r.Symbol == symbol);

    /// <summary>Feeds one step a second with the given levels, from second <paramref name="fromSecond"/>.</summary>
    private static void Feed(DetectionEngine engine, int fromSecond, params double[][] levelsPerStep)
    {
        for (var k = 0; k < levelsPerStep.Length; k++)
        {
            var ts = (fromSecond + k) * SecondNs;
            for (var i = 0; i < levelsPerStep[k].Length; i++)
            {
                engine.OnTick(new Tick(new InstrumentId(i), ts, levelsPerStep[k][i], 1));
            }
        }

        engine.Flush();
    }

    private static double[][] Steps(int count, Func<int, double[]> levels) => [.. Enumerable.Range(0, count).Select(levels)];

    [Fact]
    public void A_fall_and_its_recovery_within_the_short_window_read_as_the_fall_and_the_share_retraced()
    {
        var engine = new DetectionEngine(Market(), new EngineOptions { ShortWindow = TimeSpan.FromMinutes(10) });
        // 100 flat, down to 90 (-10%), back up to 96: 60% of the fall retraced.
        Feed(engine, 0, Steps(120, k => [k < 60 ? 100 : k < 90 ? 100 - ((k - 59) / 3.0) : 90 + ((k - 89) / 5.0), 15, 4, 80]));
        var spx = Reading(engine, "SPX");
        Assert.Equal(96, spx.Level, 9);
        Assert.Equal(-0.10, spx.ShortMoveFraction, 9);
        Assert.Equal(0.6, spx.ShortRetracementFraction, 9);
        Assert.Equal(-0.04, spx.IntradayMoveFraction, 9);
        Assert.Equal(TimeSpan.FromMinutes(10), engine.ClassificationInputs().ShortWindow);
    }

    [Fact]
    public void The_short_window_starts_at_its_length_before_now_so_older_moves_drop_out()
    {
        var engine = new DetectionEngine(Market(), new EngineOptions { ShortWindow = TimeSpan.FromSeconds(30), IntradayWindow = TimeSpan.FromMinutes(5) });
        // A fall from 100 to 80 in the first minute, then three minutes flat at 80.
        Feed(engine, 0, Steps(240, k => [k < 60 ? 100 - (k / 3.0) : 80, 15, 4, 80]));
        var spx = Reading(engine, "SPX");
        Assert.Equal(0, spx.ShortMoveFraction, 6);
        Assert.Equal(0, spx.ShortRetracementFraction, 6);
        // The intraday window is longer than the series: its move runs from the first value.
        Assert.Equal(-0.2, spx.IntradayMoveFraction, 6);
    }

    [Fact]
    public void Levels_volatility_indices_and_spreads_carry_their_level_and_no_relative_move()
    {
        var engine = new DetectionEngine(Market());
        Feed(engine, 0, Steps(60, k => [100, 15 + k, 4 - (k * 0.05), 80]));
        var vix = Reading(engine, "VIX");
        var yield = Reading(engine, "UST10Y");
        Assert.Equal(74, vix.Level);
        Assert.Equal(IndicatorCategory.EquityVolatilityIndex, vix.Category);
        Assert.Equal(0, vix.ShortMoveFraction);
        Assert.Equal(0, vix.IntradayMoveFraction);
        Assert.Equal(4 - (59 * 0.05), yield.Level, 9);
        Assert.Equal(0, yield.ShortMoveFraction);
        Assert.Equal(StressSegment.Bonds, yield.Segment);
        Assert.Null(vix.SpreadMultiple);
    }

    [Fact]
    public void Categories_come_from_the_built_in_table_and_the_options_override_it()
    {
        var plain = new DetectionEngine(Market());
        Assert.Equal(IndicatorCategory.None, Reading(plain, "OIL").Category);
        Assert.Equal(IndicatorCategory.Energy, InstrumentCategories.Of("wti", null));
        Assert.Equal(IndicatorCategory.InvestmentGradeSpread, InstrumentCategories.Of("IG_CDX", null));
        Assert.Equal(IndicatorCategory.BondVolatilityIndex, InstrumentCategories.Of("MOVE", null));

        var overrides = new Dictionary<string, IndicatorCategory> { ["oil"] = IndicatorCategory.Energy, ["VIX"] = IndicatorCategory.None };
        var configured = new DetectionEngine(Market(), new EngineOptions { Categories = overrides });
        Assert.Equal(IndicatorCategory.Energy, Reading(configured, "OIL").Category);
        Assert.Equal(IndicatorCategory.None, Reading(configured, "VIX").Category);
    }

    [Fact]
    public void Quoted_ticks_give_the_spread_as_a_multiple_of_its_normal()
    {
        var engine = new DetectionEngine(Market());
        var id = new InstrumentId(0);
        for (var k = 0; k < 200; k++)
        {
            engine.OnTick(new Tick(id, k * SecondNs, 100, 1, bid: 99.95, ask: 100.05));
        }

        engine.OnTick(new Tick(id, 200 * SecondNs, 100, 1, bid: 99.7, ask: 100.3));
        engine.Flush();
        var spread = Reading(engine, "SPX").SpreadMultiple;
        Assert.NotNull(spread);
        Assert.InRange(spread.Value, 5.9, 6.0);
        Assert.Null(Reading(engine, "VIX").SpreadMultiple);
    }

    [Fact]
    public void Quoted_ticks_and_the_step_close_samples_allocate_nothing()
    {
        var engine = new DetectionEngine(Market());
        var batches = new Tick[5][];
        var ts = 0L;
        for (var run = -1; run < batches.Length; run++)
        {
            var batch = new Tick[4 * 2_000];
            for (var k = 0; k < batch.Length; k++)
            {
                var price = 100 + Math.Sin(k * 0.01);
                batch[k] = new Tick(new InstrumentId(k % 4), ts, price, 1, bid: price - 0.05, ask: price + 0.05);
                ts += k % 4 == 3 ? SecondNs / 4 : 0;
            }

            if (run < 0)
            {
                // Warm-up: the rings fill and every detector reaches its steady state.
                engine.Process(batch);
            }
            else
            {
                batches[run] = batch;
            }
        }

        var allocated = Allocations.Fewest(run => engine.Process(batches[run]));

        Assert.Equal(0, allocated);
        Assert.NotNull(Reading(engine, "SPX").SpreadMultiple);
    }

    [Fact]
    public void Risk_context_is_not_a_number_before_the_models_are_ready()
    {
        var engine = new DetectionEngine(Market());
        Feed(engine, 0, Steps(3, k => [100, 15, 4, 80]));
        var risk = engine.RiskContext();
        Assert.True(double.IsNaN(risk.Ciss));
        Assert.True(double.IsNaN(risk.Var99));
        Assert.True(double.IsNaN(risk.SriskTotal));
    }

    [Fact]
    public void Invalid_windows_are_reported_together()
    {
        var errors = new EngineOptions { ShortWindow = TimeSpan.Zero, IntradayWindow = TimeSpan.FromDays(31) }.Validate();
        Assert.Contains(errors, e => e.StartsWith("ShortWindow", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("IntradayWindow", StringComparison.Ordinal));
    }

    [Fact]
    public void Daily_options_read_moves_over_one_step()
    {
        Assert.Equal(TimeSpan.FromDays(1), EngineOptions.Daily.ShortWindow);
        Assert.Equal(TimeSpan.FromDays(1), EngineOptions.Daily.IntradayWindow);
        var engine = new DetectionEngine(Market(), EngineOptions.Daily);
        const long dayNs = 86_400 * SecondNs;
        double[] closes = [100, 101, 95, 90];
        for (var d = 0; d < closes.Length; d++)
        {
            // Days 0-3 are Thursday, Friday, Monday, Tuesday: the weekend does not stretch a one-step window.
            var ts = (d < 2 ? d : d + 2) * dayNs;
            engine.OnTick(new Tick(new InstrumentId(0), ts, closes[d], 1));
        }

        engine.Flush();
        Assert.Equal((90 / 95.0) - 1, Reading(engine, "SPX").IntradayMoveFraction, 9);
    }

    [Theory]
    [InlineData(WarningTransition.Opened, Severity.Elevated, WarningStatus.Active)]
    [InlineData(WarningTransition.Escalated, Severity.Severe, WarningStatus.Active)]
    [InlineData(WarningTransition.DeEscalated, Severity.High, WarningStatus.Active)]
    [InlineData(WarningTransition.DeEscalated, Severity.Elevated, WarningStatus.Monitoring)]
    [InlineData(WarningTransition.Closed, Severity.None, WarningStatus.Resolved)]
    public void Status_follows_the_transition_and_severity(WarningTransition kind, Severity severity, WarningStatus expected) =>
        Assert.Equal(expected, DetectionEngine.StatusOf(kind, severity));

    [Fact]
    public void Warning_ids_start_with_blackswan_and_keep_the_run_prefix()
    {
        Assert.Equal("blackswan_W000003", DetectionEngine.FormatWarningId(3));
        Assert.Equal("blackswan_R1-W000003", DetectionEngine.FormatWarningId(3, "R1-"));
    }
}
