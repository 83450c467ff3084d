using System.Globalization;
using System.Text;

namespace Vigil.Server.Metrics.Prometheus;

/// <summary>The Prometheus metric types the exporter writes.</summary>
public enum PrometheusType
{
    /// <summary>A monotonic total; the name ends in <c>_total</c>.</summary>
    Counter,

    /// <summary>A value that goes up and down.</summary>
    Gauge,

    /// <summary>Cumulative buckets with <c>_bucket</c>, <c>_sum</c> and <c>_count</c> series.</summary>
    Histogram,
}

/// <summary>
/// Turns OpenTelemetry-style instrument names, units and tags into Prometheus names and label text, following the
/// OpenTelemetry-to-Prometheus conventions (dots to underscores, the unit as a suffix in words, <c>_total</c> on
/// counters) and the lints of <c>promtool check metrics</c>.
/// </summary>
public static class PrometheusNaming
{
    /// <summary>Suffixes Prometheus reserves for histogram and summary series.</summary>
    private static readonly string[] ReservedSuffixes = ["_count", "_sum", "_bucket"];

    /// <summary>The metric name of an instrument.</summary>
    /// <param name="instrumentName">The instrument's name, for example <c>http.server.request.duration</c>.</param>
    /// <param name="unit">The instrument's UCUM unit (<c>s</c>, <c>By</c>, <c>{request}</c>), or null.</param>
    /// <param name="type">The Prometheus type it is written as.</param>
    /// <returns>For example <c>http_server_request_duration_seconds</c> or <c>vigil_engine_ticks_total</c>.</returns>
    public static string MetricName(string instrumentName, string? unit, PrometheusType type)
    {
        ArgumentException.ThrowIfNullOrEmpty(instrumentName);
        var name = Sanitize(instrumentName, allowColon: true);
        var unitSuffix = UnitSuffix(unit, type);
        if (unitSuffix.Length > 0 && !name.EndsWith("_" + unitSuffix, StringComparison.Ordinal))
        {
            name += "_" + unitSuffix;
        }

        if (type == PrometheusType.Gauge)
        {
            // Prometheus reads _count/_sum/_bucket as parts of a histogram, so a gauge such as
            // dotnet.thread_pool.thread.count would be misread (and promtool rejects it): keep the word, add one.
            foreach (var reserved in ReservedSuffixes)
            {
                if (name.EndsWith(reserved, StringComparison.Ordinal))
                {
                    name += "_current";
                    break;
                }
            }
        }

        if (type == PrometheusType.Counter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }
        else if (type != PrometheusType.Counter && name.EndsWith("_total", StringComparison.Ordinal))
        {
            // Only counters may end in _total.
            name = name[..^"_total".Length];
        }

        return name;
    }

