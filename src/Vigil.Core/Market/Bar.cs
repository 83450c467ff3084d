using System.Runtime.InteropServices;
using Vigil.Core.Instruments;

namespace Vigil.Core.Market;

/// <summary>An OHLCV bar: the prices and volume of one instrument over one interval of event time.</summary>
[StructLayout(LayoutKind.Auto)]
public readonly struct Bar
{
    /// <summary>Creates a bar.</summary>
    /// <param name="instrument">The instrument.</param>
    /// <param name="startNs">The start of the interval, in nanoseconds since the Unix epoch.</param>
    /// <param name="intervalNs">The interval length in nanoseconds; positive.</param>
    /// <param name="open">The first price.</param>
    /// <param name="high">The highest price.</param>
    /// <param name="low">The lowest price.</param>
    /// <param name="close">The last price.</param>
    /// <param name="volume">The total volume.</param>
    public Bar(InstrumentId instrument, long startNs, long intervalNs, double open, double high, double low, double close, double volume)
    {
        Instrument = instrument;
        StartNs = startNs;
        IntervalNs = intervalNs;
        Open = open;
        High = high;
        Low = low;
        Close = close;
        Volume = volume;
    }

    /// <summary>The instrument.</summary>
    public InstrumentId Instrument { get; }

    /// <summary>The start of the interval, in nanoseconds since the Unix epoch.</summary>
    public long StartNs { get; }

    /// <summary>The interval length in nanoseconds.</summary>
    public long IntervalNs { get; }

    /// <summary>The end of the interval (exclusive), in nanoseconds since the Unix epoch.</summary>
    public long EndNs => StartNs + IntervalNs;

    /// <summary>The first price.</summary>
    public double Open { get; }

    /// <summary>The highest price.</summary>
    public double High { get; }

    /// <summary>The lowest price.</summary>
    public double Low { get; }

    /// <summary>The last price.</summary>
    public double Close { get; }

    /// <summary>The total volume.</summary>
    public double Volume { get; }

    /// <inheritdoc />
    public override string ToString() => $"#{Instrument} [{StartNs}+{IntervalNs}] O{Open} H{High} L{Low} C{Close} V{Volume}";
}
