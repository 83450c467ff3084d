namespace Vigil.Core.Streaming;

/// <summary>
/// A detector over one series (an instrument's prices or an indicator's values), updated once per observation.
/// Implementations are allocation-free after construction.
/// </summary>
public interface ISeriesDetector : IStreamingEstimator
{
    /// <summary>The detector's name as it appears in warnings and reports, for example <c>PRICE_SPIKE</c>.</summary>
    string Name { get; }

    /// <summary>The reading produced by the latest <see cref="Update"/>.</summary>
    DetectorReading Current { get; }

    /// <summary>Feeds one observation.</summary>
    /// <param name="timestampNs">Event time in nanoseconds since the Unix epoch; non-decreasing.</param>
    /// <param name="value">The observed price or level; finite.</param>
    /// <param name="volume">The volume traded with it, or 0 when unknown.</param>
    /// <returns>The reading for this observation.</returns>
    DetectorReading Update(long timestampNs, double value, double volume);
}
