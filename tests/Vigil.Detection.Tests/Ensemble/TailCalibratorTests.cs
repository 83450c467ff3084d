using Vigil.Core.Numerics;
using Vigil.Detection.Ensemble;
using Vigil.Detection.Tests.Support;

namespace Vigil.Detection.Tests.Ensemble;

public sealed class TailCalibratorTests
{
    // A 16-value window, every value kept, ready at 8.
    private static readonly TailCalibratorOptions Small = new(WindowLength: 16, Stride: 1, MinHistory: 8);

    private static TailCalibrator WithHistory(TailCalibratorOptions options, params double[] history)
    {
        var calibrator = new TailCalibrator(options);
        foreach (var value in history)
        {
            calibrator.Calibrate(value);
        }

        return calibrator;
    }

    private static double[] OneTo(int n) => [.. Enumerable.Range(1, n).Select(i => (double)i)];

    [Fact]
    public void Scores_against_a_full_window_follow_the_smoothed_tail_probability()
    {
        // History 1..16, n = 16: score(x) = −ln((#{≥ x} + 1) / 17) / ln 17.
        var calibrator = WithHistory(Small, OneTo(16));
        Assert.Equal(1.0, calibrator.Score(16.5), 12);                             // above all: p = 1/17
        Assert.Equal(Math.Log(17.0 / 2) / Math.Log(17), calibrator.Score(16), 12);  // one at or above: p = 2/17
        Assert.Equal(Math.Log(17.0 / 9) / Math.Log(17), calibrator.Score(8.5), 12); // 9..16: p = 9/17
        Assert.Equal(Math.Log(17.0 / 9) / Math.Log(17), calibrator.Score(9), 12);   // 9 counts as at or above
        Assert.Equal(Math.Log(17.0 / 16) / Math.Log(17), calibrator.Score(2), 12);  // 2..16: p = 16/17
        Assert.Equal(0.0, calibrator.Score(1));                                     // all at or above: p = 1
        Assert.Equal(0.0, calibrator.Score(-1e9));                                  // below all
        Assert.Equal(1.0, calibrator.Score(double.PositiveInfinity));
    }

    [Fact]
    public void Tied_values_all_count_as_at_or_above()
    {
        // Eight 5s and eight 10s.
        var calibrator = WithHistory(Small, [.. Enumerable.Repeat(5.0, 8), .. Enumerable.Repeat(10.0, 8)]);
        Assert.Equal(Math.Log(17.0 / 9) / Math.Log(17), calibrator.Score(10), 12);
        Assert.Equal(Math.Log(17.0 / 9) / Math.Log(17), calibrator.Score(5.5), 12);
        Assert.Equal(0.0, calibrator.Score(5));
        Assert.Equal(1.0, calibrator.Score(10.000001), 12);

        var flat = WithHistory(Small, [.. Enumerable.Repeat(3.0, 16)]);
        Assert.Equal(0.0, flat.Score(3.0));
        Assert.Equal(1.0, flat.Score(3.5), 12);
    }

    [Fact]
    public void Scores_with_a_partial_window_use_the_full_window_denominator()
    {
        // n = 8 of 16: the top value scores ln 9 / ln 17, not 1, so a short history cannot hand out full scores.
        var calibrator = WithHistory(Small, OneTo(8));
        Assert.Equal(Math.Log(9) / Math.Log(17), calibrator.Score(100), 12);
        Assert.Equal(Math.Log(9.0 / 5) / Math.Log(17), calibrator.Score(5), 12);   // 5..8: p = 5/9
    }

    [Fact]
    public void Not_ready_and_scoring_zero_before_min_history_values()
    {
        var calibrator = new TailCalibrator(Small);
        for (var i = 1; i <= 8; i++)
        {
            Assert.False(calibrator.IsReady);
            Assert.Equal(0.0, calibrator.Calibrate(i * 100.0));
            Assert.Equal(i, calibrator.HistoryCount);
        }

        Assert.True(calibrator.IsReady);
        Assert.Equal(Math.Log(9) / Math.Log(17), calibrator.Calibrate(1e6), 12);
    }

    [Fact]
    public void Each_value_is_scored_against_the_history_before_it()
    {
        var calibrator = WithHistory(Small, OneTo(15));
        // n = 15: 20 is above all of them (p = 1/16); had it joined first it would tie with itself.
        Assert.Equal(Math.Log(16) / Math.Log(17), calibrator.Calibrate(20), 12);
        Assert.Equal(16, calibrator.HistoryCount);
        Assert.Equal(Math.Log(17.0 / 2) / Math.Log(17), calibrator.Score(20), 12);
    }

    [Fact]
    public void The_window_forgets_the_oldest_values()
    {
        // Sixteen large values, then sixteen small ones push them all out.
        var calibrator = WithHistory(Small, [.. Enumerable.Repeat(1000.0, 16), .. OneTo(16)]);
        Assert.Equal(16, calibrator.HistoryCount);
        Assert.Equal(1.0, calibrator.Score(500), 12);
    }

