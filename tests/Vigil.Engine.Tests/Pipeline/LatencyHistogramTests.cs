using Vigil.Core.Numerics;
using Vigil.Engine.Pipeline;

namespace Vigil.Engine.Tests.Pipeline;

public sealed class LatencyHistogramTests
{
    /// <summary>The exact q-quantile as the histogram defines it: the value of rank ⌈q·n⌉ (at least 1) in sorted order.</summary>
    private static long ExactQuantile(long[] sorted, double q) =>
        sorted[Math.Max(1, (int)Math.Ceiling(q * sorted.Length)) - 1];

    [Fact]
    public void Quantiles_are_within_one_sixteenth_above_the_exact_sorted_quantile()
    {
        // Durations spread log-uniformly from 20 ns to 20 ms.
        var random = new Xoshiro256(91);
        var durations = new long[20_000];
        var histogram = new LatencyHistogram();
        for (var i = 0; i < durations.Length; i++)
        {
            durations[i] = (long)Math.Exp(random.NextDouble(Math.Log(20), Math.Log(2e7)));
            histogram.Record(durations[i]);
        }

        var sorted = durations.Order().ToArray();
        foreach (var q in new[] { 0.0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1.0 })
        {
            var exact = ExactQuantile(sorted, q);
            var estimate = histogram.QuantileNs(q);
            Assert.True(estimate >= exact && estimate <= exact + (exact / 16), $"q {q}: exact {exact}, histogram {estimate}");
        }

        Assert.Equal(sorted[^1], histogram.QuantileNs(1.0));
        Assert.Equal(durations.Length, histogram.Count);
        Assert.Equal(sorted[^1], histogram.MaxNs);
        Assert.Equal(durations.Sum(d => (double)d), histogram.TotalNs);
    }

    [Fact]
    public void Durations_below_sixteen_nanoseconds_are_exact()
    {
        var histogram = new LatencyHistogram();
        for (var d = 0; d < 16; d++)
        {
            histogram.Record(d);
        }

        for (var k = 1; k <= 16; k++)
        {
            Assert.Equal(k - 1, histogram.QuantileNs(k / 16.0));
        }
    }

    [Fact]
    public void Every_power_of_two_range_keeps_sixteenth_precision()
    {
        // One value at the bottom and one at the top of each sub-bucket, up to a few seconds.
        for (var power = 4; power < 33; power++)
        {
            foreach (var d in new[] { 1L << power, (1L << power) + 1, (3L << (power - 1)) - 1, (2L << power) - 1 })
            {
                var histogram = new LatencyHistogram();
                histogram.Record(d);
                histogram.Record(long.MaxValue / 4);
                var estimate = histogram.QuantileNs(0.5);
                Assert.True(estimate >= d && estimate <= d + (d / 16), $"{d}: {estimate}");
            }
        }
    }

    [Fact]
    public void Negative_durations_count_as_zero_and_an_empty_histogram_reads_zero()
    {
        var histogram = new LatencyHistogram();
        Assert.Equal(0, histogram.QuantileNs(0.99));
        histogram.Record(-5);
        Assert.Equal(1, histogram.Count);
        Assert.Equal(0, histogram.QuantileNs(1));
        Assert.Equal(0.0, histogram.TotalNs);

        histogram.Record(1_000);
        histogram.Reset();
        Assert.Equal(0, histogram.Count);
        Assert.Equal(0, histogram.MaxNs);
        Assert.Equal(0.0, histogram.TotalNs);
        Assert.Equal(0, histogram.QuantileNs(0.5));
    }

    [Fact]
    public void Quantile_arguments_outside_zero_and_one_are_clamped()
    {
        var histogram = new LatencyHistogram();
        for (var d = 1; d <= 10; d++)
        {
            histogram.Record(d);
        }

        Assert.Equal(1, histogram.QuantileNs(-3));
        Assert.Equal(10, histogram.QuantileNs(7));
    }

    [Fact]
    public void Record_allocates_nothing()
    {
        var histogram = new LatencyHistogram();
        var allocated = Allocations.Fewest(_ =>
        {
            for (var i = 0; i < 100_000; i++)
            {
                histogram.Record(i * 37L);
            }
        });

        Assert.Equal(0, allocated);
        Assert.True(histogram.Count >= 200_000);
    }
}
