namespace Vigil.Detection.Univariate;

/// <summary>Settings of <see cref="WindowedGaussianDetector"/>; the defaults are NAB's.</summary>
/// <param name="WindowLength">The most past values the Gaussian is fitted to; NAB uses 6400. Positive.</param>
/// <param name="StepSize">Once the window is full, it slides forward by this many values at a time; NAB uses 100. In [1, <paramref name="WindowLength"/>].</param>
/// <param name="FireThreshold">The score at or above which <see cref="Core.Streaming.DetectorReading.Fired"/> is set, in [0, 1]; NAB's published global threshold is 1.0.</param>
public sealed record WindowedGaussianOptions(int WindowLength = 6400, int StepSize = 100, double FireThreshold = 1.0)
{
    /// <summary>NAB's settings.</summary>
    public static WindowedGaussianOptions Nab { get; } = new();

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(WindowLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(StepSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(StepSize, WindowLength);
        if (!(FireThreshold >= 0 && FireThreshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(FireThreshold), FireThreshold, "Must be in [0, 1].");
        }
    }
}
