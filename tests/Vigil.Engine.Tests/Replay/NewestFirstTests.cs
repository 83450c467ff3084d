using Vigil.Engine.Replay;
using static Vigil.Engine.Tests.Replay.ReplayFiles;

namespace Vigil.Engine.Tests.Replay;

/// <summary>
/// CryptoDataDownload files put a URL line above the header and list rows newest first; they are replayed from the
/// last line up, so the engine still sees time moving forward.
/// </summary>
public sealed class NewestFirstTests : IDisposable
{
    private const string Bitstamp = """
        https://www.CryptoDataDownload.com
        unix,date,symbol,open,high,low,close,Volume BTC,Volume USD
        1660953600,2022-08-20 00:00:00,BTC/USD,20840.00,20973.00,20811.00,20963.00,244.35412623,5122395.548159489
        1660950000,2022-08-19 23:00:00,BTC/USD,20970,21053,20785,20841,99.78475494,2079614.07770454
        1660946400,2022-08-19 22:00:00,BTC/USD,21000,21010,20950,20970,10.5,220185
        1660946400,2022-08-19 22:00:00,BTC/USD,21000,21010,20950,20971,10.5,220185
        1660942800,2022-08-19 21:00:00,BTC/USD,20990,21020,20980,21000,5,105000
        """;

    private readonly ReplayFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Newest_first_file_with_a_url_line_is_replayed_oldest_first(bool gzip)
    {
        var path = _files.Write(gzip ? "Bitstamp_BTCUSD_1h.csv.gz" : "Bitstamp_BTCUSD_1h.csv", Bitstamp, gzip);

        await using var source = ReplaySource.Open(path, ReplayOptions.Default);
        var ticks = await ReadAllAsync(source);

        Assert.True(source.Summary.NewestFirst);
        Assert.Equal(ReplayFormat.Yahoo, source.Format);
        Assert.Equal("Bitstamp_BTCUSD_1h", Assert.Single(source.Registry.All).Symbol);
        Assert.Equal(
            [
                (Ns(2022, 8, 19, 21), 21000.0, 5.0),
                (Ns(2022, 8, 19, 22), 20971.0, 10.5),
                (Ns(2022, 8, 19, 23), 20841.0, 99.78475494),
                (Ns(2022, 8, 20), 20963.0, 244.35412623),
            ],
            ticks.Select(t => (t.TimestampNs, t.Price, t.Volume)));

        // Read bottom up, the upper of the two 22:00 rows is the repeat; its line number is its place in the file.
        var rejection = Assert.Single(source.Summary.Samples);
        Assert.Equal((5L, RejectReason.DuplicateTimestamp), (rejection.LineNumber, rejection.Reason));
        Assert.Equal(5, source.Summary.RowsRead);
    }

    [Fact]
    public async Task Epoch_seconds_with_a_fraction_and_epoch_milliseconds_mix_in_one_column()
    {
        var path = _files.Write("Binance_BTCUSDT_1h.csv", """
            unix,date,symbol,open,high,low,close,Volume BTC,Volume USDT,tradecount
            1605859200000,2020-11-20 08:00:00,BTC/USDT,18143.03,18200,18100,18150.5,100,1815050,500
            1605855600.0,2020-11-20 07-AM,BTC/USDT,18164.8,18404.68,18089.71,18143.03,4940.76,90181847.22,NULL
            """);

        await using var source = ReplaySource.Open(path, ReplayOptions.Default);
        var ticks = await ReadAllAsync(source);

        Assert.True(source.Summary.NewestFirst);
        Assert.Equal([(Ns(2020, 11, 20, 7), 18143.03), (Ns(2020, 11, 20, 8), 18150.5)], ticks.Select(t => (t.TimestampNs, t.Price)));
        Assert.Equal(0, source.Summary.Rejections);
    }

    [Fact]
    public async Task An_oldest_first_file_with_one_step_back_is_not_mistaken_for_newest_first()
    {
        var path = _files.Write("series.csv", "DATE,VALUE\n2001-01-01,1\n2001-01-03,3\n2001-01-02,2\n2001-01-04,4\n2001-01-05,5\n");

        await using var source = ReplaySource.Open(path, ReplayOptions.Default);
        var ticks = await ReadAllAsync(source);

        Assert.False(source.Summary.NewestFirst);
        Assert.Equal([1.0, 3.0, 4.0, 5.0], ticks.Select(t => t.Price));
        Assert.Equal((4L, RejectReason.OutOfOrder), (source.Summary.Samples[0].LineNumber, source.Summary.Samples[0].Reason));
    }

    [Fact]
    public async Task A_newest_first_long_file_is_replayed_oldest_first()
    {
        var path = _files.Write("ticks.csv", "ts_ms,symbol,price\n2000,SPX,2\n2000,NDX,20\n1000,SPX,1\n1000,NDX,10\n");

        await using var source = ReplaySource.Open(path, ReplayOptions.Default);
        var ticks = await ReadAllAsync(source);

        Assert.True(source.Summary.NewestFirst);
        Assert.Equal([10.0, 1.0, 20.0, 2.0], ticks.Select(t => t.Price));
        Assert.Equal(0, source.Summary.Rejections);
    }
}
