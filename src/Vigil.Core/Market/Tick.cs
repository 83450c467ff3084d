using System.Runtime.InteropServices;
using Vigil.Core.Instruments;

namespace Vigil.Core.Market;

/// <summary>
/// One observation of an instrument: a trade or a quote at an event time. Bid and ask are optional and are
/// <see cref="double.NaN"/> when absent.
/// </summary>
[StructLayout(LayoutKind.Auto)]
public readonly struct Tick
{
    /// <summary>Creates a tick.</summary>
    /// <param name="instrument">The instrument.</param>
    /// <param name="timestampNs">Event time in nanoseconds since the Unix epoch.</param>
    /// <param name="price">The last price or level.</param>
    /// <param name="volume">The traded volume since the previous tick; 0 when unknown.</param>
    /// <param name="bid">The best bid, or NaN when absent.</param>
    /// <param name="ask">The best ask, or NaN when absent.</param>
    public Tick(InstrumentId instrument, long timestampNs, double price, double volume, double bid = double.NaN, double ask = double.NaN)
    {
        Instrument = instrument;
        TimestampNs = timestampNs;
        Price = price;
        Volume = volume;
        Bid = bid;
        Ask = ask;
    }

    /// <summary>The instrument.</summary>
    public InstrumentId Instrument { get; }

    /// <summary>Event time in nanoseconds since the Unix epoch.</summary>
    public long TimestampNs { get; }

    /// <summary>The last price or level.</summary>
    public double Price { get; }

    /// <summary>The traded volume since the previous tick; 0 when unknown.</summary>
    public double Volume { get; }

    /// <summary>The best bid, or NaN when absent.</summary>
    public double Bid { get; }

    /// <summary>The best ask, or NaN when absent.</summary>
    public double Ask { get; }

    /// <summary>Whether both bid and ask are present.</summary>
    public bool HasQuote => !double.IsNaN(Bid) && !double.IsNaN(Ask);

    /// <inheritdoc />
    public override string ToString() => $"#{Instrument} @{TimestampNs} {Price} x{Volume}";
}
