using Vigil.Detection.Neural;
using Vigil.Detection.Tests.CrossAsset;

namespace Vigil.Detection.Tests.Neural;

public sealed class LstmAutoencoderTrainerTests
{
    internal static readonly LstmAutoencoderTrainingOptions Small = new()
    {
        WindowLength = 12,
        HiddenSize = 8,
        CodeSize = 4,
        WindowStride = 2,
        Epochs = 40,
        BatchSize = 8,
        LearningRate = 1e-2,
        Patience = 40,
        CalibrationQuantileCount = 101,
        Seed = 3,
    };

    internal static LstmAutoencoderModel TrainSmall(List<TrainingProgress>? reports = null, LstmAutoencoderTrainingOptions? options = null)
    {
        var schema = ForestTestData.Plain(4);
        var rows = NeuralTestData.SineRows(300, 4, seed: 11, noise: 0.05, amplitude: 2.0);
        for (var k = 0; k < rows.Length; k++)
        {
            rows[k] = 10 + rows[k];
        }

        var progress = reports is null ? null : new SynchronousProgress(reports);
        return new LstmAutoencoderTrainer(options ?? Small).Train(schema, rows, 300, progress, startNs: 1_000, endNs: 2_000);
    }

    [Fact]
    public void Training_on_a_learnable_sequence_reduces_the_loss_twentyfold()
    {
        var reports = new List<TrainingProgress>();
        var model = TrainSmall(reports);

        Assert.Equal(40, reports.Count);
        Assert.Equal(Enumerable.Range(1, 40), reports.Select(r => r.Epoch));
        Assert.True(reports[^1].TrainingLoss < reports[0].TrainingLoss / 20, $"loss {reports[0].TrainingLoss} → {reports[^1].TrainingLoss}");
        Assert.True(model.Training.ValidationLoss < 0.05, $"validation loss {model.Training.ValidationLoss} (a network that outputs the mean scores 1)");
        Assert.Equal(reports.Min(r => r.ValidationLoss), model.Training.ValidationLoss, 1e-12);
        Assert.Equal(300, model.Training.RowCount);
        Assert.True(model.Training.ValidationWindowCount > 0);
        Assert.Equal(1_000, model.Training.StartNs);
    }

    [Fact]
    public void Standardisation_uses_the_training_mean_and_standard_deviation()
    {
        var model = TrainSmall();
        var rows = NeuralTestData.SineRows(300, 4, seed: 11, noise: 0.05, amplitude: 2.0);
        var mean = 0.0;
        for (var r = 0; r < 300; r++)
        {
            mean += 10 + rows[(r * 4) + 1];
        }

        mean /= 300;
        var variance = 0.0;
        for (var r = 0; r < 300; r++)
        {
            var d = 10 + rows[(r * 4) + 1] - mean;
            variance += d * d / 299;
        }

        Assert.Equal(mean, model.FeatureMeans[1], 1e-12);
        Assert.Equal(Math.Sqrt(variance), model.FeatureScales[1], 1e-12);
    }

    [Fact]
    public void Early_stopping_ends_training_when_validation_stops_improving_and_keeps_the_best_weights()
    {
        var reports = new List<TrainingProgress>();
        var model = TrainSmall(reports, Small with { Epochs = 200, Patience = 2, LearningRate = 0.05 });
        Assert.True(reports.Count < 200, $"ran {reports.Count} epochs");
        Assert.Equal(reports.Count, model.Training.Epochs);
        Assert.Equal(reports.Count - 2, model.Training.BestEpoch);
        Assert.Equal(reports[model.Training.BestEpoch - 1].ValidationLoss, model.Training.ValidationLoss, 1e-12);
    }

    [Fact]
    public void Calibration_puts_typical_windows_mid_range_and_a_broken_window_at_one()
    {
        var model = TrainSmall();
        Assert.Equal(101, model.ErrorQuantiles.Length);
        Assert.Equal(0.5, model.Calibrate(model.ErrorAtQuantile(0.5)), 1e-9);
        Assert.Equal(0.0, model.Calibrate(0.0));
        Assert.Equal(1.0, model.Calibrate(model.ErrorQuantiles[^1] * 10));

        var window = new double[12 * 4];
        var rng = new Vigil.Core.Numerics.Xoshiro256(5);
        for (var k = 0; k < window.Length; k++)
        {
            window[k] = 3 * rng.NextGaussian();
        }

        Assert.Equal(1.0, model.Calibrate(model.Network.ReconstructionError(window)));
    }

