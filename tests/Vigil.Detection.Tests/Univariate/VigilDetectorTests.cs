using Vigil.Core.Streaming;
using Vigil.Detection.Univariate;

namespace Vigil.Detection.Tests.Univariate;

public class VigilDetectorTests
{
    private const long FiveMinutesNs = 300_000_000_000L;
    private const int PerDay = 288;
    private static readonly long StartNs = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000L;

    private static readonly double[] Noise = GaussianNoise(60 * PerDay, seed: 11);

    // A daily cycle sampled every five minutes, with a little seeded Gaussian noise (σ = 0.1).
    private static double Daily(int i)
    {
        var phase = 2 * Math.PI * (i % PerDay) / PerDay;
        return 10 + (3 * Math.Sin(phase)) + (0.1 * Noise[i]);
    }

    private static double[] GaussianNoise(int count, int seed)
    {
        var random = new Random(seed);
        var noise = new double[count];
        for (var i = 0; i < count; i++)
        {
            // Box–Muller.
            noise[i] = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        }

        return noise;
    }

    private static long Time(int i) => StartNs + (i * FiveMinutesNs);

    private static List<DetectorReading> Run(VigilDetector detector, int count, Func<int, double> value)
    {
        var readings = new List<DetectorReading>(count);
        for (var i = 0; i < count; i++)
        {
            readings.Add(detector.Update(Time(i), value(i), 0));
        }

        return readings;
    }

    [Fact]
    public void Scores_stay_in_zero_to_one_on_wild_input()
    {
        var random = new Random(7);
        var detector = new VigilDetector();
        var walk = 0.0;

        var readings = Run(detector, 20 * PerDay, i =>
        {
            walk += random.NextDouble() - 0.5;
            return i % 997 == 0 ? walk * 1000 : i % 1500 < 20 ? 42.0 : walk;
        });

        Assert.All(readings, r => Assert.InRange(r.Score, 0.0, 1.0));
        Assert.Contains(readings, r => r.Score > 0.0);
    }

    [Fact]
    public void Same_input_gives_the_same_readings_and_reset_starts_over()
    {
        var first = new VigilDetector();
        var second = new VigilDetector();
        double Value(int i) => Daily(i) + (i == 4000 ? 5 : 0);

        var a = Run(first, 5000, Value);
        var b = Run(second, 5000, Value);
        first.Reset();
        var c = Run(first, 5000, Value);

        Assert.Equal(a, b);
        Assert.Equal(a, c);
    }

    [Fact]
    public void Updates_do_not_allocate()
    {
        // Each run is 5,000 fresh five-minute steps (over 17 days), with at least one spike.
        const int chunk = 5_000;
        var detector = new VigilDetector();
        Run(detector, 2000, i => Daily(i));

        var allocated = Allocations.Fewest(run =>
        {
            for (var i = 2000 + (run * chunk); i < 2000 + ((run + 1) * chunk); i++)
            {
                detector.Update(Time(i), Daily(i) + (i % 3000 == 0 ? 9 : 0), 0);
            }
        });

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Is_not_ready_and_scores_zero_during_warm_up()
    {
        var detector = new VigilDetector();

        var readings = Run(detector, detector.WarmUpPeriod, i => i == 10 ? 1000 : Daily(i));

        Assert.All(readings, r => Assert.Equal(0.0, r.Score));
        Assert.False(readings[^1].Fired);
        detector.Update(Time(detector.WarmUpPeriod), Daily(detector.WarmUpPeriod), 0);
        Assert.True(detector.IsReady);
    }

    [Fact]
    public void Is_quiet_on_a_clean_periodic_series()
    {
        var detector = new VigilDetector();

        var readings = Run(detector, 30 * PerDay, i => Daily(i));

        // After a week of learning, nothing reaches an alert (score 0.5, p = 1e-5).
        var afterLearning = readings.Skip(7 * PerDay).ToList();
        Assert.DoesNotContain(afterLearning, r => r.Fired);
        Assert.True(afterLearning.Max(r => r.Score) < 0.5, $"max score {afterLearning.Max(r => r.Score)}");
    }

    [Fact]
    public void Fires_on_an_injected_spike_at_once()
    {
        var at = 20 * PerDay + 100;
        var detector = new VigilDetector();

        var readings = Run(detector, at + 50, i => Daily(i) + (i == at ? 2.0 : 0.0));

        // +2 is well inside the daily range (7 to 13), so the seasonal context, not the range, has to catch it.
        Assert.True(readings[at].Fired, $"score {readings[at].Score}");
        Assert.True(readings[at].Score >= 0.5);
        Assert.DoesNotContain(readings.Take(at).Skip(7 * PerDay), r => r.Fired);
    }

    [Fact]
    public void Fires_early_on_a_level_shift_and_only_once()
    {
        var at = 20 * PerDay + 50;
        var detector = new VigilDetector();

        var readings = Run(detector, at + PerDay, i => Daily(i) + (i >= at ? 1.5 : 0.0));

        var firstFire = readings.FindIndex(at, r => r.Fired);
        Assert.InRange(firstFire, at, at + 5);
        // One episode: the shifted level does not keep raising alerts.
        Assert.True(readings.Skip(at).Count(r => r.Fired) <= 2, $"{readings.Skip(at).Count(r => r.Fired)} alerts");
    }

    [Fact]
    public void A_value_far_outside_the_range_seen_scores_one()
    {
        var at = 10 * PerDay;
        var detector = new VigilDetector();

        var readings = Run(detector, at + 1, i => i == at ? 30.0 : Daily(i));

        Assert.Equal(1.0, readings[at].Score);
        Assert.True(readings[at].Fired);
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new VigilDetector(new VigilDetectorOptions(BucketsPerDay: 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VigilDetector(new VigilDetectorOptions(AlertProbability: 0.01, SuppressedProbability: 0.001)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VigilDetector(new VigilDetectorOptions(CalibrationLength: 10, MinCalibrationCount: 20)));
    }

    [Fact]
    public void Factory_makes_the_vigil_detector()
    {
        var detector = UnivariateDetectors.Create("vigil");

        Assert.IsType<VigilDetector>(detector);
        Assert.Equal("vigil", detector.Name);
    }
}
