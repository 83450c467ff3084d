using Vigil.Engine.Warnings.Reports;

namespace Vigil.Engine.Warnings;

/// <summary>A detector's part in a warning.</summary>
/// <param name="Detector">The detector's name.</param>
/// <param name="Score">Its calibrated score, in [0, 1].</param>
/// <param name="Raw">Its raw value.</param>
/// <param name="Contribution">Its share of the composite.</param>
public sealed record DetectorContribution(string Detector, double Score, double Raw, double Contribution);

/// <summary>A per-series detector that fired on an instrument.</summary>
/// <param name="Symbol">The instrument's symbol.</param>
/// <param name="Detector">The detector's name.</param>
/// <param name="Raw">The detector's raw value.</param>
public sealed record WarningSignal(string Symbol, string Detector, double Raw);

/// <summary>A pair of instruments whose correlation broke from its baseline.</summary>
/// <param name="First">The first symbol.</param>
/// <param name="Second">The second symbol.</param>
/// <param name="Before">The baseline (long-window) correlation.</param>
/// <param name="After">The recent (short-window) correlation.</param>
public sealed record CorrelationBreakInfo(string First, string Second, double Before, double After);

/// <summary>
/// A change in a warning's life: it opened, escalated, de-escalated or closed. Carries the numbers behind it so
/// people and programs can see why.
/// </summary>
public sealed record WarningEvent
{
    /// <summary>What happened.</summary>
    public required WarningTransition Kind { get; init; }

    /// <summary>The warning's id, stable over its life (for example <c>blackswan_W000003</c>).</summary>
    public required string WarningId { get; init; }

    /// <summary>The event time of the step that caused the change, in nanoseconds since the Unix epoch.</summary>
    public required long TimestampNs { get; init; }

    /// <summary>The event time the warning opened.</summary>
    public required long OpenedAtNs { get; init; }

    /// <summary>The severity after the change (<see cref="Severity.None"/> once closed).</summary>
    public required Severity Severity { get; init; }

    /// <summary>The severity before the change.</summary>
    public required Severity PreviousSeverity { get; init; }

    /// <summary>The highest severity the warning has reached.</summary>
    public required Severity PeakSeverity { get; init; }

    /// <summary>The composite score at the change, in [0, 1].</summary>
    public required double Composite { get; init; }

    /// <summary>The highest composite the warning has reached.</summary>
    public required double PeakComposite { get; init; }

    /// <summary>The largest |z| of any instrument at the change.</summary>
    public required double MaxAbsZ { get; init; }

    /// <summary>The instrument with the largest |z|, or null.</summary>
    public string? MaxAbsZSymbol { get; init; }

    /// <summary>The number of correlation breaks at the change.</summary>
    public required int CorrelationBreaks { get; init; }

    /// <summary>The number of firing signals at the change.</summary>
    public required int SignalCount { get; init; }

    /// <summary>The detectors, largest contribution first.</summary>
    public required IReadOnlyList<DetectorContribution> Contributions { get; init; }

    /// <summary>The per-series signals that fired, strongest first (at most a few dozen).</summary>
    public required IReadOnlyList<WarningSignal> Signals { get; init; }

    /// <summary>The largest correlation breaks (at most a few).</summary>
    public required IReadOnlyList<CorrelationBreakInfo> Breaks { get; init; }

    /// <summary>One line on why: the leading detectors and the numbers behind the severity.</summary>
    public required string Summary { get; init; }

    /// <summary>
    /// What the warning means (event type, probability, confidence, analogue, narrative, actions, hedges); null only
    /// for events built outside the engine.
    /// </summary>
    public BlackSwanReport? Report { get; init; }

    /// <summary>Where the warning stands: active, monitoring (easing) or resolved (closed).</summary>
    public WarningStatus Status { get; init; }

    /// <summary>The event type, or <see cref="EventType.Unclassified"/> without a report.</summary>
    public EventType EventType => Report?.EventType ?? EventType.Unclassified;

    /// <summary>How long the warning has been open at this change, in nanoseconds.</summary>
    public long DurationNs => TimestampNs - OpenedAtNs;
}
