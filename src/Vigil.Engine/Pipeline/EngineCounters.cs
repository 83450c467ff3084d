namespace Vigil.Engine.Pipeline;

/// <summary>Why the engine refused a tick. Sources validate first; this is the engine's own last line.</summary>
public enum TickRejection
{
    /// <summary>The instrument id is not in the engine's registry.</summary>
    UnknownInstrument = 0,

    /// <summary>The price is NaN or infinite.</summary>
    NotFinite,

    /// <summary>A price that must be positive is zero or negative.</summary>
    NonPositivePrice,

    /// <summary>The tick is older than a tick already processed.</summary>
    OutOfOrder,

    /// <summary>The volume is negative.</summary>
    NegativeVolume,

    /// <summary>An indicator value names an id that <see cref="DetectionEngine.RegisterIndicator"/> did not give.</summary>
    UnknownIndicator,
}

/// <summary>What the engine has processed so far.</summary>
public sealed class EngineCounters
{
    private readonly long[] _rejected = new long[Enum.GetValues<TickRejection>().Length];

    /// <summary>Ticks accepted.</summary>
    public long Ticks { get; internal set; }

    /// <summary>Indicator values accepted (<see cref="DetectionEngine.OnIndicator"/>); rejected ones count in <see cref="Rejected"/>.</summary>
    public long IndicatorValues { get; internal set; }

    /// <summary>Market steps closed.</summary>
    public long Steps { get; internal set; }

    /// <summary>Warnings opened.</summary>
    public long WarningsOpened { get; internal set; }

    /// <summary>Ticks rejected, all reasons.</summary>
    public long Rejected { get; private set; }

    /// <summary>Ticks rejected for <paramref name="reason"/>.</summary>
    /// <param name="reason">The reason.</param>
    public long RejectedFor(TickRejection reason) => _rejected[(int)reason];

    internal void Reject(TickRejection reason)
    {
        _rejected[(int)reason]++;
        Rejected++;
    }
}
