using System.Globalization;

namespace Vigil.Cli;

/// <summary>Parses durations written as a number and a unit: <c>250ms</c>, <c>1s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c>.</summary>
internal static class DurationParser
{
    public static bool TryParseNs(string text, out long nanoseconds, out string error)
    {
        nanoseconds = 0;
        error = string.Empty;
        var s = text.Trim().ToLowerInvariant();
        var split = 0;
        while (split < s.Length && (char.IsDigit(s[split]) || s[split] == '.'))
        {
            split++;
        }

        if (split == 0 || !double.TryParse(s.AsSpan(0, split), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            error = $"'{text}' is not a positive duration such as 250ms, 1s, 5m, 1h or 1d";
            return false;
        }

        double? unitNs = s[split..] switch
        {
            "ns" => 1,
            "us" => 1e3,
            "ms" => 1e6,
            "s" or "" => 1e9,
            "m" or "min" => 60e9,
            "h" => 3600e9,
            "d" => 86400e9,
            _ => null,
        };
        if (unitNs is null)
        {
            error = $"'{text}' has an unknown unit; use ns, us, ms, s, m, h or d";
            return false;
        }

        nanoseconds = (long)Math.Round(value * unitNs.Value);
        return true;
    }
}
