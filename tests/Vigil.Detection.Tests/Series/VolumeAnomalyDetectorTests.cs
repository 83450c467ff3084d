using Vigil.Core.Numerics;
using Vigil.Core.Streaming;
using Vigil.Detection.Series;
using Vigil.Detection.Tests.Support;

namespace Vigil.Detection.Tests.Series;

public sealed class VolumeAnomalyDetectorTests
{
    private static readonly VolumeAnomalyOptions SmallWindow = new(WindowLength: 25, MinObservations: 10, FireThreshold: 3.0, FullScoreZ: 5.0);

    private static (double[] Prices, double[] Volumes) Market(ulong seed, int length)
    {
        var random = new Xoshiro256(seed);
        var prices = Reference.RandomWalk(seed + 1000, length);
        var volumes = new double[length];
        for (var i = 0; i < length; i++)
        {
            // Lognormal volumes with occasional surges.
            var surge = random.NextDouble() < 0.02 ? 20.0 : 1.0;
            volumes[i] = surge * 500.0 * Math.Exp(0.4 * random.NextGaussian());
        }

        return (prices, volumes);
    }

    [Fact]
    public void Z_is_log_one_plus_volume_against_the_previous_window()
    {
        var (prices, volumes) = Market(31, 1_500);
        var detector = new VolumeAnomalyDetector(SmallWindow);
        var logVolumes = new List<double>();
        var fired = 0;
        for (var i = 0; i < prices.Length; i++)
        {
            var reading = detector.Update(i, prices[i], volumes[i]);
            var logVolume = Math.Log(1.0 + volumes[i]);
            if (logVolumes.Count < SmallWindow.MinObservations)
            {
                Assert.Equal(DetectorReading.NotReady, reading);
            }
            else
            {
                var from = Math.Max(0, logVolumes.Count - SmallWindow.WindowLength);
                var z = (logVolume - Reference.Mean(logVolumes, from, logVolumes.Count)) / Reference.SampleStdDev(logVolumes, from, logVolumes.Count);
                Close.Equal(z, reading.Raw, 1e-9, 1e-9, $"observation {i}");
                Close.Equal(Math.Min(1.0, Math.Abs(z) / 5.0), reading.Score, 1e-9, 1e-12);
                Assert.Equal(Math.Abs(z) >= 3.0, reading.Fired);
                fired += reading.Fired ? 1 : 0;
            }

            logVolumes.Add(logVolume);
        }

        Assert.InRange(fired, 5, 100);
    }

    [Fact]
    public void Vwap_is_the_volume_weighted_mean_price_over_the_window_including_the_latest()
    {
        var (prices, volumes) = Market(32, 2_000);
        var detector = new VolumeAnomalyDetector(SmallWindow);
        for (var i = 0; i < prices.Length; i++)
        {
            detector.Update(i, prices[i], volumes[i]);
            double pv = 0, v = 0;
            for (var k = Math.Max(0, i - SmallWindow.WindowLength + 1); k <= i; k++)
            {
                pv += prices[k] * volumes[k];
                v += volumes[k];
            }

            Close.Equal(pv / v, detector.Vwap, 1e-10, 0, $"observation {i}");
        }
    }

    [Fact]
    public void Volume_ratio_is_the_latest_volume_over_the_mean_of_the_window_before_it()
    {
        var (prices, volumes) = Market(33, 300);
        var detector = new VolumeAnomalyDetector(SmallWindow);
        Assert.True(double.IsNaN(detector.VolumeRatio));
        detector.Update(0, prices[0], volumes[0]);
        Assert.True(double.IsNaN(detector.VolumeRatio));
        for (var i = 1; i < prices.Length; i++)
        {
            detector.Update(i, prices[i], volumes[i]);
            var from = Math.Max(0, i - SmallWindow.WindowLength);
            Close.Equal(volumes[i] / Reference.Mean(volumes, from, i), detector.VolumeRatio, 1e-10, 0, $"observation {i}");
        }
    }

