using Vigil.Core.Market;
using Vigil.Core.Numerics;
using Vigil.Core.Streaming;
using Vigil.Detection.Series;
using Vigil.Detection.Tests.Support;

namespace Vigil.Detection.Tests.Series;

public sealed class FlashCrashDetectorTests
{
    private const long TickNs = 10 * TimeUnits.NsPerSecond;

    /// <summary>Prices one every 10 seconds from time 0, built segment by segment.</summary>
    private sealed class Path
    {
        public List<double> Prices { get; } = [];

        public double Last => Prices[^1];

        public long TimestampOf(int index) => index * TickNs;

        public Path Flat(double price, int ticks)
        {
            for (var i = 0; i < ticks; i++)
            {
                Prices.Add(price);
            }

            return this;
        }

        /// <summary>Moves by <paramref name="step"/> per tick, <paramref name="ticks"/> times.</summary>
        public Path Move(double step, int ticks)
        {
            var start = Last;
            for (var i = 1; i <= ticks; i++)
            {
                Prices.Add(start + (step * i));
            }

            return this;
        }

        public List<DetectorReading> Run(FlashCrashDetector detector)
        {
            var readings = new List<DetectorReading>(Prices.Count);
            for (var i = 0; i < Prices.Count; i++)
            {
                readings.Add(detector.Update(TimestampOf(i), Prices[i], 1.0));
            }

            return readings;
        }
    }

    [Fact]
    public void A_six_percent_fall_in_four_minutes_fires_at_the_tick_that_wins_back_half_of_it()
    {
        // Flat at 100 (ticks 0–29), down 0.25 a tick to 94 (ticks 30–53), back up 0.5 a tick to 97 (ticks 54–59).
        var path = new Path().Flat(100, 30).Move(-0.25, 24).Move(0.5, 6);
        Assert.Equal(94.0, path.Prices[53]);
        Assert.Equal(97.0, path.Prices[59]);
        var detector = new FlashCrashDetector();
        var readings = path.Run(detector);

        Assert.Equal(59, readings.FindIndex(r => r.Fired));
        Assert.Equal(new DetectorReading(1.0, -0.06, true), readings[59] with { Raw = Math.Round(readings[59].Raw, 12) });
        Assert.Equal(path.TimestampOf(59), detector.DetectedAtNs);

        // Partial move: half a point of score per full threshold of fall (0.25 at 2.5%).
        for (var i = 30; i < 49; i++)
        {
            var fall = 0.0025 * (i - 29);
            Assert.Equal(0.5 * fall / 0.05, readings[i].Score, 12);
            Assert.Equal(-fall, readings[i].Raw, 12);
        }

        // From the 5% mark (95, tick 49) the score is 0.5, rising with the retracement: 2.5 of the 3 needed → 0.5 + 0.5 × 5/6.
        Assert.Equal(0.5, readings[49].Score, 12);
        Assert.Equal(0.5, readings[53].Score, 12);
        Assert.Equal(0.5 + (0.5 * 2.5 / 3.0), readings[58].Score, 12);
        Assert.Equal(-0.06, readings[58].Raw, 12);
    }

    [Fact]
    public void A_spike_up_that_retraces_half_fires_with_a_positive_move()
    {
        var path = new Path().Flat(100, 30).Move(0.25, 24).Move(-0.5, 6);
        Assert.Equal(106.0, path.Prices[53]);
        Assert.Equal(103.0, path.Prices[59]);
        var readings = path.Run(new FlashCrashDetector());

        Assert.Equal(59, readings.FindIndex(r => r.Fired));
        Assert.Equal(1.0, readings[59].Score);
        Assert.Equal(0.06, readings[59].Raw, 12);
    }

