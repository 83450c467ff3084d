using Spectre.Console;
using Vigil.Engine.Pipeline;
using Vigil.Engine.Warnings;

namespace Vigil.Cli;

/// <summary>
/// Watches an engine run: writes every warning event as it happens (a coloured line for people, or a JSON object
/// per line) and keeps what the summary needs.
/// </summary>
internal sealed class WarningReporter(CliIO io, bool json) : IEngineObserver
{
    private readonly Dictionary<string, WarningSummaryJson> _warnings = new(StringComparer.Ordinal);
    private readonly List<WarningEvent> _events = [];

    /// <summary>Every warning event, in order.</summary>
    public IReadOnlyList<WarningEvent> Events => _events;

    /// <summary>Each warning's life.</summary>
    public IReadOnlyCollection<WarningSummaryJson> Warnings => _warnings.Values;

    /// <summary>Whether to write events as they happen (false collects them silently).</summary>
    public bool Live { get; init; } = true;

    /// <summary>The index of the first step with a calibrated composite, or null before one.</summary>
    public long? FirstReadyStep { get; private set; }

    public void OnStep(MarketStep step)
    {
        if (FirstReadyStep is null && step.IsReady)
        {
            FirstReadyStep = step.Index;
        }
    }

    public void OnWarning(WarningEvent warning)
    {
        _events.Add(warning);
        var opened = _warnings.TryGetValue(warning.WarningId, out var known) ? known.OpenedAt : Formatting.IsoTimestamp(warning.OpenedAtNs);
        _warnings[warning.WarningId] = new WarningSummaryJson(
            warning.WarningId,
            opened,
            warning.Kind == WarningTransition.Closed ? Formatting.IsoTimestamp(warning.TimestampNs) : known?.ClosedAt,
            Formatting.SeverityName(warning.PeakSeverity),
            Math.Round(warning.PeakComposite, 4));
        if (!Live)
        {
            return;
        }

        if (json)
        {
            JsonLines.Write(io.Out, WarningEventJson.From(warning), CliJsonContext.Default.WarningEventJson);
            return;
        }

        var severity = warning.Kind == WarningTransition.Closed ? warning.PeakSeverity : warning.Severity;
        var label = warning.Kind == WarningTransition.Closed
            ? $"closed after {warning.DurationNs / 1e9:0.0} s (peak {Formatting.SeverityName(warning.PeakSeverity)}, {warning.PeakComposite:0.00})"
            : warning.Report is { } report ? $"{report.Title}; {warning.Summary}" : warning.Summary;
        io.Console.MarkupLineInterpolated(
            $"{Formatting.Timestamp(warning.TimestampNs)}  {warning.WarningId}  [{Formatting.SeverityColour(severity)}]{Formatting.EventName(warning.Kind),-12} {Formatting.SeverityName(warning.Severity),-8}[/] {label}");
    }

    /// <summary>The number of warnings whose peak reached each severity.</summary>
    public IReadOnlyDictionary<string, long> BySeverity()
    {
        // In severity order (a Dictionary keeps insertion order when nothing is removed, and JSON writes it so).
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var severity in new[] { Severity.Elevated, Severity.High, Severity.Severe, Severity.Extreme })
        {
            counts[Formatting.SeverityName(severity)] = 0;
        }

        foreach (var w in _warnings.Values)
        {
            counts[w.PeakSeverity]++;
        }

        return counts;
    }
}
