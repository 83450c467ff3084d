namespace Vigil.Core.Streaming;

/// <summary>What a detector says about its latest observation.</summary>
/// <param name="Score">How anomalous, in [0, 1]: 0 is ordinary, 1 is as extreme as the detector can say.</param>
/// <param name="Raw">The detector's own statistic behind the score (a z-score, a ratio, a path length), in its own units.</param>
/// <param name="Fired">Whether the detector's own rule fired (for example |z| past its threshold).</param>
public readonly record struct DetectorReading(double Score, double Raw, bool Fired)
{
    /// <summary>The reading of a detector that is not ready: score 0, raw NaN, not fired.</summary>
    public static DetectorReading NotReady => new(0, double.NaN, false);
}
