using Vigil.Core.Statistics;
using Vigil.Core.Tests.Support;

namespace Vigil.Core.Tests.Statistics;

public sealed class EwmaCovarianceMatrixTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Non_positive_dimension_is_rejected(int dimension) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new EwmaCovarianceMatrix(dimension, 0.94));

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.2)]
    [InlineData(2.0)]
    [InlineData(double.NaN)]
    public void Lambda_outside_the_open_unit_interval_is_rejected(double lambda) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new EwmaCovarianceMatrix(3, lambda));

    [Fact]
    public void Properties_report_the_configuration_and_count()
    {
        var matrix = new EwmaCovarianceMatrix(4, 0.97, demean: true);
        matrix.Update([1.0, 2.0, 3.0, 4.0]);
        matrix.Update([1.0, 2.0, 3.0, 4.0]);

        Assert.Equal(4, matrix.Dimension);
        Assert.Equal(0.97, matrix.Lambda);
        Assert.Equal(2, matrix.Count);
    }

    [Fact]
    public void Empty_matrix_has_zero_covariances_and_correlations()
    {
        var matrix = new EwmaCovarianceMatrix(2, 0.9);

        Assert.Equal(0, matrix.Count);
        Assert.Equal(0.0, matrix.Covariance(0, 1));
        Assert.Equal(0.0, matrix.Variance(0));
        Assert.Equal(0.0, matrix.Correlation(0, 1));
        Assert.Equal(0.0, matrix.Correlation(1, 1));
    }

    [Theory]
    [InlineData(false, 0.94, 1, 250)]
    [InlineData(false, 0.5, 2, 40)]
    [InlineData(false, 0.99, 3, 1)]
    [InlineData(true, 0.94, 4, 250)]
    [InlineData(true, 0.7, 5, 3)]
    [InlineData(true, 0.995, 6, 800)]
    public void Covariance_matches_explicit_weighted_outer_product_sums(bool demean, double lambda, int seed, int n)
    {
        const int dimension = 5;
        var data = CorrelatedSeries(seed, n, dimension, offset: demean ? 3.0 : 0.0);
        var matrix = new EwmaCovarianceMatrix(dimension, lambda, demean);
        foreach (var x in data)
        {
            matrix.Update(x);
        }

        var expected = WeightedCovariance(data, lambda, demean);
        var scale = MaxAbsDiagonal(expected);
        for (var i = 0; i < dimension; i++)
        {
            for (var j = 0; j < dimension; j++)
            {
                Close.Equal(expected[i, j], matrix.Covariance(i, j), 1e-10, 1e-12 * scale, $"cov[{i},{j}]");
            }
        }

        for (var i = 0; i < dimension; i++)
        {
            for (var j = 0; j < dimension; j++)
            {
                var denominator = Math.Sqrt(expected[i, i] * expected[j, j]);
                var correlation = i == j ? (expected[i, i] > 0 ? 1.0 : 0.0) : denominator > 0 ? expected[i, j] / denominator : 0.0;
                Close.Equal(correlation, matrix.Correlation(i, j), 0, 1e-9, $"corr[{i},{j}]");
            }
        }
    }

    [Fact]
    public void Demeaned_covariance_stays_accurate_with_a_large_offset()
    {
        var data = CorrelatedSeries(8, 500, 3, offset: 1e6);
        var matrix = new EwmaCovarianceMatrix(3, 0.97, demean: true);
        foreach (var x in data)
        {
            matrix.Update(x);
        }

        var expected = WeightedCovariance(data, 0.97, demean: true);
        var scale = MaxAbsDiagonal(expected);
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                // ulp(1e6) ≈ 1.2e-10 against unit-scale deviations.
                Close.Equal(expected[i, j], matrix.Covariance(i, j), 1e-7, 1e-8 * scale, $"cov[{i},{j}]");
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Matrix_is_symmetric_and_correlations_lie_in_the_unit_interval_with_ones_on_the_diagonal(bool demean)
    {
        const int dimension = 6;
        var matrix = new EwmaCovarianceMatrix(dimension, 0.9, demean);
        foreach (var x in CorrelatedSeries(21, 300, dimension, offset: 1.0))
        {
            matrix.Update(x);
            for (var i = 0; i < dimension; i++)
            {
                // Demeaned, one observation has no spread yet.
                if (!demean || matrix.Count > 1)
                {
                    Assert.Equal(1.0, matrix.Correlation(i, i));
                    Assert.True(matrix.Variance(i) > 0);
                }

                for (var j = 0; j < dimension; j++)
                {
                    Assert.Equal(matrix.Covariance(i, j), matrix.Covariance(j, i));
                    Assert.Equal(matrix.Correlation(i, j), matrix.Correlation(j, i));
                    Assert.InRange(matrix.Correlation(i, j), -1.0, 1.0);
                }
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Proportional_series_have_correlation_one_and_opposite_series_minus_one(bool demean)
    {
        var matrix = new EwmaCovarianceMatrix(3, 0.94, demean);
        var random = new Random(3);
        for (var t = 0; t < 200; t++)
        {
            var x = Naive.Gaussian(random);
            // With demeaning, constant shifts must not matter either.
            var shift = demean ? 5.0 : 0.0;
            matrix.Update([x, (3.0 * x) + shift, (-2.0 * x) - shift]);
        }

        Close.Equal(1.0, matrix.Correlation(0, 1), 0, 1e-12);
        Close.Equal(-1.0, matrix.Correlation(0, 2), 0, 1e-12);
        Close.Equal(-1.0, matrix.Correlation(1, 2), 0, 1e-12);
        // Cov(x, 3x) = 3 Var(x), Var(3x) = 9 Var(x).
        Close.Equal(3.0 * matrix.Variance(0), matrix.Covariance(0, 1), 1e-12);
        Close.Equal(9.0 * matrix.Variance(0), matrix.Variance(1), 1e-12);
    }

    [Theory]
    [InlineData(false, 0.0)]
    [InlineData(true, 7.25)]
    public void Element_with_zero_variance_has_zero_correlation_with_everything(bool demean, double constant)
    {
        var matrix = new EwmaCovarianceMatrix(3, 0.9, demean);
        var random = new Random(4);
        for (var t = 0; t < 100; t++)
        {
            matrix.Update([Naive.Gaussian(random), constant, Naive.Gaussian(random)]);
        }

        Assert.Equal(0.0, matrix.Variance(1));
        Assert.Equal(0.0, matrix.Correlation(1, 1));
        Assert.Equal(0.0, matrix.Correlation(0, 1));
        Assert.Equal(0.0, matrix.Correlation(1, 2));
        Assert.Equal(1.0, matrix.Correlation(0, 0));
        Assert.NotEqual(0.0, matrix.Correlation(0, 2));
    }

    [Fact]
    public void Copies_hold_the_full_row_major_matrices()
    {
        const int dimension = 4;
        var matrix = new EwmaCovarianceMatrix(dimension, 0.9);
        foreach (var x in CorrelatedSeries(12, 80, dimension, offset: 0.0))
        {
            matrix.Update(x);
        }

        // A longer destination is allowed; the values past N² are left alone.
        var covariance = new double[(dimension * dimension) + 2];
        var correlation = new double[dimension * dimension];
        covariance[^1] = covariance[^2] = -99.0;
        matrix.CopyCovarianceTo(covariance);
        matrix.CopyCorrelationTo(correlation);

        for (var i = 0; i < dimension; i++)
        {
            for (var j = 0; j < dimension; j++)
            {
                Assert.Equal(matrix.Covariance(i, j), covariance[(i * dimension) + j]);
                Assert.Equal(matrix.Correlation(i, j), correlation[(i * dimension) + j]);
                Assert.Equal(covariance[(i * dimension) + j], covariance[(j * dimension) + i]);
            }
        }

        Assert.Equal(-99.0, covariance[^1]);
        Assert.Equal(-99.0, covariance[^2]);
    }

    [Fact]
    public void Copy_into_a_too_short_destination_is_rejected()
    {
        var matrix = new EwmaCovarianceMatrix(3, 0.9);
        matrix.Update([1.0, 2.0, 3.0]);

        Assert.Throws<ArgumentException>(() => matrix.CopyCovarianceTo(new double[8]));
        Assert.Throws<ArgumentException>(() => matrix.CopyCorrelationTo(new double[8]));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(0)]
    public void Observation_of_the_wrong_length_is_rejected_and_leaves_the_matrix_unchanged(int length)
    {
        var matrix = new EwmaCovarianceMatrix(3, 0.9);
        matrix.Update([1.0, 2.0, 3.0]);

        Assert.Throws<ArgumentException>(() => matrix.Update(new double[length]));

        Assert.Equal(1, matrix.Count);
        Assert.Equal(4.0, matrix.Covariance(1, 1));
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(3, 0)]
    [InlineData(-1, 0)]
    [InlineData(0, -1)]
    [InlineData(3, 3)]
    public void Index_outside_the_dimension_is_rejected(int i, int j)
    {
        var matrix = new EwmaCovarianceMatrix(3, 0.9);
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.Covariance(i, j));

        matrix.Update([1.0, 2.0, 3.0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.Covariance(i, j));
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.Correlation(i, j));
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.Variance(Math.Max(i, j) == 3 ? 3 : -1));
    }

    [Fact]
    public void Configured_lambda_sets_how_fast_the_matrix_forgets()
    {
        var fast = new EwmaCovarianceMatrix(2, 0.6);
        var slow = new EwmaCovarianceMatrix(2, 0.97);
        var data = new List<double[]>();
        var random = new Random(31);
        for (var t = 0; t < 300; t++)
        {
            // Two co-moving series that turn into opposite ones for the last 10 observations.
            var x = Naive.Gaussian(random);
            var noise = 0.3 * Naive.Gaussian(random);
            double[] v = t < 290 ? [x, x + noise] : [x, -x + noise];
            data.Add(v);
            fast.Update(v);
            slow.Update(v);
        }

        foreach (var (matrix, lambda) in new[] { (fast, 0.6), (slow, 0.97) })
        {
            var expected = WeightedCovariance(data, lambda, demean: false);
            Close.Equal(expected[0, 1], matrix.Covariance(0, 1), 1e-10, 1e-14, $"λ = {lambda}");
        }

        Assert.True(fast.Correlation(0, 1) < -0.5, $"fast correlation {fast.Correlation(0, 1)}");
        Assert.True(slow.Correlation(0, 1) > 0.0, $"slow correlation {slow.Correlation(0, 1)}");
    }

    [Fact]
    public void Reset_forgets_every_observation()
    {
        var matrix = new EwmaCovarianceMatrix(2, 0.8, demean: true);
        matrix.Update([100.0, -100.0]);
        matrix.Update([-50.0, 70.0]);

        matrix.Reset();

        Assert.Equal(0, matrix.Count);
        Assert.Equal(0.0, matrix.Covariance(0, 1));

        var data = new List<double[]> { new[] { 1.0, 2.0 }, new[] { 3.0, 1.0 }, new[] { 2.0, 5.0 } };
        foreach (var x in data)
        {
            matrix.Update(x);
        }

        var expected = WeightedCovariance(data, 0.8, demean: true);
        for (var i = 0; i < 2; i++)
        {
            for (var j = 0; j < 2; j++)
            {
                Close.Equal(expected[i, j], matrix.Covariance(i, j), 1e-13, 1e-15);
            }
        }
    }

    /// <summary>
    /// Σ w·(x − m)(x − m)ᵀ / Σw with w = λ^(age); m = 0, or with <paramref name="demean"/> the weighted mean Σw·x/Σw.
    /// </summary>
    private static double[,] WeightedCovariance(List<double[]> data, double lambda, bool demean)
    {
        var n = data.Count;
        var dimension = data[0].Length;
        var mean = new double[dimension];
        double sumW = 0;
        for (var k = 0; k < n; k++)
        {
            var w = Math.Pow(lambda, n - 1 - k);
            sumW += w;
            for (var i = 0; i < dimension; i++)
            {
                mean[i] += w * data[k][i];
            }
        }

        for (var i = 0; i < dimension; i++)
        {
            mean[i] = demean ? mean[i] / sumW : 0.0;
        }

        var result = new double[dimension, dimension];
        for (var k = 0; k < n; k++)
        {
            var w = Math.Pow(lambda, n - 1 - k);
            for (var i = 0; i < dimension; i++)
            {
                for (var j = 0; j < dimension; j++)
                {
                    result[i, j] += w * (data[k][i] - mean[i]) * (data[k][j] - mean[j]);
                }
            }
        }

        for (var i = 0; i < dimension; i++)
        {
            for (var j = 0; j < dimension; j++)
            {
                result[i, j] /= sumW;
            }
        }

        return result;
    }

    private static double MaxAbsDiagonal(double[,] matrix)
    {
        double max = 0;
        for (var i = 0; i < matrix.GetLength(0); i++)
        {
            max = Math.Max(max, Math.Abs(matrix[i, i]));
        }

        return max;
    }

    /// <summary>Vectors whose elements share a common factor (so correlations are far from zero), plus an offset.</summary>
    private static List<double[]> CorrelatedSeries(int seed, int n, int dimension, double offset)
    {
        var random = new Random(seed);
        var data = new List<double[]>(n);
        for (var t = 0; t < n; t++)
        {
            var common = Naive.Gaussian(random);
            var x = new double[dimension];
            for (var i = 0; i < dimension; i++)
            {
                var loading = (i % 2 == 0 ? 1.0 : -0.5) * (1 + i);
                x[i] = offset + (loading * common) + ((0.5 + i) * Naive.Gaussian(random));
            }

            data.Add(x);
        }

        return data;
    }
}
