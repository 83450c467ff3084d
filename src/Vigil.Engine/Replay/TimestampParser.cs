using Vigil.Core.Market;

namespace Vigil.Engine.Replay;

/// <summary>The unit of an epoch number in a time column.</summary>
internal enum EpochUnit : byte
{
    /// <summary>Inferred from each value's magnitude.</summary>
    Infer = 0,
    Seconds,
    Milliseconds,
    Microseconds,
    Nanoseconds,
}

/// <summary>
/// Parses timestamps held as UTF-8 bytes into nanoseconds since the Unix epoch, without allocating: epoch numbers
/// (with an optional fraction), ISO dates (<c>2014-07-01</c>, <c>1999/1/8</c>, <c>1833-01</c>), US dates
/// (<c>01/03/2006</c>, month first) and ISO date-times with a space or <c>T</c>, optional seconds, fraction and
/// <c>Z</c> or <c>±hh:mm</c> offset. Dates and date-times without an offset are UTC.
/// </summary>
internal static class TimestampParser
{
    // Years whose instants fit in a signed 64-bit nanosecond count (1677-09-21 to 2262-04-11), whole years only.
    private const int MinYear = 1678;
    private const int MaxYear = 2261;
    private const long NsPerHour = 60 * TimeUnits.NsPerMinute;

    /// <summary>The epoch unit a time column's name fixes (<c>ts_ms</c>, <c>timestamp_ns</c>, ...), or <see cref="EpochUnit.Infer"/>.</summary>
    public static EpochUnit UnitFromColumnName(string name)
    {
        var underscore = name.LastIndexOf('_');
        if (underscore <= 0)
        {
            return EpochUnit.Infer;
        }

        var stem = name.AsSpan(0, underscore);
        if (!stem.Equals("ts", StringComparison.OrdinalIgnoreCase)
            && !stem.Equals("time", StringComparison.OrdinalIgnoreCase)
            && !stem.Equals("timestamp", StringComparison.OrdinalIgnoreCase)
            && !stem.Equals("unix", StringComparison.OrdinalIgnoreCase))
        {
            return EpochUnit.Infer;
        }

        return name.AsSpan(underscore + 1).ToString().ToUpperInvariant() switch
        {
            "S" => EpochUnit.Seconds,
            "MS" => EpochUnit.Milliseconds,
            "US" => EpochUnit.Microseconds,
            "NS" => EpochUnit.Nanoseconds,
            _ => EpochUnit.Infer,
        };
    }

    /// <summary>Parses <paramref name="text"/>; epoch numbers are read in <paramref name="unit"/>.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, EpochUnit unit, out long timestampNs)
    {
        timestampNs = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        var negative = text[0] == (byte)'-';
        var start = negative ? 1 : 0;
        var digits = CountDigits(text, start);
        if (digits == 0)
        {
            return false;
        }

        var end = start + digits;
        if (end == text.Length)
        {
            return TryEpoch(text.Slice(start, digits), default, negative, unit, out timestampNs);
        }

        var next = text[end];
        if (next == (byte)'.')
        {
            var fraction = text[(end + 1)..];
            if (CountDigits(fraction, 0) == fraction.Length)
            {
                return TryEpoch(text.Slice(start, digits), fraction, negative, unit, out timestampNs);
            }
        }

        if (negative)
        {
            return false;
        }

        if (digits == 4 && (next == (byte)'-' || next == (byte)'/'))
        {
            return TryYearFirst(text, next, out timestampNs);
        }

        if (digits <= 2 && next == (byte)'/')
        {
            return TryMonthFirst(text, out timestampNs);
        }

        return false;
    }

