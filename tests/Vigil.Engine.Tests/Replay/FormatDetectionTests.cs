using System.Text;
using Vigil.Engine.Replay;

namespace Vigil.Engine.Tests.Replay;

public sealed class FormatDetectionTests : IDisposable
{
    private readonly ReplayFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("ts_ms,symbol,price,volume", "1700000000000,SPX,1,1", ReplayFormat.Long)]
    [InlineData("ts,symbol,price", "1700000000,SPX,1", ReplayFormat.Long)]
    [InlineData("timestamp,ticker,close", "2024-01-02,SPX,1", ReplayFormat.Long)]
    [InlineData("Date,Open,High,Low,Close,Adj Close,Volume", "2014-09-17,1,1,1,1,1,1", ReplayFormat.Yahoo)]
    [InlineData("DATE,OPEN,HIGH,LOW,CLOSE", "01/03/2006,1,1,1,1", ReplayFormat.Yahoo)]
    [InlineData("DATE,VALUE", "2001-01-01,1", ReplayFormat.Fred)]
    [InlineData("DATE,DGS10", "2001-01-01,1", ReplayFormat.Fred)]
    [InlineData("observation_date,NFCI", "1985-01-04,-0.3", ReplayFormat.Fred)]
    [InlineData("Date,Close", "1976-07-14,0.45", ReplayFormat.Fred)]
    [InlineData("timestamp,value", "2014-07-01 00:00:00,10844", ReplayFormat.Nab)]
    [InlineData("Date,OFR FSI,Credit,Equity valuation", "2000-01-03,2.14,0.54,-0.051", ReplayFormat.Wide)]
    [InlineData("Data,Australia,Austria", "1971-01-04,0.8987,", ReplayFormat.Wide)]
    public async Task Format_is_detected_from_the_header(string header, string row, ReplayFormat expected)
    {
        var path = _files.Write("file.csv", $"{header}\n{row}\n");

        await using var source = ReplaySource.Open(path, ReplayOptions.Default);

        Assert.Equal(expected, source.Format);
        Assert.Equal(expected, source.Summary.Format);
    }

    [Theory]
    [InlineData("a,b,c\n1,2,3\n")]
    [InlineData("1700000000000,SPX,4500,1\n1700000000000,NDX,15000,1\n")]
    [InlineData("id,name\n1,x\n")]
    public void A_file_whose_format_cannot_be_determined_fails_with_a_clear_message(string content)
    {
        var path = _files.Write("mystery.csv", content);

        var exception = Assert.Throws<ReplayException>(() => ReplaySource.Open(path, ReplayOptions.Default));

        Assert.StartsWith($"{path}:1: cannot determine the replay format", exception.Message, StringComparison.Ordinal);
        Assert.Null(exception.Rejection);
    }

    [Fact]
    public void An_empty_file_fails_with_a_clear_message()
    {
        var path = _files.Write("empty.csv", string.Empty);

        var exception = Assert.Throws<ReplayException>(() => ReplaySource.Open(path, ReplayOptions.Default));

        Assert.Equal($"{path}: the file is empty.", exception.Message);
    }

    [Fact]
    public void A_file_without_any_comma_has_no_header()
    {
        var path = _files.Write("notes.txt", "hello\nworld\n");

        var exception = Assert.Throws<ReplayException>(() => ReplaySource.Open(path, ReplayOptions.Default));

        Assert.Contains("no header line", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_forced_format_that_does_not_fit_the_header_says_what_is_missing()
    {
        var path = _files.Write("DGS10.csv", "DATE,DGS10\n2001-01-01,5\n");

        var exception = Assert.Throws<ReplayException>(() => ReplaySource.Open(path, new ReplayOptions { Format = ReplayFormat.Long }));

        Assert.Equal($"{path}:1: the Long format needs a symbol column (symbol, ticker, instrument); the header is 'DATE,DGS10'.", exception.Message);
    }

    [Fact]
    public void A_wide_file_without_named_value_columns_fails_at_open()
    {
        var path = _files.Write("wide.csv", "Date,,\n2001-01-01,1,2\n");

        var exception = Assert.Throws<ReplayException>(() => ReplaySource.Open(path, ReplayOptions.Default));

        Assert.Contains("needs at least one named value column", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forced_format_overrides_detection()
    {
        var path = _files.Write("pair.csv", "Date,Close\n2001-01-01,5\n");

        await using var source = ReplaySource.Open(path, new ReplayOptions { Format = ReplayFormat.Wide });
        var tick = Assert.Single(await ReplayFiles.ReadAllAsync(source));

        Assert.Equal(ReplayFormat.Wide, source.Format);
        Assert.Equal("Close", source.Registry.All[0].Symbol);
        Assert.Equal(5, tick.Price);
    }

    [Fact]
    public async Task A_byte_order_mark_quoted_names_and_crlf_line_ends_are_tolerated()
    {
        var path = Path.Combine(_files.Folder, "move.csv");
        await File.WriteAllBytesAsync(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("\"Date\",\"Value\"\r\n2002-11-13,122.88\r\n2002-11-14,130.29\r\n")]);

        await using var source = ReplaySource.Open(path, ReplayOptions.Default);
        var ticks = await ReplayFiles.ReadAllAsync(source);

        Assert.Equal(ReplayFormat.Fred, source.Format);
        Assert.Equal([122.88, 130.29], ticks.Select(t => t.Price));
        Assert.Equal(ReplayFiles.Ns(2002, 11, 13), ticks[0].TimestampNs);
    }

    [Fact]
    public void Options_are_checked_when_opening()
    {
        var path = _files.Write("DGS10.csv", "DATE,DGS10\n2001-01-01,5\n");

        Assert.Throws<ArgumentOutOfRangeException>(() => ReplaySource.Open(path, new ReplayOptions { MaxRejectionSamples = -1 }));
        Assert.Throws<ArgumentException>(() => ReplaySource.Open(path, new ReplayOptions { Symbol = " " }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReplaySource.Open(path, new ReplayOptions { Format = (ReplayFormat)42 }));
        Assert.Throws<FileNotFoundException>(() => ReplaySource.Open(Path.Combine(_files.Folder, "absent.csv"), ReplayOptions.Default));
    }
}