    [Fact]
    public void A_crash_that_does_not_win_back_half_never_fires()
    {
        // Down 6% and then three hours bouncing between 94 and 96: at most a third of the move won back.
        var path = new Path().Flat(100, 30).Move(-0.25, 24);
        for (var i = 0; i < 54; i++)
        {
            path.Move(0.25, 8).Move(-0.25, 8);
        }

        var detector = new FlashCrashDetector();
        var readings = path.Run(detector);
        Assert.DoesNotContain(readings, r => r.Fired);
        Assert.Equal(0, detector.DetectedAtNs);
        Assert.True(readings[60].Score >= 0.5);
    }

    [Fact]
    public void A_slow_six_percent_decline_over_an_hour_and_its_slow_recovery_do_not_fire()
    {
        // 360 ticks of 10 s down 6%, then 360 back up: 1% per 10 minutes.
        var path = new Path().Flat(100, 60).Move(-6.0 / 360, 360).Move(6.0 / 360, 360).Flat(100, 60);
        var readings = path.Run(new FlashCrashDetector());
        Assert.DoesNotContain(readings, r => r.Fired);
        Assert.All(readings.Skip(1), r => Assert.InRange(r.Score, 0.0, 0.12));
    }

    [Fact]
    public void A_detected_pattern_holds_for_the_hold_period_then_clears()
    {
        var path = new Path().Flat(100, 30).Move(-0.25, 24).Move(0.5, 6).Flat(97, 120);
        var readings = path.Run(new FlashCrashDetector());

        // Detected at tick 59; ten minutes of 10-second ticks keep firing: ticks 59 to 118.
        for (var i = 59; i < 119; i++)
        {
            Assert.Equal(new DetectorReading(1.0, readings[59].Raw, true), readings[i]);
        }

        Assert.Equal(new DetectorReading(0.0, 0.0, false), readings[119]);
        Assert.DoesNotContain(readings.Skip(119), r => r.Fired);
    }

    [Fact]
    public void After_the_hold_the_crash_low_does_not_start_another_pattern()
    {
        // A one-minute hold ends while the 90 low is still inside the ten-minute window; 95 is 5.6% above it.
        var options = new FlashCrashOptions(HoldNs: TimeUnits.NsPerMinute);
        var path = new Path().Flat(100, 30).Move(-1, 10).Move(1, 5).Flat(95, 120);
        var readings = path.Run(new FlashCrashDetector(options));

        Assert.Equal(44, readings.FindIndex(r => r.Fired));
        Assert.Equal(50, readings.FindIndex(45, r => !r.Fired));
        Assert.DoesNotContain(readings.Skip(50), r => r.Fired || r.Score > 0);
    }

    [Fact]
    public void A_move_that_keeps_extending_past_the_retrace_limit_resets()
    {
        // 15 minutes flat at 100, 5% down in 200 s, then on down 10 points in 53 minutes, then flat at 85.
        var path = new Path().Flat(100, 90).Move(-0.25, 20).Move(-1.0 / 32, 320).Flat(85, 31);
        Assert.Equal(85.0, path.Prices[429]);
        // The pattern started at the last tick at 100 (tick 89); an hour after it is tick 449.
        var resetAt = 450;
        // Then a slow bounce of 8 points over half an hour: half the 15-point move, but never 5% in 10 minutes.
        path.Move(8.0 / 180, 180).Flat(93, 30);

        var readings = path.Run(new FlashCrashDetector());
        Assert.True(readings[resetAt - 1].Score >= 0.5);
        Assert.Equal(new DetectorReading(0.0, 0.0, false), readings[resetAt]);
        Assert.DoesNotContain(readings, r => r.Fired);

        // The same path with a longer retrace limit is a (very slow) flash crash: the bounce completes it.
        var patient = new Path();
        patient.Prices.AddRange(path.Prices);
        var control = patient.Run(new FlashCrashDetector(new FlashCrashOptions(RetraceWithinNs: 6 * 60 * TimeUnits.NsPerMinute)));
        var firstFired = control.FindIndex(r => r.Fired);
        Assert.True(firstFired > resetAt);
        Assert.True(path.Prices[firstFired] >= 92.5 && path.Prices[firstFired - 1] < 92.5);
        Assert.Equal(-0.15, control[firstFired].Raw, 9);
    }

