using System.Diagnostics;
using Vigil.Detection.CrossAsset;
using Vigil.Detection.Ensemble;
using Vigil.Detection.Models;
using Vigil.Detection.Neural;
using Vigil.Engine.Pipeline;
using Vigil.Engine.Warnings;

namespace Vigil.Commands;

/// <summary>
/// The calm state vectors <c>vigil train</c> collected through the engine, in step order: the rows every trainer
/// fits on. Row <c>i</c> is <c>Rows[i * Schema.Count ..]</c>, taken at <c>TimestampsNs[i]</c>.
/// </summary>
internal sealed record TrainingData(FeatureSchema Schema, double[] Rows, long[] TimestampsNs, int RowCount, string Source, EngineOptions EngineOptions)
{
    public ReadOnlySpan<double> Row(int i) => Rows.AsSpan(i * Schema.Count, Schema.Count);

    /// <summary>The engine's ensemble calibration exported after the last step.</summary>
    public EnsembleCalibration? Calibration { get; init; }

    /// <summary>The engine profile the data went through (Intraday or Daily): raw values depend on the options.</summary>
    public string Profile { get; init; } = "Intraday";

    /// <summary>Every step the engine closed, complete state vector or not.</summary>
    public long StepCount { get; init; }

    /// <summary>The first and last step's event time, or null without steps.</summary>
    public long? FirstStepNs { get; init; }

    /// <inheritdoc cref="FirstStepNs"/>
    public long? LastStepNs { get; init; }
}

/// <summary>A trained model ready for the registry: its metadata draft, how to write its payload, and a line for people.</summary>
internal sealed record TrainedModel(ModelDraft Draft, Action<Stream> WritePayload, string Summary);

/// <summary>
/// One kind of model <c>vigil train</c> can fit. This is the seam for the LSTM autoencoder: a second implementation
/// whose <see cref="Kind"/> is <see cref="ModelKinds.LstmAutoencoder"/>, fitting on windows of the same rows and
/// writing its payload with its own Save(Stream), registered in <see cref="ModelTrainers.For"/>.
/// </summary>
internal interface IModelTrainer
{
    /// <summary>The registry kind this trainer writes.</summary>
    string Kind { get; }

    /// <summary>The fewest collected rows it can train on.</summary>
    int MinimumRows { get; }

    /// <summary>Fits the model on <paramref name="data"/>, reporting how far it has got.</summary>
    TrainedModel Train(TrainingData data, IProgress<TrainerProgress>? progress, CancellationToken cancellationToken);
}

/// <summary>How far a trainer has got.</summary>
/// <param name="Fraction">The share of the work done, in [0, 1] (an upper bound on the remaining epochs: early stopping may end sooner).</param>
/// <param name="Status">A short line for the progress bar (the epoch's losses), or null.</param>
internal readonly record struct TrainerProgress(double Fraction, string? Status);

/// <summary>The trainers by kind.</summary>
internal static class ModelTrainers
{
    /// <summary>The kinds <c>vigil train --kind</c> accepts.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [ModelKinds.IsolationForest, ModelKinds.LstmAutoencoder, ModelKinds.Calibration];

    public static IModelTrainer? For(string kind, TrainerSettings settings) => kind switch
    {
        ModelKinds.IsolationForest => new IsolationForestTrainer(settings),
        ModelKinds.LstmAutoencoder => new LstmAutoencoderModelTrainer(settings),
        ModelKinds.Calibration => new CalibrationTrainer(),
        _ => null,
    };
}

/// <summary>Settings common to the trainers.</summary>
/// <param name="HoldoutFraction">The share of the collected rows, at the end, held out of fitting and used for the metrics; in [0, 0.9].</param>
/// <param name="TreeCount">Isolation Forest trees; null for the engine's setting.</param>
/// <param name="Seed">The fitting seed.</param>
internal sealed record TrainerSettings(double HoldoutFraction, int? TreeCount, ulong Seed)
{
    /// <summary>Autoencoder training options (epochs, learning rate, window stride, batch size); null for <see cref="LstmAutoencoderModelTrainer.CliDefaults"/>.</summary>
    public LstmAutoencoderTrainingOptions? Autoencoder { get; init; }
}

/// <summary>
/// Fits the engine's Isolation Forest (its configured trees, subsample size and depth) on the leading calm rows and
/// measures it on the held-out tail: the score quantiles on both, and the share of held-out calm steps that would
/// fire (score above the engine's fire threshold), which estimates the false-alarm rate on calm data.
/// </summary>
internal sealed class IsolationForestTrainer(TrainerSettings settings) : IModelTrainer
{
    public string Kind => ModelKinds.IsolationForest;

