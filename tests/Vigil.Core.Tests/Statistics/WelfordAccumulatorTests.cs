using Vigil.Core.Statistics;
using Vigil.Core.Tests.Support;

namespace Vigil.Core.Tests.Statistics;

public sealed class WelfordAccumulatorTests
{
    [Fact]
    public void Empty_accumulator_reports_zero_count_mean_and_variances()
    {
        var acc = new WelfordAccumulator();

        Assert.Equal(0, acc.Count);
        Assert.Equal(0.0, acc.Mean);
        Assert.Equal(0.0, acc.Variance);
        Assert.Equal(0.0, acc.PopulationVariance);
        Assert.Equal(0.0, acc.StdDev);
    }

    [Fact]
    public void One_value_gives_that_mean_and_zero_variances()
    {
        var acc = new WelfordAccumulator();
        acc.Add(-3.25);

        Assert.Equal(1, acc.Count);
        Assert.Equal(-3.25, acc.Mean);
        Assert.Equal(0.0, acc.Variance);
        Assert.Equal(0.0, acc.PopulationVariance);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(10)]
    [InlineData(1001)]
    public void Integers_one_to_n_match_the_closed_form_mean_and_variance(int n)
    {
        var acc = new WelfordAccumulator();
        for (var i = 1; i <= n; i++)
        {
            acc.Add(i);
        }

        // Mean (n + 1)/2, sample variance n(n + 1)/12, population variance (n² − 1)/12.
        Close.Equal((n + 1) / 2.0, acc.Mean, 1e-15);
        Close.Equal(n * (n + 1) / 12.0, acc.Variance, 1e-13);
        Close.Equal(((double)n * n - 1) / 12.0, acc.PopulationVariance, 1e-13);
        Close.Equal(Math.Sqrt(n * (n + 1) / 12.0), acc.StdDev, 1e-13);
    }

    [Theory]
    [InlineData(1, 0.0, 1.0)]
    [InlineData(2, 100.0, 0.01)]
    [InlineData(3, -5e4, 250.0)]
    public void Mean_and_variances_match_two_pass_computation_on_random_data(int seed, double location, double scale)
    {
        var random = new Random(seed);
        var values = new double[5000];
        var acc = new WelfordAccumulator();
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = location + (scale * Naive.Gaussian(random));
            acc.Add(values[i]);

            if (i % 97 == 0 || i == values.Length - 1)
            {
                var seen = values.AsSpan(0, i + 1);
                Assert.Equal(i + 1, acc.Count);
                Close.Equal(Naive.Mean(seen), acc.Mean, 1e-12, 1e-12 * scale);
                Close.Equal(Naive.SampleVariance(seen), acc.Variance, 1e-10, 1e-300);
                Close.Equal(Naive.PopulationVariance(seen), acc.PopulationVariance, 1e-10, 1e-300);
            }
        }
    }

    [Fact]
    public void Variance_stays_accurate_with_a_large_offset_where_the_sum_of_squares_formula_fails()
    {
        var random = new Random(7);
        var values = new double[10_000];
        var acc = new WelfordAccumulator();
        double sum = 0, sumOfSquares = 0;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = 1e9 + random.NextDouble();
            acc.Add(values[i]);
            sum += values[i];
            sumOfSquares += values[i] * values[i];
        }

        var expected = Naive.SampleVariance(values);
        // The data is a real test: the textbook one-pass formula is useless on it.
        var onePassFormula = (sumOfSquares - (sum * sum / values.Length)) / (values.Length - 1);
        Assert.True(Math.Abs(onePassFormula - expected) > 0.5 * expected, $"one-pass formula gave {onePassFormula}");

        // Uniform(0, 1) noise has variance 1/12; the offset's rounding (ulp(1e9) ≈ 1.2e-7) bounds the accuracy.
        Close.Equal(1.0 / 12.0, expected, 0.05);
        Close.Equal(expected, acc.Variance, 1e-6);
        Close.Equal(Naive.Mean(values), acc.Mean, 1e-15);
    }

    [Fact]
    public void Constant_values_have_exactly_zero_variance()
    {
        var acc = new WelfordAccumulator();
        for (var i = 0; i < 1000; i++)
        {
            acc.Add(0.1);
        }

        Assert.Equal(0.1, acc.Mean, 15);
        Assert.Equal(0.0, acc.Variance);
    }

    [Fact]
    public void Reset_forgets_every_value()
    {
        var acc = new WelfordAccumulator();
        foreach (var v in new[] { 1e6, -2e6, 3e6 })
        {
            acc.Add(v);
        }

        acc.Reset();

        Assert.Equal(0, acc.Count);
        Assert.Equal(0.0, acc.Mean);
        Assert.Equal(0.0, acc.Variance);

        double[] after = [2.0, 4.0, 9.0];
        foreach (var v in after)
        {
            acc.Add(v);
        }

        Assert.Equal(3, acc.Count);
        Close.Equal(5.0, acc.Mean, 1e-15);
        Close.Equal(13.0, acc.Variance, 1e-15); // ((−3)² + (−1)² + 4²) / 2
    }
}
