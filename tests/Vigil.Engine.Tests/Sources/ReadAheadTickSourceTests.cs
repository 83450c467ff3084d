using Vigil.Core.Instruments;
using Vigil.Core.Market;
using Vigil.Engine.Replay;
using Vigil.Engine.Sources;

namespace Vigil.Engine.Tests.Sources;

public sealed class ReadAheadTickSourceTests
{
    private static Tick[] Ticks(int count)
    {
        var ticks = new Tick[count];
        for (var i = 0; i < count; i++)
        {
            ticks[i] = new Tick(new InstrumentId(i % 18), 1_000_000_000L + (i / 18 * 250_000_000L), 100 + i, i % 7);
        }

        return ticks;
    }

    private static async Task<List<Tick>> ReadAll(ReadAheadTickSource source, int bufferLength)
    {
        var all = new List<Tick>();
        var buffer = new Tick[bufferLength];
        int n;
        while ((n = await source.ReadAsync(buffer)) > 0)
        {
            all.AddRange(buffer.AsSpan(0, n));
        }

        return all;
    }

    [Theory]
    [InlineData(1, 4096, 2)]
    [InlineData(7, 100, 3)]
    [InlineData(5000, 333, 2)]
    [InlineData(64, 64, 8)]
    public async Task Delivers_every_tick_in_order_whatever_the_buffer_and_chunk_sizes(int bufferLength, int chunkLength, int chunkCount)
    {
        var expected = Ticks(20_000);
        await using var source = new ReadAheadTickSource(new ArrayTickSource(expected, maxPerRead: 1000), chunkLength, chunkCount);

        var actual = await ReadAll(source, bufferLength);

        Assert.Equal(expected.Length, actual.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].TimestampNs, actual[i].TimestampNs);
            Assert.Equal(expected[i].Instrument, actual[i].Instrument);
            Assert.Equal(expected[i].Price, actual[i].Price);
        }

        Assert.Equal(0, await source.ReadAsync(new Tick[10]));
    }

    [Fact]
    public async Task A_strict_replay_error_surfaces_at_the_consumer_after_the_good_rows()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vigil-readahead-{Guid.NewGuid():N}.csv");
        var lines = new List<string> { "ts_ms,symbol,price,volume" };
        for (var i = 0; i < 50; i++)
        {
            lines.Add($"{1_700_000_000_000 + (i * 250)},SPX,{4500 + i},10");
        }

        lines.Add("1700000012500,SPX,not-a-number,10");
        await File.WriteAllLinesAsync(path, lines);
        try
        {
            await using var source = new ReadAheadTickSource(ReplaySource.Open(path, new ReplayOptions { Strict = true }), chunkLength: 8, chunkCount: 2);
            var buffer = new Tick[4];
            var read = 0;
            var error = await Assert.ThrowsAsync<ReplayException>(async () =>
            {
                int n;
                while ((n = await source.ReadAsync(buffer)) > 0)
                {
                    read += n;
                }
            });

            Assert.Contains(":52:", error.Message, StringComparison.Ordinal);
            Assert.True(read <= 50, $"read {read} ticks, more than the good rows");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Disposing_before_the_end_stops_the_reader_and_disposes_the_inner_source()
    {
        var inner = new ArrayTickSource(Ticks(100_000), maxPerRead: 100);
        var source = new ReadAheadTickSource(inner, chunkLength: 100, chunkCount: 2);
        var buffer = new Tick[10];
        Assert.Equal(10, await source.ReadAsync(buffer));

        await source.DisposeAsync();

        Assert.True(inner.Disposed);
    }

    [Fact]
    public void Rejects_chunk_settings_that_cannot_work()
    {
        var inner = new ArrayTickSource(Ticks(10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReadAheadTickSource(inner, chunkLength: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReadAheadTickSource(inner, chunkCount: 1));
    }
}