    private static bool TryEpoch(ReadOnlySpan<byte> whole, ReadOnlySpan<byte> fraction, bool negative, EpochUnit unit, out long timestampNs)
    {
        timestampNs = 0;

        // Skip leading zeros so the 19-digit bound is about significant digits.
        var i = 0;
        while (i < whole.Length - 1 && whole[i] == (byte)'0')
        {
            i++;
        }

        whole = whole[i..];
        if (whole.Length > 19)
        {
            return false;
        }

        ulong value = 0;
        foreach (var b in whole)
        {
            value = (value * 10) + (ulong)(b - '0');
        }

        if (value > long.MaxValue)
        {
            return false;
        }

        if (unit == EpochUnit.Infer)
        {
            // Epoch seconds stay below 1e11 until the year 5138; milliseconds pass 1e11 in 1973.
            unit = value < 100_000_000_000UL ? EpochUnit.Seconds
                : value < 100_000_000_000_000UL ? EpochUnit.Milliseconds
                : value < 100_000_000_000_000_000UL ? EpochUnit.Microseconds
                : EpochUnit.Nanoseconds;
        }

        long unitNs = unit switch
        {
            EpochUnit.Seconds => TimeUnits.NsPerSecond,
            EpochUnit.Milliseconds => TimeUnits.NsPerMillisecond,
            EpochUnit.Microseconds => 1_000L,
            _ => 1L,
        };

        if ((long)value > long.MaxValue / unitNs)
        {
            return false;
        }

        var ns = (long)value * unitNs;
        if (!fraction.IsEmpty && unitNs > 1)
        {
            // At most nine fraction digits matter: below a nanosecond for every unit.
            long scaled = 0;
            long scale = 1;
            var count = Math.Min(fraction.Length, 9);
            for (var k = 0; k < count; k++)
            {
                scaled = (scaled * 10) + (fraction[k] - '0');
                scale *= 10;
            }

            var fractionNs = scaled * unitNs / scale;
            if (ns > long.MaxValue - fractionNs)
            {
                return false;
            }

            ns += fractionNs;
        }

        timestampNs = negative ? -ns : ns;
        return true;
    }

    private static bool TryYearFirst(ReadOnlySpan<byte> text, byte separator, out long timestampNs)
    {
        timestampNs = 0;
        var year = Digits(text, 0, 4);
        var pos = 5;
        if (!TryNumber(text, ref pos, 1, 2, out var month))
        {
            return false;
        }

        int day;
        if (pos == text.Length && separator == (byte)'-' && pos == 7)
        {
            // A monthly series (yyyy-MM) is stamped on the first of the month.
            day = 1;
        }
        else
        {
            if (pos >= text.Length || text[pos] != separator)
            {
                return false;
            }

            pos++;
            if (!TryNumber(text, ref pos, 1, 2, out day))
            {
                return false;
            }
        }

        return TryCompose(text, pos, year, month, day, out timestampNs);
    }

    private static bool TryMonthFirst(ReadOnlySpan<byte> text, out long timestampNs)
    {
        timestampNs = 0;
        var pos = 0;
        if (!TryNumber(text, ref pos, 1, 2, out var month) || pos >= text.Length || text[pos] != (byte)'/')
        {
            return false;
        }

        pos++;
        if (!TryNumber(text, ref pos, 1, 2, out var day) || pos >= text.Length || text[pos] != (byte)'/')
        {
            return false;
        }

        pos++;
        if (!TryNumber(text, ref pos, 4, 4, out var year))
        {
            return false;
        }

        return TryCompose(text, pos, year, month, day, out timestampNs);
    }

