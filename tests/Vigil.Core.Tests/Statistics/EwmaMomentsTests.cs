using Vigil.Core.Statistics;
using Vigil.Core.Tests.Support;

namespace Vigil.Core.Tests.Statistics;

public sealed class EwmaMomentsTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.5)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Lambda_outside_the_open_unit_interval_is_rejected(double lambda) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new EwmaMoments(lambda));

    [Theory]
    [InlineData(0.0)]
    [InlineData(-3.0)]
    public void Non_positive_half_life_is_rejected(double halfLife)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EwmaMoments.LambdaFromHalfLife(halfLife));
        Assert.Throws<ArgumentOutOfRangeException>(() => EwmaMoments.FromHalfLife(halfLife));
    }

    [Fact]
    public void Empty_estimator_reports_zeros()
    {
        var ewma = new EwmaMoments(0.9);

        Assert.Equal(0.9, ewma.Lambda);
        Assert.Equal(0, ewma.Count);
        Assert.Equal(0.0, ewma.Mean);
        Assert.Equal(0.0, ewma.Variance);
        Assert.Equal(0.0, ewma.EffectiveCount);
    }

    [Fact]
    public void First_value_is_the_mean_with_no_start_up_bias()
    {
        var ewma = new EwmaMoments(0.94);
        ewma.Add(12.5);

        Assert.Equal(12.5, ewma.Mean);
        Assert.Equal(0.0, ewma.Variance);
        Close.Equal(1.0, ewma.EffectiveCount, 1e-15);
    }

    [Theory]
    [InlineData(0.5, 2, 1)]
    [InlineData(0.5, 60, 2)]
    [InlineData(0.94, 3, 3)]
    [InlineData(0.94, 500, 4)]
    [InlineData(0.99, 1000, 5)]
    [InlineData(0.999, 300, 6)]
    public void Mean_and_variance_match_explicit_weighted_sums_with_weights_lambda_to_the_age(double lambda, int n, int seed)
    {
        var random = new Random(seed);
        var values = new double[n];
        var ewma = new EwmaMoments(lambda);
        for (var i = 0; i < n; i++)
        {
            values[i] = 0.5 + (2.0 * Naive.Gaussian(random));
            ewma.Add(values[i]);
        }

        var (mean, variance, effective) = WeightedReference(values, lambda);
        Assert.Equal(n, ewma.Count);
        Close.Equal(mean, ewma.Mean, 1e-12, 1e-13);
        Close.Equal(variance, ewma.Variance, 1e-11);
        Close.Equal(Math.Sqrt(variance), ewma.StdDev, 1e-11);
        Close.Equal(effective, ewma.EffectiveCount, 1e-12);
    }

    [Fact]
    public void Variance_stays_accurate_with_a_large_offset()
    {
        var random = new Random(17);
        var values = new double[400];
        var ewma = new EwmaMoments(0.97);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = 1e8 + random.NextDouble();
            ewma.Add(values[i]);
        }

        var (mean, variance, _) = WeightedReference(values, 0.97);
        Close.Equal(mean, ewma.Mean, 1e-15);
        // ulp(1e8) ≈ 1.5e-8 against deviations of order 0.3 limits both methods to about 1e-7.
        Close.Equal(variance, ewma.Variance, 1e-6);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.94)]
    [InlineData(0.995)]
    public void Effective_count_follows_the_geometric_closed_form_and_tends_to_one_plus_lambda_over_one_minus_lambda(double lambda)
    {
        var ewma = new EwmaMoments(lambda);
        for (var n = 1; n <= 5000; n++)
        {
            ewma.Add(n % 3);
            if (n is 1 or 2 or 10 or 100 or 5000)
            {
                // Σw = (1 − λⁿ)/(1 − λ), Σw² = (1 − λ²ⁿ)/(1 − λ²).
                var sumW = (1 - Math.Pow(lambda, n)) / (1 - lambda);
                var sumW2 = (1 - Math.Pow(lambda, 2 * n)) / (1 - (lambda * lambda));
                Close.Equal(sumW * sumW / sumW2, ewma.EffectiveCount, 1e-12, 0, $"n = {n}");
            }
        }

        if (Math.Pow(lambda, 5000) < 1e-10)
        {
            Close.Equal((1 + lambda) / (1 - lambda), ewma.EffectiveCount, 1e-9);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(20)]
    public void Weights_halve_after_half_life_values(int halfLife)
    {
        // Two series of the same length differ only in where the single 1 sits: newest, or halfLife values back.
        // Both have the same Σw, so the ratio of their means is the ratio of the two weights.
        var newest = EwmaMoments.FromHalfLife(halfLife);
        var older = EwmaMoments.FromHalfLife(halfLife);
        for (var i = 0; i <= halfLife; i++)
        {
            newest.Add(i == halfLife ? 1.0 : 0.0);
            older.Add(i == 0 ? 1.0 : 0.0);
        }

        Close.Equal(0.5, older.Mean / newest.Mean, 1e-13);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(2.5)]
    [InlineData(100.0)]
    public void Lambda_from_half_life_raised_to_the_half_life_is_one_half(double halfLife)
    {
        var lambda = EwmaMoments.LambdaFromHalfLife(halfLife);

        Assert.InRange(lambda, 0.0, 1.0);
        Close.Equal(0.5, Math.Pow(lambda, halfLife), 1e-14);
        Assert.Equal(lambda, EwmaMoments.FromHalfLife(halfLife).Lambda);
    }

    [Fact]
    public void Smaller_lambda_forgets_an_old_level_faster()
    {
        var fast = new EwmaMoments(0.5);
        var slow = new EwmaMoments(0.95);
        for (var i = 0; i < 50; i++)
        {
            fast.Add(10.0);
            slow.Add(10.0);
        }

        for (var i = 0; i < 5; i++)
        {
            fast.Add(0.0);
            slow.Add(0.0);
        }

        // Fraction of weight still on the old level: λ⁵ (1 − λ⁵⁰) / (1 − λ⁵⁵).
        static double OldWeight(double l) => Math.Pow(l, 5) * (1 - Math.Pow(l, 50)) / (1 - Math.Pow(l, 55));
        Close.Equal(10.0 * OldWeight(0.5), fast.Mean, 1e-12);
        Close.Equal(10.0 * OldWeight(0.95), slow.Mean, 1e-12);
        Assert.True(fast.Mean < slow.Mean);
    }

    [Fact]
    public void Reset_keeps_lambda_and_forgets_every_value()
    {
        var ewma = new EwmaMoments(0.8);
        foreach (var v in new[] { 5.0, -5.0, 50.0 })
        {
            ewma.Add(v);
        }

        ewma.Reset();

        Assert.Equal(0.8, ewma.Lambda);
        Assert.Equal(0, ewma.Count);
        Assert.Equal(0.0, ewma.Mean);
        Assert.Equal(0.0, ewma.Variance);

        double[] values = [1.0, 3.0];
        foreach (var v in values)
        {
            ewma.Add(v);
        }

        var (mean, variance, _) = WeightedReference(values, 0.8);
        Close.Equal(mean, ewma.Mean, 1e-15);
        Close.Equal(variance, ewma.Variance, 1e-14);
    }

    /// <summary>Σw·x/Σw, Σw·(x − mean)²/Σw and (Σw)²/Σw² with w = λ^(age), age 0 for the newest.</summary>
    private static (double Mean, double Variance, double EffectiveCount) WeightedReference(double[] values, double lambda)
    {
        var n = values.Length;
        double sumW = 0, sumW2 = 0, sumWx = 0;
        for (var k = 0; k < n; k++)
        {
            var w = Math.Pow(lambda, n - 1 - k);
            sumW += w;
            sumW2 += w * w;
            sumWx += w * values[k];
        }

        var mean = sumWx / sumW;
        double sumWd2 = 0;
        for (var k = 0; k < n; k++)
        {
            var d = values[k] - mean;
            sumWd2 += Math.Pow(lambda, n - 1 - k) * d * d;
        }

        return (mean, sumWd2 / sumW, sumW * sumW / sumW2);
    }
}
