namespace Vigil.Detection.Neural;

/// <summary>One finished training epoch, reported for a progress bar.</summary>
/// <param name="Epoch">The epoch just finished, from 1.</param>
/// <param name="EpochCount">The most epochs training will run (early stopping may end it sooner).</param>
/// <param name="TrainingLoss">The mean batch loss over the epoch (standardised units²).</param>
/// <param name="ValidationLoss">The mean reconstruction error of the validation windows after the epoch; NaN without a validation split.</param>
/// <param name="BestEpoch">The epoch with the lowest validation loss so far (training loss without a validation split).</param>
public readonly record struct TrainingProgress(int Epoch, int EpochCount, double TrainingLoss, double ValidationLoss, int BestEpoch);
