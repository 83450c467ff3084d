using System.Globalization;

namespace Vigil.Storage;

/// <summary>
/// One UTC hour as the star schema's time dimension describes it: the hour, the day, the trading session and whether
/// the global market is open.
/// </summary>
/// <param name="TimeKey">Hours since the Unix epoch.</param>
/// <param name="HourStart">The hour's start, UTC.</param>
/// <param name="Session">The trading session by UTC hour: <c>asia</c> (21:00–07:00), <c>europe</c> (07:00–13:00), <c>us</c> (13:00–21:00).</param>
/// <param name="MarketState"><c>closed</c> over the global weekend (Friday 21:00 to Sunday 21:00 UTC), <c>open</c> otherwise.</param>
public readonly record struct TimeBucket(long TimeKey, DateTimeOffset HourStart, string Session, string MarketState)
{
    /// <summary>Nanoseconds in an hour.</summary>
    public const long NsPerHour = 3_600_000_000_000L;

    /// <summary>The hour's start in nanoseconds since the Unix epoch.</summary>
    public long HourStartNs => TimeKey * NsPerHour;

    /// <summary>Whether the hour falls on a Saturday or Sunday (UTC).</summary>
    public bool IsWeekend => HourStart.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    /// <summary>The hour's date as <c>yyyy-MM-dd</c>.</summary>
    public string Date => HourStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The time key of an event time: whole hours since the epoch, rounding down (also before 1970).</summary>
    /// <param name="timestampNs">Nanoseconds since the Unix epoch.</param>
    public static long KeyOf(long timestampNs) => Math.DivRem(timestampNs, NsPerHour) is var (q, r) && r < 0 ? q - 1 : q;

    /// <summary>The bucket holding <paramref name="timestampNs"/>.</summary>
    /// <param name="timestampNs">Nanoseconds since the Unix epoch.</param>
    public static TimeBucket Of(long timestampNs)
    {
        var key = KeyOf(timestampNs);
        var start = DateTimeOffset.UnixEpoch.AddHours(key);
        var hour = start.Hour;
        var session = hour >= 21 || hour < 7 ? "asia" : hour < 13 ? "europe" : "us";
        var closed = start.DayOfWeek switch
        {
            DayOfWeek.Saturday => true,
            DayOfWeek.Friday => hour >= 21,
            DayOfWeek.Sunday => hour < 21,
            _ => false,
        };
        return new TimeBucket(key, start, session, closed ? "closed" : "open");
    }
}