    [Fact]
    public void Past_min_history_only_every_stride_th_value_is_kept()
    {
        var options = new TailCalibratorOptions(WindowLength: 16, Stride: 3, MinHistory: 8);
        // Values 1..20 in order: 1..8 are kept to reach MinHistory, then the updates numbered 9, 12, 15, 18.
        var calibrator = WithHistory(options, OneTo(20));
        Assert.Equal(12, calibrator.HistoryCount);
        // At or above 9.5: 12, 15, 18 → p = 4/13.
        Assert.Equal(Math.Log(13.0 / 4) / Math.Log(17), calibrator.Score(9.5), 12);
        // At or above 8.5: 9, 12, 15, 18 → p = 5/13.
        Assert.Equal(Math.Log(13.0 / 5) / Math.Log(17), calibrator.Score(8.5), 12);
        // 19 and 20 were not kept.
        Assert.Equal(Math.Log(13) / Math.Log(17), calibrator.Score(18.5), 12);
    }

    [Fact]
    public void NaN_is_neither_scored_nor_kept_and_does_not_count_towards_the_stride()
    {
        var options = new TailCalibratorOptions(WindowLength: 16, Stride: 2, MinHistory: 8);
        var calibrator = new TailCalibrator(options);
        for (var i = 1; i <= 8; i++)
        {
            Assert.Equal(0.0, calibrator.Calibrate(double.NaN));
            calibrator.Calibrate(i);
        }

        Assert.Equal(8, calibrator.HistoryCount);
        Assert.Equal(0.0, calibrator.Calibrate(double.NaN));
        Assert.Equal(0.0, calibrator.Score(double.NaN));
        Assert.Equal(8, calibrator.HistoryCount);
        calibrator.Calibrate(9);   // update 9: odd, not kept
        Assert.Equal(8, calibrator.HistoryCount);
        calibrator.Calibrate(double.NaN);
        calibrator.Calibrate(10);  // update 10: kept
        Assert.Equal(9, calibrator.HistoryCount);
    }

    [Fact]
    public void Score_does_not_learn()
    {
        var calibrator = WithHistory(Small, OneTo(10));
        var first = calibrator.Score(9.5);
        for (var i = 0; i < 100; i++)
        {
            calibrator.Score(1e6);
        }

        Assert.Equal(10, calibrator.HistoryCount);
        Assert.Equal(first, calibrator.Score(9.5));
    }

    [Fact]
    public void Reset_forgets_the_history()
    {
        var calibrator = WithHistory(Small, OneTo(16));
        calibrator.Reset();
        Assert.False(calibrator.IsReady);
        Assert.Equal(0, calibrator.HistoryCount);
        Assert.Equal(0.0, calibrator.Score(100));
        var fresh = new TailCalibrator(Small);
        var random = new Xoshiro256(61);
        for (var i = 0; i < 100; i++)
        {
            var x = random.NextGaussian();
            Assert.Equal(fresh.Calibrate(x), calibrator.Calibrate(x));
        }
    }

    [Fact]
    public void Scores_stay_within_zero_and_one()
    {
        var calibrator = new TailCalibrator(new TailCalibratorOptions(WindowLength: 64, Stride: 2, MinHistory: 16));
        var random = new Xoshiro256(62);
        for (var i = 0; i < 5_000; i++)
        {
            var g = random.NextGaussian();
            Assert.InRange(calibrator.Calibrate(g * g * g), 0.0, 1.0);
        }
    }

    [Fact]
    public void Invalid_options_report_every_problem_at_once()
    {
        var options = new TailCalibratorOptions(WindowLength: 8, Stride: 0, MinHistory: 9);
        Assert.Equal(3, options.Validate().Count);
        var e = Assert.Throws<ArgumentException>(() => new TailCalibrator(options));
        foreach (var name in new[] { "WindowLength", "Stride", "MinHistory" })
        {
            Assert.Contains(name, e.Message, StringComparison.Ordinal);
        }

        Assert.Single(new TailCalibratorOptions(WindowLength: 16, MinHistory: 7).Validate());
        Assert.Empty(new TailCalibratorOptions().Validate());
    }

    [Fact]
    public void Calibrate_allocates_nothing()
    {
        const int chunk = 10_000;
        var calibrator = new TailCalibrator();
        var random = new Xoshiro256(63);
        var values = new double[5 * chunk];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = random.NextGaussian();
        }

        double sink = 0;
        var allocated = Allocations.Fewest(run =>
        {
            for (var i = run * chunk; i < (run + 1) * chunk; i++)
            {
                sink += calibrator.Calibrate(values[i]) + calibrator.Score(values[i]);
            }
        });

        Assert.Equal(0, allocated);
        Assert.True(sink > 0);
    }
}
