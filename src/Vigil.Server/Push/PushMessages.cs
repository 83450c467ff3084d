using System.Text.Json.Serialization;

namespace Vigil.Server.Push;

// The push messages, as the WebSocket and SSE contracts define them. Non-finite numbers (a detector not ready, a
// z-score while warming up) are written as null: JSON has no NaN.

/// <summary>A detector's reading in a <c>risk_update</c>.</summary>
internal sealed record DetectorMessage(string Detector, double? Score, double? Raw, double? Contribution, double? Weight);

/// <summary>The engine's view after a market step (<c>risk_update</c>).</summary>
internal sealed record RiskUpdateMessage(
    string Type,
    DateTime Ts,
    long TsNs,
    long Step,
    double? Composite,
    bool Ready,
    bool WarningOpen,
    string Severity,
    double? MaxAbsZ,
    string? MaxAbsZSymbol,
    int CorrelationBreaks,
    double? MeanCorrelation,
    int SignalCount,
    IReadOnlyList<DetectorMessage> Detectors);

/// <summary>One instrument in a <c>prices</c> message.</summary>
internal sealed record PriceEntry(string Symbol, double? Price, double? Return, double? Z, double? Volume, IReadOnlyList<string> Fired);

/// <summary>The correlation matrix (<c>correlations</c>).</summary>
internal sealed record CorrelationsMessage(string Type, DateTime Ts, long TsNs, IReadOnlyList<string> Symbols, double?[][] Matrix);

/// <summary>A detector's part in a warning.</summary>
internal sealed record ContributionMessage(string Detector, double? Score, double? Raw, double? Contribution);

/// <summary>A per-series signal behind a warning.</summary>
internal sealed record SignalMessage(string Symbol, string Detector, double? Raw);

/// <summary>A correlation break behind a warning.</summary>
internal sealed record BreakMessage(string First, string Second, double? Before, double? After);

/// <summary>A warning event: the <c>warning</c> of an <c>alert</c> and the <c>data</c> of an SSE event.</summary>
internal sealed record WarningMessage(
    string Event,
    string Id,
    DateTime Ts,
    long TsNs,
    DateTime OpenedAt,
    string Severity,
    string PreviousSeverity,
    string PeakSeverity,
    double? Composite,
    double? PeakComposite,
    double? MaxAbsZ,
    string? MaxAbsZSymbol,
    int CorrelationBreaks,
    int SignalCount,
    IReadOnlyList<ContributionMessage> Contributions,
    IReadOnlyList<SignalMessage> Signals,
    IReadOnlyList<BreakMessage> Breaks,
    string Summary,
    string EventType,
    string Status,
    string? Title,
    double? Probability,
    double? Confidence,
    AnalogueMessage? Analogue,
    NarrativeMessage? Narrative,
    StatusChangeMessage? StatusChange);

/// <summary>The historical crisis a warning looks most like.</summary>
internal sealed record AnalogueMessage(string Id, string Name, double? Similarity);

/// <summary>A warning told in five parts.</summary>
internal sealed record NarrativeMessage(string Why, string How, string What, string When, string Where);

/// <summary>An admin's status change (on <c>status_changed</c> events only).</summary>
internal sealed record StatusChangeMessage(string Status, string PreviousStatus, string Actor, string? Note, DateTime At);

/// <summary>Sent when nothing else was sent for a while (<c>heartbeat</c>).</summary>
/// <param name="Type">Always <c>heartbeat</c>.</param>
/// <param name="Ts">The latest market step's event time (the server's time before the first step).</param>
/// <param name="ServerTime">The server's wall-clock time.</param>
internal sealed record HeartbeatMessage(string Type, DateTime Ts, DateTime ServerTime);

/// <summary>The reply to a message the server could not use (<c>error</c>).</summary>
internal sealed record ErrorMessage(string Type, string Message);

/// <summary>A client's message: <c>{"type":"subscribe","instruments":[…]|null,"types":[…]|null}</c>.</summary>
internal sealed record ClientMessage(string? Type, IReadOnlyList<string?>? Instruments, IReadOnlyList<string?>? Types);

/// <summary>The risk models' summary (<c>risk</c>), about once a second of event time: the fields of <c>GET /api/v1/risk</c>.</summary>
internal sealed record RiskMessage(
    string Type,
    DateTime Ts,
    long TsNs,
    long Step,
    double? CissIndex,
    string? CissTopSegment,
    double? AbsorptionRatio,
    double? AbsorptionShift,
    double? Turbulence,
    double? TurbulencePercentile,
    double? PortfolioVar95,
    double? PortfolioVar99,
    string Regime,
    string? TrafficLight,
    double? MinDistanceToDefault,
    string? WeakestInstitution,
    double? AggregateSrisk,
    double? SriskToEquity,
    double? AutoencoderScore,
    double? OptionsBookValue,
    double SnapshotMilliseconds);

/// <summary>Source-generated serialization for every push message: snake_case, compact.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    AllowTrailingCommas = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(RiskUpdateMessage))]
[JsonSerializable(typeof(PriceEntry))]
[JsonSerializable(typeof(CorrelationsMessage))]
[JsonSerializable(typeof(RiskMessage))]
[JsonSerializable(typeof(WarningMessage))]
[JsonSerializable(typeof(HeartbeatMessage))]
[JsonSerializable(typeof(ErrorMessage))]
[JsonSerializable(typeof(ClientMessage))]
internal sealed partial class PushJsonContext : JsonSerializerContext;