    public int MinimumRows => 16;

    public TrainedModel Train(TrainingData data, IProgress<TrainerProgress>? progress, CancellationToken cancellationToken)
    {
        var holdout = (int)Math.Floor(data.RowCount * settings.HoldoutFraction);
        var fitRows = data.RowCount - holdout;
        var detectorOptions = data.EngineOptions.IsolationForest;
        var forestOptions = detectorOptions.Forest with { Seed = settings.Seed, TreeCount = settings.TreeCount ?? detectorOptions.Forest.TreeCount };
        var started = Stopwatch.GetTimestamp();
        var forest = IsolationForest.Fit(
            data.Rows.AsSpan(0, fitRows * data.Schema.Count), fitRows, data.Schema, forestOptions, data.TimestampsNs[0], data.TimestampsNs[fitRows - 1]);
        var fitSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        progress?.Report(new TrainerProgress(0.5, null));

        var fitScores = Scores(forest, data, 0, fitRows);
        var holdoutScores = Scores(forest, data, fitRows, data.RowCount);
        progress?.Report(new TrainerProgress(1.0, null));
        var threshold = detectorOptions.FireThreshold;
        var metrics = new Dictionary<string, double>
        {
            ["fit_rows"] = fitRows,
            ["holdout_rows"] = holdout,
            ["tree_count"] = forest.TreeCount,
            ["subsample_size"] = forest.SubsampleSize,
            ["node_count"] = forest.NodeCount,
            ["fire_threshold"] = threshold,
            ["fit_seconds"] = Math.Round(fitSeconds, 4),
            ["fit_score_p50"] = Quantile(fitScores, 0.50),
            ["fit_score_p90"] = Quantile(fitScores, 0.90),
            ["fit_score_p99"] = Quantile(fitScores, 0.99),
            ["fit_score_max"] = Quantile(fitScores, 1.0),
            ["fit_fraction_above_threshold"] = FractionAbove(fitScores, threshold),
        };
        if (holdout > 0)
        {
            metrics["holdout_score_p50"] = Quantile(holdoutScores, 0.50);
            metrics["holdout_score_p90"] = Quantile(holdoutScores, 0.90);
            metrics["holdout_score_p99"] = Quantile(holdoutScores, 0.99);
            metrics["holdout_score_max"] = Quantile(holdoutScores, 1.0);
            metrics["holdout_fraction_above_threshold"] = FractionAbove(holdoutScores, threshold);
        }

        var draft = new ModelDraft
        {
            Kind = Kind,
            Schema = data.Schema,
            TrainedOn = new ModelDataRange(data.Source, fitRows, data.TimestampsNs[0], data.TimestampsNs[fitRows - 1]),
            Metrics = metrics,
            Description = $"Isolation Forest, {forest.TreeCount} trees of ψ = {forest.SubsampleSize}, seed {settings.Seed}, on {fitRows} calm steps; {holdout} held out.",
        };
        var summary = holdout > 0
            ? $"{forest.TreeCount} trees on {fitRows} calm steps; on the {holdout} held-out steps the score's 99th percentile is {metrics["holdout_score_p99"]:0.000} and {metrics["holdout_fraction_above_threshold"]:0.0%} are above the fire threshold {threshold}."
            : $"{forest.TreeCount} trees on {fitRows} calm steps; none held out.";
        return new TrainedModel(draft, forest.Save, summary);
    }

    private static double[] Scores(IsolationForest forest, TrainingData data, int from, int to)
    {
        var scores = new double[to - from];
        for (var i = from; i < to; i++)
        {
            scores[i - from] = forest.Score(data.Row(i));
        }

        Array.Sort(scores);
        return scores;
    }

    /// <summary>The <paramref name="p"/> quantile of sorted values by linear interpolation (numpy's default); 0 when empty.</summary>
    internal static double Quantile(double[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var position = p * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }

    private static double FractionAbove(double[] scores, double threshold)
    {
        if (scores.Length == 0)
        {
            return 0;
        }

        var above = 0;
        foreach (var score in scores)
        {
            if (score > threshold)
            {
                above++;
            }
        }

        return (double)above / scores.Length;
    }
}

/// <summary>
/// Fits the LSTM autoencoder on windows of the calm rows: the trainer standardises the features, cuts windows every
/// stride steps, holds out the latest <see cref="TrainerSettings.HoldoutFraction"/> of them for validation and early
/// stopping, and calibrates on every window's reconstruction error. The metrics are the losses (standardised units²),
/// the epochs, and the training error quantiles the detector's score is calibrated against.
/// </summary>
internal sealed class LstmAutoencoderModelTrainer(TrainerSettings settings) : IModelTrainer
{
    /// <summary>
    /// The CLI's defaults: the library's architecture (60-step windows, 64 hidden, 32 code) with fewer epochs and a
    /// wider stride and batch than <see cref="LstmAutoencoderTrainingOptions.Default"/>, so the default 4096 calm steps
    /// train in well under a minute on two cores; <c>--epochs</c>, <c>--stride</c>, <c>--batch</c> and
    /// <c>--learning-rate</c> trade time for fit.
    /// </summary>
    public static LstmAutoencoderTrainingOptions CliDefaults { get; } = LstmAutoencoderTrainingOptions.Default with
    {
        Epochs = 8,
        WindowStride = 8,
        BatchSize = 32,
        LearningRate = 3e-3,
        Patience = 3,
    };

