using Vigil.Core.Numerics;
using Vigil.Core.Streaming;
using Vigil.Detection.Series;
using Vigil.Detection.Tests.Support;

namespace Vigil.Detection.Tests.Series;

public sealed class PriceSpikeDetectorTests
{
    [Fact]
    public void Fires_exactly_when_the_price_is_more_than_three_deviations_from_the_mean_of_the_previous_window()
    {
        const int window = 30;
        var random = new Xoshiro256(21);
        var prices = new List<double>();
        var price = 100.0;
        for (var i = 0; i < 3_000; i++)
        {
            price += 0.05 * random.NextGaussian();
            // An occasional print far off the walk, which the walk does not follow.
            prices.Add(random.NextDouble() < 0.02 ? price + (2.0 * random.NextGaussian()) : price);
        }

        var detector = new PriceSpikeDetector(new PriceSpikeOptions(WindowLength: window));
        int fired = 0, quiet = 0;
        for (var i = 0; i < prices.Count; i++)
        {
            var reading = detector.Update(i, prices[i], 0);
            if (i < window)
            {
                Assert.Equal(DetectorReading.NotReady, reading);
                continue;
            }

            var sigmas = (prices[i] - Reference.Mean(prices, i - window, i)) / Reference.SampleStdDev(prices, i - window, i);
            Close.Equal(sigmas, reading.Raw, 1e-8, 1e-8, $"price {i}");
            Close.Equal(Math.Min(1.0, Math.Abs(sigmas) / 6.0), reading.Score, 1e-8, 1e-12);
            if (Math.Abs(Math.Abs(sigmas) - 3.0) > 1e-6)
            {
                Assert.Equal(Math.Abs(sigmas) > 3.0, reading.Fired);
            }

            fired += reading.Fired ? 1 : 0;
            quiet += reading.Fired ? 0 : 1;
        }

        Assert.InRange(fired, 20, 300);
        Assert.True(quiet > 2_000);
    }

    [Fact]
    public void Exactly_three_deviations_does_not_fire_and_just_beyond_does()
    {
        // Window 99, 99, 100, 101, 101: mean 100, squared deviations sum to 4, sample deviation exactly 1.
        double[] window = [99, 99, 100, 101, 101];
        var options = new PriceSpikeOptions(WindowLength: 5);

        var at = Fill(new PriceSpikeDetector(options), window).Update(5, 103.0, 0);
        Assert.Equal(3.0, at.Raw, 12);
        Assert.False(at.Fired);
        Assert.Equal(0.5, at.Score, 12);

        var beyond = Fill(new PriceSpikeDetector(options), window).Update(5, 96.999, 0);
        Assert.Equal(-3.001, beyond.Raw, 9);
        Assert.True(beyond.Fired);

        static PriceSpikeDetector Fill(PriceSpikeDetector detector, double[] window)
        {
            for (var i = 0; i < window.Length; i++)
            {
                detector.Update(i, window[i], 0);
            }

            return detector;
        }
    }

    [Fact]
    public void A_price_off_a_flat_window_reads_the_flat_window_distance()
    {
        var detector = new PriceSpikeDetector(new PriceSpikeOptions(WindowLength: 10));
        for (var i = 0; i < 10; i++)
        {
            detector.Update(i, 42.0, 1);
        }

        Assert.Equal(new DetectorReading(0.0, 0.0, false), detector.Update(10, 42.0, 1));
        Assert.Equal(new DetectorReading(1.0, -RollingZScoreDetector.FlatWindowZ, true), detector.Update(11, 41.99, 1));
    }

    [Fact]
    public void Ready_once_the_window_is_full()
    {
        var detector = new PriceSpikeDetector(new PriceSpikeOptions(WindowLength: 12));
        Assert.Equal(12, detector.WarmUpPeriod);
        var prices = Reference.RandomWalk(22, 20);
        for (var i = 0; i < 12; i++)
        {
            Assert.False(detector.IsReady);
            Assert.Equal(DetectorReading.NotReady, detector.Update(i, prices[i], 0));
        }

        Assert.True(detector.IsReady);
        Assert.False(double.IsNaN(detector.Update(12, prices[12], 0).Raw));
    }

    [Fact]
    public void Reset_returns_to_the_initial_state()
    {
        var options = new PriceSpikeOptions(WindowLength: 15);
        var used = new PriceSpikeDetector(options);
        foreach (var p in Reference.RandomWalk(23, 40, start: 5))
        {
            used.Update(0, p, 0);
        }

        used.Reset();
        Assert.False(used.IsReady);
        Assert.Equal(DetectorReading.NotReady, used.Current);
        var fresh = new PriceSpikeDetector(options);
        var prices = Reference.RandomWalk(24, 200);
        for (var i = 0; i < prices.Length; i++)
        {
            Assert.Equal(fresh.Update(i, prices[i], 0), used.Update(i, prices[i], 0));
        }
    }

    [Fact]
    public void Scores_stay_within_zero_and_one()
    {
        var random = new Xoshiro256(25);
        var detector = new PriceSpikeDetector(new PriceSpikeOptions(WindowLength: 20));
        for (var i = 0; i < 5_000; i++)
        {
            var g = random.NextGaussian();
            var reading = detector.Update(i, 100 + (g * g * g), 0);
            Assert.InRange(reading.Score, 0.0, 1.0);
        }
    }

    [Fact]
    public void Invalid_options_report_every_problem_at_once()
    {
        var options = new PriceSpikeOptions(WindowLength: 4, FireSigmas: 0, FullScoreSigmas: -2);
        Assert.Equal(3, options.Validate().Count);
        var e = Assert.Throws<ArgumentException>(() => new PriceSpikeDetector(options));
        foreach (var name in new[] { "WindowLength", "FireSigmas", "FullScoreSigmas" })
        {
            Assert.Contains(name, e.Message, StringComparison.Ordinal);
        }

        Assert.Empty(new PriceSpikeOptions().Validate());
    }

    [Fact]
    public void Update_allocates_nothing_after_warm_up()
    {
        const int chunk = 10_000;
        var detector = new PriceSpikeDetector();
        var prices = Reference.RandomWalk(26, 5 * chunk);
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
