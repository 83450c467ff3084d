namespace Vigil.Core.Market;

/// <summary>Conversions between nanosecond event timestamps and other units.</summary>
public static class TimeUnits
{
    /// <summary>Nanoseconds in a millisecond.</summary>
    public const long NsPerMillisecond = 1_000_000L;

    /// <summary>Nanoseconds in a second.</summary>
    public const long NsPerSecond = 1_000_000_000L;

    /// <summary>Nanoseconds in a minute.</summary>
    public const long NsPerMinute = 60 * NsPerSecond;

    /// <summary>Nanoseconds in a day.</summary>
    public const long NsPerDay = 86_400 * NsPerSecond;

    /// <summary>Nanoseconds since the Unix epoch for a UTC instant.</summary>
    /// <param name="instant">The instant.</param>
    public static long FromDateTimeOffset(DateTimeOffset instant) =>
        (instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100L;

    /// <summary>The UTC instant of a nanosecond timestamp, truncated to the 100 ns tick at or before it.</summary>
    /// <param name="timestampNs">Nanoseconds since the Unix epoch.</param>
    public static DateTimeOffset ToDateTimeOffset(long timestampNs)
    {
        // Floor, not round toward zero, so an instant before the epoch is not moved later.
        var ticks = timestampNs / 100L;
        if (timestampNs % 100L < 0)
        {
            ticks--;
        }

        return new(DateTimeOffset.UnixEpoch.UtcTicks + ticks, TimeSpan.Zero);
    }

    /// <summary>Seconds between two nanosecond timestamps.</summary>
    /// <param name="fromNs">The earlier timestamp.</param>
    /// <param name="toNs">The later timestamp.</param>
    public static double SecondsBetween(long fromNs, long toNs) => (toNs - fromNs) / (double)NsPerSecond;
}
