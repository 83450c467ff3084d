using System.Globalization;
using System.Text;
using Vigil.Core.Market;
using Vigil.Engine.Replay;

namespace Vigil.Engine.Tests.Replay;

public sealed class ReplayReadingTests : IDisposable
{
    private const string Wide = """
        Date,A,B,C
        2000-01-03,1,2,3
        2000-01-04,4,,6
        2000-01-05,7,8,9
        2000-01-06,10,11,12
        """;

    private readonly ReplayFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Gzip_and_plain_files_give_identical_ticks()
    {
        var content = GenerateLong(steps: 2_000, symbols: 5);
        var plain = _files.Write("ticks.csv", content);
        var gzip = _files.Write("ticks.csv.gz", content, gzip: true);

        await using var plainSource = ReplaySource.Open(plain, ReplayOptions.Default);
        await using var gzipSource = ReplaySource.Open(gzip, ReplayOptions.Default);
        var fromPlain = await ReplayFiles.ReadAllAsync(plainSource);
        var fromGzip = await ReplayFiles.ReadAllAsync(gzipSource);

        Assert.Equal(10_000, fromPlain.Count);
        Assert.Equal(ReplayFiles.Rows(fromPlain), ReplayFiles.Rows(fromGzip));
        Assert.Equal(plainSource.Registry.All.Select(i => i.Symbol), gzipSource.Registry.All.Select(i => i.Symbol));
    }

