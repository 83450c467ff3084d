namespace Vigil.Detection.CrossAsset;

/// <summary>What an <see cref="IsolationForest"/> was fitted on, recorded in its model file.</summary>
/// <param name="RowCount">The number of training rows; at least 2.</param>
/// <param name="StartNs">The event time of the first training row in nanoseconds since the Unix epoch, when known.</param>
/// <param name="EndNs">The event time of the last training row in nanoseconds since the Unix epoch, when known; not
/// before <paramref name="StartNs"/>.</param>
public sealed record IsolationForestTrainingInfo(int RowCount, long? StartNs, long? EndNs);
