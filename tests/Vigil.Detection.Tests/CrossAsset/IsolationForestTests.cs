using Vigil.Detection.CrossAsset;
using Xunit.Abstractions;

namespace Vigil.Detection.Tests.CrossAsset;

public class IsolationForestTests(ITestOutputHelper output)
{
    private static readonly IsolationForestOptions Defaults = new() { Seed = 42 };

    [Fact]
    public void Far_outliers_score_higher_than_every_inlier_of_a_gaussian_cloud()
    {
        const int features = 8;
        var schema = ForestTestData.Plain(features);
        var forest = IsolationForest.Fit(ForestTestData.GaussianRows(1000, features, 1), 1000, schema, Defaults);
        var inliers = ForestTestData.GaussianRows(500, features, 2);
        var maxInlier = 0.0;
        for (var r = 0; r < 500; r++)
        {
            maxInlier = Math.Max(maxInlier, forest.Score(inliers.AsSpan(r * features, features)));
        }

        var random = new Vigil.Core.Numerics.Xoshiro256(3);
        for (var k = 0; k < 20; k++)
        {
            // A point 6 standard deviations out on every axis, in a random orthant.
            var outlier = new double[features];
            for (var f = 0; f < features; f++)
            {
                outlier[f] = random.NextDouble() < 0.5 ? -6 : 6;
            }

            var score = forest.Score(outlier);
            Assert.True(score > maxInlier, $"outlier {k} scored {score}, an inlier {maxInlier}");
            Assert.True(score > 0.6, $"outlier {k} scored only {score}");
        }
    }

    [Fact]
    public void Points_that_break_a_correlation_score_higher_than_points_along_it()
    {
        var schema = ForestTestData.Plain(2);
        var forest = IsolationForest.Fit(ForestTestData.CorrelatedPairs(1000, 0.95, 7), 1000, schema, Defaults);

        // Within 2σ the correlation decides; further out, axis-parallel splits see mostly each marginal's extremity
        // and the two kinds of point converge (scikit-learn behaves the same), so the test stays inside.
        foreach (var size in new[] { 1.0, 1.5, 2.0 })
        {
            // Same marginal sizes; only the sign pattern (with or against the correlation) differs.
            var along = Math.Max(forest.Score([size, size]), forest.Score([-size, -size]));
            var against = Math.Min(forest.Score([size, -size]), forest.Score([-size, size]));
            Assert.True(against > along, $"at {size}: against {against}, along {along}");
        }
    }

    [Fact]
    public void Scores_lie_in_the_open_unit_interval_and_typical_points_score_below_one_half()
    {
        const int features = 72;
        var schema = ForestTestData.StateVectorSchema(18);
        var forest = IsolationForest.Fit(ForestTestData.GaussianRows(384, features, 11), 384, schema, Defaults);
        var fresh = ForestTestData.GaussianRows(400, features, 12);
        var scores = new double[400];
        for (var r = 0; r < scores.Length; r++)
        {
            scores[r] = forest.Score(fresh.AsSpan(r * features, features));
            Assert.InRange(scores[r], double.Epsilon, 1 - 1e-12);
        }

        Array.Sort(scores);
        Assert.True(scores[200] < 0.5, $"median score {scores[200]}");

        var extreme = new double[features];
        extreme.AsSpan().Fill(1e300);
        var top = forest.Score(extreme);
        Assert.InRange(top, 0.5, 1 - 1e-12);
    }

    [Fact]
    public void Score_is_two_to_the_minus_mean_path_length_over_c_of_psi()
    {
        var schema = ForestTestData.Plain(3);
        var forest = IsolationForest.Fit(ForestTestData.GaussianRows(600, 3, 5), 600, schema, Defaults);
        double[] x = [0.3, -2.0, 1.1];

        var expected = Math.Pow(2, -forest.MeanPathLength(x) / IsolationForest.AveragePathLength(256));

        Assert.Equal(expected, forest.Score(x), 1e-15);
    }

