using Vigil.Engine.Evaluation.Nab;

namespace Vigil.Engine.Tests.Evaluation.Nab;

public class NabScoringTests
{
    [Theory]
    // 2/(1 + e^(5y)) − 1, the values NAB's docstring quotes, and the edges.
    [InlineData(-1.0, 0.9866142981514305)]
    [InlineData(-0.5, 0.8482836399575131)]
    [InlineData(0.0, 0.0)]
    [InlineData(1.0, -0.9866142981514303)]
    [InlineData(-0.25, 0.5545997223493822)]
    [InlineData(3.0, -0.9999993881955461)]
    public void Scaled_sigmoid_matches_NABs_formula(double position, double expected)
    {
        Assert.Equal(expected, NabScoring.ScaledSigmoid(position), 10);
    }

    [Fact]
    public void Scaled_sigmoid_is_minus_one_beyond_three_window_widths()
    {
        Assert.Equal(-1.0, NabScoring.ScaledSigmoid(3.0001));
        Assert.Equal(-1.0, NabScoring.ScaledSigmoid(50));
        Assert.NotEqual(-1.0, NabScoring.ScaledSigmoid(3.0));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(7, 1)]          // floor(1.05)
    [InlineData(1000, 150)]
    [InlineData(4032, 604)]     // floor(604.8)
    [InlineData(5000, 750)]
    [InlineData(5001, 750)]     // capped at 0.15 × 5000
    [InlineData(22695, 750)]
    public void Probationary_period_is_fifteen_percent_of_rows_capped_at_750(int rows, int expected)
    {
        Assert.Equal(expected, NabScoring.ProbationaryLength(rows));
    }

    [Fact]
    public void Normalised_score_is_zero_for_null_and_hundred_for_perfect()
    {
        Assert.Equal(0.0, NabScoring.Normalise(-53, -53, 53));
        Assert.Equal(100.0, NabScoring.Normalise(53, -53, 53));
        Assert.Equal(50.0, NabScoring.Normalise(0, -53, 53));
        Assert.True(double.IsNaN(NabScoring.Normalise(0, 0, 0)));
    }
}
