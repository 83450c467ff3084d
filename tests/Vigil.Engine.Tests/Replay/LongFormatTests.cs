using Vigil.Core.Instruments;
using Vigil.Core.Market;
using Vigil.Engine.Replay;

namespace Vigil.Engine.Tests.Replay;

public sealed class LongFormatTests : IDisposable
{
    private readonly ReplayFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Parses_timestamps_symbols_prices_and_volumes_of_the_benchmark_layout()
    {
        var path = _files.Write("ticks.csv", """
            ts_ms,symbol,price,volume
            1700000000000,SPX,4499.8643,646
            1700000000000,EURUSD,1.0849867,521
            1700000000250,SPX,4499.9696,184
            1700000000250,EURUSD,1.0849762,0
            """);

        await using var source = ReplaySource.Open(path, ReplayOptions.Default);
        var ticks = await ReplayFiles.ReadAllAsync(source);

        Assert.Equal(ReplayFormat.Long, source.Format);
        Assert.Equal(
            [
                (0, 1_700_000_000_000_000_000L, 4499.8643, 646.0, double.NaN, double.NaN),
                (1, 1_700_000_000_000_000_000L, 1.0849867, 521.0, double.NaN, double.NaN),
                (0, 1_700_000_000_250_000_000L, 4499.9696, 184.0, double.NaN, double.NaN),
                (1, 1_700_000_000_250_000_000L, 1.0849762, 0.0, double.NaN, double.NaN),
            ],
            ReplayFiles.Rows(ticks));
        Assert.Equal(4, source.Summary.RowsRead);
        Assert.Equal(4, source.Summary.TicksEmitted);
        Assert.Equal(0, source.Summary.Rejections);
    }

    [Fact]
    public async Task Registry_holds_every_symbol_before_the_first_read_in_order_of_first_appearance()
    {
        var path = _files.Write("ticks.csv", """
            ts_ms,symbol,price,volume
            1000,VIX,14.5,1
            2000,SPX,4500,1
            3000,MYCOIN,0.5,1
            """);

        await using var source = ReplaySource.Open(path, ReplayOptions.Default);

        Assert.Equal(["VIX", "SPX", "MYCOIN"], source.Registry.All.Select(i => i.Symbol));
        Assert.Equal(AssetClass.Volatility, source.Registry.All[0].AssetClass);
        Assert.Equal(StressSegment.Equity, source.Registry.All[1].Segment);
        Assert.Equal(AssetClass.Unknown, source.Registry.All[2].AssetClass);
        Assert.Equal(ValueKind.Price, source.Registry.All[2].ValueKind);
    }

    [Fact]
    public async Task Default_universe_levels_may_be_negative_while_unknown_symbols_default_to_prices()
    {
        var path = _files.Write("ticks.csv", """
            ts_ms,symbol,price
            1000,BUND10Y,-0.25
            1000,MYCOIN,-1
            2000,MYCOIN,2
            """);

        await using var source = ReplaySource.Open(path, ReplayOptions.Default);
        var ticks = await ReplayFiles.ReadAllAsync(source);

        Assert.Equal([(0, -0.25), (1, 2.0)], ticks.Select(t => (t.Instrument.Value, t.Price)));
        Assert.Equal(1, source.Summary.RejectionsFor(RejectReason.NonPositivePrice));
    }

    [Fact]
    public async Task Value_kind_option_lets_unknown_symbols_be_levels()
    {
        var path = _files.Write("ticks.csv", "ts_ms,symbol,price\n1000,SENTIMENT,-3.5\n");

        await using var source = ReplaySource.Open(path, new ReplayOptions { ValueKind = ValueKind.Level });
        var ticks = await ReplayFiles.ReadAllAsync(source);

        Assert.Equal(ValueKind.Level, source.Registry.All[0].ValueKind);
        Assert.Equal(-3.5, Assert.Single(ticks).Price);
    }

    [Fact]
    public async Task Symbols_that_differ_only_in_case_are_one_instrument()
    {
        var path = _files.Write("ticks.csv", "ts_ms,symbol,price\n1000,spx,1\n2000,SPX,2\n3000,Spx,3\n");

        await using var source = ReplaySource.Open(path, ReplayOptions.Default);
        var ticks = await ReplayFiles.ReadAllAsync(source);

        Assert.Equal(1, source.Registry.Count);
        Assert.Equal([0, 0, 0], ticks.Select(t => t.Instrument.Value));
    }

    [Fact]
    public async Task Volume_is_optional_and_bid_and_ask_fill_the_quote()
    {
        var path = _files.Write("quotes.csv", """
            ts_ms,symbol,price,bid,ask
            1000,EURUSD,1.0850,1.0849,1.0851
            2000,EURUSD,1.0852,,
            """);

        await using var source = ReplaySource.Open(path, ReplayOptions.Default);
        var ticks = await ReplayFiles.ReadAllAsync(source);

        Assert.Equal(
            [
                (0, 1_000_000_000L, 1.0850, 0.0, 1.0849, 1.0851),
                (0, 2_000_000_000L, 1.0852, 0.0, double.NaN, double.NaN),
            ],
            ReplayFiles.Rows(ticks));
        Assert.True(ticks[0].HasQuote);
        Assert.Equal(0, source.Summary.MissingValues);
    }

    [Theory]
    [InlineData("ts_s", "1700000000", 1_700_000_000_000_000_000L)]
    [InlineData("ts_ms", "1700000000123", 1_700_000_000_123_000_000L)]
    [InlineData("ts_us", "1700000000123456", 1_700_000_000_123_456_000L)]
    [InlineData("ts_ns", "1700000000123456789", 1_700_000_000_123_456_789L)]
    [InlineData("ts_ms", "1000", 1_000_000_000L)]
    [InlineData("ts", "1700000000", 1_700_000_000_000_000_000L)]
    [InlineData("ts", "1700000000123", 1_700_000_000_123_000_000L)]
    [InlineData("timestamp", "1700000000123456", 1_700_000_000_123_456_000L)]
    [InlineData("ts", "1700000000123456789", 1_700_000_000_123_456_789L)]
    [InlineData("ts", "2023-11-14T22:13:20.5Z", 1_700_000_000_500_000_000L)]
    [InlineData("time", "2023-11-14 23:13:20+01:00", 1_700_000_000_000_000_000L)]
    public async Task Epoch_unit_comes_from_the_column_name_or_the_magnitude(string column, string value, long expectedNs)
    {
        var path = _files.Write("ticks.csv", $"{column},symbol,price\n{value},SPX,4500\n");

        await using var source = ReplaySource.Open(path, ReplayOptions.Default);
        var tick = Assert.Single(await ReplayFiles.ReadAllAsync(source));

        Assert.Equal(expectedNs, tick.TimestampNs);
    }

    [Fact]
    public async Task Columns_may_come_in_any_order_and_be_quoted()
    {
        var path = _files.Write("ticks.csv", "\"symbol\",\"price\",\"volume\",\"ts_ms\"\r\n\"SPX\",\"4500.5\",\"7\",\"1000\"\r\n");

        await using var source = ReplaySource.Open(path, ReplayOptions.Default);
        var tick = Assert.Single(await ReplayFiles.ReadAllAsync(source));

        Assert.Equal((0, 1_000_000_000L, 4500.5, 7.0), (tick.Instrument.Value, tick.TimestampNs, tick.Price, tick.Volume));
    }
}