    [Fact]
    public void Ranks_points_as_scikit_learn_does()
    {
        using var fixture = ForestTestData.SklearnFixture();
        var dataset = fixture.RootElement.GetProperty("dataset");
        var features = dataset.GetProperty("features").GetInt32();
        var rows = dataset.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var sklearn = dataset.GetProperty("sklearn_scores").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var flat = rows.SelectMany(r => r).ToArray();
        var options = new IsolationForestOptions
        {
            TreeCount = dataset.GetProperty("trees").GetInt32(),
            SubsampleSize = dataset.GetProperty("subsample").GetInt32(),
            Seed = 2008,
        };

        var forest = IsolationForest.Fit(flat, rows.Length, ForestTestData.Plain(features), options);
        var ours = rows.Select(r => forest.Score(r)).ToArray();

        // scikit-learn agrees with itself across seeds at about 0.98 on this set.
        var rho = ForestTestData.Spearman(ours, sklearn);
        output.WriteLine($"Spearman rank correlation with scikit-learn: {rho:F4}");
        Assert.True(rho > 0.95, $"Spearman rank correlation {rho}");

        // The six far outliers (rows 500 to 505) are the top five or six of both.
        var ourTop = ForestTestData.TopK(ours, 6);
        var theirTop = ForestTestData.TopK(sklearn, 6);
        output.WriteLine($"top 6: ours {string.Join(",", ourTop.Order())}, scikit-learn {string.Join(",", theirTop.Order())}");
        var far = Enumerable.Range(500, 6).ToHashSet();
        Assert.True(ourTop.Intersect(far).Count() >= 5, string.Join(",", ourTop));
        Assert.True(theirTop.Intersect(far).Count() >= 5, string.Join(",", theirTop));
    }

    [Theory]
    [InlineData(200)]
    [InlineData(13)]
    [InlineData(1)]
    public void Mean_path_length_equals_the_papers_walk_of_every_tree(int trees)
    {
        const int features = 6;
        var schema = ForestTestData.Plain(features);
        var forest = IsolationForest.Fit(ForestTestData.GaussianRows(500, features, 3), 500, schema, Defaults with { TreeCount = trees });
        var probes = ForestTestData.GaussianRows(200, features, 4);
        probes[7] = double.NaN; // a NaN feature goes right at every split on it

        for (var r = 0; r < 200; r++)
        {
            var x = probes.AsSpan(r * features, features).ToArray();
            for (var f = 0; f < features && r % 20 == 0; f++)
            {
                x[f] *= 10; // some far outliers that stop at shallow external nodes
            }

            // PathLength(x, T, e) of the paper: walk until an external node, then add its c(size) (stored with e).
            var sum = 0.0;
            for (var t = 0; t < forest.TreeCount; t++)
            {
                var i = forest.Roots[t];
                while (!forest.Nodes[i].IsLeaf)
                {
                    i = x[forest.Nodes[i].Feature] < forest.Nodes[i].Value || x[forest.Nodes[i].Feature] == forest.Nodes[i].Value
                        ? i + 1
                        : forest.Nodes[i].Right;
                }

                sum += forest.Nodes[i].Value;
            }

            Assert.Equal(sum / trees, forest.MeanPathLength(x));
        }
    }

    [Theory]
    [InlineData(1000, null, 8)]
    [InlineData(100, null, 7)]
    [InlineData(1000, 3, 3)]
    [InlineData(2, null, 1)]
    public void No_tree_is_deeper_than_the_height_limit(int rows, int? maxDepth, int expectedLimit)
    {
        var schema = ForestTestData.Plain(4);
        var options = Defaults with { MaxDepth = maxDepth, TreeCount = 50 };
        var forest = IsolationForest.Fit(ForestTestData.GaussianRows(rows, 4, 9), rows, schema, options);

        Assert.Equal(expectedLimit, forest.HeightLimit);
        var deepest = 0;
        for (var t = 0; t < forest.TreeCount; t++)
        {
            deepest = Math.Max(deepest, DeepestLeaf(forest, forest.Roots[t], 0, out _));
        }

        Assert.Equal(expectedLimit, deepest);
    }

    [Fact]
    public void Mean_path_length_of_any_point_stays_within_the_height_limit_plus_c_of_psi()
    {
        var schema = ForestTestData.Plain(4);
        var forest = IsolationForest.Fit(ForestTestData.GaussianRows(1000, 4, 9), 1000, schema, Defaults with { MaxDepth = 3 });
        var probes = ForestTestData.GaussianRows(300, 4, 10);
        for (var r = 0; r < 300; r++)
        {
            var h = forest.MeanPathLength(probes.AsSpan(r * 4, 4));
            Assert.InRange(h, 1.0, 3 + IsolationForest.AveragePathLength(256));
        }
    }

