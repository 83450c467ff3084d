namespace Vigil.Detection.Neural;

/// <summary>The autoencoder detector's latest scored window, for the API.</summary>
/// <param name="IsReady">Whether a full window has been seen, so the values below are meaningful.</param>
/// <param name="StepCount">The state vectors seen since construction or reset.</param>
/// <param name="ScoredWindowCount">The windows scored.</param>
/// <param name="ReconstructionError">The latest window's mean squared reconstruction error, in standardised units²; NaN before the first.</param>
/// <param name="Score">The calibrated score in [0, 1]: the training windows' error distribution at this error.</param>
/// <param name="Fired">Whether the score reached the fire threshold.</param>
/// <param name="FireThresholdError">The reconstruction error at which the detector fires.</param>
/// <param name="ImputedValueCount">The non-finite feature values replaced by their training mean, since construction or reset.</param>
/// <param name="Features">Each feature's share of the latest error, in schema order.</param>
public sealed record LstmAutoencoderBreakdown(
    bool IsReady,
    long StepCount,
    long ScoredWindowCount,
    double ReconstructionError,
    double Score,
    bool Fired,
    double FireThresholdError,
    long ImputedValueCount,
    IReadOnlyList<LstmFeatureError> Features);

/// <summary>One feature's reconstruction error over the latest scored window.</summary>
/// <param name="Name">The feature's name in the schema.</param>
/// <param name="Error">The mean squared error of its reconstruction over the window's steps, in standardised units².</param>
public sealed record LstmFeatureError(string Name, double Error);
