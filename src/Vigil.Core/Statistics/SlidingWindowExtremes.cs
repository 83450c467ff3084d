namespace Vigil.Core.Statistics;

/// <summary>
/// The maximum and minimum of the values seen within the last <see cref="WindowNs"/> of event time, kept with two
/// monotonic queues: amortised O(1) per value. The queues grow when the window holds more values than ever before
/// and never shrink, so a steady stream stops allocating once it has filled one window.
/// </summary>
public sealed class SlidingWindowExtremes
{
    private readonly long _windowNs;
    private readonly MonotonicQueue _max = new(descending: true);
    private readonly MonotonicQueue _min = new(descending: false);

    /// <summary>Creates an empty window.</summary>
    /// <param name="windowNs">The window length in nanoseconds; positive. A value older than this is dropped.</param>
    public SlidingWindowExtremes(long windowNs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowNs);
        _windowNs = windowNs;
    }

    /// <summary>The window length in nanoseconds.</summary>
    public long WindowNs => _windowNs;

    /// <summary>Whether the window holds no value.</summary>
    public bool IsEmpty => _max.Count == 0;

    /// <summary>The largest value in the window; NaN when empty.</summary>
    public double Max => _max.Count > 0 ? _max.FrontValue : double.NaN;

    /// <summary>The event time of <see cref="Max"/> (the latest, when tied).</summary>
    public long MaxTimestampNs => _max.Count > 0 ? _max.FrontTimestamp : 0;

    /// <summary>The smallest value in the window; NaN when empty.</summary>
    public double Min => _min.Count > 0 ? _min.FrontValue : double.NaN;

    /// <summary>The event time of <see cref="Min"/> (the latest, when tied).</summary>
    public long MinTimestampNs => _min.Count > 0 ? _min.FrontTimestamp : 0;

    /// <summary>Adds a value and drops the values that fell out of the window.</summary>
    /// <param name="timestampNs">The event time; non-decreasing.</param>
    /// <param name="value">The value.</param>
    public void Add(long timestampNs, double value)
    {
        var cutoff = timestampNs - _windowNs;
        _max.Push(timestampNs, value);
        _min.Push(timestampNs, value);
        _max.DropOlderThan(cutoff);
        _min.DropOlderThan(cutoff);
    }

    /// <summary>Forgets every value.</summary>
    public void Reset()
    {
        _max.Clear();
        _min.Clear();
    }

    /// <summary>A deque whose values are monotonic from front to back; the front is the extreme.</summary>
    private sealed class MonotonicQueue(bool descending)
    {
        private long[] _timestamps = new long[16];
        private double[] _values = new double[16];
        private int _head;
        private int _count;

        public int Count => _count;

        public double FrontValue => _values[_head];

        public long FrontTimestamp => _timestamps[_head];

        public void Push(long timestamp, double value)
        {
            // Values the new one dominates can never be the extreme again.
            while (_count > 0)
            {
                var back = Index(_count - 1);
                var dominated = descending ? _values[back] <= value : _values[back] >= value;
                if (!dominated)
                {
                    break;
                }

                _count--;
            }

            if (_count == _values.Length)
            {
                Grow();
            }

            var at = Index(_count);
            _timestamps[at] = timestamp;
            _values[at] = value;
            _count++;
        }

        public void DropOlderThan(long cutoff)
        {
            // The newest value always stays, so the window is never empty after a push.
            while (_count > 1 && _timestamps[_head] <= cutoff)
            {
                _head = _head + 1 == _values.Length ? 0 : _head + 1;
                _count--;
            }
        }

        public void Clear()
        {
            _head = 0;
            _count = 0;
        }

        private int Index(int offset)
        {
            var i = _head + offset;
            return i >= _values.Length ? i - _values.Length : i;
        }

        private void Grow()
        {
            var timestamps = new long[_values.Length * 2];
            var values = new double[_values.Length * 2];
            for (var k = 0; k < _count; k++)
            {
                timestamps[k] = _timestamps[Index(k)];
                values[k] = _values[Index(k)];
            }

            _timestamps = timestamps;
            _values = values;
            _head = 0;
        }
    }
}