    [Fact]
    public async Task Gzip_is_recognised_by_its_magic_bytes_without_the_extension()
    {
        var path = _files.Write("DGS10.csv", "DATE,DGS10\n2001-01-02,5.1\n", gzip: true);

        await using var source = ReplaySource.Open(path, ReplayOptions.Default);
        var tick = Assert.Single(await ReplayFiles.ReadAllAsync(source));

        Assert.Equal(5.1, tick.Price);
        Assert.Equal("DGS10", source.Registry.All[0].Symbol);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public async Task Small_tick_buffers_give_the_same_ticks_as_a_large_one(int bufferLength)
    {
        var longPath = _files.Write("ticks.csv", GenerateLong(steps: 50, symbols: 3));
        var widePath = _files.Write("wide.csv", Wide);

        Assert.Equal(await ReadRowsAsync(longPath, 4096), await ReadRowsAsync(longPath, bufferLength));
        Assert.Equal(await ReadRowsAsync(widePath, 4096), await ReadRowsAsync(widePath, bufferLength));
        Assert.Equal(11, (await ReadRowsAsync(widePath, bufferLength)).Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public async Task Lines_split_across_tiny_read_buffers_give_the_same_ticks(int bufferBytes)
    {
        var content = "\uFEFF" + GenerateLong(steps: 30, symbols: 4).Replace("\n", "\r\n", StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(content);

        var expected = await ReadRowsAsync("ticks.csv", () => new MemoryStream(bytes), ReplaySource.DefaultBufferBytes);
        var actual = await ReadRowsAsync("ticks.csv", () => new MemoryStream(bytes), bufferBytes);
        var gzipped = ReplayFiles.Gzip(bytes);
        var fromGzip = await ReadRowsAsync("ticks.csv.gz", () => new MemoryStream(gzipped), bufferBytes);

        Assert.Equal(120, expected.Count);
        Assert.Equal(expected, actual);
        Assert.Equal(expected, fromGzip);
    }

    [Fact]
    public async Task A_last_line_without_a_line_break_is_read()
    {
        var path = _files.Write("DGS10.csv", "DATE,DGS10\n2001-01-02,5.1\n2001-01-03,5.2");

        await using var source = ReplaySource.Open(path, ReplayOptions.Default);

        Assert.Equal([5.1, 5.2], (await ReplayFiles.ReadAllAsync(source)).Select(t => t.Price));
    }

    [Fact]
    public async Task Blank_lines_are_skipped_without_being_counted()
    {
        var path = _files.Write("DGS10.csv", "DATE,DGS10\n\n2001-01-02,5.1\n\n\n2001-01-03,5.2\n\n");

        await using var source = ReplaySource.Open(path, ReplayOptions.Default);
        var ticks = await ReplayFiles.ReadAllAsync(source);

        Assert.Equal(2, ticks.Count);
        Assert.Equal(2, source.Summary.RowsRead);
    }

    [Fact]
    public async Task Reading_after_the_end_keeps_returning_zero_and_reading_after_dispose_throws()
    {
        var path = _files.Write("DGS10.csv", "DATE,DGS10\n2001-01-02,5.1\n");
        var source = ReplaySource.Open(path, ReplayOptions.Default);
        var buffer = new Tick[4];

        Assert.Equal(1, await source.ReadAsync(buffer));
        Assert.Equal(0, await source.ReadAsync(buffer));
        Assert.Equal(0, await source.ReadAsync(buffer));
        await source.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await source.ReadAsync(buffer));
        await Assert.ThrowsAsync<ArgumentException>(async () => await ReplaySource.Open(path, ReplayOptions.Default).ReadAsync(Memory<Tick>.Empty));
    }

    [Fact]
    public async Task A_cancelled_read_is_cancelled()
    {
        var path = _files.Write("DGS10.csv", "DATE,DGS10\n2001-01-02,5.1\n");
        await using var source = ReplaySource.Open(path, ReplayOptions.Default);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await source.ReadAsync(new Tick[4], new CancellationToken(canceled: true)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Long_format_reads_without_allocating_per_row(bool gzip)
    {
        const int Steps = 20_000;
        const int Symbols = 10;
        var bytes = Encoding.UTF8.GetBytes(GenerateLong(Steps, Symbols));
        var stored = gzip ? ReplayFiles.Gzip(bytes) : bytes;
        await using var source = ReplaySource.Open(gzip ? "ticks.csv.gz" : "ticks.csv", () => new MemoryStream(stored), ReplayOptions.Default);
        var buffer = new Tick[1024];

        // Memory streams complete reads synchronously, so every row is parsed on this thread. Each run reads at least
        // 30,000 rows (whole reads, so under 31,024); the warm-up and at most four measured runs leave rows over.
        const int RunRows = 30_000;
        var total = 0;
        var fewestRows = int.MaxValue;
        var allocated = Allocations.Fewest(_ =>
        {
            var rows = ReadSynchronously(source, buffer, minRows: RunRows);
            fewestRows = Math.Min(fewestRows, rows);
            total += rows;
        });
        total += ReadSynchronously(source, buffer, minRows: int.MaxValue);

        Assert.True(fewestRows >= RunRows, $"a run read only {fewestRows} rows");
        Assert.Equal(Steps * Symbols, total);
        Assert.Equal(0, allocated);
    }

    /// <summary>Reads until at least <paramref name="minRows"/> rows or the end; returns the rows read.</summary>
    private static int ReadSynchronously(ReplaySource source, Tick[] buffer, int minRows)
    {
        var total = 0;
        while (total < minRows)
        {
            var pending = source.ReadAsync(buffer);
            var n = pending.IsCompletedSuccessfully ? pending.Result : throw new InvalidOperationException("The read did not complete synchronously.");
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    private async Task<List<(int, long, double, double, double, double)>> ReadRowsAsync(string path, int bufferLength)
    {
        await using var source = ReplaySource.Open(path, ReplayOptions.Default);
        return ReplayFiles.Rows(await ReplayFiles.ReadAllAsync(source, bufferLength));
    }

    private static async Task<List<(int, long, double, double, double, double)>> ReadRowsAsync(string name, Func<Stream> open, int bufferBytes)
    {
        // Other read buffers than the default stream the file, so tiny ones split lines across reads.
        var maxInMemoryBytes = bufferBytes == ReplaySource.DefaultBufferBytes ? ReplaySource.MaxInMemoryBytes : 0;
        await using var source = ReplaySource.Open(name, open, ReplayOptions.Default, bufferBytes, maxInMemoryBytes);
        return ReplayFiles.Rows(await ReplayFiles.ReadAllAsync(source, 5));
    }

    /// <summary>A long-format file shaped like the benchmark files: every symbol at every 250 ms step.</summary>
    internal static string GenerateLong(int steps, int symbols)
    {
        var text = new StringBuilder("ts_ms,symbol,price,volume\n");
        var random = new Random(7);
        for (var step = 0; step < steps; step++)
        {
            for (var s = 0; s < symbols; s++)
            {
                var price = (100 + s) * (1 + (random.NextDouble() / 100));
                text.Append(CultureInfo.InvariantCulture, $"{1_700_000_000_000L + (step * 250L)},SYM{s},{price:F5},{random.Next(1000)}\n");
            }
        }

        return text.ToString();
    }
}
