using Vigil.Detection.Series;
using Vigil.Detection.Tests.Support;

namespace Vigil.Detection.Tests.Series;

public sealed class VolatilityBaselineTests
{
    // Half-life 10: λ = 0.5^(1/10).
    private static readonly double Lambda = Math.Pow(0.5, 0.1);

    /// <summary>Σ λ^i for i in [0, n): the weight of n equal values.</summary>
    private static double WeightOf(int n) => (1 - Math.Pow(Lambda, n)) / (1 - Lambda);

    private static VolatilityBaseline Filled(double value, int count)
    {
        var baseline = new VolatilityBaseline(halfLife: 10, minObservations: 5);
        for (var i = 0; i < count; i++)
        {
            baseline.Add(value, shortVariance: value);
        }

        return baseline;
    }

    [Fact]
    public void Observations_before_the_minimum_are_taken_unclipped()
    {
        var baseline = new VolatilityBaseline(halfLife: 10, minObservations: 5);
        double[] squares = [1, 100, 1, 1];
        double weighted = 0, weights = 0;
        for (var i = 0; i < squares.Length; i++)
        {
            baseline.Add(squares[i], shortVariance: 1e9);
            weighted = (weighted * Lambda) + squares[i];
            weights = (weights * Lambda) + 1;
            Close.Equal(weighted / weights, baseline.Variance, 1e-12);
        }

        Assert.False(baseline.IsReady);
        Assert.Equal(4, baseline.Count);
    }

    [Fact]
    public void A_large_square_is_clipped_at_four_times_the_baseline_in_calm()
    {
        var baseline = Filled(1.0, 20);
        Assert.True(baseline.IsReady);
        Assert.Equal(1.0, baseline.Variance, 12);

        // Calm: the short variance is below 2² × baseline, so the clip is 2² × 1.
        baseline.Add(100.0, shortVariance: 3.9);
        var w = WeightOf(20);
        Close.Equal(((Lambda * w) + 4.0) / ((Lambda * w) + 1), baseline.Variance, 1e-12);
    }

    [Fact]
    public void A_large_square_is_clipped_at_one_point_four_four_times_the_baseline_during_a_burst()
    {
        var baseline = Filled(1.0, 20);
        baseline.Add(100.0, shortVariance: 4.0);
        var w = WeightOf(20);
        Close.Equal(((Lambda * w) + 1.44) / ((Lambda * w) + 1), baseline.Variance, 1e-12);
    }

    [Fact]
    public void Small_squares_are_not_clipped()
    {
        var baseline = Filled(1.0, 20);
        baseline.Add(0.25, shortVariance: 100);
        var w = WeightOf(20);
        Close.Equal(((Lambda * w) + 0.25) / ((Lambda * w) + 1), baseline.Variance, 1e-12);
        Assert.Equal(Math.Sqrt(baseline.Variance), baseline.Volatility);
    }

    [Fact]
    public void Zeros_never_make_it_ready_and_reset_forgets()
    {
        var baseline = Filled(0.0, 50);
        Assert.False(baseline.IsReady);
        baseline = Filled(2.0, 50);
        Assert.True(baseline.IsReady);
        baseline.Reset();
        Assert.False(baseline.IsReady);
        Assert.Equal(0, baseline.Count);
        Assert.Equal(0.0, baseline.Variance);
    }

    [Theory]
    [InlineData(0, 2.0, 1.2, 2.0)]
    [InlineData(5, 1.0, 1.0, 2.0)]
    [InlineData(5, 2.0, 1.0, 2.0)]
    [InlineData(5, 2.0, 2.5, 2.0)]
    [InlineData(5, 2.0, 1.2, 1.0)]
    [InlineData(5, double.NaN, 1.2, 2.0)]
    public void Invalid_arguments_are_rejected(int minObservations, double clip, double burstClip, double burstRatio) =>
        Assert.ThrowsAny<ArgumentException>(() => new VolatilityBaseline(10, minObservations, clip, burstClip, burstRatio));
}
