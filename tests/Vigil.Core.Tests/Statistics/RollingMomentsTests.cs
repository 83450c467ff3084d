using Vigil.Core.Statistics;
using Vigil.Core.Tests.Support;

namespace Vigil.Core.Tests.Statistics;

public sealed class RollingMomentsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-4)]
    public void Window_shorter_than_two_is_rejected(int windowLength) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RollingMoments(windowLength));

    [Fact]
    public void Empty_window_reports_zeros()
    {
        var rolling = new RollingMoments(5);

        Assert.Equal(5, rolling.WindowLength);
        Assert.Equal(0, rolling.Count);
        Assert.False(rolling.IsFull);
        Assert.Equal(0.0, rolling.Mean);
        Assert.Equal(0.0, rolling.Variance);
        Assert.Equal(0.0, rolling.Last);
    }

    [Fact]
    public void Before_the_window_fills_the_moments_are_those_of_every_value_so_far()
    {
        var rolling = new RollingMoments(10);
        var seen = new List<double>();
        var random = new Random(11);
        for (var i = 0; i < 9; i++)
        {
            var v = Naive.Gaussian(random) * 3.0;
            rolling.Add(v);
            seen.Add(v);

            Assert.Equal(i + 1, rolling.Count);
            Assert.False(rolling.IsFull);
            Close.Equal(Naive.Mean(seen.ToArray()), rolling.Mean, 1e-13, 1e-15);
            Close.Equal(Naive.SampleVariance(seen.ToArray()), rolling.Variance, 1e-12, 1e-15);
        }

        rolling.Add(1.0);
        Assert.True(rolling.IsFull);
        Assert.Equal(10, rolling.Count);
    }

    [Theory]
    [InlineData(2, 0.0, 1.0, 1)]
    [InlineData(3, 0.0, 1.0, 2)]
    [InlineData(20, 50.0, 2.0, 3)]
    [InlineData(64, -1e3, 1e-2, 4)]
    [InlineData(250, 0.0, 1e4, 5)]
    public void Rolling_mean_and_variance_match_two_pass_over_the_last_window_at_every_step(
        int windowLength, double location, double scale, int seed)
    {
        var rolling = new RollingMoments(windowLength);
        var values = new List<double>();
        var random = new Random(seed);
        // Long enough for many exact recomputes (one every windowLength values) and the drift between them.
        var n = (windowLength * 12) + 7;
        for (var i = 0; i < n; i++)
        {
            var v = location + (scale * Naive.Gaussian(random));
            rolling.Add(v);
            values.Add(v);

            var window = Naive.LastWindow(values, windowLength);
            Assert.Equal(window.Length, rolling.Count);
            Close.Equal(Naive.Mean(window), rolling.Mean, 1e-12, 1e-12 * scale, $"mean at step {i}");
            Close.Equal(Naive.SampleVariance(window), rolling.Variance, 1e-9, 1e-12 * scale * scale, $"variance at step {i}");
            Assert.Equal(Math.Sqrt(rolling.Variance), rolling.StdDev);
        }
    }

    [Fact]
    public void Rolling_variance_stays_accurate_with_a_large_offset_over_several_recomputes()
    {
        const int window = 100;
        var rolling = new RollingMoments(window);
        var values = new List<double>();
        var random = new Random(99);
        for (var i = 0; i < window * 8 + 31; i++)
        {
            var v = 1e9 + Naive.Gaussian(random);
            rolling.Add(v);
            values.Add(v);

            var span = Naive.LastWindow(values, window);
            if (span.Length < 2)
            {
                continue;
            }

            // The offset's ulp (1.2e-7) limits any method, the two-pass reference included, to about 1e-6 here.
            Close.Equal(Naive.SampleVariance(span), rolling.Variance, 1e-5, 0, $"variance at step {i}");
            Close.Equal(Naive.Mean(span), rolling.Mean, 1e-15, 0, $"mean at step {i}");
        }
    }

    [Fact]
    public void Rolling_variance_tracks_a_hundredfold_drop_in_volatility()
    {
        const int window = 50;
        var rolling = new RollingMoments(window);
        var values = new List<double>();
        var random = new Random(5);
        for (var i = 0; i < window * 6; i++)
        {
            // A crisis regime (scale 100) for two windows, then calm (scale 1): the window's sums shrink by 1e4.
            var scale = i < 2 * window ? 100.0 : 1.0;
            var v = scale * Naive.Gaussian(random);
            rolling.Add(v);
            values.Add(v);

            var span = Naive.LastWindow(values, window);
            Close.Equal(Naive.SampleVariance(span), rolling.Variance, 1e-9, 1e-12, $"variance at step {i}");
        }
    }

    [Fact]
    public void Window_of_two_holds_the_closed_form_of_the_last_pair()
    {
        var rolling = new RollingMoments(2);
        double[] values = [3.0, -1.0, 10.5, 10.5, 1e-3, 7.0];
        rolling.Add(values[0]);
        for (var i = 1; i < values.Length; i++)
        {
            rolling.Add(values[i]);
            var (a, b) = (values[i - 1], values[i]);
            // Mean (a + b)/2, sample variance (a − b)²/2.
            Close.Equal((a + b) / 2, rolling.Mean, 1e-15, 1e-15);
            Close.Equal((a - b) * (a - b) / 2, rolling.Variance, 1e-14, 1e-15);
            Assert.Equal(b, rolling.Last);
        }
    }

    [Fact]
    public void Last_is_the_most_recent_value_through_wrap_around()
    {
        var rolling = new RollingMoments(3);
        for (var i = 1; i <= 10; i++)
        {
            rolling.Add(i * 1.5);
            Assert.Equal(i * 1.5, rolling.Last);
        }
    }

    [Fact]
    public void Variance_is_zero_once_only_equal_values_remain()
    {
        var rolling = new RollingMoments(4);
        foreach (var v in new[] { 1e3, -7.0, 0.3, 42.0, 5.5, 5.5, 5.5, 5.5 })
        {
            rolling.Add(v);
            Assert.True(rolling.Variance >= 0);
        }

        Close.Equal(5.5, rolling.Mean, 1e-15);
        Assert.True(rolling.Variance < 1e-24, $"variance {rolling.Variance}");
    }

    [Fact]
    public void Reset_forgets_every_value_and_starts_a_fresh_window()
    {
        var rolling = new RollingMoments(4);
        foreach (var v in new[] { 100.0, 200.0, 300.0, 400.0, 500.0, 600.0 })
        {
            rolling.Add(v);
        }

        rolling.Reset();

        Assert.Equal(0, rolling.Count);
        Assert.False(rolling.IsFull);
        Assert.Equal(0.0, rolling.Mean);
        Assert.Equal(0.0, rolling.Variance);
        Assert.Equal(0.0, rolling.Last);

        var values = new List<double>();
        foreach (var v in new[] { 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0 })
        {
            rolling.Add(v);
            values.Add(v);
            var span = Naive.LastWindow(values, 4);
            Close.Equal(Naive.Mean(span), rolling.Mean, 1e-14);
            Close.Equal(Naive.SampleVariance(span), rolling.Variance, 1e-12, 1e-15);
            Assert.Equal(v, rolling.Last);
        }
    }
}
