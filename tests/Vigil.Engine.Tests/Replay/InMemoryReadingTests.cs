using System.Buffers;
using System.Text;
using Vigil.Engine.Replay;

namespace Vigil.Engine.Tests.Replay;

/// <summary>
/// A file that fits in memory is decompressed once and read in place; these check that it reads exactly as the
/// streamed path (the one every file used to take, and longer files still take) reads it.
/// </summary>
public sealed class InMemoryReadingTests
{
    /// <summary>Rows the long-format pass rejects or skips around valid ones, with awkward spellings of symbols.</summary>
    private const string Messy =
        "ts_ms,symbol,price,volume\r\n"
        + "1700000000000,AAA,10,1\r\n"
        + "1700000000000,BBB,20,1\r\n"
        + "\r\n"
        + "1700000000250, \"CCC\" ,30,1\r\n"
        + "1700000000250,DDD,40\r\n"
        + "1700000000250,EEE,50,1,9\r\n"
        + "1700000000500,,60,1\r\n"
        + "1700000000500,FFF,not-a-number,1\r\n"
        + "nope,GGG,70,1\r\n"
        + "1700000000000,HHH,80,1\r\n"
        + "1700000000750,AAA,11,1\r\n"
        + "1700000000750,aaa,12,1\r\n"
        + "1700000001000,III,-5,1\r\n"
        + "1700000001000,JJJ,90,1";

