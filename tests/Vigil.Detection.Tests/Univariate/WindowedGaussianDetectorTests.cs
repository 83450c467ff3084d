using Vigil.Core.Numerics;
using Vigil.Detection.Univariate;

namespace Vigil.Detection.Tests.Univariate;

public class WindowedGaussianDetectorTests
{
    [Fact]
    public void First_value_scores_zero_and_the_second_is_scored_against_it()
    {
        var detector = new WindowedGaussianDetector();

        var first = detector.Update(0, 10.0, 0);
        var second = detector.Update(1, 10.0, 0);
        var third = detector.Update(2, 11.0, 0);

        Assert.Equal(0.0, first.Score);
        Assert.True(double.IsNaN(first.Raw));
        // A window of one value has σ = 0, taken as 1e-6: the same value scores 1 − Q(0) = 0.5.
        Assert.Equal(0.5, second.Score, 12);
        // Against {10, 10}: σ is again 0 → 1e-6, so 11 is 1e6 σ away and scores 1.
        Assert.Equal(1.0, third.Score);
        Assert.True(third.Fired);
    }

    [Fact]
    public void Score_is_one_minus_the_normal_tail_of_the_distance_from_the_window_mean()
    {
        var detector = new WindowedGaussianDetector();
        detector.Update(0, 1.0, 0);
        detector.Update(1, 3.0, 0);

        // Window {1, 3}: μ = 2, population σ = 1. Both 3.5 and 0.5 are 1.5σ away.
        var above = detector.Update(2, 3.5, 0);
        var expected = 1.0 - SpecialFunctions.NormalCdf(-1.5);

        Assert.Equal(expected, above.Score, 12);
        Assert.Equal(1.5, above.Raw, 12);

        var below = new WindowedGaussianDetector();
        below.Update(0, 1.0, 0);
        below.Update(1, 3.0, 0);
        Assert.Equal(expected, below.Update(2, 0.5, 0).Score, 12);
    }

    [Fact]
    public void A_full_window_moves_only_once_per_step()
    {
        var detector = new WindowedGaussianDetector(new WindowedGaussianOptions(WindowLength: 4, StepSize: 2));
        foreach (var v in new[] { 0.0, 2.0, 0.0, 2.0 })
        {
            detector.Update(0, v, 0);
        }

        // Window {0, 2, 0, 2}: μ = 1, σ = 1. The next value is buffered and does not move the window...
        var oneSigma = 1.0 - SpecialFunctions.NormalCdf(-1.0);
        Assert.Equal(oneSigma, detector.Update(0, 2.0, 0).Score, 12);
        Assert.Equal(oneSigma, detector.Update(0, 2.0, 0).Score, 12);
        // ...until the step completes: the two oldest leave, so the window is {0, 2, 2, 2}: μ = 1.5, σ = √0.75.
        Assert.Equal(oneSigma, detector.Update(0, 1.5 + Math.Sqrt(0.75), 0).Score, 12);
    }

    [Fact]
    public void Reset_forgets_the_window()
    {
        var detector = new WindowedGaussianDetector();
        detector.Update(0, 1.0, 0);
        detector.Update(1, 100.0, 0);

        detector.Reset();

        Assert.False(detector.IsReady);
        Assert.Equal(0.0, detector.Update(2, 50.0, 0).Score);
        Assert.True(detector.IsReady);
    }

    [Fact]
    public void Updates_do_not_allocate()
    {
        var detector = new WindowedGaussianDetector(new WindowedGaussianOptions(WindowLength: 64, StepSize: 8));
        for (var i = 0; i < 200; i++)
        {
            detector.Update(i, Math.Sin(i), 0);
        }

        const int chunk = 10_000;
        var allocated = Allocations.Fewest(run =>
        {
            for (var i = run * chunk; i < (run + 1) * chunk; i++)
            {
                detector.Update(i, Math.Sin(i * 0.1), 0);
            }
        });

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WindowedGaussianDetector(new WindowedGaussianOptions(WindowLength: 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WindowedGaussianDetector(new WindowedGaussianOptions(WindowLength: 10, StepSize: 11)));
    }

    [Fact]
    public void Factory_makes_detectors_by_name_and_lists_valid_names_on_error()
    {
        Assert.IsType<WindowedGaussianDetector>(UnivariateDetectors.Create("windowed-gaussian"));
        Assert.IsType<WindowedGaussianDetector>(UnivariateDetectors.Create("Windowed-Gaussian"));

        var error = Assert.Throws<ArgumentException>(() => UnivariateDetectors.Create("nope"));
        foreach (var name in UnivariateDetectors.Names)
        {
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
        }
    }
}