    [Fact]
    public void Uses_every_row_when_there_are_fewer_than_the_subsample_size()
    {
        var schema = ForestTestData.Plain(2);
        var forest = IsolationForest.Fit(ForestTestData.GaussianRows(100, 2, 4), 100, schema, Defaults);

        Assert.Equal(100, forest.SubsampleSize);
        for (var t = 0; t < forest.TreeCount; t++)
        {
            DeepestLeaf(forest, forest.Roots[t], 0, out var rowsInTree);
            Assert.Equal(100, rowsInTree);
        }
    }

    [Fact]
    public void Each_tree_is_grown_on_psi_rows()
    {
        var schema = ForestTestData.Plain(3);
        var forest = IsolationForest.Fit(ForestTestData.GaussianRows(1000, 3, 4), 1000, schema, Defaults with { MaxDepth = 64 });

        // Grown without a practical height limit, every external node holds one row, so each tree has ψ leaves.
        for (var t = 0; t < forest.TreeCount; t++)
        {
            DeepestLeaf(forest, forest.Roots[t], 0, out var leaves);
            Assert.Equal(256, leaves);
        }
    }

    [Fact]
    public void Same_seed_and_data_give_a_bit_identical_forest()
    {
        var schema = ForestTestData.StateVectorSchema(18);
        var rows = ForestTestData.GaussianRows(384, 72, 21);
        var a = IsolationForest.Fit(rows, 384, schema, Defaults);
        var b = IsolationForest.Fit(rows, 384, schema, Defaults);

        Assert.Equal(Save(a), Save(b));
        var probes = ForestTestData.GaussianRows(100, 72, 22);
        for (var r = 0; r < 100; r++)
        {
            var x = probes.AsSpan(r * 72, 72);
            Assert.Equal(BitConverter.DoubleToInt64Bits(a.Score(x)), BitConverter.DoubleToInt64Bits(b.Score(x)));
        }
    }

    [Fact]
    public void Different_seeds_give_different_scores()
    {
        var schema = ForestTestData.Plain(5);
        var rows = ForestTestData.GaussianRows(500, 5, 21);
        var a = IsolationForest.Fit(rows, 500, schema, Defaults with { Seed = 1 });
        var b = IsolationForest.Fit(rows, 500, schema, Defaults with { Seed = 2 });

        var probes = ForestTestData.GaussianRows(50, 5, 22);
        var differing = 0;
        for (var r = 0; r < 50; r++)
        {
            var x = probes.AsSpan(r * 5, 5);
            differing += a.Score(x) != b.Score(x) ? 1 : 0;
        }

        Assert.True(differing >= 45, $"only {differing} of 50 scores differ");
    }

    [Fact]
    public void Identical_rows_make_single_leaf_trees_scoring_one_half()
    {
        var schema = ForestTestData.Plain(3);
        var rows = new double[30];
        rows.AsSpan().Fill(1.5);
        var forest = IsolationForest.Fit(rows, 10, schema, Defaults);

        Assert.Equal(forest.TreeCount, forest.NodeCount);
        Assert.Equal(0.5, forest.Score([1.5, 1.5, 1.5]), 1e-15);
        Assert.Equal(0.5, forest.Score([100, -100, 0]), 1e-15);
    }

    [Fact]
    public void Constant_features_are_never_split_on()
    {
        var schema = ForestTestData.Plain(4);
        var rows = ForestTestData.GaussianRows(400, 4, 8);
        for (var r = 0; r < 400; r++)
        {
            rows[(r * 4) + 1] = 3.0;
            rows[(r * 4) + 3] = -1.0;
        }

        var forest = IsolationForest.Fit(rows, 400, schema, Defaults);
        foreach (var node in forest.Nodes)
        {
            Assert.True(node.IsLeaf || node.Feature is 0 or 2, $"split on constant feature {node.Feature}");
        }
    }