    /// <summary>The unit written as a name suffix: <c>s</c> is <c>seconds</c>, <c>By</c> is <c>bytes</c>, annotations such as <c>{request}</c> are dropped.</summary>
    /// <param name="unit">A UCUM unit, or null.</param>
    /// <param name="type">The metric's type (<c>1</c> is <c>ratio</c> on gauges only).</param>
    public static string UnitSuffix(string? unit, PrometheusType type)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            return string.Empty;
        }

        // Annotations in braces carry no unit ("{request}", "req{request}/s" keeps the rest).
        var text = RemoveAnnotations(unit).Trim();
        if (text.Length == 0)
        {
            return string.Empty;
        }

        if (text == "1")
        {
            return type == PrometheusType.Gauge ? "ratio" : string.Empty;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            var numerator = UnitWord(text[..slash]);
            var denominator = PerUnitWord(text[(slash + 1)..]);
            return numerator.Length == 0 ? "per_" + denominator : numerator + "_per_" + denominator;
        }

        return UnitWord(text);
    }

    /// <summary>A label name from a tag key: invalid characters become underscores; a leading digit gets an underscore.</summary>
    /// <param name="key">The tag's key, for example <c>http.response.status_code</c>.</param>
    public static string LabelName(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var name = Sanitize(key, allowColon: false);

        // Names starting with two underscores are reserved for Prometheus's internal use.
        return name.StartsWith("__", StringComparison.Ordinal) ? "_" + name.TrimStart('_') : name;
    }

    /// <summary>A tag value as label text: strings as they are, numbers invariant, booleans lower-case, null empty.</summary>
    /// <param name="value">The tag's value.</param>
    public static string LabelValue(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "true" : "false",
        double d => FormatNumber(d),
        float f => FormatNumber(f),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>Appends a label value escaped for the text format: backslash, double quote and line feed.</summary>
    /// <param name="builder">Where to write.</param>
    /// <param name="value">The raw value.</param>
    public static StringBuilder AppendEscapedLabelValue(StringBuilder builder, string value)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(value);
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => builder.Append(@"\\"),
                '"' => builder.Append("\\\""),
                '\n' => builder.Append(@"\n"),
                _ => builder.Append(c),
            };
        }

        return builder;
    }

    /// <summary>Appends <c># HELP</c> text escaped for the text format: backslash and line feed.</summary>
    /// <param name="builder">Where to write.</param>
    /// <param name="help">The raw text.</param>
    public static StringBuilder AppendEscapedHelp(StringBuilder builder, string help)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(help);
        foreach (var c in help)
        {
            _ = c switch
            {
                '\\' => builder.Append(@"\\"),
                '\n' => builder.Append(@"\n"),
                '\r' => builder,
                _ => builder.Append(c),
            };
        }

        return builder;
    }

    /// <summary>
    /// A sample value as the text format writes it: <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>, integers without a
    /// fraction, others in the shortest form that reads back to the same double (lower-case exponent).
    /// </summary>
    /// <param name="value">The value.</param>
    public static string FormatNumber(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }

        if (value == Math.Floor(value) && Math.Abs(value) < 1e15)
        {
            return ((long)value).ToString(CultureInfo.InvariantCulture);
        }

        return value.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');
    }

    private static string RemoveAnnotations(string unit)
    {
        if (!unit.Contains('{', StringComparison.Ordinal))
        {
            return unit;
        }

        var builder = new StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static string UnitWord(string unit) => unit.Trim() switch
    {
        "" => string.Empty,
        "d" => "days",
        "h" => "hours",
        "min" => "minutes",
        "s" => "seconds",
        "ms" => "milliseconds",
        "us" => "microseconds",
        "ns" => "nanoseconds",
        "By" => "bytes",
        "KiBy" => "kibibytes",
        "MiBy" => "mebibytes",
        "GiBy" => "gibibytes",
        "KBy" => "kilobytes",
        "MBy" => "megabytes",
        "GBy" => "gigabytes",
        "bit" => "bits",
        "m" => "meters",
        "V" => "volts",
        "A" => "amperes",
        "J" => "joules",
        "W" => "watts",
        "g" => "grams",
        "Cel" => "celsius",
        "Hz" => "hertz",
        "%" => "percent",
        var other => Sanitize(other, allowColon: false).Trim('_'),
    };

    private static string PerUnitWord(string unit) => unit.Trim() switch
    {
        "s" => "second",
        "m" => "minute",
        "h" => "hour",
        "d" => "day",
        "w" => "week",
        "mo" => "month",
        "y" => "year",
        var other => UnitWord(other),
    };

    private static string Sanitize(string text, bool allowColon)
    {
        var builder = new StringBuilder(text.Length + 1);
        foreach (var c in text)
        {
            var valid = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' || (allowColon && c == ':');
            var next = valid ? c : '_';

            // Runs of separators ("a..b", "a._b") collapse to one underscore.
            if (next == '_' && builder.Length > 0 && builder[^1] == '_')
            {
                continue;
            }

            builder.Append(next);
        }

        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }
}
