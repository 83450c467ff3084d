using Vigil.Core.Statistics;

namespace Vigil.Core.Tests.Statistics;

public sealed class SlidingWindowExtremesTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(-10L)]
    public void Non_positive_window_is_rejected(long windowNs) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SlidingWindowExtremes(windowNs));

    [Fact]
    public void Empty_window_has_no_extremes()
    {
        var extremes = new SlidingWindowExtremes(1_000);

        Assert.Equal(1_000, extremes.WindowNs);
        Assert.True(extremes.IsEmpty);
        Assert.True(double.IsNaN(extremes.Max));
        Assert.True(double.IsNaN(extremes.Min));
    }

    [Theory]
    [InlineData(100L, 1, false)]
    [InlineData(100L, 2, true)]
    [InlineData(1L, 3, true)]
    [InlineData(5_000L, 4, false)]
    [InlineData(5_000L, 5, true)]
    public void Extremes_and_their_timestamps_match_brute_force_over_the_window(long windowNs, int seed, bool ties)
    {
        var extremes = new SlidingWindowExtremes(windowNs);
        var history = new List<(long T, double V)>();
        var random = new Random(seed);
        var t = -1_000L;
        for (var step = 0; step < 8_000; step++)
        {
            // Steps of 0 (equal timestamps) up to a little more than the window, mostly small.
            t += random.Next(10) == 0 ? random.NextInt64(windowNs + 2) : random.Next(0, 4);
            var v = ties ? random.Next(0, 8) : random.NextDouble();
            extremes.Add(t, v);
            history.Add((t, v));

            var (max, maxT, min, minT) = BruteForce(history, t - windowNs);
            Assert.False(extremes.IsEmpty);
            Assert.Equal(max, extremes.Max);
            Assert.Equal(maxT, extremes.MaxTimestampNs);
            Assert.Equal(min, extremes.Min);
            Assert.Equal(minT, extremes.MinTimestampNs);
        }
    }

    [Fact]
    public void Monotonic_runs_longer_than_the_initial_capacity_are_kept_whole()
    {
        const long window = 10_000;
        var extremes = new SlidingWindowExtremes(window);
        var history = new List<(long T, double V)>();
        var t = 0L;
        // A long falling run fills the max queue, a long rising run the min queue; each far beyond 16 entries.
        for (var i = 0; i < 3_000; i++)
        {
            t += 7;
            var v = i < 1_500 ? -i : i - 3_000;
            extremes.Add(t, v);
            history.Add((t, v));

            var (max, maxT, min, minT) = BruteForce(history, t - window);
            Assert.Equal(max, extremes.Max);
            Assert.Equal(maxT, extremes.MaxTimestampNs);
            Assert.Equal(min, extremes.Min);
            Assert.Equal(minT, extremes.MinTimestampNs);
        }
    }

    [Fact]
    public void Value_exactly_one_window_old_is_dropped()
    {
        var extremes = new SlidingWindowExtremes(100);
        extremes.Add(0, 5.0);
        extremes.Add(99, 1.0);
        Assert.Equal(5.0, extremes.Max); // 99 ns old: still inside

        extremes.Add(100, 2.0);
        Assert.Equal(2.0, extremes.Max); // the 5 at t = 0 is now exactly 100 ns old
        Assert.Equal(100, extremes.MaxTimestampNs);
        Assert.Equal(1.0, extremes.Min);
        Assert.Equal(99, extremes.MinTimestampNs);
    }

    [Fact]
    public void After_a_gap_longer_than_the_window_only_the_newest_value_remains()
    {
        var extremes = new SlidingWindowExtremes(50);
        for (var t = 0L; t < 40; t++)
        {
            extremes.Add(t, Math.Sin(t));
        }

        extremes.Add(1_000_000, 0.25);

        Assert.False(extremes.IsEmpty);
        Assert.Equal(0.25, extremes.Max);
        Assert.Equal(0.25, extremes.Min);
        Assert.Equal(1_000_000, extremes.MaxTimestampNs);
        Assert.Equal(1_000_000, extremes.MinTimestampNs);
    }

    [Fact]
    public void Ties_report_the_latest_timestamp()
    {
        var extremes = new SlidingWindowExtremes(1_000);
        extremes.Add(10, 3.0);
        extremes.Add(20, 1.0);
        extremes.Add(30, 3.0);
        extremes.Add(40, 1.0);

        Assert.Equal(30, extremes.MaxTimestampNs);
        Assert.Equal(40, extremes.MinTimestampNs);
    }

    [Fact]
    public void Reset_forgets_every_value()
    {
        var extremes = new SlidingWindowExtremes(1_000);
        extremes.Add(1, 100.0);
        extremes.Add(2, -100.0);

        extremes.Reset();

        Assert.True(extremes.IsEmpty);
        Assert.True(double.IsNaN(extremes.Max));

        extremes.Add(3, 7.0);
        Assert.Equal(7.0, extremes.Max);
        Assert.Equal(7.0, extremes.Min);
    }

    /// <summary>The extremes of the values newer than <paramref name="cutoff"/> (always including the newest) and the latest timestamp of each.</summary>
    private static (double Max, long MaxT, double Min, long MinT) BruteForce(List<(long T, double V)> history, long cutoff)
    {
        double max = double.NegativeInfinity, min = double.PositiveInfinity;
        long maxT = 0, minT = 0;
        // Timestamps are non-decreasing, so scan back from the newest until the cut-off; strict comparisons keep
        // the latest of tied values.
        for (var k = history.Count - 1; k >= 0; k--)
        {
            var (t, v) = history[k];
            if (t <= cutoff && k != history.Count - 1)
            {
                break;
            }

            if (v > max)
            {
                (max, maxT) = (v, t);
            }

            if (v < min)
            {
                (min, minT) = (v, t);
            }
        }

        return (max, maxT, min, minT);
    }
}
