namespace Vigil.Core.Statistics;

/// <summary>
/// Mean and variance over the last <see cref="WindowLength"/> values, updated in O(1) by adding the new value and
/// removing the evicted one (Welford's update run forwards and backwards). The sums are recomputed exactly from
/// the window every <see cref="WindowLength"/> updates so rounding error cannot accumulate over a long run.
/// </summary>
public sealed class RollingMoments
{
    private readonly double[] _window;
    private int _next;
    private int _count;
    private int _sinceRecompute;
    private double _mean;
    private double _m2;

    /// <summary>Creates an empty window.</summary>
    /// <param name="windowLength">The number of values in the window; at least 2.</param>
    public RollingMoments(int windowLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowLength, 2);
        _window = new double[windowLength];
    }

    /// <summary>The number of values the window holds when full.</summary>
    public int WindowLength => _window.Length;

    /// <summary>The number of values currently in the window.</summary>
    public int Count => _count;

    /// <summary>Whether the window is full.</summary>
    public bool IsFull => _count == _window.Length;

    /// <summary>The mean of the values in the window; 0 when empty.</summary>
    public double Mean => _mean;

    /// <summary>The sample variance (divisor n − 1) of the window; 0 with fewer than two values.</summary>
    public double Variance => _count > 1 ? Math.Max(0.0, _m2 / (_count - 1)) : 0.0;

    /// <summary>The sample standard deviation of the window.</summary>
    public double StdDev => Math.Sqrt(Variance);

    /// <summary>The most recently added value; 0 when empty.</summary>
    public double Last => _count == 0 ? 0.0 : _window[(_next == 0 ? _window.Length : _next) - 1];

    /// <summary>Adds a value, evicting the oldest when the window is full.</summary>
    /// <param name="value">The value; finite.</param>
    public void Add(double value)
    {
        if (_count == _window.Length)
        {
            var old = _window[_next];
            _window[_next] = value;
            // Replace old by value in one step: the mean moves by (value - old)/n, and M2 by the product of the
            // two deviations from the old and new means.
            var oldMean = _mean;
            _mean += (value - old) / _count;
            _m2 += (value - old) * (value - _mean + old - oldMean);
        }
        else
        {
            _window[_next] = value;
            _count++;
            var delta = value - _mean;
            _mean += delta / _count;
            _m2 += delta * (value - _mean);
        }

        _next = _next + 1 == _window.Length ? 0 : _next + 1;
        if (++_sinceRecompute >= _window.Length)
        {
            Recompute();
        }
    }

    /// <summary>Forgets every value.</summary>
    public void Reset()
    {
        _next = 0;
        _count = 0;
        _sinceRecompute = 0;
        _mean = 0;
        _m2 = 0;
    }

    private void Recompute()
    {
        _sinceRecompute = 0;
        // Until the window first fills, the values sit at [0, count); afterwards the whole array is the window.
        var span = _window.AsSpan(0, _count);
        double sum = 0;
        foreach (var v in span)
        {
            sum += v;
        }

        var mean = sum / span.Length;
        double m2 = 0;
        foreach (var v in span)
        {
            var d = v - mean;
            m2 += d * d;
        }

        _mean = mean;
        _m2 = m2;
    }
}
