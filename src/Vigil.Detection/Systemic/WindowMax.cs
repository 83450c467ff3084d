namespace Vigil.Detection.Systemic;

/// <summary>
/// The maximum of the last <c>windowLength</c> values, by a monotonic queue on preallocated rings: amortised O(1)
/// per value, no allocation after construction.
/// </summary>
internal sealed class WindowMax
{
    private readonly double[] _values;
    private readonly long[] _positions;
    private readonly int _windowLength;
    private int _head;
    private int _count;
    private long _added;

    public WindowMax(int windowLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowLength);
        _windowLength = windowLength;
        // The queue holds at most one window of values plus the new one before the oldest is dropped.
        _values = new double[windowLength + 1];
        _positions = new long[windowLength + 1];
    }

    /// <summary>The maximum of the values in the window; NaN when empty.</summary>
    public double Max => _count > 0 ? _values[_head] : double.NaN;

    /// <summary>Adds a value and drops the values that left the window.</summary>
    public void Add(double value)
    {
        var position = _added++;
        // Drop from the back every value the new one dominates: it outlives them.
        while (_count > 0 && _values[Index(_count - 1)] <= value)
        {
            _count--;
        }

        var back = Index(_count);
        _values[back] = value;
        _positions[back] = position;
        _count++;
        while (_positions[_head] <= position - _windowLength)
        {
            _head = (_head + 1) % _values.Length;
            _count--;
        }
    }

    public void Reset()
    {
        _head = 0;
        _count = 0;
        _added = 0;
    }

    private int Index(int offset) => (_head + offset) % _values.Length;
}