    /// <summary>Validates the date, parses an optional time of day from <paramref name="pos"/>, and combines them.</summary>
    private static bool TryCompose(ReadOnlySpan<byte> text, int pos, int year, int month, int day, out long timestampNs)
    {
        timestampNs = 0;
        if (year < MinYear || year > MaxYear || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        long timeOfDayNs = 0;
        if (pos < text.Length && !TryTimeOfDay(text, pos, out timeOfDayNs))
        {
            return false;
        }

        timestampNs = (DaysFromCivil(year, month, day) * TimeUnits.NsPerDay) + timeOfDayNs;
        return true;
    }

    /// <summary>Parses <c>[ T]H:mm[:ss[.f]][Z|±hh[:]mm|±hh]</c>; the offset is subtracted, so the result may be negative.</summary>
    private static bool TryTimeOfDay(ReadOnlySpan<byte> text, int pos, out long timeOfDayNs)
    {
        timeOfDayNs = 0;
        if (text[pos] != (byte)' ' && text[pos] != (byte)'T')
        {
            return false;
        }

        pos++;
        if (!TryNumber(text, ref pos, 1, 2, out var hour) || pos >= text.Length || text[pos] != (byte)':')
        {
            return false;
        }

        pos++;
        if (!TryNumber(text, ref pos, 2, 2, out var minute))
        {
            return false;
        }

        var second = 0;
        long fractionNs = 0;
        if (pos < text.Length && text[pos] == (byte)':')
        {
            pos++;
            if (!TryNumber(text, ref pos, 2, 2, out second))
            {
                return false;
            }

            if (pos < text.Length && (text[pos] == (byte)'.' || text[pos] == (byte)','))
            {
                pos++;
                var digits = CountDigits(text, pos);
                if (digits == 0)
                {
                    return false;
                }

                long scale = TimeUnits.NsPerSecond;
                for (var k = 0; k < digits; k++)
                {
                    scale /= 10;
                    fractionNs += (text[pos + k] - '0') * scale;
                }

                pos += digits;
            }
        }

        if (hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        long offsetNs = 0;
        if (pos < text.Length)
        {
            var sign = text[pos];
            if (sign == (byte)'Z')
            {
                pos++;
            }
            else if (sign == (byte)'+' || sign == (byte)'-')
            {
                pos++;
                if (!TryTwoDigits(text, ref pos, out var offsetHours))
                {
                    return false;
                }

                var offsetMinutes = 0;
                if (pos < text.Length)
                {
                    if (text[pos] == (byte)':')
                    {
                        pos++;
                    }

                    if (!TryTwoDigits(text, ref pos, out offsetMinutes))
                    {
                        return false;
                    }
                }

                if (offsetHours > 23 || offsetMinutes > 59)
                {
                    return false;
                }

                offsetNs = (offsetHours * NsPerHour) + (offsetMinutes * TimeUnits.NsPerMinute);
                if (sign == (byte)'-')
                {
                    offsetNs = -offsetNs;
                }
            }

            if (pos != text.Length)
            {
                return false;
            }
        }

        timeOfDayNs = (hour * NsPerHour) + (minute * TimeUnits.NsPerMinute) + (second * TimeUnits.NsPerSecond) + fractionNs - offsetNs;
        return true;
    }

    /// <summary>Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).</summary>
    private static long DaysFromCivil(int year, int month, int day)
    {
        year -= month <= 2 ? 1 : 0;
        var era = (year >= 0 ? year : year - 399) / 400;
        var yearOfEra = year - (era * 400);
        var dayOfYear = (((153 * (month + (month > 2 ? -3 : 9))) + 2) / 5) + day - 1;
        var dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146097L) + dayOfEra - 719468;
    }

    private static int CountDigits(ReadOnlySpan<byte> text, int start)
    {
        var i = start;
        while (i < text.Length && (uint)(text[i] - '0') <= 9)
        {
            i++;
        }

        return i - start;
    }

    private static int Digits(ReadOnlySpan<byte> text, int start, int count)
    {
        var value = 0;
        for (var i = start; i < start + count; i++)
        {
            value = (value * 10) + (text[i] - '0');
        }

        return value;
    }

    /// <summary>Reads exactly two digits (offsets such as <c>-0530</c> run hours and minutes together).</summary>
    private static bool TryTwoDigits(ReadOnlySpan<byte> text, ref int pos, out int value)
    {
        if (pos + 2 > text.Length || (uint)(text[pos] - '0') > 9 || (uint)(text[pos + 1] - '0') > 9)
        {
            value = 0;
            return false;
        }

        value = Digits(text, pos, 2);
        pos += 2;
        return true;
    }

    private static bool TryNumber(ReadOnlySpan<byte> text, ref int pos, int minDigits, int maxDigits, out int value)
    {
        var digits = CountDigits(text, pos);
        if (digits < minDigits || digits > maxDigits)
        {
            value = 0;
            return false;
        }

        value = Digits(text, pos, digits);
        pos += digits;
        return true;
    }
}
