using System.Globalization;
using Vigil.Core.Market;
using Vigil.Engine.Warnings;

namespace Vigil.Cli;

/// <summary>How the CLI writes times, severities and numbers for people and for JSON.</summary>
internal static class Formatting
{
    public static string Timestamp(long timestampNs) =>
        TimeUnits.ToDateTimeOffset(timestampNs).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    public static string IsoTimestamp(long timestampNs) =>
        TimeUnits.ToDateTimeOffset(timestampNs).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string SeverityName(Severity severity) => severity.ToString().ToUpperInvariant();

    public static string SeverityColour(Severity severity) => severity switch
    {
        Severity.Extreme => "red bold",
        Severity.Severe => "red",
        Severity.High => "darkorange",
        Severity.Elevated => "yellow",
        _ => "grey",
    };

    public static string EventName(WarningTransition kind) => kind switch
    {
        WarningTransition.Opened => "opened",
        WarningTransition.Escalated => "escalated",
        WarningTransition.DeEscalated => "de-escalated",
        WarningTransition.Reclassified => "reclassified",
        WarningTransition.Closed => "closed",
        _ => "none",
    };

    public static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : span.TotalMinutes >= 1 ? span.ToString(@"m\:ss\.f", CultureInfo.InvariantCulture)
        : $"{span.TotalSeconds:0.00} s";
}
