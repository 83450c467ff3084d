using Vigil.Engine.Live;
using Vigil.Engine.Warnings;
using Vigil.Engine.Warnings.Reports;

namespace Vigil.Storage;

/// <summary>
/// Where Vigil keeps what it has seen and said: per-step facts (a Kimball star: <c>fact_market_metrics</c> with
/// <c>dim_time</c>, <c>dim_asset</c>, <c>dim_source</c>, <c>dim_alert</c>) and warnings with their events. SQLite by
/// default, PostgreSQL in production; every implementation passes the same compliance tests. Implementations are
/// thread-safe.
/// </summary>
public interface IStore : IAsyncDisposable
{
    /// <summary>Creates or upgrades the schema (versioned migrations). Call once before anything else.</summary>
    /// <param name="cancellationToken">Stops the work.</param>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes one batch atomically: all of it or none of it. Writing the same batch twice does not duplicate it.</summary>
    /// <param name="batch">Steps and warning events, in event-time order.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    Task WriteAsync(StoreBatch batch, CancellationToken cancellationToken = default);

    /// <summary>Whether a write would succeed now (health checks).</summary>
    /// <param name="cancellationToken">Stops the check.</param>
    Task<bool> IsWritableAsync(CancellationToken cancellationToken = default);

    /// <summary>Per-step, per-instrument facts in event-time order.</summary>
    /// <param name="query">Which instrument, which time range, and the page.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    Task<Page<FactRecord>> GetFactsAsync(FactQuery query, CancellationToken cancellationToken = default);

    /// <summary>Per-step composite and detector scores in event-time order.</summary>
    /// <param name="query">Which time range, and the page.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    Task<Page<StepRecord>> GetStepsAsync(StepQuery query, CancellationToken cancellationToken = default);

    /// <summary>Warnings, newest first, filtered.</summary>
    /// <param name="query">Filters and the page.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    Task<Page<WarningRecord>> GetWarningsAsync(WarningQuery query, CancellationToken cancellationToken = default);

    /// <summary>One warning by id, or null.</summary>
    /// <param name="warningId">The warning's id.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    Task<WarningRecord?> GetWarningAsync(string warningId, CancellationToken cancellationToken = default);

    /// <summary>Warning events with ids greater than <paramref name="afterEventId"/>, in id order (for SSE resume).</summary>
    /// <param name="afterEventId">The last event id the reader has.</param>
    /// <param name="limit">The most events to return; positive.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    Task<IReadOnlyList<PublishedWarning>> GetWarningEventsAfterAsync(long afterEventId, int limit, CancellationToken cancellationToken = default);

