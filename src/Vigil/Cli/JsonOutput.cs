using System.Text.Json;
using System.Text.Json.Serialization;
using Vigil.Engine.Warnings;

namespace Vigil.Cli;

/// <summary>A detector's part in a warning, as written with <c>--json</c>.</summary>
internal sealed record ContributionJson(string Detector, double Score, double? Raw, double Contribution);

/// <summary>A firing per-series signal, as written with <c>--json</c>.</summary>
internal sealed record SignalJson(string Symbol, string Detector, double Raw);

/// <summary>A correlation break, as written with <c>--json</c>.</summary>
internal sealed record BreakJson(string First, string Second, double Before, double After);

/// <summary>One warning event (opened, escalated, de-escalated, reclassified, closed) with its report's headline, one JSON object per line.</summary>
internal sealed record WarningEventJson(
    string Type,
    string Event,
    string Id,
    string Ts,
    long TsNs,
    string OpenedAt,
    double DurationSeconds,
    string Severity,
    string PreviousSeverity,
    string PeakSeverity,
    double Composite,
    double PeakComposite,
    double MaxAbsZ,
    string? MaxAbsZSymbol,
    int CorrelationBreaks,
    int SignalCount,
    IReadOnlyList<ContributionJson> Contributions,
    IReadOnlyList<SignalJson> Signals,
    IReadOnlyList<BreakJson> Breaks,
    string Summary,
    string EventType,
    string Status,
    string? Title,
    double? Probability,
    double? Confidence,
    string? Analogue,
    double? AnalogueSimilarity)
{
    public static WarningEventJson From(WarningEvent w) => new(
        "warning",
        Formatting.EventName(w.Kind),
        w.WarningId,
        Formatting.IsoTimestamp(w.TimestampNs),
        w.TimestampNs,
        Formatting.IsoTimestamp(w.OpenedAtNs),
        w.DurationNs / 1e9,
        Formatting.SeverityName(w.Severity),
        Formatting.SeverityName(w.PreviousSeverity),
        Formatting.SeverityName(w.PeakSeverity),
        Math.Round(w.Composite, 4),
        Math.Round(w.PeakComposite, 4),
        Math.Round(w.MaxAbsZ, 3),
        w.MaxAbsZSymbol,
        w.CorrelationBreaks,
        w.SignalCount,
        [.. w.Contributions.Select(c => new ContributionJson(c.Detector, Math.Round(c.Score, 4), double.IsFinite(c.Raw) ? c.Raw : null, Math.Round(c.Contribution, 4)))],
        [.. w.Signals.Select(s => new SignalJson(s.Symbol, s.Detector, s.Raw))],
        [.. w.Breaks.Select(b => new BreakJson(b.First, b.Second, Math.Round(b.Before, 4), Math.Round(b.After, 4)))],
        w.Summary,
        w.EventType.WireName(),
        JsonNamingPolicy.SnakeCaseLower.ConvertName(w.Status.ToString()),
        w.Report?.Title,
        w.Report is { } p ? Math.Round(p.Probability, 4) : null,
        w.Report is { } c ? Math.Round(c.Confidence, 4) : null,
        w.Report?.Analogue?.Name,
        w.Report?.Analogue is { } a ? Math.Round(a.Similarity, 4) : null);
}

/// <summary>A stress scenario switched on during a simulation.</summary>
internal sealed record ScenarioEventJson(string Type, string Event, string Preset, string Name, string Ts, long TsNs);

/// <summary>One warning's life, in a run summary.</summary>
internal sealed record WarningSummaryJson(string Id, string OpenedAt, string? ClosedAt, string PeakSeverity, double PeakComposite);

/// <summary>One sampled rejected row.</summary>
internal sealed record RejectionJson(string File, long Line, string Reason, string? Column, string Text);

/// <summary>The last line of <c>simulate</c> and <c>replay</c> with <c>--json</c>.</summary>
internal sealed record RunSummaryJson
{
    public string Type { get; init; } = "summary";

    public required string Command { get; init; }

    public required string Source { get; init; }

    public required long Ticks { get; init; }

    public required long Steps { get; init; }

    public string? EventStart { get; init; }

    public string? EventEnd { get; init; }

    public required double EventSeconds { get; init; }

    public required double WallSeconds { get; init; }

    public long? RowsRead { get; init; }

    public long? MissingValues { get; init; }

