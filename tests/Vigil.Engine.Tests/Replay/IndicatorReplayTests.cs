using Vigil.Engine.Pipeline;
using Vigil.Engine.Replay;
using Vigil.Engine.Running;
using Vigil.Engine.Warnings;
using Vigil.Engine.Warnings.Classification;

namespace Vigil.Engine.Tests.Replay;

public sealed class IndicatorReplayTests : IDisposable
{
    /// <summary>Two instruments and a news-sentiment series, one row each per second, the sentiment collapsing to −6 at row 140.</summary>
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Replay", "Fixtures", "indicator-replay.csv");

    private static readonly Dictionary<string, IndicatorCategory> Sentiment = new(StringComparer.OrdinalIgnoreCase) { ["news_sentiment"] = IndicatorCategory.NewsSentiment };

    private readonly ReplayFiles _files = new();

    public void Dispose() => _files.Dispose();

    private sealed class StepLog : IEngineObserver
    {
        public List<(long TimestampNs, int MaxZIndicator, double MaxAbsZ, int Signals)> Steps { get; } = [];

        public void OnStep(MarketStep step) => Steps.Add((step.TimestampNs, step.MaxAbsZIndicator, step.MaxAbsZ, step.SignalCount));

        public void OnWarning(WarningEvent warning)
        {
        }
    }

    [Fact]
    public async Task Indicator_rows_feed_a_registered_series_that_gets_a_z_and_fires_on_the_collapse()
    {
        await using var source = ReplaySource.Open(Fixture, new ReplayOptions { LevelSymbols = Sentiment.Keys });
        var router = new IndicatorRouter(source.Registry, Sentiment);
        var log = new StepLog();
        var engine = new DetectionEngine(router.Instruments, observer: log);
        router.Attach(engine);

        await EngineRunner.RunAsync(source, engine, indicators: router);

        Assert.Equal(["AAA", "BBB"], engine.Registry.All.Select(i => i.Symbol));
        var series = Assert.Single(engine.Indicators);
        Assert.Equal("NEWS_SENTIMENT", series.Symbol);
        Assert.Equal(IndicatorCategory.NewsSentiment, series.Category);
        Assert.Equal(160, series.ValueCount);
        Assert.True(series.Ready);
        Assert.True(series.FiredSteps >= 1);
        Assert.Equal(320, engine.Counters.Ticks);
        Assert.Equal(0, engine.Counters.Rejected);

        var collapse = log.Steps.Single(s => s.TimestampNs == (1_700_000_000_000L + (140 * 1000)) * 1_000_000);
        Assert.Equal(0, collapse.MaxZIndicator);
        Assert.True(collapse.MaxAbsZ > 5, $"max |z| {collapse.MaxAbsZ}");
        Assert.True(collapse.Signals >= 1);
        Assert.DoesNotContain(log.Steps.Take(130), s => s.MaxZIndicator >= 0 && s.MaxAbsZ > 4);
    }

    [Fact]
    public async Task Instruments_see_the_same_schema_and_steps_as_a_file_without_the_indicator_rows()
    {
        var lines = await File.ReadAllLinesAsync(Fixture);
        var withoutPath = _files.Write("without.csv", string.Join('\n', lines.Where(l => !l.Contains("NEWS_SENTIMENT", StringComparison.Ordinal))) + "\n");

        await using var with = ReplaySource.Open(Fixture, new ReplayOptions { LevelSymbols = Sentiment.Keys });
        var router = new IndicatorRouter(with.Registry, Sentiment);
        var engineWith = new DetectionEngine(router.Instruments);
        router.Attach(engineWith);
        await EngineRunner.RunAsync(with, engineWith, indicators: router);

        await using var without = ReplaySource.Open(withoutPath, ReplayOptions.Default);
        var engineWithout = new DetectionEngine(without.Registry);
        await EngineRunner.RunAsync(without, engineWithout);

        Assert.Equal(engineWithout.StateSchema.Fingerprint, engineWith.StateSchema.Fingerprint);
        Assert.Equal(engineWithout.Counters.Steps, engineWith.Counters.Steps);
        Assert.Equal(engineWithout.Counters.Ticks, engineWith.Counters.Ticks);
        Assert.Equal(engineWithout.LastStep.Instruments[0].ReturnZ, engineWith.LastStep.Instruments[0].ReturnZ);
        Assert.Equal(engineWithout.LastStep.Composite, engineWith.LastStep.Composite);
        Assert.Equal(0, engineWithout.IndicatorCount);
    }

    [Fact]
    public async Task The_router_refuses_symbols_the_file_lacks_and_a_file_of_only_indicators()
    {
        await using var source = ReplaySource.Open(Fixture, new ReplayOptions { LevelSymbols = Sentiment.Keys });
        var missing = Assert.Throws<ArgumentException>(() => new IndicatorRouter(source.Registry, new Dictionary<string, IndicatorCategory> { ["VIXX"] = IndicatorCategory.EquityVolatilityIndex }));
        Assert.Contains("'VIXX' has no rows", missing.Message, StringComparison.Ordinal);

        var all = new Dictionary<string, IndicatorCategory>
        {
            ["AAA"] = IndicatorCategory.Energy,
            ["BBB"] = IndicatorCategory.Defence,
            ["NEWS_SENTIMENT"] = IndicatorCategory.NewsSentiment,
        };
        var none = Assert.Throws<ArgumentException>(() => new IndicatorRouter(source.Registry, all));
        Assert.Contains("at least one instrument", none.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("news_sentiment", IndicatorCategory.NewsSentiment)]
    [InlineData("BankCds", IndicatorCategory.BankCds)]
    [InlineData(" investment_grade_spread ", IndicatorCategory.InvestmentGradeSpread)]
    public void Categories_parse_from_snake_case_or_enum_names(string text, IndicatorCategory expected)
    {
        Assert.True(IndicatorRouter.TryParseCategory(text, out var category));
        Assert.Equal(expected, category);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("vibes")]
    [InlineData("")]
    public void None_and_unknown_categories_do_not_parse(string text) => Assert.False(IndicatorRouter.TryParseCategory(text, out _));
}