    public string Kind => ModelKinds.LstmAutoencoder;

    public int MinimumRows => Options.WindowLength + Options.WindowStride;

    private LstmAutoencoderTrainingOptions Options => (settings.Autoencoder ?? CliDefaults) with
    {
        Seed = settings.Seed,
        ValidationFraction = settings.HoldoutFraction,
    };

    public TrainedModel Train(TrainingData data, IProgress<TrainerProgress>? progress, CancellationToken cancellationToken)
    {
        var options = Options;
        var trainer = new LstmAutoencoderTrainer(options);
        var epochs = new EpochProgress(progress);
        var started = Stopwatch.GetTimestamp();
        var model = trainer.Train(
            data.Schema,
            data.Rows.AsSpan(0, data.RowCount * data.Schema.Count),
            data.RowCount,
            epochs,
            data.TimestampsNs[0],
            data.TimestampsNs[data.RowCount - 1],
            cancellationToken);
        var fitSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        progress?.Report(new TrainerProgress(1.0, null));

        var info = model.Training;
        var metrics = new Dictionary<string, double>
        {
            ["rows"] = info.RowCount,
            ["training_windows"] = info.TrainingWindowCount,
            ["validation_windows"] = info.ValidationWindowCount,
            ["window_length"] = options.WindowLength,
            ["window_stride"] = options.WindowStride,
            ["hidden_size"] = options.HiddenSize,
            ["code_size"] = options.CodeSize,
            ["batch_size"] = options.BatchSize,
            ["learning_rate"] = options.LearningRate,
            ["max_epochs"] = options.Epochs,
            ["epochs"] = info.Epochs,
            ["best_epoch"] = info.BestEpoch,
            ["final_training_loss"] = epochs.LastTrainingLoss,
            ["training_loss"] = info.TrainingLoss,
            ["fit_seconds"] = Math.Round(fitSeconds, 3),
            ["error_p50"] = model.ErrorAtQuantile(0.50),
            ["error_p99"] = model.ErrorAtQuantile(0.99),
            ["error_max"] = model.ErrorAtQuantile(1.0),
        };
        if (info.ValidationWindowCount > 0)
        {
            metrics["final_validation_loss"] = epochs.LastValidationLoss;
            metrics["validation_loss"] = info.ValidationLoss;
        }

        var draft = new ModelDraft
        {
            Kind = Kind,
            Schema = data.Schema,
            TrainedOn = new ModelDataRange(data.Source, data.RowCount, data.TimestampsNs[0], data.TimestampsNs[data.RowCount - 1]),
            Metrics = metrics,
            Description = $"LSTM autoencoder, windows of {options.WindowLength} steps every {options.WindowStride}, hidden {options.HiddenSize}, code {options.CodeSize}, seed {settings.Seed}; best of {info.Epochs} epochs (epoch {info.BestEpoch}) on {info.TrainingWindowCount} windows, {info.ValidationWindowCount} held out.",
        };
        var validation = info.ValidationWindowCount > 0 ? $", validation loss {info.ValidationLoss:0.0000}" : ", none held out";
        var summary = $"{info.Epochs} epochs (best {info.BestEpoch}) on {info.TrainingWindowCount} windows of {options.WindowLength} steps in {fitSeconds:0.0} s; training loss {info.TrainingLoss:0.0000}{validation}; window error p50 {metrics["error_p50"]:0.0000}, p99 {metrics["error_p99"]:0.0000}.";
        return new TrainedModel(draft, model.Save, summary);
    }

    /// <summary>Turns the trainer's per-epoch reports into progress-bar lines and keeps the last losses for the metrics.</summary>
    private sealed class EpochProgress(IProgress<TrainerProgress>? sink) : IProgress<TrainingProgress>
    {
        public double LastTrainingLoss { get; private set; } = double.NaN;

        public double LastValidationLoss { get; private set; } = double.NaN;

