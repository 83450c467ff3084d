using Vigil.Core.Instruments;
using Vigil.Core.Market;

namespace Vigil.Core.Tests.Market;

public sealed class BarBuilderTests
{
    private static readonly InstrumentId Spx = new(3);

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    public void Non_positive_interval_is_rejected(long intervalNs) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BarBuilder(Spx, intervalNs));

    [Fact]
    public void Ticks_within_one_interval_aggregate_into_open_high_low_close_volume()
    {
        var builder = new BarBuilder(Spx, 1_000);
        Assert.False(builder.HasData);

        Assert.False(builder.Add(2_100, 10.0, 1.0, out _));
        Assert.False(builder.Add(2_200, 12.5, 2.0, out _));
        Assert.False(builder.Add(2_300, 9.0, 0.5, out _));
        Assert.False(builder.Add(2_999, 11.0, 3.0, out _));

        Assert.True(builder.HasData);
        var bar = builder.Current();
        Assert.Equal(Spx, bar.Instrument);
        Assert.Equal(2_000, bar.StartNs);
        Assert.Equal(1_000, bar.IntervalNs);
        Assert.Equal(3_000, bar.EndNs);
        Assert.Equal(10.0, bar.Open);
        Assert.Equal(12.5, bar.High);
        Assert.Equal(9.0, bar.Low);
        Assert.Equal(11.0, bar.Close);
        Assert.Equal(6.5, bar.Volume);
    }

    [Fact]
    public void Tick_in_the_next_interval_completes_the_bar_and_starts_a_new_one()
    {
        var builder = new BarBuilder(Spx, 60);
        builder.Add(0, 100.0, 1.0, out _);
        builder.Add(59, 101.0, 1.0, out _);

        Assert.True(builder.Add(60, 99.0, 4.0, out var completed));

        Assert.Equal(0, completed.StartNs);
        Assert.Equal(100.0, completed.Open);
        Assert.Equal(101.0, completed.High);
        Assert.Equal(100.0, completed.Low);
        Assert.Equal(101.0, completed.Close);
        Assert.Equal(2.0, completed.Volume);

        var current = builder.Current();
        Assert.Equal(60, current.StartNs);
        Assert.Equal(99.0, current.Open);
        Assert.Equal(99.0, current.High);
        Assert.Equal(99.0, current.Low);
        Assert.Equal(99.0, current.Close);
        Assert.Equal(4.0, current.Volume);
    }

    [Theory]
    [InlineData(1_234_567L, 1_000L, 1_234_000L)]
    [InlineData(1_234_000L, 1_000L, 1_234_000L)]
    [InlineData(0L, 1_000L, 0L)]
    [InlineData(999L, 1_000L, 0L)]
    [InlineData(-1L, 1_000L, -1_000L)]
    [InlineData(-1_000L, 1_000L, -1_000L)]
    [InlineData(-1_001L, 1_000L, -2_000L)]
    [InlineData(1_700_000_000_123_456_789L, 60_000_000_000L, 1_699_999_980_000_000_000L)] // Python integers: t // 60_000_000_000 * 60_000_000_000
    [InlineData(7L, 1L, 7L)]
    public void Bars_start_at_the_multiple_of_the_interval_at_or_before_the_tick(long timestampNs, long intervalNs, long expectedStartNs)
    {
        var builder = new BarBuilder(Spx, intervalNs);
        builder.Add(timestampNs, 1.0, 0.0, out _);

        var bar = builder.Current();
        Assert.Equal(expectedStartNs, bar.StartNs);
        Assert.Equal(0, bar.StartNs % intervalNs);
        Assert.InRange(timestampNs, bar.StartNs, bar.EndNs - 1);
    }

    [Fact]
    public void Gap_of_several_intervals_completes_one_bar_and_creates_none_for_the_empty_intervals()
    {
        var builder = new BarBuilder(Spx, 100);
        builder.Add(5, 1.0, 1.0, out _);

        Assert.True(builder.Add(351, 2.0, 1.0, out var completed));
        Assert.Equal(0, completed.StartNs);
        Assert.Equal(300, builder.Current().StartNs);

        Assert.False(builder.Add(399, 3.0, 1.0, out _));
        Assert.True(builder.Add(1_000, 4.0, 1.0, out completed));
        Assert.Equal(300, completed.StartNs);
        Assert.Equal(2.0, completed.Open);
        Assert.Equal(3.0, completed.Close);
        Assert.Equal(1_000, builder.Current().StartNs);
    }

    [Theory]
    [InlineData(1, 1_000L, 0L)]
    [InlineData(2, 1_000L, -500_000L)]
    [InlineData(3, 37L, -10_000L)]
    public void Random_ticks_give_the_bars_of_grouping_by_floored_interval(int seed, long intervalNs, long startNs)
    {
        var random = new Random(seed);
        var builder = new BarBuilder(Spx, intervalNs);
        var ticks = new List<(long T, double Price, double Volume)>();
        var bars = new List<Bar>();
        var t = startNs;
        for (var i = 0; i < 5_000; i++)
        {
            t += random.Next(10) == 0 ? random.NextInt64(5 * intervalNs) : random.NextInt64(intervalNs / 4 + 1);
            var price = 100.0 + random.NextDouble();
            var volume = random.Next(0, 5);
            ticks.Add((t, price, volume));
            if (builder.Add(t, price, volume, out var completed))
            {
                bars.Add(completed);
            }
        }

        bars.Add(builder.Current());

        // Reference: group by ⌊t / interval⌋ (floored with decimal arithmetic, not the builder's modulo).
        var expected = ticks
            .GroupBy(x => (long)Math.Floor((decimal)x.T / intervalNs))
            .Select(g => new
            {
                Start = g.Key * intervalNs,
                Open = g.First().Price,
                High = g.Max(x => x.Price),
                Low = g.Min(x => x.Price),
                Close = g.Last().Price,
                Volume = g.Sum(x => x.Volume),
            })
            .ToList();

        Assert.Equal(expected.Count, bars.Count);
        for (var k = 0; k < bars.Count; k++)
        {
            Assert.Equal(Spx, bars[k].Instrument);
            Assert.Equal(expected[k].Start, bars[k].StartNs);
            Assert.Equal(intervalNs, bars[k].IntervalNs);
            Assert.Equal(expected[k].Open, bars[k].Open);
            Assert.Equal(expected[k].High, bars[k].High);
            Assert.Equal(expected[k].Low, bars[k].Low);
            Assert.Equal(expected[k].Close, bars[k].Close);
            Assert.Equal(expected[k].Volume, bars[k].Volume);
        }
    }
}
