namespace Vigil.Core.Streaming;

/// <summary>
/// The one shape of every streaming estimator and detector: it is fed one observation at a time through an
/// <c>Update</c> method of its own signature, says when it has seen enough to be trusted, and can start over.
/// </summary>
public interface IStreamingEstimator
{
    /// <summary>Whether enough observations have been seen for the output to be meaningful.</summary>
    bool IsReady { get; }

    /// <summary>The number of observations needed before <see cref="IsReady"/> becomes true.</summary>
    int WarmUpPeriod { get; }

    /// <summary>Forgets everything seen so far.</summary>
    void Reset();
}