    /// <summary>Deletes facts older than <paramref name="cutoffNs"/> (retention); warnings are kept.</summary>
    /// <param name="cutoffNs">Facts with event time before this go, in nanoseconds since the Unix epoch.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The number of fact rows deleted.</returns>
    Task<long> DeleteFactsBeforeAsync(long cutoffNs, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets a warning's status by hand and appends the change to its audit trail. The change stands against later
    /// engine events except an escalation (or re-opening), which makes the warning active again, and the engine
    /// closing the episode, which resolves it; a de-escalation never undoes it.
    /// </summary>
    /// <param name="warningId">The warning's id.</param>
    /// <param name="status">The new status.</param>
    /// <param name="actor">Who makes the change.</param>
    /// <param name="note">Why, or null.</param>
    /// <param name="timestampNs">When, in nanoseconds since the Unix epoch.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The updated warning and the change, or null when no warning has that id.</returns>
    Task<(WarningRecord Warning, WarningStatusChange Change)?> UpdateWarningStatusAsync(
        string warningId, WarningStatus status, string actor, string? note, long timestampNs, CancellationToken cancellationToken = default);

    /// <summary>A warning's manual status changes, oldest first (empty for an unknown warning).</summary>
    /// <param name="warningId">The warning's id.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    Task<IReadOnlyList<WarningStatusChange>> GetWarningStatusChangesAsync(string warningId, CancellationToken cancellationToken = default);

    /// <summary>How many warnings there are by status, by peak severity and by event type.</summary>
    /// <param name="cancellationToken">Stops the work.</param>
    Task<WarningStatusSummary> GetWarningStatusSummaryAsync(CancellationToken cancellationToken = default);
}

/// <summary>How many warnings there are, counted three ways.</summary>
/// <param name="Total">Every warning.</param>
/// <param name="Open">Warnings whose episode is still open.</param>
/// <param name="ByStatus">By effective status; every status present, zero when none.</param>
/// <param name="ByPeakSeverity">By peak severity; only severities that occur.</param>
/// <param name="ByEventType">By event type of the latest report; only types that occur.</param>
public sealed record WarningStatusSummary(
    long Total,
    long Open,
    IReadOnlyDictionary<WarningStatus, long> ByStatus,
    IReadOnlyDictionary<Severity, long> ByPeakSeverity,
    IReadOnlyDictionary<EventType, long> ByEventType);

/// <summary>What one write holds.</summary>
/// <param name="Steps">Market steps (each becomes one fact row per instrument and one step row).</param>
/// <param name="Warnings">Warning events (each updates its warning and adds an event row).</param>
public sealed record StoreBatch(IReadOnlyList<MarketUpdate> Steps, IReadOnlyList<PublishedWarning> Warnings)
{
    /// <summary>Whether there is nothing to write.</summary>
    public bool IsEmpty => Steps.Count == 0 && Warnings.Count == 0;
}

/// <summary>A page of results and where the next one starts.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">The items.</param>
/// <param name="NextCursor">Pass as the cursor to get the next page; null on the last page.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>Which facts to read.</summary>
/// <param name="Symbol">The instrument.</param>
/// <param name="FromNs">Inclusive start, in ns since the Unix epoch; null for the beginning.</param>
/// <param name="ToNs">Exclusive end; null for now.</param>
/// <param name="Limit">The most rows in the page; 1 to 10,000.</param>
/// <param name="Cursor">A page's <see cref="Page{T}.NextCursor"/>, or null for the first page.</param>
public sealed record FactQuery(string Symbol, long? FromNs = null, long? ToNs = null, int Limit = 500, string? Cursor = null);

/// <summary>Which steps to read.</summary>
/// <param name="FromNs">Inclusive start; null for the beginning.</param>
/// <param name="ToNs">Exclusive end; null for now.</param>
/// <param name="Limit">The most rows in the page; 1 to 10,000.</param>
/// <param name="Cursor">A page's cursor, or null for the first page.</param>
public sealed record StepQuery(long? FromNs = null, long? ToNs = null, int Limit = 500, string? Cursor = null);

/// <summary>Which warnings to read.</summary>
/// <param name="MinSeverity">The lowest peak severity to include (<c>ELEVATED</c>…<c>EXTREME</c>), or null for all.</param>
/// <param name="State">The episode open or closed, or null for both.</param>
/// <param name="FromNs">Opened at or after; null for the beginning.</param>
/// <param name="ToNs">Opened before; null for now.</param>
/// <param name="Symbol">Only warnings whose signals or largest |z| involve this instrument, or null.</param>
/// <param name="Limit">The most warnings in the page; 1 to 1,000.</param>
/// <param name="Cursor">A page's cursor, or null for the first page.</param>
/// <param name="Status">The effective status (active, monitoring, resolved), or null for all.</param>
/// <param name="EventType">The latest report's event type, or null for all.</param>
public sealed record WarningQuery(
    Severity? MinSeverity = null,
    EpisodeState? State = null,
    long? FromNs = null,
    long? ToNs = null,
    string? Symbol = null,
    int Limit = 100,
    string? Cursor = null,
    WarningStatus? Status = null,
    EventType? EventType = null);

/// <summary>Whether the engine's episode behind a warning is still open (distinct from its <see cref="WarningStatus"/>).</summary>
public enum EpisodeState
{
    /// <summary>Open.</summary>
    Open = 0,