    [Fact]
    public void Windows_holding_a_non_finite_value_are_left_out_and_the_validation_windows_share_no_step_with_training()
    {
        var options = Small with { Epochs = 1, WindowStride = 1, ValidationFraction = 0.25 };
        var rows = NeuralTestData.SineRows(100, 4, seed: 12);
        var clean = new LstmAutoencoderTrainer(options).Train(ForestTestData.Plain(4), rows, 100);
        rows[(50 * 4) + 3] = double.NaN;
        var holed = new LstmAutoencoderTrainer(options).Train(ForestTestData.Plain(4), rows, 100);

        // 89 windows of 12 in 100 rows; the last 22 validate, and the 11 starting just before them would overlap them.
        Assert.Equal(22, clean.Training.ValidationWindowCount);
        Assert.Equal(89 - 22 - 11, clean.Training.TrainingWindowCount);
        // Row 50 is in the 12 windows starting at 39 to 50.
        var holedWindows = holed.Training.TrainingWindowCount + holed.Training.ValidationWindowCount;
        Assert.True(holedWindows <= 89 - 12, $"{holedWindows} windows");
        Assert.True(double.IsFinite(holed.FeatureMeans[3]));
    }

    [Fact]
    public void Training_is_deterministic_for_a_seed()
    {
        var options = Small with { Epochs = 2 };
        var a = TrainSmall(options: options);
        var b = TrainSmall(options: options);
        var c = TrainSmall(options: options with { Seed = 4 });
        Assert.True(a.Network.Parameters.SequenceEqual(b.Network.Parameters));
        Assert.False(a.Network.Parameters.SequenceEqual(c.Network.Parameters));
    }

    [Fact]
    public void Training_stops_when_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var rows = NeuralTestData.SineRows(100, 4, seed: 13);
        Assert.ThrowsAny<OperationCanceledException>(() =>
            new LstmAutoencoderTrainer(Small).Train(ForestTestData.Plain(4), rows, 100, cancellationToken: cancelled.Token));
    }

    [Fact]
    public void Quantiles_match_numpy_linear_interpolation()
    {
        // numpy.quantile([4, 1, 3, 2, 10], [0, 0.25, 0.5, 0.75, 1]) = [1, 2, 3, 4, 10]; at 0.9: 7.6.
        var q = LstmAutoencoderTrainer.Quantiles([4, 1, 3, 2, 10], 5);
        Assert.Equal([1.0, 2.0, 3.0, 4.0, 10.0], q);
        var fine = LstmAutoencoderTrainer.Quantiles([4, 1, 3, 2, 10], 11);
        Assert.Equal(7.6, fine[9], 1e-12);
    }

    [Fact]
    public void Rejects_invalid_options_listing_every_problem_and_too_little_data()
    {
        var e = Assert.Throws<ArgumentException>(() => new LstmAutoencoderTrainer(new LstmAutoencoderTrainingOptions { Epochs = 0, BatchSize = 0, ValidationFraction = 1.5 }));
        Assert.Contains("Epochs", e.Message, StringComparison.Ordinal);
        Assert.Contains("BatchSize", e.Message, StringComparison.Ordinal);
        Assert.Contains("ValidationFraction", e.Message, StringComparison.Ordinal);

        var trainer = new LstmAutoencoderTrainer(Small);
        var tooShort = Assert.Throws<ArgumentException>(() => trainer.Train(ForestTestData.Plain(4), new double[40], 10));
        Assert.Equal("rowCount", tooShort.ParamName);
    }

    /// <summary>Reports on the calling thread, unlike <see cref="Progress{T}"/>, so a test sees every report before Train returns.</summary>
    private sealed class SynchronousProgress(List<TrainingProgress> reports) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => reports.Add(value);
    }
}
