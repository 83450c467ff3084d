using Vigil.Core.Instruments;
using Vigil.Engine.Pipeline;
using Vigil.Engine.Warnings;

namespace Vigil.Engine.Live;

/// <summary>A detector's reading at one market step.</summary>
/// <param name="Detector">The detector's name.</param>
/// <param name="Score">Its calibrated score, in [0, 1].</param>
/// <param name="Raw">Its raw value; NaN when it is not ready.</param>
/// <param name="Contribution">Its share of the composite.</param>
/// <param name="Weight">Its weight in the composite.</param>
public sealed record DetectorScore(string Detector, double Score, double Raw, double Contribution, double Weight);

/// <summary>One instrument at one market step: what the store keeps and the dashboard shows.</summary>
/// <param name="Symbol">The instrument's symbol.</param>
/// <param name="Snapshot">Its numbers.</param>
public sealed record InstrumentUpdate(string Symbol, InstrumentSnapshot Snapshot);

/// <summary>
/// The engine's view after one market step, as an immutable message: published on <see cref="LiveTopics.Market"/>
/// for the store, the push hub and the live view.
/// </summary>
public sealed record MarketUpdate
{
    /// <summary>Where the data came from: <c>simulator</c>, <c>replay</c>, <c>feed</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The step's number, from 1.</summary>
    public required long Step { get; init; }

    /// <summary>The step's event time, in nanoseconds since the Unix epoch.</summary>
    public required long TimestampNs { get; init; }

    /// <summary>The composite stress score, in [0, 1].</summary>
    public required double Composite { get; init; }

    /// <summary>Whether the composite is calibrated enough to mean anything.</summary>
    public required bool Ready { get; init; }

    /// <summary>Whether a warning is open.</summary>
    public required bool WarningOpen { get; init; }

    /// <summary>The open warning's severity, or <see cref="Severity.None"/>.</summary>
    public required Severity Severity { get; init; }

    /// <summary>The largest |z| across instruments.</summary>
    public required double MaxAbsZ { get; init; }

    /// <summary>The instrument with the largest |z|, or null.</summary>
    public string? MaxAbsZSymbol { get; init; }

    /// <summary>The number of correlation breaks.</summary>
    public required int CorrelationBreaks { get; init; }

    /// <summary>The mean short-window pairwise correlation.</summary>
    public required double MeanCorrelation { get; init; }

    /// <summary>The number of firing signals.</summary>
    public required int SignalCount { get; init; }

    /// <summary>Every detector in the composite.</summary>
    public required IReadOnlyList<DetectorScore> Detectors { get; init; }

    /// <summary>Every instrument, in registry order.</summary>
    public required IReadOnlyList<InstrumentUpdate> Instruments { get; init; }

    /// <summary>
    /// The <see cref="System.Diagnostics.Stopwatch"/> timestamp at which the ticks behind this step entered the engine
    /// in this process (0 when unknown), so push can measure tick-to-push latency. Not meaningful in another process.
    /// </summary>
    public long EnteredAtTimestamp { get; init; }

    /// <summary>Copies the engine's reused step into an immutable message.</summary>
    /// <param name="step">The step, read during <see cref="IEngineObserver.OnStep"/>.</param>
    /// <param name="registry">The engine's instruments.</param>
    /// <param name="source">Where the data came from.</param>
    public static MarketUpdate From(MarketStep step, InstrumentRegistry registry, string source)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(registry);
        var detectors = new DetectorScore[step.Detectors.Count];
        for (var i = 0; i < detectors.Length; i++)
        {
            var member = step.Detectors[i];
            detectors[i] = new DetectorScore(member.Name, step.Scores[i], step.RawValues[i], step.Contributions[i], member.Weight);
        }

        var instruments = new InstrumentUpdate[step.Instruments.Length];
        for (var i = 0; i < instruments.Length; i++)
        {
            instruments[i] = new InstrumentUpdate(registry[new InstrumentId(i)].Symbol, step.Instruments[i]);
        }

        return new MarketUpdate
        {
            Source = source,
            Step = step.Index,
            TimestampNs = step.TimestampNs,
            Composite = step.Composite,
            Ready = step.IsReady,
            WarningOpen = step.WarningOpen,
            Severity = step.Severity,
            MaxAbsZ = step.MaxAbsZ,
            MaxAbsZSymbol = step.MaxAbsZInstrument >= 0 ? registry[new InstrumentId(step.MaxAbsZInstrument)].Symbol : null,
            CorrelationBreaks = step.CorrelationBreaks,
            MeanCorrelation = step.MeanCorrelation,
            SignalCount = step.SignalCount,
            Detectors = detectors,
            Instruments = instruments,
        };
    }
}

/// <summary>The short-window correlation matrix at one step, for the heatmap and the contagion network.</summary>
/// <param name="TimestampNs">The step's event time.</param>
/// <param name="Symbols">The instruments, in matrix order.</param>
/// <param name="Matrix">The N×N correlations, row-major.</param>
public sealed record CorrelationUpdate(long TimestampNs, IReadOnlyList<string> Symbols, double[] Matrix);

/// <summary>
/// A warning event as a live service publishes it: with an event id that increases over the service's life and
/// across restarts (the run's start in milliseconds times a million, plus the event's sequence in the run), so
/// Server-Sent Events can resume after the last id a client saw.
/// </summary>
/// <param name="EventId">The event's id; greater than every earlier event's.</param>
/// <param name="Warning">The event.</param>
public sealed record PublishedWarning(long EventId, WarningEvent Warning)
{
    /// <summary>
    /// Set when this is not an engine event but an admin's status change (<c>status_changed</c>): then
    /// <see cref="Warning"/> is the warning's latest engine event with the new status, and nothing else changed.
    /// </summary>
    public WarningStatusChange? StatusChange { get; init; }
}

/// <summary>An admin's change of a warning's status.</summary>
/// <param name="WarningId">The warning.</param>
/// <param name="Status">The status set.</param>
/// <param name="PreviousStatus">The status before.</param>
/// <param name="Actor">Who made the change.</param>
/// <param name="Note">Why, or null.</param>
/// <param name="TimestampNs">When (wall-clock time), in nanoseconds since the Unix epoch.</param>
public sealed record WarningStatusChange(
    string WarningId,
    Warnings.Reports.WarningStatus Status,
    Warnings.Reports.WarningStatus PreviousStatus,
    string Actor,
    string? Note,
    long TimestampNs);

/// <summary>The topics the engine publishes on.</summary>
public static class LiveTopics
{
    /// <summary>One message per market step.</summary>
    public static Bus.BusTopic<MarketUpdate> Market { get; } = new("market");

    /// <summary>Warning events: opened, escalated, de-escalated, closed.</summary>
    public static Bus.BusTopic<PublishedWarning> Warnings { get; } = new("warnings");

    /// <summary>The correlation matrix, about once a second.</summary>
    public static Bus.BusTopic<CorrelationUpdate> Correlations { get; } = new("correlations");
}
