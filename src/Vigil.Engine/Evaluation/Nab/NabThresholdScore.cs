namespace Vigil.Engine.Evaluation.Nab;

/// <summary>
/// The NAB score of a file or a corpus when every row whose anomaly score is at least <see cref="Threshold"/> is a
/// detection, with NAB's row counts (probationary rows are in none of them).
/// </summary>
/// <param name="Threshold">The anomaly-score threshold; detections are rows scoring at or above it.</param>
/// <param name="Score">The raw NAB score: rewards of the earliest detection per window, less missed windows and false positives.</param>
/// <param name="TruePositives">Detected rows inside windows.</param>
/// <param name="TrueNegatives">Undetected rows outside windows.</param>
/// <param name="FalsePositives">Detected rows outside windows.</param>
/// <param name="FalseNegatives">Undetected rows inside windows.</param>
/// <param name="TotalCount">The scored rows: the sum of the four counts.</param>
public readonly record struct NabThresholdScore(
    double Threshold,
    double Score,
    int TruePositives,
    int TrueNegatives,
    int FalsePositives,
    int FalseNegatives,
    int TotalCount);