    [Fact]
    public void A_series_without_volume_never_becomes_ready()
    {
        var detector = new VolumeAnomalyDetector(SmallWindow);
        var prices = Reference.RandomWalk(34, 500);
        for (var i = 0; i < prices.Length; i++)
        {
            Assert.Equal(DetectorReading.NotReady, detector.Update(i, prices[i], 0.0));
        }

        Assert.False(detector.IsReady);
        Assert.True(double.IsNaN(detector.Vwap));
        Assert.True(double.IsNaN(detector.VolumeRatio));
    }

    [Fact]
    public void Ready_after_warm_up_period_observations_with_varying_volume()
    {
        var (prices, volumes) = Market(35, 50);
        var detector = new VolumeAnomalyDetector(SmallWindow);
        Assert.Equal(SmallWindow.MinObservations, detector.WarmUpPeriod);
        for (var i = 0; i < detector.WarmUpPeriod; i++)
        {
            Assert.False(detector.IsReady);
            detector.Update(i, prices[i], volumes[i]);
        }

        Assert.True(detector.IsReady);
        Assert.False(double.IsNaN(detector.Update(99, prices[20], volumes[20]).Raw));
    }

    [Fact]
    public void Reset_returns_to_the_initial_state()
    {
        var (prices, volumes) = Market(36, 300);
        var used = new VolumeAnomalyDetector(SmallWindow);
        for (var i = 0; i < 77; i++)
        {
            used.Update(i, prices[i] * 3, volumes[i] * 7);
        }

        used.Reset();
        Assert.False(used.IsReady);
        Assert.Equal(DetectorReading.NotReady, used.Current);
        Assert.True(double.IsNaN(used.Vwap));
        Assert.True(double.IsNaN(used.VolumeRatio));
        var fresh = new VolumeAnomalyDetector(SmallWindow);
        for (var i = 0; i < prices.Length; i++)
        {
            Assert.Equal(fresh.Update(i, prices[i], volumes[i]), used.Update(i, prices[i], volumes[i]));
            Assert.Equal(fresh.Vwap, used.Vwap);
            Assert.Equal(fresh.VolumeRatio, used.VolumeRatio);
        }
    }

    [Fact]
    public void Scores_stay_within_zero_and_one()
    {
        var (prices, volumes) = Market(37, 5_000);
        var detector = new VolumeAnomalyDetector(SmallWindow);
        for (var i = 0; i < prices.Length; i++)
        {
            Assert.InRange(detector.Update(i, prices[i], volumes[i]).Score, 0.0, 1.0);
        }
    }

    [Fact]
    public void Invalid_options_report_every_problem_at_once()
    {
        var options = new VolumeAnomalyOptions(WindowLength: 9, MinObservations: 10, FireThreshold: -1, FullScoreZ: 0);
        Assert.Equal(4, options.Validate().Count);
        var e = Assert.Throws<ArgumentException>(() => new VolumeAnomalyDetector(options));
        foreach (var name in new[] { "WindowLength", "MinObservations", "FireThreshold", "FullScoreZ" })
        {
            Assert.Contains(name, e.Message, StringComparison.Ordinal);
        }

        Assert.Empty(new VolumeAnomalyOptions().Validate());
    }

    [Fact]
    public void Update_allocates_nothing_after_warm_up()
    {
        const int chunk = 10_000;
        var (prices, volumes) = Market(38, 5 * chunk);
        var detector = new VolumeAnomalyDetector();
        double sink = 0;
        var allocated = Allocations.Fewest(run =>
        {
            for (var i = run * chunk; i < (run + 1) * chunk; i++)
            {
                sink += detector.Update(i, prices[i], volumes[i]).Score + detector.Vwap;
            }
        });

        Assert.Equal(0, allocated);
        Assert.True(double.IsFinite(sink));
    }
}
