using Vigil.Core.Instruments;

namespace Vigil.Core.Market;

/// <summary>
/// Aggregates ticks of one instrument into bars of a fixed interval aligned to multiples of the interval.
/// A mutable struct kept inside per-instrument state; it does not allocate.
/// </summary>
public struct BarBuilder
{
    private readonly InstrumentId _instrument;
    private readonly long _intervalNs;
    private long _startNs;
    private double _open, _high, _low, _close, _volume;
    private bool _hasData;

    /// <summary>Creates a builder for <paramref name="instrument"/> with bars of <paramref name="intervalNs"/>.</summary>
    /// <param name="instrument">The instrument.</param>
    /// <param name="intervalNs">The bar length in nanoseconds; positive.</param>
    public BarBuilder(InstrumentId instrument, long intervalNs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(intervalNs);
        _instrument = instrument;
        _intervalNs = intervalNs;
    }

    /// <summary>Whether the bar under construction has at least one tick.</summary>
    public readonly bool HasData => _hasData;

    /// <summary>
    /// Adds a tick. When the tick falls in a later interval than the bar under construction, that bar is
    /// completed and returned through <paramref name="completed"/> before the tick starts the next one.
    /// </summary>
    /// <param name="timestampNs">The tick's event time.</param>
    /// <param name="price">The tick's price.</param>
    /// <param name="volume">The tick's volume.</param>
    /// <param name="completed">The completed bar, when this returns true.</param>
    /// <returns>True when a bar was completed.</returns>
    public bool Add(long timestampNs, double price, double volume, out Bar completed)
    {
        var start = timestampNs - Mod(timestampNs, _intervalNs);
        var closed = false;
        completed = default;
        if (_hasData && start != _startNs)
        {
            completed = Current();
            closed = true;
            _hasData = false;
        }

        if (!_hasData)
        {
            _startNs = start;
            _open = _high = _low = _close = price;
            _volume = volume;
            _hasData = true;
            return closed;
        }

        if (price > _high)
        {
            _high = price;
        }

        if (price < _low)
        {
            _low = price;
        }

        _close = price;
        _volume += volume;
        return closed;
    }

    /// <summary>The bar under construction as it stands.</summary>
    public readonly Bar Current() => new(_instrument, _startNs, _intervalNs, _open, _high, _low, _close, _volume);

    private static long Mod(long value, long divisor)
    {
        var r = value % divisor;
        return r < 0 ? r + divisor : r;
    }
}
