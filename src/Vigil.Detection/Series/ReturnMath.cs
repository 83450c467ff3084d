using Vigil.Core.Instruments;

namespace Vigil.Detection.Series;

/// <summary>How a one-period return is taken for each <see cref="ValueKind"/>.</summary>
public static class ReturnMath
{
    /// <summary>
    /// The return from <paramref name="previous"/> to <paramref name="current"/>: the log return for prices, the
    /// difference for levels (which may be zero or negative, so ratios are meaningless).
    /// </summary>
    /// <param name="kind">The series' value kind.</param>
    /// <param name="previous">The earlier value.</param>
    /// <param name="current">The later value.</param>
    public static double Return(ValueKind kind, double previous, double current) =>
        kind == ValueKind.Price ? Math.Log(current / previous) : current - previous;
}

/// <summary>
/// Takes one-period returns from a stream of values: remembers the last value, so each new value yields the return
/// since it (none for the first). A mutable struct held in a detector's field, so taking a return allocates nothing.
/// </summary>
internal struct ReturnTaker(ValueKind kind)
{
    private double _last;
    private bool _hasLast;

    /// <summary>Takes the return from the last value to <paramref name="value"/>.</summary>
    /// <returns>False for the first value (or the first after <see cref="Reset"/>), which has no return.</returns>
    public bool TryTake(double value, out double r)
    {
        if (!_hasLast)
        {
            _last = value;
            _hasLast = true;
            r = 0;
            return false;
        }

        r = ReturnMath.Return(kind, _last, value);
        _last = value;
        return true;
    }

    /// <summary>Forgets the last value.</summary>
    public void Reset() => _hasLast = false;
}
