using Vigil.Core.Numerics;
using Vigil.Detection.Neural;

namespace Vigil.Detection.Tests.Neural;

public sealed class LstmAutoencoderDetectorTests
{
    private static readonly Lazy<LstmAutoencoderModel> Trained = new(() => LstmAutoencoderTrainerTests.TrainSmall());

    /// <summary>Calm rows like the training data (fresh noise), row-major, width 4.</summary>
    private static double[] CalmRows(int rows, ulong seed)
    {
        var data = NeuralTestData.SineRows(rows, 4, seed, noise: 0.05, amplitude: 2.0);
        for (var k = 0; k < data.Length; k++)
        {
            data[k] += 10;
        }

        return data;
    }

    [Fact]
    public void Is_not_ready_until_a_full_window_then_scores_every_interval_and_holds_in_between()
    {
        var detector = new LstmAutoencoderDetector(Trained.Value, new LstmAutoencoderDetectorOptions { ScoreInterval = 3 });
        var rows = CalmRows(40, 21);
        Assert.Equal(12, detector.WarmUpPeriod);
        for (var t = 0; t < 11; t++)
        {
            Assert.True(double.IsNaN(detector.Update(rows.AsSpan(t * 4, 4)).Raw));
            Assert.False(detector.IsReady);
        }

        var first = detector.Update(rows.AsSpan(11 * 4, 4));
        Assert.True(detector.IsReady);
        Assert.Equal(1, detector.ScoredWindowCount);
        Assert.False(double.IsNaN(first.Raw));
        Assert.Equal(first, detector.Update(rows.AsSpan(12 * 4, 4)));
        Assert.Equal(first, detector.Update(rows.AsSpan(13 * 4, 4)));
        Assert.Equal(1, detector.ScoredWindowCount);
        var second = detector.Update(rows.AsSpan(14 * 4, 4));
        Assert.Equal(2, detector.ScoredWindowCount);
        Assert.NotEqual(first.Raw, second.Raw);
    }

    [Fact]
    public void Scores_the_last_window_in_time_order_after_the_ring_wraps()
    {
        var model = Trained.Value;
        var detector = new LstmAutoencoderDetector(model, LstmAutoencoderDetectorOptions.Daily);
        var rows = CalmRows(57, 22);
        var last = Vigil.Core.Streaming.DetectorReading.NotReady;
        for (var t = 0; t < 57; t++)
        {
            last = detector.Update(rows.AsSpan(t * 4, 4));
        }

        var window = new double[12 * 4];
        for (var t = 0; t < 12; t++)
        {
            model.Standardise(rows.AsSpan((45 + t) * 4, 4), window.AsSpan(t * 4, 4));
        }

        var expected = new LstmAutoencoderNetwork(model.Architecture);
        model.Network.Parameters.CopyTo(expected.Parameters);
        Assert.Equal(expected.ReconstructionError(window), last.Raw, 1e-15);
        Assert.Equal(model.Calibrate(last.Raw), last.Score);
    }

    [Fact]
    public void Calm_windows_score_low_and_a_volatility_and_correlation_break_fires()
    {
        var detector = new LstmAutoencoderDetector(Trained.Value, LstmAutoencoderDetectorOptions.Daily);
        var calm = CalmRows(200, 23);
        var calmFired = 0;
        var calmRaw = new List<double>();
        for (var t = 0; t < 200; t++)
        {
            var reading = detector.Update(calm.AsSpan(t * 4, 4));
            if (detector.IsReady)
            {
                calmFired += reading.Fired ? 1 : 0;
                calmRaw.Add(reading.Raw);
            }
        }

        var random = new Xoshiro256(24);
        var stressedRaw = new List<double>();
        var stressedFired = 0;
        var vector = new double[4];
        for (var t = 0; t < 30; t++)
        {
            for (var j = 0; j < 4; j++)
            {
                vector[j] = 10 + (3 * random.NextGaussian());
            }

            var reading = detector.Update(vector);
            stressedRaw.Add(reading.Raw);
            stressedFired += reading.Fired ? 1 : 0;
        }

        Assert.True(calmFired <= 0.05 * calmRaw.Count, $"{calmFired} of {calmRaw.Count} calm windows fired");
        Assert.True(stressedRaw.Skip(12).Min() > 5 * calmRaw.Max(), $"stressed {stressedRaw.Skip(12).Min()} vs calm max {calmRaw.Max()}");
        Assert.True(stressedFired >= 25, $"{stressedFired} of 30 stressed windows fired");
    }