    public static TheoryData<string, bool> Files => new()
    {
        { Messy, false },
        { Messy, true },
        { Messy.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n", false },
        { "\uFEFF" + ReplayReadingTests.GenerateLong(steps: 400, symbols: 7), true },
        { ReplayReadingTests.GenerateLong(steps: 3, symbols: 2).TrimEnd('\n'), false },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task A_file_read_into_memory_gives_exactly_the_ticks_registry_and_rejections_of_the_streamed_path(string content, bool gzip)
    {
        var streamed = await ReadAsync(content, gzip, maxInMemoryBytes: 0);
        var inMemory = await ReadAsync(content, gzip, ReplaySource.MaxInMemoryBytes);

        Assert.Equal(streamed.Symbols, inMemory.Symbols);
        Assert.Equal(streamed.Rows, inMemory.Rows);
        Assert.Equal(streamed.Rejections, inMemory.Rejections);
        Assert.Equal(streamed.Summary, inMemory.Summary);
    }

    [Fact]
    public async Task Malformed_rows_of_a_file_in_memory_are_rejected_with_file_line_and_reason()
    {
        var read = await ReadAsync(Messy, gzip: true, ReplaySource.MaxInMemoryBytes);

        Assert.Equal(["AAA", "BBB", "CCC", "FFF", "GGG", "HHH", "III", "JJJ"], read.Symbols);
        Assert.Contains(("ticks.csv.gz", 6L, RejectReason.WrongFieldCount), read.Rejections);
        Assert.Contains(("ticks.csv.gz", 7L, RejectReason.WrongFieldCount), read.Rejections);
        Assert.Contains(("ticks.csv.gz", 9L, RejectReason.BadNumber), read.Rejections);
        Assert.Contains(("ticks.csv.gz", 10L, RejectReason.BadTimestamp), read.Rejections);
        Assert.Contains(("ticks.csv.gz", 11L, RejectReason.OutOfOrder), read.Rejections);
        Assert.Contains(("ticks.csv.gz", 14L, RejectReason.NonPositivePrice), read.Rejections);
    }

    [Fact]
    public async Task A_strict_read_of_a_file_in_memory_stops_at_the_first_malformed_row()
    {
        var bytes = Encoding.UTF8.GetBytes(Messy);
        await using var source = ReplaySource.Open("ticks.csv", () => new MemoryStream(bytes), ReplayOptions.Default with { Strict = true }, ReplaySource.DefaultBufferBytes);

        var error = await Assert.ThrowsAsync<ReplayException>(() => ReplayFiles.ReadAllAsync(source));

        Assert.Equal(6, error.Rejection!.LineNumber);
        Assert.Equal(RejectReason.WrongFieldCount, error.Rejection.Reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_file_longer_than_the_memory_limit_is_streamed_and_reads_the_same(bool gzip)
    {
        var content = ReplayReadingTests.GenerateLong(steps: 300, symbols: 5);

        var streamed = await ReadAsync(content, gzip, maxInMemoryBytes: 0);
        var overLimit = await ReadAsync(content, gzip, maxInMemoryBytes: 1000);

        Assert.Equal(1500, overLimit.Rows.Count);
        Assert.Equal(streamed.Symbols, overLimit.Symbols);
        Assert.Equal(streamed.Rows, overLimit.Rows);
    }

    [Fact]
    public async Task A_newest_first_file_in_memory_reads_as_when_streamed()
    {
        var lines = ReplayReadingTests.GenerateLong(steps: 50, symbols: 3).TrimEnd('\n').Split('\n');
        var content = lines[0] + "\n" + string.Join('\n', lines.Skip(1).Reverse()) + "\n";

        var streamed = await ReadAsync(content, gzip: true, maxInMemoryBytes: 0);
        var inMemory = await ReadAsync(content, gzip: true, ReplaySource.MaxInMemoryBytes);

        Assert.Equal(150, inMemory.Rows.Count);
        Assert.Equal(streamed.Rows, inMemory.Rows);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4999)]
    [InlineData(5000)]
    [InlineData(1_000_000)]
    public void Reading_into_memory_keeps_every_byte_whatever_the_length_hint(long lengthHint)
    {
        var bytes = new byte[5000];
        new Random(3).NextBytes(bytes);

        var streamed = FileContent.ReadAll(new MemoryStream(bytes), lengthHint, ReplaySource.MaxInMemoryBytes, out var content, out var length);

        Assert.Null(streamed);
        Assert.Equal(bytes, content.AsSpan(0, length).ToArray());
        ArrayPool<byte>.Shared.Return(content!);
    }

    [Fact]
    public void Content_over_the_limit_comes_back_as_a_stream_of_all_of_it()
    {
        var bytes = new byte[5000];
        new Random(4).NextBytes(bytes);

        using var streamed = FileContent.ReadAll(new MemoryStream(bytes), 0, 1024, out var content, out _);
        using var copy = new MemoryStream();
        streamed!.CopyTo(copy);

        Assert.Null(content);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public void The_length_hint_of_a_gzip_stream_is_its_decompressed_length()
    {
        var bytes = Encoding.UTF8.GetBytes(ReplayReadingTests.GenerateLong(steps: 10, symbols: 2));
        using var gzip = new MemoryStream(ReplayFiles.Gzip(bytes));

        Assert.Equal(bytes.Length, FileContent.LengthHint(gzip, gzip: true));
        Assert.Equal(0, gzip.Position);
    }

    private static async Task<Read> ReadAsync(string content, bool gzip, int maxInMemoryBytes)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        var stored = gzip ? ReplayFiles.Gzip(bytes) : bytes;
        var name = gzip ? "ticks.csv.gz" : "ticks.csv";
        await using var source = ReplaySource.Open(name, () => new MemoryStream(stored), ReplayOptions.Default, ReplaySource.DefaultBufferBytes, maxInMemoryBytes);
        var ticks = await ReplayFiles.ReadAllAsync(source, 3);
        var summary = source.Summary;
        return new Read(
            [.. source.Registry.All.Select(i => i.Symbol)],
            ReplayFiles.Rows(ticks),
            [.. summary.Samples.Select(r => (r.FilePath, r.LineNumber, r.Reason))],
            (summary.RowsRead, summary.TicksEmitted, summary.MissingValues, summary.Rejections));
    }

    private sealed record Read(
        List<string> Symbols,
        List<(int, long, double, double, double, double)> Rows,
        List<(string, long, RejectReason)> Rejections,
        (long, long, long, long) Summary);
}