    [Fact]
    public void Ready_after_two_observations()
    {
        var detector = new FlashCrashDetector();
        Assert.Equal(2, detector.WarmUpPeriod);
        Assert.Equal(DetectorReading.NotReady, detector.Update(0, 100, 1));
        Assert.False(detector.IsReady);
        Assert.Equal(new DetectorReading(0.0, 0.0, false), detector.Update(TickNs, 100, 1));
        Assert.True(detector.IsReady);
    }

    [Fact]
    public void Reset_returns_to_the_initial_state()
    {
        var path = new Path().Flat(100, 30).Move(-0.25, 24).Move(0.5, 6).Flat(97, 100);
        var used = new FlashCrashDetector();
        path.Run(used);
        Assert.NotEqual(0, used.DetectedAtNs);

        used.Reset();
        Assert.False(used.IsReady);
        Assert.Equal(0, used.DetectedAtNs);
        Assert.Equal(DetectorReading.NotReady, used.Current);
        Assert.Equal(path.Run(new FlashCrashDetector()), path.Run(used));
    }

    [Fact]
    public void Scores_stay_within_zero_and_one()
    {
        var random = new Xoshiro256(51);
        var detector = new FlashCrashDetector();
        var price = 100.0;
        for (var i = 0; i < 20_000; i++)
        {
            price *= Math.Exp(0.004 * random.NextGaussian());
            Assert.InRange(detector.Update(i * TickNs, price, 1).Score, 0.0, 1.0);
        }
    }

    [Fact]
    public void Invalid_options_report_every_problem_at_once()
    {
        var options = new FlashCrashOptions(MoveThreshold: 1, MoveWindowNs: 0, RetracementFraction: 1.5, RetraceWithinNs: -1, HoldNs: -1);
        Assert.Equal(5, options.Validate().Count);
        var e = Assert.Throws<ArgumentException>(() => new FlashCrashDetector(options));
        foreach (var name in new[] { "MoveThreshold", "MoveWindowNs", "RetracementFraction", "RetraceWithinNs", "HoldNs" })
        {
            Assert.Contains(name, e.Message, StringComparison.Ordinal);
        }

        Assert.Empty(new FlashCrashOptions().Validate());
    }

    [Fact]
    public void Update_allocates_nothing_in_steady_state()
    {
        var detector = new FlashCrashDetector();
        // Warm-up: monotonic runs longer than the window, the most the window's queues ever hold at this tick rate.
        var warm = new Path().Flat(100, 10).Move(-0.01, 100).Move(0.01, 200).Move(-0.01, 100);
        warm.Run(detector);

        // Then a random walk with a flash crash every 1,000 ticks.
        const int chunk = 10_000;
        var random = new Xoshiro256(52);
        var prices = new double[5 * chunk];
        var price = warm.Last;
        for (var i = 0; i < prices.Length; i++)
        {
            var phase = i % 1_000;
            price *= phase is >= 500 and < 510 ? 0.99 : phase is >= 510 and < 516 ? 1.01 : Math.Exp(0.0005 * random.NextGaussian());
            prices[i] = price;
        }

        var t0 = warm.TimestampOf(warm.Prices.Count);
        var detections = 0;
        var allocated = Allocations.Fewest(run =>
        {
            for (var i = run * chunk; i < (run + 1) * chunk; i++)
            {
                var reading = detector.Update(t0 + (i * TickNs), prices[i], 1);
                detections += reading.Fired && reading.Score == 1.0 && detector.DetectedAtNs == t0 + (i * TickNs) ? 1 : 0;
            }
        });

        Assert.Equal(0, allocated);
        Assert.True(detections >= 20 && detections % 10 == 0, $"{detections} detections");
    }
}
