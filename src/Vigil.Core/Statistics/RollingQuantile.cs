namespace Vigil.Core.Statistics;

/// <summary>
/// The last <see cref="WindowLength"/> values kept both in arrival order and sorted, so ranks and quantiles of the
/// window are answered by binary search. Adding costs one binary search and one block move of at most the window.
/// </summary>
public sealed class RollingQuantile
{
    private readonly double[] _sorted;
    private readonly RingBuffer<double> _arrival;

    /// <summary>Creates an empty window.</summary>
    /// <param name="windowLength">The number of values kept; positive.</param>
    public RollingQuantile(int windowLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowLength);
        _sorted = new double[windowLength];
        _arrival = new RingBuffer<double>(windowLength);
    }

    /// <summary>The number of values kept when full.</summary>
    public int WindowLength => _sorted.Length;

    /// <summary>The number of values held.</summary>
    public int Count => _arrival.Count;

    /// <summary>The smallest value held; NaN when empty.</summary>
    public double Min => Count > 0 ? _sorted[0] : double.NaN;

    /// <summary>The largest value held; NaN when empty.</summary>
    public double Max => Count > 0 ? _sorted[Count - 1] : double.NaN;

    /// <summary>Copies the values held, oldest first (the order in which adding them again rebuilds this window).</summary>
    /// <param name="destination">At least <see cref="Count"/> values.</param>
    /// <returns>The number of values copied: <see cref="Count"/>.</returns>
    public int CopyInArrivalOrderTo(Span<double> destination)
    {
        var count = Count;
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, count, nameof(destination));
        for (var i = 0; i < count; i++)
        {
            destination[i] = _arrival[i];
        }

        return count;
    }

    /// <summary>Adds a value, evicting the oldest when full.</summary>
    /// <param name="value">The value; not NaN.</param>
    public void Add(double value)
    {
        if (double.IsNaN(value))
        {
            ThrowNaN();
        }

        var count = Count;
        if (!_arrival.Push(value, out var evicted))
        {
            var insert = UpperBound(value, count);
            Array.Copy(_sorted, insert, _sorted, insert + 1, count - insert);
            _sorted[insert] = value;
            return;
        }

        // Full: the new value takes the evicted one's place, and only the values between the two positions move,
        // by one block move.
        var removeAt = LowerBound(evicted, count);
        if (value >= evicted)
        {
            // Slide (removeAt, target) left by one; the new value goes just before the first value above it.
            var target = UpperBound(value, count);
            Array.Copy(_sorted, removeAt + 1, _sorted, removeAt, target - removeAt - 1);
            _sorted[target - 1] = value;
        }
        else
        {
            // Slide [target, removeAt) right by one.
            var target = UpperBound(value, removeAt);
            Array.Copy(_sorted, target, _sorted, target + 1, removeAt - target);
            _sorted[target] = value;
        }
    }

    /// <summary>The number of values held that are strictly less than <paramref name="value"/>.</summary>
    /// <param name="value">The value to rank.</param>
    public int CountBelow(double value) => LowerBound(value, Count);

    /// <summary>The number of values held that are greater than or equal to <paramref name="value"/>.</summary>
    /// <param name="value">The value to rank.</param>
    public int CountAtOrAbove(double value) => Count - LowerBound(value, Count);

    /// <summary>The <paramref name="probability"/> quantile of the window, interpolating linearly between order statistics.</summary>
    /// <param name="probability">In [0, 1].</param>
    /// <returns>The quantile; NaN when empty.</returns>
    public double Quantile(double probability)
    {
        var count = Count;
        if (count == 0)
        {
            return double.NaN;
        }

        var h = Math.Clamp(probability, 0.0, 1.0) * (count - 1);
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, count - 1);
        return _sorted[lo] + ((h - lo) * (_sorted[hi] - _sorted[lo]));
    }

    /// <summary>Forgets every value.</summary>
    public void Reset() => _arrival.Clear();

    private int LowerBound(double value, int count)
    {
        int lo = 0, hi = count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private int UpperBound(double value, int count)
    {
        int lo = 0, hi = count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static void ThrowNaN() => throw new ArgumentException("NaN cannot be ranked.", "value");
}
