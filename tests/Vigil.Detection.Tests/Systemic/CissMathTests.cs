using Vigil.Core.Numerics;
using Vigil.Detection.Systemic;

namespace Vigil.Detection.Tests.Systemic;

public sealed class CissMathTests
{
    private static readonly double[] EqualWeights = [0.2, 0.2, 0.2, 0.2, 0.2];
    private static readonly double[] SubIndices = [0.1, 0.5, 0.9, 0.3, 0.7];

    private static double[] Weighted(double[] weights, double[] subIndices)
    {
        var s = new double[weights.Length];
        for (var i = 0; i < s.Length; i++)
        {
            s[i] = weights[i] * subIndices[i];
        }

        return s;
    }

    private static double[] Filled(int n, double offDiagonal)
    {
        var c = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                c[(i * n) + j] = i == j ? 1.0 : offDiagonal;
            }
        }

        return c;
    }

    /// <summary>A random correlation matrix with non-negative entries: the normalised Gram matrix of non-negative vectors.</summary>
    private static double[] RandomNonNegativeCorrelation(Xoshiro256 random, int n)
    {
        var a = new double[n * 3];
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = random.NextDouble();
        }

        var c = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double dot = 0, ii = 0, jj = 0;
                for (var k = 0; k < 3; k++)
                {
                    dot += a[(i * 3) + k] * a[(j * 3) + k];
                    ii += a[(i * 3) + k] * a[(i * 3) + k];
                    jj += a[(j * 3) + k] * a[(j * 3) + k];
                }

                c[(i * n) + j] = dot / Math.Sqrt(ii * jj);
            }
        }

        return c;
    }

    [Fact]
    public void With_every_correlation_one_the_index_is_the_squared_weighted_mean()
    {
        // (0.2 · (0.1 + 0.5 + 0.9 + 0.3 + 0.7))² = 0.5² = 0.25.
        var index = CissMath.Index(Weighted(EqualWeights, SubIndices), Filled(5, 1.0));
        Assert.Equal(0.25, index, 12);
    }

    [Fact]
    public void With_every_correlation_zero_the_index_is_the_weighted_sum_of_squares()
    {
        // 0.04 · (0.01 + 0.25 + 0.81 + 0.09 + 0.49) = 0.066.
        var index = CissMath.Index(Weighted(EqualWeights, SubIndices), Filled(5, 0.0));
        Assert.Equal(0.066, index, 12);
    }

    [Fact]
    public void Unequal_weights_enter_as_weight_times_sub_index()
    {
        double[] weights = [0.15, 0.15, 0.25, 0.30, 0.15];
        // (0.015 + 0.075 + 0.225 + 0.09 + 0.105)² = 0.51² = 0.2601.
        Assert.Equal(0.2601, CissMath.Index(Weighted(weights, SubIndices), Filled(5, 1.0)), 12);
        // 0.015² + 0.075² + 0.225² + 0.09² + 0.105² = 0.000225 + 0.005625 + 0.050625 + 0.0081 + 0.011025 = 0.0756.
        Assert.Equal(0.0756, CissMath.Index(Weighted(weights, SubIndices), Filled(5, 0.0)), 12);
    }

    [Fact]
    public void The_index_with_a_mixed_correlation_matrix_matches_the_hand_computed_quadratic_form()
    {
        // Two segments, weights 0.5, sub-indices 0.8 and 0.4, correlation 0.5: s = (0.4, 0.2);
        // s'Cs = 0.16 + 0.04 + 2 · 0.5 · 0.08 = 0.28.
        Assert.Equal(0.28, CissMath.Index([0.4, 0.2], [1.0, 0.5, 0.5, 1.0]), 12);
    }

    [Fact]
    public void The_index_never_falls_when_a_sub_index_rises_and_correlations_are_non_negative()
    {
        var random = new Xoshiro256(7);
        for (var trial = 0; trial < 500; trial++)
        {
            var c = RandomNonNegativeCorrelation(random, 5);
            var z = new double[5];
            for (var i = 0; i < 5; i++)
            {
                z[i] = random.NextDouble();
            }

            var before = CissMath.Index(Weighted(EqualWeights, z), c);
            for (var k = 0; k < 5; k++)
            {
                var raised = (double[])z.Clone();
                raised[k] = Math.Min(1.0, z[k] + (0.3 * random.NextDouble()) + 1e-3);
                var after = CissMath.Index(Weighted(EqualWeights, raised), c);
                Assert.True(after >= before - 1e-15, $"trial {trial}, segment {k}: {before} → {after}");
            }
        }
    }

    [Fact]
    public void The_index_lies_in_zero_to_one_for_any_correlation_matrix_and_sub_indices_in_zero_to_one()
    {
        // Correlation matrices of random signed factor loadings (so some correlations are negative), random weights
        // summing to 1 and sub-indices in [0, 1], including the corners 0 and 1.
        var random = new Xoshiro256(19);
        for (var trial = 0; trial < 2000; trial++)
        {
            const int n = 5;
            var loadings = new double[n * 2];
            for (var i = 0; i < loadings.Length; i++)
            {
                loadings[i] = random.NextGaussian();
            }

            var c = new double[n * n];
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    double dot = 0, ii = 0, jj = 0;
                    for (var k = 0; k < 2; k++)
                    {
                        dot += loadings[(i * 2) + k] * loadings[(j * 2) + k];
                        ii += loadings[(i * 2) + k] * loadings[(i * 2) + k];
                        jj += loadings[(j * 2) + k] * loadings[(j * 2) + k];
                    }

                    c[(i * n) + j] = i == j ? 1.0 : dot / Math.Sqrt(ii * jj);
                }
            }

            var weights = new double[n];
            double total = 0;
            for (var i = 0; i < n; i++)
            {
                weights[i] = random.NextDouble() + 0.01;
                total += weights[i];
            }

            var z = new double[n];
            for (var i = 0; i < n; i++)
            {
                weights[i] /= total;
                z[i] = trial % 10 == 0 ? 1.0 : trial % 10 == 1 ? (i % 2) : random.NextDouble();
            }

            var index = CissMath.Index(Weighted(weights, z), c);
            Assert.InRange(index, -1e-15, 1.0 + 1e-15);
        }
    }

    [Fact]
    public void Under_negative_correlation_a_rising_sub_index_can_lower_the_index()
    {
        // The monotonicity needs non-negative correlations: with ρ = −1 the index is (s1 − s2)², which falls as s1
        // rises towards s2. Weights 0.5: z = (0.2, 0.8) gives 0.09; z = (0.4, 0.8) gives 0.04.
        double[] c = [1.0, -1.0, -1.0, 1.0];
        Assert.Equal(0.09, CissMath.Index([0.1, 0.4], c), 12);
        Assert.Equal(0.04, CissMath.Index([0.2, 0.4], c), 12);
    }

    [Fact]
    public void The_contributions_sum_to_the_index()
    {
        var c = RandomNonNegativeCorrelation(new Xoshiro256(3), 5);
        var s = Weighted(EqualWeights, SubIndices);
        var contributions = new double[5];
        var total = CissMath.Contributions(s, c, contributions);
        Assert.Equal(CissMath.Index(s, c), total, 14);
        Assert.Equal(total, contributions.Sum(), 14);
        // The first segment's share by hand: s_1 · Σ_j C_1j s_j.
        var expected = s[0] * ((c[0] * s[0]) + (c[1] * s[1]) + (c[2] * s[2]) + (c[3] * s[3]) + (c[4] * s[4]));
        Assert.Equal(expected, contributions[0], 14);
    }

    [Fact]
    public void The_correlation_part_is_the_index_less_the_weighted_sum_of_squares()
    {
        var s = Weighted(EqualWeights, SubIndices);
        // With every correlation 1: 0.25 − 0.066.
        Assert.Equal(0.184, CissMath.CorrelationPart(CissMath.Index(s, Filled(5, 1.0)), s), 12);
        Assert.Equal(0.0, CissMath.CorrelationPart(CissMath.Index(s, Filled(5, 0.0)), s), 12);
    }

    [Theory]
    [InlineData(0, 1, 1, 1.0)] // a lone value is the maximum
    [InlineData(2, 3, 5, 0.8)] // ranks 3, 4, 5 averaged to 4, over 5
    [InlineData(0, 2, 4, 0.375)] // ranks 1 and 2 averaged to 1.5, over 4
    [InlineData(3, 1, 4, 1.0)]
    public void The_average_rank_gives_ties_their_mean_rank(int below, int equal, int count, double expected) =>
        Assert.Equal(expected, CissMath.AverageRank(below, equal, count), 14);

    [Fact]
    public void A_correlation_matrix_of_the_wrong_size_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => CissMath.Index([0.1, 0.2], [1.0, 0.0, 0.0]));
        Assert.Equal("correlation", e.ParamName);
    }
}
