using Vigil.Core.Instruments;
using Vigil.Core.Numerics;
using Vigil.Core.Streaming;
using Vigil.Detection.Series;
using Vigil.Detection.Tests.Support;

namespace Vigil.Detection.Tests.Series;

public sealed class RollingZScoreDetectorTests
{
    private static readonly RollingZScoreOptions SmallWindow = new(WindowLength: 20, MinObservations: 10, FireThreshold: 3.0, FullScoreZ: 5.0);

    [Fact]
    public void Z_is_the_latest_log_return_against_the_mean_and_sample_deviation_of_the_previous_window()
    {
        // Occasional jumps so some readings fire and some saturate the score.
        var random = new Xoshiro256(11);
        var prices = new double[600];
        var price = 100.0;
        for (var i = 0; i < prices.Length; i++)
        {
            var jump = random.NextDouble() < 0.03 ? 0.01 * random.NextGaussian() : 0.0;
            price *= Math.Exp((0.001 * random.NextGaussian()) + jump);
            prices[i] = price;
        }

        var detector = new RollingZScoreDetector(ValueKind.Price, SmallWindow);
        var returns = new List<double>();
        int fired = 0, saturated = 0;
        for (var i = 0; i < prices.Length; i++)
        {
            var reading = detector.Update(i, prices[i], 1.0);
            if (i == 0)
            {
                Assert.True(double.IsNaN(reading.Raw));
                continue;
            }

            var r = Math.Log(prices[i] / prices[i - 1]);
            if (returns.Count < SmallWindow.MinObservations)
            {
                Assert.Equal(DetectorReading.NotReady, reading);
            }
            else
            {
                var from = Math.Max(0, returns.Count - SmallWindow.WindowLength);
                var z = (r - Reference.Mean(returns, from, returns.Count)) / Reference.SampleStdDev(returns, from, returns.Count);
                Close.Equal(z, reading.Raw, 1e-9, 1e-9, $"observation {i}");
                Close.Equal(Math.Min(1.0, Math.Abs(z) / 5.0), reading.Score, 1e-9, 1e-12);
                Assert.Equal(Math.Abs(z) >= 3.0, reading.Fired);
                Assert.Equal(reading, detector.Current);
                Assert.Equal(reading.Raw, detector.Z);
                fired += reading.Fired ? 1 : 0;
                saturated += reading.Score == 1.0 ? 1 : 0;
            }

            returns.Add(r);
        }

        Assert.InRange(fired, 5, 100);
        Assert.True(saturated > 0);
    }

    [Fact]
    public void Levels_use_differences_so_values_through_zero_are_scored()
    {
        // A level (a yield, a spread) wandering across zero: log returns would be undefined.
        var random = new Xoshiro256(12);
        var levels = new double[400];
        var level = 0.05;
        for (var i = 0; i < levels.Length; i++)
        {
            level += 0.02 * random.NextGaussian();
            levels[i] = level;
        }

        Assert.Contains(levels, v => v < 0);
        Assert.Contains(levels, v => v > 0);
        var detector = new RollingZScoreDetector(ValueKind.Level, SmallWindow);
        var changes = new List<double>();
        for (var i = 0; i < levels.Length; i++)
        {
            var reading = detector.Update(i, levels[i], 0.0);
            if (i == 0)
            {
                continue;
            }

            var d = levels[i] - levels[i - 1];
            if (changes.Count >= SmallWindow.MinObservations)
            {
                var from = Math.Max(0, changes.Count - SmallWindow.WindowLength);
                var z = (d - Reference.Mean(changes, from, changes.Count)) / Reference.SampleStdDev(changes, from, changes.Count);
                Close.Equal(z, reading.Raw, 1e-9, 1e-9, $"observation {i}");
            }

            changes.Add(d);
        }
    }

    [Fact]
    public void Ready_after_warm_up_period_observations_and_the_first_reading_follows()
    {
        var detector = new RollingZScoreDetector(ValueKind.Price, SmallWindow);
        Assert.Equal(SmallWindow.MinObservations + 1, detector.WarmUpPeriod);
        var prices = Reference.RandomWalk(13, 100);
        for (var i = 0; i < detector.WarmUpPeriod; i++)
        {
            Assert.False(detector.IsReady);
            Assert.True(double.IsNaN(detector.Update(i, prices[i], 0).Raw));
        }

        Assert.True(detector.IsReady);
        Assert.True(double.IsFinite(detector.Update(100, prices[detector.WarmUpPeriod], 0).Raw));
    }

    [Fact]
    public void A_move_out_of_a_flat_window_reads_the_flat_window_z_and_no_move_reads_zero()
    {
        var detector = new RollingZScoreDetector(ValueKind.Price, SmallWindow);
        for (var i = 0; i < 30; i++)
        {
            Assert.False(detector.Update(i, 50.0, 1.0).Fired);
        }

        var still = detector.Update(30, 50.0, 1.0);
        Assert.Equal(new DetectorReading(0.0, 0.0, false), still);
        var up = detector.Update(31, 50.01, 1.0);
        Assert.Equal(new DetectorReading(1.0, RollingZScoreDetector.FlatWindowZ, true), up);

        var down = new RollingZScoreDetector(ValueKind.Level, SmallWindow);
        for (var i = 0; i < 30; i++)
        {
            down.Update(i, -1.0, 0.0);
        }

        Assert.Equal(-RollingZScoreDetector.FlatWindowZ, down.Update(30, -1.5, 0.0).Raw);
        Assert.Equal(ZScoreBand.Extreme, down.Band);
    }