        public void Report(TrainingProgress value)
        {
            LastTrainingLoss = value.TrainingLoss;
            LastValidationLoss = value.ValidationLoss;
            sink?.Report(new TrainerProgress(
                (double)value.Epoch / value.EpochCount,
                $"epoch {value.Epoch}/{value.EpochCount} loss {value.TrainingLoss:0.0000} val {value.ValidationLoss:0.0000} (best {value.BestEpoch})"));
        }
    }
}

/// <summary>
/// Keeps the ensemble calibration the engine built over every step of the run (no hold-out: the calibration is the
/// history itself). The metrics give each detector's history length and the median and 99th percentile of its kept
/// raw values, so two calibrations can be compared without loading them.
/// </summary>
internal sealed class CalibrationTrainer : IModelTrainer
{
    public string Kind => ModelKinds.Calibration;

    /// <summary>None: the calibration does not need complete state vectors, only steps.</summary>
    public int MinimumRows => 0;

    public TrainedModel Train(TrainingData data, IProgress<TrainerProgress>? progress, CancellationToken cancellationToken)
    {
        var calibration = data.Calibration
            ?? throw new InvalidOperationException("The engine's calibration was not exported after the run.");
        var metrics = new Dictionary<string, double> { ["detectors"] = calibration.Detectors.Count, ["steps"] = data.StepCount };
        var withHistory = 0;
        foreach (var detector in calibration.Detectors)
        {
            var values = new double[detector.History.Values.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = detector.History.Values[i];
            }

            Array.Sort(values);
            var name = detector.Detector.ToLowerInvariant();
            metrics[$"{name}_history_count"] = values.Length;
            if (values.Length > 0)
            {
                withHistory++;
                metrics[$"{name}_raw_p50"] = IsolationForestTrainer.Quantile(values, 0.50);
                metrics[$"{name}_raw_p99"] = IsolationForestTrainer.Quantile(values, 0.99);
            }
        }

        metrics["detectors_with_history"] = withHistory;
        progress?.Report(new TrainerProgress(1.0, null));
        var draft = new ModelDraft
        {
            Kind = Kind,
            Schema = data.Schema,
            TrainedOn = new ModelDataRange(data.Source, data.StepCount, data.FirstStepNs, data.LastStepNs),
            Metrics = metrics,
            Description = $"Ensemble calibration, {data.Profile} engine profile (raw values depend on the options: restore it into an engine with the same profile), {data.StepCount} steps; {withHistory} of {calibration.Detectors.Count} detectors have a history.",
        };
        var summary = $"calibration histories of {withHistory} of {calibration.Detectors.Count} detectors over {data.StepCount:N0} steps ({data.Profile} profile).";
        return new TrainedModel(draft, calibration.Save, summary);
    }
}

/// <summary>Keeps a copy of every finite state vector the engine builds, with its step's event time.</summary>
internal sealed class StateVectorCollector(int featureCount) : IEngineObserver
{
    private double[] _rows = new double[featureCount * 1024];
    private long[] _timestamps = new long[1024];

    public int RowCount { get; private set; }

    /// <summary>Every step seen.</summary>
    public long StepCount { get; private set; }

    /// <summary>The first step's event time, or null before any.</summary>
    public long? FirstStepNs { get; private set; }

    /// <summary>The latest step's event time, or null before any.</summary>
    public long? LastStepNs { get; private set; }

    /// <summary>Steps whose state vector had a NaN (features still warming up, an instrument not yet ticking).</summary>
    public long SkippedCount { get; private set; }

    public void OnStep(MarketStep step)
    {
        StepCount++;
        FirstStepNs ??= step.TimestampNs;
        LastStepNs = step.TimestampNs;
        var vector = step.StateVector;
        foreach (var v in vector)
        {
            if (!double.IsFinite(v))
            {
                SkippedCount++;
                return;
            }
        }

        if (RowCount == _timestamps.Length)
        {
            Array.Resize(ref _timestamps, _timestamps.Length * 2);
            Array.Resize(ref _rows, _rows.Length * 2);
        }

        vector.CopyTo(_rows.AsSpan(RowCount * featureCount));
        _timestamps[RowCount] = step.TimestampNs;
        RowCount++;
    }

    public void OnWarning(WarningEvent warning)
    {
    }

    public TrainingData ToTrainingData(FeatureSchema schema, string source, EngineOptions options, DetectionEngine engine, string profile) =>
        new(schema, _rows, _timestamps, RowCount, source, options)
        {
            Calibration = engine.ExportCalibration(),
            Profile = profile,
            StepCount = StepCount,
            FirstStepNs = FirstStepNs,
            LastStepNs = LastStepNs,
        };
}
