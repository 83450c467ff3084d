using Vigil.Core.Statistics;
using Vigil.Core.Tests.Support;

namespace Vigil.Core.Tests.Statistics;

public sealed class RollingQuantileTests
{
    private static readonly double[] Probabilities = [0.0, 0.01, 0.1, 0.25, 1.0 / 3.0, 0.5, 0.66, 0.75, 0.9, 0.99, 1.0];

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Non_positive_window_is_rejected(int windowLength) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RollingQuantile(windowLength));

    [Fact]
    public void Empty_window_has_no_quantiles_and_counts_nothing()
    {
        var quantile = new RollingQuantile(4);

        Assert.Equal(4, quantile.WindowLength);
        Assert.Equal(0, quantile.Count);
        Assert.True(double.IsNaN(quantile.Min));
        Assert.True(double.IsNaN(quantile.Max));
        Assert.True(double.IsNaN(quantile.Quantile(0.5)));
        Assert.Equal(0, quantile.CountBelow(1.0));
        Assert.Equal(0, quantile.CountAtOrAbove(1.0));
    }

    [Fact]
    public void Quantiles_match_numpy_linear_interpolation_on_the_last_window()
    {
        var quantile = new RollingQuantile(10);
        // The first two values are evicted; the window is the last ten.
        foreach (var v in new[] { 9.0, -3.0, 3.5, -1.25, 7.0, 7.0, 0.5, 2.25, -4.0, 10.0, 3.5, 6.75 })
        {
            quantile.Add(v);
        }

        // numpy 1.24.2: np.quantile([3.5, -1.25, 7.0, 7.0, 0.5, 2.25, -4.0, 10.0, 3.5, 6.75], p) (method='linear').
        (double P, double Expected)[] numpy =
        [
            (0.0, -4.0), (0.1, -1.525), (0.25, 0.9375), (1.0 / 3.0, 2.25), (0.5, 3.5), (0.66, 6.5550000000000015),
            (0.75, 6.9375), (0.9, 7.299999999999999), (0.95, 8.649999999999997), (0.999, 9.972999999999999), (1.0, 10.0),
        ];
        foreach (var (p, expected) in numpy)
        {
            Close.Equal(expected, quantile.Quantile(p), 1e-14, 1e-14, $"p = {p}");
        }
    }

    [Theory]
    [InlineData(1, 1, false)]
    [InlineData(2, 2, true)]
    [InlineData(37, 3, false)]
    [InlineData(37, 4, true)]
    [InlineData(200, 5, true)]
    public void Counts_and_quantiles_match_sorting_the_last_window_at_every_step(int windowLength, int seed, bool ties)
    {
        var quantile = new RollingQuantile(windowLength);
        var values = new List<double>();
        var random = new Random(seed);
        // Several full turns of the window, capped to keep the sorting reference cheap.
        for (var step = 0; step < Math.Min(windowLength * 6, 700) + 50; step++)
        {
            // Ties come from a small set of half-integers; otherwise continuous values.
            var v = ties ? random.Next(-6, 7) / 2.0 : Naive.Gaussian(random) * 10.0;
            quantile.Add(v);
            values.Add(v);

            var sorted = Naive.LastWindow(values, windowLength).ToArray();
            Array.Sort(sorted);
            Assert.Equal(sorted.Length, quantile.Count);
            Assert.Equal(sorted[0], quantile.Min);
            Assert.Equal(sorted[^1], quantile.Max);

            foreach (var probe in Probes(sorted, v))
            {
                var below = sorted.Count(x => x < probe);
                Assert.Equal(below, quantile.CountBelow(probe));
                Assert.Equal(sorted.Length - below, quantile.CountAtOrAbove(probe));
            }

            foreach (var p in Probabilities)
            {
                Close.Equal(LinearQuantile(sorted, p), quantile.Quantile(p), 1e-14, 1e-13, $"p = {p} at step {step}");
            }
        }
    }

    [Fact]
    public void Eviction_follows_arrival_order_not_sorted_order()
    {
        var quantile = new RollingQuantile(3);
        quantile.Add(5.0);
        quantile.Add(1.0);
        quantile.Add(3.0);

        quantile.Add(4.0); // evicts 5, the oldest, although it is the largest
        Assert.Equal(4.0, quantile.Max);
        Assert.Equal(1.0, quantile.Min);

        quantile.Add(2.0); // evicts 1
        Assert.Equal(2.0, quantile.Min);
        Assert.Equal(3.0, quantile.Quantile(0.5)); // {3, 4, 2}

        quantile.Add(9.0); // evicts 3
        Assert.Equal(4.0, quantile.Quantile(0.5)); // {4, 2, 9}
        Assert.Equal(3, quantile.Count);
    }

    [Fact]
    public void Tied_values_are_evicted_one_at_a_time()
    {
        var quantile = new RollingQuantile(3);
        quantile.Add(2.0);
        quantile.Add(2.0);
        quantile.Add(2.0);
        Assert.Equal(3, quantile.CountAtOrAbove(2.0));
        Assert.Equal(0, quantile.CountBelow(2.0));

        quantile.Add(3.0);
        Assert.Equal(2, quantile.CountBelow(3.0));
        Assert.Equal(3, quantile.CountAtOrAbove(2.0));
        Assert.Equal(1, quantile.CountAtOrAbove(2.5));

        quantile.Add(1.0);
        Assert.Equal(1, quantile.CountBelow(2.0));
        Assert.Equal(2, quantile.CountAtOrAbove(2.0));
        Assert.Equal(2.0, quantile.Quantile(0.5)); // {2, 3, 1}
    }

    [Fact]
    public void Infinite_values_are_ranked_at_the_ends()
    {
        var quantile = new RollingQuantile(4);
        quantile.Add(double.PositiveInfinity);
        quantile.Add(0.0);
        quantile.Add(double.NegativeInfinity);

        Assert.Equal(double.NegativeInfinity, quantile.Min);
        Assert.Equal(double.PositiveInfinity, quantile.Max);
        Assert.Equal(1, quantile.CountBelow(0.0));
        Assert.Equal(1, quantile.CountAtOrAbove(1e308));
    }

    [Fact]
    public void NaN_is_rejected_and_leaves_the_window_unchanged()
    {
        var quantile = new RollingQuantile(3);
        quantile.Add(1.0);
        quantile.Add(2.0);

        Assert.Throws<ArgumentException>(() => quantile.Add(double.NaN));

        Assert.Equal(2, quantile.Count);
        Assert.Equal(1.0, quantile.Min);
        Assert.Equal(2.0, quantile.Max);
    }

    [Fact]
    public void Reset_forgets_every_value()
    {
        var quantile = new RollingQuantile(3);
        foreach (var v in new[] { 10.0, 20.0, 30.0, 40.0 })
        {
            quantile.Add(v);
        }

        quantile.Reset();

        Assert.Equal(0, quantile.Count);
        Assert.True(double.IsNaN(quantile.Min));
        Assert.Equal(0, quantile.CountAtOrAbove(0.0));

        quantile.Add(-1.0);
        quantile.Add(-3.0);
        Assert.Equal(-3.0, quantile.Min);
        Assert.Equal(-1.0, quantile.Max);
        Assert.Equal(-2.0, quantile.Quantile(0.5));
        Assert.Equal(2, quantile.Count);
    }

    /// <summary>numpy's default ('linear', Hyndman–Fan type 7): h = (n − 1)p, interpolate between x[⌊h⌋] and x[⌊h⌋ + 1].</summary>
    private static double LinearQuantile(double[] sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        var below = (int)Math.Floor(h);
        if (below >= sorted.Length - 1)
        {
            return sorted[^1];
        }

        var fraction = h - below;
        return (sorted[below] * (1 - fraction)) + (sorted[below + 1] * fraction);
    }

    /// <summary>Values to rank: every value held, the newest, points between and beyond them.</summary>
    private static IEnumerable<double> Probes(double[] sorted, double newest)
    {
        yield return newest;
        yield return sorted[0] - 1;
        yield return sorted[^1] + 1;
        for (var i = 0; i < sorted.Length; i += Math.Max(1, sorted.Length / 8))
        {
            yield return sorted[i];
            yield return sorted[i] + 0.25;
        }
    }
}