    [Fact]
    public void Non_finite_values_are_replaced_by_the_training_mean_and_counted()
    {
        var model = Trained.Value;
        var detector = new LstmAutoencoderDetector(model, LstmAutoencoderDetectorOptions.Daily);
        var twin = new LstmAutoencoderDetector(model, LstmAutoencoderDetectorOptions.Daily);
        var rows = CalmRows(20, 25);
        rows[(15 * 4) + 2] = double.NaN;
        rows[(16 * 4) + 2] = double.PositiveInfinity;
        var patched = (double[])rows.Clone();
        patched[(15 * 4) + 2] = model.FeatureMeans[2];
        patched[(16 * 4) + 2] = model.FeatureMeans[2];
        for (var t = 0; t < 20; t++)
        {
            var a = detector.Update(rows.AsSpan(t * 4, 4));
            var b = twin.Update(patched.AsSpan(t * 4, 4));
            Assert.Equal(b.Raw, a.Raw, 1e-12);
        }

        Assert.Equal(2, detector.ImputedValueCount);
        Assert.Equal(0, twin.ImputedValueCount);
    }

    [Fact]
    public void Updating_and_scoring_allocate_nothing()
    {
        var detector = new LstmAutoencoderDetector(Trained.Value, new LstmAutoencoderDetectorOptions { ScoreInterval = 2 });
        var rows = CalmRows(500, 26);
        var bytes = Vigil.Testing.Allocations.Fewest(_ =>
        {
            for (var t = 0; t < 500; t++)
            {
                detector.Update(rows.AsSpan(t * 4, 4));
            }
        });
        Assert.Equal(0, bytes);
        Assert.True(detector.ScoredWindowCount > 400, $"{detector.ScoredWindowCount} windows scored");
    }

    [Fact]
    public void Snapshot_reports_the_latest_window_with_per_feature_errors_averaging_to_it()
    {
        var detector = new LstmAutoencoderDetector(Trained.Value, LstmAutoencoderDetectorOptions.Daily);
        Assert.False(detector.Snapshot().IsReady);
        var rows = CalmRows(30, 27);
        for (var t = 0; t < 30; t++)
        {
            detector.Update(rows.AsSpan(t * 4, 4));
        }

        var snapshot = detector.Snapshot();
        Assert.True(snapshot.IsReady);
        Assert.Equal(30, snapshot.StepCount);
        Assert.Equal(19, snapshot.ScoredWindowCount);
        Assert.Equal(detector.Current.Raw, snapshot.ReconstructionError);
        Assert.Equal(["f0", "f1", "f2", "f3"], snapshot.Features.Select(f => f.Name));
        Assert.Equal(snapshot.ReconstructionError, snapshot.Features.Average(f => f.Error), 1e-12);
        Assert.Equal(Trained.Value.ErrorAtQuantile(0.99), snapshot.FireThresholdError);
        var json = System.Text.Json.JsonSerializer.Serialize(snapshot);
        Assert.Contains("\"ReconstructionError\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Reset_forgets_the_window()
    {
        var detector = new LstmAutoencoderDetector(Trained.Value, LstmAutoencoderDetectorOptions.Daily);
        var rows = CalmRows(20, 28);
        for (var t = 0; t < 20; t++)
        {
            detector.Update(rows.AsSpan(t * 4, 4));
        }

        detector.Reset();
        Assert.False(detector.IsReady);
        Assert.Equal(0, detector.StepCount);
        Assert.True(double.IsNaN(detector.Current.Raw));
        Assert.True(double.IsNaN(detector.Update(rows.AsSpan(0, 4)).Raw));
    }

    [Fact]
    public void Rejects_a_vector_of_the_wrong_width_and_invalid_options()
    {
        var detector = new LstmAutoencoderDetector(Trained.Value);
        var e = Assert.Throws<ArgumentException>(() => detector.Update(new double[5]));
        Assert.Equal("stateVector", e.ParamName);
        var options = Assert.Throws<ArgumentException>(() => new LstmAutoencoderDetector(Trained.Value, new LstmAutoencoderDetectorOptions { ScoreInterval = 0, FireScore = 0 }));
        Assert.Contains("ScoreInterval", options.Message, StringComparison.Ordinal);
        Assert.Contains("FireScore", options.Message, StringComparison.Ordinal);
    }
}
