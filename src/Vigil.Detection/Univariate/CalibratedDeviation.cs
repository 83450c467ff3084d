using Vigil.Core.Statistics;

namespace Vigil.Detection.Univariate;

/// <summary>
/// Turns a stream of deviations into an anomaly likelihood: the deviations are averaged over the last few values, and
/// the average is expressed as a z-score against the mean and standard deviation of its own recent history. The
/// result means the same on a calm series and on a wild one. Allocation-free after construction; O(1) per value.
/// </summary>
internal sealed class CalibratedDeviation
{
    private readonly RingBuffer<double> _recent;
    private readonly RollingMoments _history;
    private readonly int _minHistory;
    private double _sum;

    public CalibratedDeviation(int smoothingLength, int historyLength, int minHistory)
    {
        _recent = new RingBuffer<double>(smoothingLength);
        _history = new RollingMoments(historyLength);
        _minHistory = minHistory;
    }

    public bool IsReady => _history.Count >= _minHistory;

    /// <summary>The z-score of the smoothed deviation including <paramref name="deviation"/> (NaN until ready), after which it joins the history.</summary>
    public double ZThenAdd(double deviation)
    {
        if (_recent.Push(deviation, out var evicted))
        {
            _sum -= evicted;
        }

        _sum += deviation;
        var smoothed = _sum / _recent.Count;
        var z = IsReady ? (smoothed - _history.Mean) / Math.Max(_history.StdDev, 1e-12) : double.NaN;
        _history.Add(smoothed);
        return z;
    }

    public void Reset()
    {
        _recent.Clear();
        _history.Reset();
        _sum = 0;
    }
}
