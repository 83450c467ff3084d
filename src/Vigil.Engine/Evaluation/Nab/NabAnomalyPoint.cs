namespace Vigil.Engine.Evaluation.Nab;

/// <summary>One row prepared for NAB's threshold sweep: its anomaly score, what a detection there is worth, and its window.</summary>
/// <param name="AnomalyScore">The detector's anomaly score for the row, in [0, 1].</param>
/// <param name="SweepScore">The weighted NAB score of a detection on this row (positive inside a window, negative outside).</param>
/// <param name="WindowId">The window the row lies in (a non-negative id), <see cref="OutsideWindow"/>, or <see cref="Probationary"/>.</param>
public readonly record struct NabAnomalyPoint(double AnomalyScore, double SweepScore, int WindowId)
{
    /// <summary>The <see cref="WindowId"/> of a scored row outside every window.</summary>
    public const int OutsideWindow = -1;

    /// <summary>The <see cref="WindowId"/> of a row in the probationary period, which is never scored.</summary>
    public const int Probationary = -2;
}
