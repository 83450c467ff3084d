using Vigil.Commands;

namespace Vigil.Cli.Tests;

public sealed class TrainingMetricsTests
{
    // numpy.quantile([0.42, 0.31, 0.55, 0.47, 0.39, 0.61, 0.44], q) with numpy's default linear method.
    [Theory]
    [InlineData(0.5, 0.44)]
    [InlineData(0.9, 0.5740000000000001)]
    [InlineData(0.99, 0.6063999999999999)]
    [InlineData(1.0, 0.61)]
    [InlineData(0.0, 0.31)]
    public void Score_quantiles_match_numpy(double p, double expected)
    {
        double[] sorted = [0.31, 0.39, 0.42, 0.44, 0.47, 0.55, 0.61];

        Assert.Equal(expected, IsolationForestTrainer.Quantile(sorted, p), 12);
    }

    [Fact]
    public void The_quantile_of_nothing_is_zero() => Assert.Equal(0, IsolationForestTrainer.Quantile([], 0.5));
}
