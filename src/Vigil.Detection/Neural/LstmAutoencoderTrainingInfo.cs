namespace Vigil.Detection.Neural;

/// <summary>What an LSTM autoencoder was trained on and how the training went; saved with the model.</summary>
/// <param name="RowCount">The state vectors in the training buffer.</param>
/// <param name="TrainingWindowCount">The windows the weights were fitted on.</param>
/// <param name="ValidationWindowCount">The held-out windows early stopping watched (0 when there was no validation split).</param>
/// <param name="Epochs">The epochs run, including those after the best one that early stopping waited through.</param>
/// <param name="BestEpoch">The epoch (from 1) whose weights were kept.</param>
/// <param name="TrainingLoss">The mean reconstruction error (standardised units²) of the training windows with the kept weights.</param>
/// <param name="ValidationLoss">The mean reconstruction error of the validation windows with the kept weights; NaN without a validation split.</param>
/// <param name="StartNs">The event time of the first training vector, nanoseconds since the Unix epoch, when known.</param>
/// <param name="EndNs">The event time of the last training vector, when known.</param>
public sealed record LstmAutoencoderTrainingInfo(
    int RowCount,
    int TrainingWindowCount,
    int ValidationWindowCount,
    int Epochs,
    int BestEpoch,
    double TrainingLoss,
    double ValidationLoss,
    long? StartNs = null,
    long? EndNs = null);