    [Fact]
    public void Reset_returns_to_the_initial_state()
    {
        var prices = Reference.RandomWalk(14, 200);
        var used = new RollingZScoreDetector(ValueKind.Price, SmallWindow);
        foreach (var p in Reference.RandomWalk(15, 77, start: 30))
        {
            used.Update(0, p, 1);
        }

        used.Reset();
        Assert.False(used.IsReady);
        Assert.Equal(DetectorReading.NotReady, used.Current);
        var fresh = new RollingZScoreDetector(ValueKind.Price, SmallWindow);
        for (var i = 0; i < prices.Length; i++)
        {
            Assert.Equal(fresh.Update(i, prices[i], 1), used.Update(i, prices[i], 1));
        }
    }

    [Fact]
    public void Scores_stay_within_zero_and_one()
    {
        var random = new Xoshiro256(16);
        var detector = new RollingZScoreDetector(ValueKind.Price, SmallWindow);
        var price = 100.0;
        for (var i = 0; i < 5_000; i++)
        {
            // Heavy tails: a Gaussian cubed.
            var g = random.NextGaussian();
            price *= Math.Exp(0.001 * g * g * g);
            var reading = detector.Update(i, price, 1);
            if (detector.IsReady && !double.IsNaN(reading.Raw))
            {
                Assert.InRange(reading.Score, 0.0, 1.0);
            }
        }
    }

    [Theory]
    [InlineData(0.0, ZScoreBand.Normal)]
    [InlineData(1.999, ZScoreBand.Normal)]
    [InlineData(-1.999, ZScoreBand.Normal)]
    [InlineData(2.0, ZScoreBand.Unusual)]
    [InlineData(-2.0, ZScoreBand.Unusual)]
    [InlineData(2.999, ZScoreBand.Unusual)]
    [InlineData(3.0, ZScoreBand.Significant)]
    [InlineData(-3.5, ZScoreBand.Significant)]
    [InlineData(3.999, ZScoreBand.Significant)]
    [InlineData(4.0, ZScoreBand.Extreme)]
    [InlineData(-4.0, ZScoreBand.Extreme)]
    [InlineData(100.0, ZScoreBand.Extreme)]
    [InlineData(double.NaN, ZScoreBand.Normal)]
    public void Bands_follow_the_two_three_four_boundaries(double z, ZScoreBand expected) =>
        Assert.Equal(expected, ZScoreBands.Classify(z));

    [Fact]
    public void Band_of_the_detector_is_the_band_of_its_latest_z()
    {
        var detector = new RollingZScoreDetector(ValueKind.Price, SmallWindow);
        var prices = Reference.RandomWalk(17, 2_000);
        var seen = new HashSet<ZScoreBand>();
        for (var i = 0; i < prices.Length; i++)
        {
            var reading = detector.Update(i, prices[i], 1);
            var a = Math.Abs(reading.Raw);
            var expected = double.IsNaN(a) || a < 2 ? ZScoreBand.Normal : a < 3 ? ZScoreBand.Unusual : a < 4 ? ZScoreBand.Significant : ZScoreBand.Extreme;
            Assert.Equal(expected, detector.Band);
            seen.Add(detector.Band);
        }

        Assert.Contains(ZScoreBand.Unusual, seen);
        Assert.Contains(ZScoreBand.Significant, seen);
    }

    [Fact]
    public void Invalid_options_report_every_problem_at_once()
    {
        var options = new RollingZScoreOptions(WindowLength: 5, MinObservations: 2, FireThreshold: 0, FullScoreZ: -1);
        var errors = options.Validate();
        Assert.Equal(4, errors.Count);
        var e = Assert.Throws<ArgumentException>(() => new RollingZScoreDetector(ValueKind.Price, options));
        foreach (var name in new[] { "WindowLength", "MinObservations", "FireThreshold", "FullScoreZ" })
        {
            Assert.Contains(name, e.Message, StringComparison.Ordinal);
        }

        Assert.Contains("MinObservations", Assert.Single(new RollingZScoreOptions(WindowLength: 20, MinObservations: 21).Validate()), StringComparison.Ordinal);
        Assert.Empty(new RollingZScoreOptions().Validate());
    }

    [Fact]
    public void Update_allocates_nothing_after_warm_up()
    {
        const int chunk = 10_000;
        var detector = new RollingZScoreDetector(ValueKind.Price, new RollingZScoreOptions());
        var prices = Reference.RandomWalk(18, 5 * chunk);
        double sink = 0;
        var allocated = Allocations.Fewest(run =>
        {
            for (var i = run * chunk; i < (run + 1) * chunk; i++)
            {
                sink += detector.Update(i, prices[i], 1.0).Score;
            }
        });

        Assert.Equal(0, allocated);
        Assert.True(double.IsFinite(sink));
    }
}