    /// <summary>Closed.</summary>
    Closed,
}

/// <summary>One instrument at one step, as stored.</summary>
/// <param name="TimestampNs">The step's event time.</param>
/// <param name="Symbol">The instrument.</param>
/// <param name="Source">Where the data came from.</param>
/// <param name="Price">The price.</param>
/// <param name="Return">The step return.</param>
/// <param name="Volatility">Short-run volatility per step.</param>
/// <param name="ZScore">The largest |z| of a tick return in the step.</param>
/// <param name="ZScoreScore">ZSCORE's score.</param>
/// <param name="PriceSpikeScore">PRICE_SPIKE's score.</param>
/// <param name="VolumeAnomalyScore">VOLUME_ANOMALY's score.</param>
/// <param name="VolatilityBurstScore">VOLATILITY_BURST's score.</param>
/// <param name="FlashCrashScore">FLASH_CRASH's score.</param>
/// <param name="Fired">The detectors that fired, as <see cref="Engine.Pipeline.FiredDetectors"/> bits.</param>
public sealed record FactRecord(
    long TimestampNs,
    string Symbol,
    string Source,
    double Price,
    double Return,
    double Volatility,
    double ZScore,
    double ZScoreScore,
    double PriceSpikeScore,
    double VolumeAnomalyScore,
    double VolatilityBurstScore,
    double FlashCrashScore,
    int Fired);

/// <summary>One market step's composite and detector scores, as stored.</summary>
/// <param name="TimestampNs">The step's event time.</param>
/// <param name="Composite">The composite.</param>
/// <param name="Severity">The open warning's severity then.</param>
/// <param name="Scores">Each detector's calibrated score, by name.</param>
public sealed record StepRecord(long TimestampNs, double Composite, Severity Severity, IReadOnlyDictionary<string, double> Scores);

/// <summary>A warning's life, as stored.</summary>
/// <param name="WarningId">Its id.</param>
/// <param name="OpenedAtNs">When it opened.</param>
/// <param name="ClosedAtNs">When it closed, or null while open.</param>
/// <param name="Severity">Its current severity (None once closed).</param>
/// <param name="PeakSeverity">The highest severity it reached.</param>
/// <param name="PeakComposite">The highest composite it reached.</param>
/// <param name="Summary">The latest one-line explanation.</param>
/// <param name="Latest">The latest event, with its full detail.</param>
public sealed record WarningRecord(
    string WarningId,
    long OpenedAtNs,
    long? ClosedAtNs,
    Severity Severity,
    Severity PeakSeverity,
    double PeakComposite,
    string Summary,
    PublishedWarning Latest)
{
    /// <summary>Whether the engine's episode is open or closed.</summary>
    public EpisodeState State => ClosedAtNs is null ? EpisodeState.Open : EpisodeState.Closed;

    /// <summary>The effective status: the engine's, or an admin's while it stands.</summary>
    public WarningStatus Status { get; init; } = WarningStatus.Active;

    /// <summary>The latest report, or null when no event carried one.</summary>
    public BlackSwanReport? Report { get; init; }

    /// <summary>The latest report's event type.</summary>
    public EventType EventType => Report?.EventType ?? EventType.Unclassified;

    /// <summary>When the status last changed, in ns since the Unix epoch, or null before any change.</summary>
    public long? StatusChangedAtNs { get; init; }

    /// <summary>Who last changed the status: <c>engine</c> or the admin's name; null before any change.</summary>
    public string? StatusChangedBy { get; init; }

    /// <summary>A record built from one event (for warnings not yet written to a store).</summary>
    /// <param name="published">The warning's latest event.</param>
    public static WarningRecord FromEvent(PublishedWarning published)
    {
        ArgumentNullException.ThrowIfNull(published);
        var w = published.Warning;
        return new WarningRecord(
            w.WarningId,
            w.OpenedAtNs,
            w.Kind == WarningTransition.Closed ? w.TimestampNs : null,
            w.Severity,
            w.PeakSeverity,
            w.PeakComposite,
            w.Summary,
            published)
        {
            Status = WarningNames.EngineStatus(w),
            Report = w.Report,
        };
    }
}