    public long? Rejected { get; init; }

    public IReadOnlyDictionary<string, long>? RejectedByReason { get; init; }

    public IReadOnlyList<RejectionJson>? RejectionSamples { get; init; }

    public required long EngineRejected { get; init; }

    public required long WarningsOpened { get; init; }

    public required IReadOnlyDictionary<string, long> WarningsBySeverity { get; init; }

    public required IReadOnlyList<WarningSummaryJson> Warnings { get; init; }

    /// <summary>The risk models' final readings.</summary>
    public RiskSummaryJson? Risk { get; init; }

    /// <summary>The first step (0-based) whose composite score was calibrated, or null if none was.</summary>
    public long? FirstReadyStep { get; init; }

    /// <summary>The registry calibration restored into the engine before the run, or null for none.</summary>
    public CalibrationUseJson? Calibration { get; init; }
}

/// <summary>A calibration restored into the engine: its version and the detectors it did not cover (they calibrated from scratch).</summary>
internal sealed record CalibrationUseJson(string Model, IReadOnlyList<string> Uncovered);

/// <summary>The one JSON object <c>bench --json</c> writes.</summary>
internal sealed record BenchSummaryJson
{
    public required string File { get; init; }

    public required int Runs { get; init; }

    public required long Ticks { get; init; }

    public required long Steps { get; init; }

    public required long RowsRead { get; init; }

    public required long Rejected { get; init; }

    public required double Seconds { get; init; }

    public required double TicksPerSecond { get; init; }

    public required double StepsPerSecond { get; init; }

    public required double StepLatencyP50Ns { get; init; }

    public required double StepLatencyP99Ns { get; init; }

    public required double StepLatencyMaxNs { get; init; }

    public required double StepLatencyMeanNs { get; init; }

    public required double EngineTicksPerSecond { get; init; }

    public required double AllocatedBytesPerTick { get; init; }

    public required double EngineAllocatedBytesPerTick { get; init; }

    public required long WarningsOpened { get; init; }

    public required string Machine { get; init; }
}

/// <summary>One labelled episode in <c>eval episodes --json</c>.</summary>
internal sealed record EpisodeJson(int Id, string Type, string Start, string End, bool Detected, double? DelaySeconds, string? WarningId, string? Severity, int WarningsOpened);

/// <summary>One false alarm in <c>eval episodes --json</c>.</summary>
internal sealed record FalseAlarmJson(string WarningId, string OpenedAt, string Severity);

/// <summary>The one JSON object <c>eval episodes --json</c> writes.</summary>
internal sealed record EpisodeEvalJson(
    string File,
    string Labels,
    IReadOnlyList<EpisodeJson> Episodes,
    int Detected,
    int Total,
    double? MaxDelaySeconds,
    double? MeanDelaySeconds,
    IReadOnlyList<FalseAlarmJson> FalseAlarms,
    int FalseAlarmCount);

/// <summary>A detector's NAB result under one profile.</summary>
internal sealed record NabProfileJson(double Normalised, double Score, double NullScore, double PerfectScore, double? Threshold);

/// <summary>A detector's NAB results (this run's, or a published detector's on the same files).</summary>
internal sealed record NabDetectorJson(string Detector, bool Published, bool Complete, IReadOnlyDictionary<string, NabProfileJson> Profiles);

/// <summary>The outcome of the scorer's reference check.</summary>
internal sealed record NabReferenceCheckJson(string Detector, int Matched, int Total, double MaxRowDifference);

/// <summary>The one JSON object <c>eval nab --json</c> writes.</summary>
internal sealed record NabEvalJson(
    string Data,
    int Files,
    int Windows,
    IReadOnlyList<NabDetectorJson> Detectors,
    IReadOnlyList<NabDetectorJson> Published,
    NabReferenceCheckJson? ReferenceCheck);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(WarningEventJson))]
[JsonSerializable(typeof(ScenarioEventJson))]
[JsonSerializable(typeof(RunSummaryJson))]
[JsonSerializable(typeof(BenchSummaryJson))]
[JsonSerializable(typeof(EpisodeEvalJson))]
[JsonSerializable(typeof(NabEvalJson))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

/// <summary>Writes one JSON object per line.</summary>
internal static class JsonLines
{
    public static void Write<T>(TextWriter output, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        output.WriteLine(JsonSerializer.Serialize(value, type));
    }
}