    [Fact]
    public void Scoring_allocates_nothing()
    {
        var schema = ForestTestData.StateVectorSchema(18);
        var forest = IsolationForest.Fit(ForestTestData.GaussianRows(384, 72, 31), 384, schema, Defaults);
        var x = ForestTestData.GaussianRows(1, 72, 32);
        var sink = 0.0;

        var allocated = Allocations.Fewest(_ =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                x[i % 72] += 1e-3;
                sink += forest.Score(x);
                sink += forest.MeanPathLength(x);
            }
        });

        Assert.Equal(0, allocated);
        Assert.True(double.IsFinite(sink));
    }

    [Fact]
    public void Allocation_probe_sees_an_allocation_that_recurs()
    {
        Assert.True(Allocations.Fewest(_ => GC.KeepAlive(new byte[100])) >= 100);
    }

    [Fact]
    public void Refuses_a_vector_of_the_wrong_length()
    {
        var forest = IsolationForest.Fit(ForestTestData.GaussianRows(10, 3, 1), 10, ForestTestData.Plain(3), Defaults);

        var e = Assert.Throws<ArgumentException>(() => forest.Score(new double[4]));
        Assert.Contains("expects 3", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Refuses_training_rows_that_are_not_finite_naming_row_and_feature(double bad)
    {
        var schema = ForestTestData.StateVectorSchema(2);
        var rows = ForestTestData.GaussianRows(20, 8, 1);
        rows[(13 * 8) + 6] = bad;

        var e = Assert.Throws<ArgumentException>(() => IsolationForest.Fit(rows, 20, schema, Defaults));
        Assert.Contains("row 13", e.Message, StringComparison.Ordinal);
        Assert.Contains("NDX.zscore", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_fewer_than_two_rows_and_mismatched_sizes()
    {
        var schema = ForestTestData.Plain(3);

        Assert.Throws<ArgumentOutOfRangeException>(() => IsolationForest.Fit(new double[3], 1, schema, Defaults));
        Assert.Throws<ArgumentException>(() => IsolationForest.Fit(new double[10], 3, schema, Defaults));
        Assert.Throws<ArgumentException>(() => IsolationForest.Fit(new double[5, 4], schema, Defaults));
    }

    [Fact]
    public void Rectangular_overload_fits_the_same_forest_as_the_row_major_one()
    {
        var schema = ForestTestData.Plain(3);
        var flat = ForestTestData.GaussianRows(300, 3, 14);
        var rect = new double[300, 3];
        for (var r = 0; r < 300; r++)
        {
            for (var f = 0; f < 3; f++)
            {
                rect[r, f] = flat[(r * 3) + f];
            }
        }

        Assert.Equal(Save(IsolationForest.Fit(flat, 300, schema, Defaults)), Save(IsolationForest.Fit(rect, schema, Defaults)));
    }

    [Fact]
    public void Options_report_every_problem_at_once()
    {
        var options = new IsolationForestOptions { TreeCount = 0, SubsampleSize = 1, MaxDepth = 0 };

        Assert.Equal(3, options.Problems().Count);
        var e = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("TreeCount", e.Message, StringComparison.Ordinal);
        Assert.Contains("SubsampleSize", e.Message, StringComparison.Ordinal);
        Assert.Contains("MaxDepth", e.Message, StringComparison.Ordinal);
        Assert.Empty(new IsolationForestOptions().Problems());
    }

    [Fact]
    public void Defaults_are_the_papers()
    {
        var options = new IsolationForestOptions();

        Assert.Equal(200, options.TreeCount);
        Assert.Equal(256, options.SubsampleSize);
        Assert.Null(options.MaxDepth);
    }

    internal static byte[] Save(IsolationForest forest)
    {
        using var stream = new MemoryStream();
        forest.Save(stream);
        return stream.ToArray();
    }

    /// <summary>The depth of the deepest external node under <paramref name="index"/>, and the number of training rows its external nodes hold.</summary>
    private static int DeepestLeaf(IsolationForest forest, int index, int depth, out int rows)
    {
        var node = forest.Nodes[index];
        if (node.IsLeaf)
        {
            // A leaf's value is depth + c(size); recover size by inverting c over the integers.
            var correction = node.Value - depth;
            var size = 1;
            while (size <= forest.SubsampleSize && Math.Abs(IsolationForest.AveragePathLength(size) - correction) > 1e-9)
            {
                size++;
            }

            rows = Math.Max(size, 1);
            return depth;
        }

        var left = DeepestLeaf(forest, index + 1, depth + 1, out var leftLeaves);
        var right = DeepestLeaf(forest, node.Right, depth + 1, out var rightLeaves);
        rows = leftLeaves + rightLeaves;
        return Math.Max(left, right);
    }
}
