using Vigil.Core.Validation;

namespace Vigil.Detection.Neural;

/// <summary>How an <see cref="LstmAutoencoderTrainer"/> fits an autoencoder on calm data.</summary>
public sealed record LstmAutoencoderTrainingOptions
{
    /// <summary>Options for the live service: 60-step windows (15 s of 250 ms steps).</summary>
    public static LstmAutoencoderTrainingOptions Default { get; } = new();

    /// <summary>Options for daily bars: 60-trading-day windows, every window (stride 1).</summary>
    public static LstmAutoencoderTrainingOptions Daily { get; } = new() { WindowLength = 60, WindowStride = 1 };

    /// <summary>The steps in a window; from 2 to 4096. Default 60.</summary>
    public int WindowLength { get; init; } = 60;

    /// <summary>The hidden size of the first encoder layer and of the decoder; from 1 to 4096. Default 64.</summary>
    public int HiddenSize { get; init; } = 64;

    /// <summary>The code size; from 1 to 4096. Default 32.</summary>
    public int CodeSize { get; init; } = 32;

    /// <summary>The steps between the starts of consecutive windows cut from the buffer; positive. Default 4.</summary>
    public int WindowStride { get; init; } = 4;

    /// <summary>The most passes over the training windows; positive. Default 30.</summary>
    public int Epochs { get; init; } = 30;

    /// <summary>The windows whose gradients are averaged into one Adam step; positive. Default 16.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Adam's step size; positive. Default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>The largest Euclidean norm of a batch's gradient; larger ones are scaled down. Positive. Default 1.</summary>
    public double MaxGradientNorm { get; init; } = 1.0;

    /// <summary>The fraction of windows, the latest in time, held out for validation and early stopping; in [0, 0.9]. Default 0.2.</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>The epochs without a better validation loss after which training stops; positive. Default 5.</summary>
    public int Patience { get; init; } = 5;

    /// <summary>The number of error quantiles saved for calibration, at evenly spaced levels from 0 to 1; from 2 to 100 001. Default 1001.</summary>
    public int CalibrationQuantileCount { get; init; } = 1001;

    /// <summary>The smallest standard deviation used to standardise a feature (a constant feature would divide by 0); positive. Default 1e-9.</summary>
    public double MinFeatureScale { get; init; } = 1e-9;

    /// <summary>The seed of the initial weights and the window order.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Every problem with these options, empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new OptionErrors();
        errors.AddNested("Architecture", new LstmAutoencoderArchitecture { WindowLength = WindowLength, HiddenSize = HiddenSize, CodeSize = CodeSize }.Validate());
        errors.Require(WindowStride > 0, $"WindowStride must be positive (got {WindowStride})");
        errors.Require(Epochs > 0, $"Epochs must be positive (got {Epochs})");
        errors.Require(BatchSize > 0, $"BatchSize must be positive (got {BatchSize})");
        errors.Require(LearningRate > 0 && double.IsFinite(LearningRate), $"LearningRate must be positive and finite (got {LearningRate})");
        errors.Require(MaxGradientNorm > 0, $"MaxGradientNorm must be positive (got {MaxGradientNorm})");
        errors.Require(ValidationFraction is >= 0 and <= 0.9, $"ValidationFraction must be in [0, 0.9] (got {ValidationFraction})");
        errors.Require(Patience > 0, $"Patience must be positive (got {Patience})");
        errors.Require(CalibrationQuantileCount is >= 2 and <= 100_001, $"CalibrationQuantileCount must be from 2 to 100001 (got {CalibrationQuantileCount})");
        errors.Require(MinFeatureScale > 0 && double.IsFinite(MinFeatureScale), $"MinFeatureScale must be positive and finite (got {MinFeatureScale})");
        return errors.Errors;
    }
}
