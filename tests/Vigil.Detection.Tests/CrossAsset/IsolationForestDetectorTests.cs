using Vigil.Core.Streaming;
using Vigil.Detection.CrossAsset;

namespace Vigil.Detection.Tests.CrossAsset;

public class IsolationForestDetectorTests
{
    private const int Features = 8;
    private static readonly FeatureSchema Schema = ForestTestData.StateVectorSchema(2);
    private static readonly IsolationForestDetectorOptions Options = new()
    {
        TrainingWindowLength = 300,
        Forest = new IsolationForestOptions { Seed = 9 },
    };

    [Fact]
    public void Is_not_ready_until_the_training_window_is_full_then_scores()
    {
        var detector = new IsolationForestDetector(Schema, Options);
        var rows = ForestTestData.GaussianRows(300, Features, 1);

        Assert.Equal(300, detector.WarmUpPeriod);
        for (var r = 0; r < 299; r++)
        {
            Assert.Equal(DetectorReading.NotReady, detector.Update(rows.AsSpan(r * Features, Features)));
            Assert.False(detector.IsReady);
        }

        var last = detector.Update(rows.AsSpan(299 * Features, Features));
        Assert.True(detector.IsReady);
        Assert.NotNull(detector.Forest);
        Assert.InRange(last.Score, 0.0, 1.0);
        Assert.Equal(last, detector.Current);
    }

    [Fact]
    public void Fits_the_same_forest_as_fitting_the_window_directly()
    {
        var detector = new IsolationForestDetector(Schema, Options);
        var rows = ForestTestData.GaussianRows(300, Features, 2);
        for (var r = 0; r < 300; r++)
        {
            detector.Update(1000L * r, rows.AsSpan(r * Features, Features));
        }

        var direct = IsolationForest.Fit(rows, 300, Schema, Options.Forest, 0, 299_000);

        Assert.Equal(IsolationForestTests.Save(direct), IsolationForestTests.Save(detector.Forest!));
        Assert.Equal(new IsolationForestTrainingInfo(300, 0, 299_000), detector.Forest!.Training);
    }

    [Fact]
    public void Reading_holds_score_and_mean_path_length_and_fires_above_the_threshold()
    {
        var detector = Trained();
        var forest = detector.Forest!;
        double[] outlier = [9, -9, 9, -9, 9, -9, 9, -9];
        double[] inlier = [0.1, -0.2, 0.0, 0.3, -0.1, 0.2, 0.0, -0.3];

        var high = detector.Update(outlier);
        var low = detector.Update(inlier);

        Assert.Equal(forest.Score(outlier), high.Score);
        Assert.Equal(forest.MeanPathLength(outlier), high.Raw);
        Assert.True(high.Score > 0.6 && high.Fired);
        Assert.Equal(forest.Score(inlier), low.Score);
        Assert.True(low.Score < 0.6 && !low.Fired);
    }

    [Fact]
    public void Skips_non_finite_vectors_while_training_and_after()
    {
        var detector = new IsolationForestDetector(Schema, Options);
        var rows = ForestTestData.GaussianRows(300, Features, 3);
        var bad = new double[Features];
        bad[5] = double.NaN;
        for (var r = 0; r < 300; r++)
        {
            detector.Update(rows.AsSpan(r * Features, Features));
            if (r % 50 == 0)
            {
                Assert.Equal(DetectorReading.NotReady, detector.Update(bad));
            }
        }

        Assert.True(detector.IsReady);
        Assert.Equal(6, detector.SkippedCount);
        bad[5] = double.PositiveInfinity;
        Assert.Equal(DetectorReading.NotReady, detector.Update(bad));
        Assert.Equal(7, detector.SkippedCount);
    }

    [Fact]
    public void Reset_forgets_the_training_window_and_the_fitted_forest()
    {
        var detector = new IsolationForestDetector(Schema, Options);
        var rows = ForestTestData.GaussianRows(300, Features, 4);
        for (var r = 0; r < 150; r++)
        {
            detector.Update(rows.AsSpan(r * Features, Features));
        }

        detector.Reset();
        Assert.Equal(0, detector.TrainingCount);
        for (var r = 0; r < 300; r++)
        {
            detector.Update(rows.AsSpan(r * Features, Features));
        }

        // Had the first 150 rows been kept, the window would have filled at row 150 with different data.
        Assert.Equal(IsolationForestTests.Save(IsolationForest.Fit(rows, 300, Schema, Options.Forest)), IsolationForestTests.Save(detector.Forest!));

        detector.Reset();
        Assert.False(detector.IsReady);
        Assert.Null(detector.Forest);
        Assert.Equal(DetectorReading.NotReady, detector.Current);
    }

    [Fact]
    public void Pretrained_forest_is_ready_at_once_and_survives_reset()
    {
        var forest = IsolationForest.Fit(ForestTestData.GaussianRows(300, Features, 5), 300, Schema, Options.Forest);
        var detector = new IsolationForestDetector(forest, fireThreshold: 0.7);

        Assert.True(detector.IsReady);
        Assert.Equal(0, detector.WarmUpPeriod);
        double[] x = [1, 2, 3, 4, 5, 6, 7, 8];
        Assert.Equal(forest.Score(x), detector.Update(x).Score);

        detector.Reset();
        Assert.True(detector.IsReady);
        Assert.Same(forest, detector.Forest);
    }

    [Fact]
    public void Updating_a_ready_detector_allocates_nothing()
    {
        var detector = Trained();
        var x = ForestTestData.GaussianRows(1, Features, 6);

        var allocated = Allocations.Fewest(_ =>
        {
            for (var i = 0; i < 5000; i++)
            {
                x[i % Features] += 0.01;
                detector.Update(123L * i, x);
            }
        });

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Refuses_vectors_of_the_wrong_length_and_invalid_options()
    {
        var detector = new IsolationForestDetector(Schema, Options);

        Assert.Throws<ArgumentException>(() => detector.Update(new double[Features + 1]));
        var e = Assert.Throws<ArgumentException>(() => new IsolationForestDetector(Schema, Options with { TrainingWindowLength = 1, FireThreshold = 1.0 }));
        Assert.Contains("TrainingWindowLength", e.Message, StringComparison.Ordinal);
        Assert.Contains("FireThreshold", e.Message, StringComparison.Ordinal);
    }

    private static IsolationForestDetector Trained()
    {
        var detector = new IsolationForestDetector(Schema, Options);
        var rows = ForestTestData.GaussianRows(300, Features, 7);
        for (var r = 0; r < 300; r++)
        {
            detector.Update(rows.AsSpan(r * Features, Features));
        }

        return detector;
    }
}
