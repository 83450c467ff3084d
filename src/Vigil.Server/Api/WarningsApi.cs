using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Vigil.Engine.Bus;
using Vigil.Engine.Live;
using Vigil.Engine.Warnings;
using Vigil.Engine.Warnings.Analogues;
using Vigil.Engine.Warnings.Reports;
using Vigil.Server.Live;
using Vigil.Storage;

namespace Vigil.Server.Api;

/// <summary>
/// Warnings from the store, filtered and paged; one warning with its report and status history; the active ones; an
/// admin's status change; the status summary; and the library of historical crises warnings are matched against.
/// </summary>
internal static class WarningsApi
{
    /// <summary>The largest page of warnings.</summary>
    public const int MaxLimit = 1_000;

    /// <summary>The page size when none is asked for.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The longest note on a status change.</summary>
    public const int MaxNoteLength = 1_000;

    public static RouteGroupBuilder MapWarningsApi(this RouteGroupBuilder api)
    {
        var warnings = api.MapGroup("/warnings").WithTags("Warnings");
        warnings.MapGet(string.Empty, GetWarnings)
            .WithName("GetWarnings")
            .WithSummary("Warnings, newest first, filtered by status, event type, severity, time and instrument.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        // Literal segments outrank the {id} parameter in routing, so these two never read as warning ids.
        warnings.MapGet("/active", GetActiveWarnings)
            .WithName("GetActiveWarnings")
            .WithSummary("Warnings whose episode is open and that nobody resolved, highest severity first.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        warnings.MapGet("/summary", GetWarningSummary)
            .WithName("GetWarningSummary")
            .WithSummary("How many warnings there are by status, peak severity and event type.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        warnings.MapGet("/{id}", GetWarning)
            .WithName("GetWarning")
            .WithSummary("One warning with its report in full, its latest event and its status history.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        warnings.MapPatch("/{id}/status", UpdateWarningStatus)
            .WithName("UpdateWarningStatus")
            .WithSummary("Sets a warning's status (admin only); published on the warnings stream as status_changed.")
            .RequireAdminKey()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        var patterns = api.MapGroup("/patterns").WithTags("Warnings");
        patterns.MapGet(string.Empty, GetPatterns)
            .WithName("GetPatterns")
            .WithSummary("The historical crises warnings are matched against, with their fingerprints.");
        patterns.MapGet("/{id}", GetPattern)
            .WithName("GetPattern")
            .WithSummary("One historical crisis.");
        return api;
    }

    /// <summary>Warnings matching every filter given.</summary>
    /// <param name="severity">The lowest peak severity: <c>ELEVATED</c>, <c>HIGH</c>, <c>SEVERE</c> or <c>EXTREME</c> (any case).</param>
    /// <param name="status"><c>active</c>, <c>monitoring</c> or <c>resolved</c>; also <c>open</c> or <c>closed</c> (the engine's episode); default all.</param>
    /// <param name="eventType">The event type, for example <c>market_crash</c>; default all.</param>
    /// <param name="from">Opened at or after: ISO-8601 or Unix milliseconds.</param>
    /// <param name="to">Opened before, in the same forms.</param>
    /// <param name="symbol">Only warnings whose signals or largest |z| involve this instrument.</param>
    /// <param name="limit">Warnings per page, 1 to 1,000; default 100.</param>
    /// <param name="cursor">The <c>next_cursor</c> of the previous page.</param>
    /// <param name="store">The store.</param>
    /// <param name="live">The live view of the engine.</param>
    /// <param name="control">The simulator's controls.</param>
    /// <param name="cancellationToken">Stops the work when the client goes away.</param>
    internal static async Task<Results<Ok<PageResponse<WarningSummaryResponse>>, ValidationProblem, ProblemHttpResult>> GetWarnings(
        [FromQuery] string? severity,
        [FromQuery] string? status,
        [FromQuery(Name = "event_type")] string? eventType,
        [FromQuery] string? from,
        [FromQuery] string? to,
        [FromQuery] string? symbol,
        [FromQuery] int? limit,
        [FromQuery] string? cursor,
        [FromServices] IStore store,
        LiveMarket live,
        SimulatorControl control,
        CancellationToken cancellationToken)
    {
        var errors = new ApiErrors();
        Severity? minSeverity = null;
        if (severity is not null)
        {
            if (Enum.TryParse<Severity>(severity.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && parsed != Severity.None && !char.IsAsciiDigit(severity.Trim().FirstOrDefault()))
            {
                minSeverity = parsed;
            }
            else
            {
                errors.Add("severity", $"must be ELEVATED, HIGH, SEVERE or EXTREME (was '{ApiParse.Shorten(severity)}')");
            }
        }

        EpisodeState? state = null;
        WarningStatus? warningStatus = null;
        if (status is not null)
        {
            // open and closed are the engine's episode, as before statuses existed; kept so existing clients work.
            switch (status.Trim().ToUpperInvariant())
            {
                case "OPEN":
                    state = EpisodeState.Open;
                    break;
                case "CLOSED":
                    state = EpisodeState.Closed;
                    break;
                default:
                    if (WarningNames.TryParseStatus(status, out var parsed))
                    {
                        warningStatus = parsed;
                    }
                    else
                    {
                        errors.Add("status", $"must be active, monitoring or resolved (or open or closed) (was '{ApiParse.Shorten(status)}')");
                    }

                    break;
            }
        }

        EventType? eventTypeFilter = null;
        if (eventType is not null)
        {
            if (WarningNames.TryParseEventType(eventType, out var parsedType))
            {
                eventTypeFilter = parsedType;
            }
            else
            {
                errors.Add("event_type", $"must be one of {string.Join(", ", WarningNames.AllEventTypes)} (was '{ApiParse.Shorten(eventType)}')");
            }
        }

        var fromNs = ApiParse.Time(from, "from", errors);
        var toNs = ApiParse.Time(to, "to", errors);
        ApiParse.Range(fromNs, toNs, errors);
        string? symbolFilter = null;
        if (symbol is not null && ApiParse.Id(symbol, "symbol", errors))
        {
            var registry = live.Instruments.Count > 0 ? live.Instruments : control.Simulator.Registry.All;
            symbolFilter = registry.FirstOrDefault(i => string.Equals(i.Symbol, symbol, StringComparison.OrdinalIgnoreCase))?.Symbol;
            if (symbolFilter is null)
            {
                errors.Add("symbol", $"'{ApiParse.Shorten(symbol)}' is not an instrument the engine watches");
            }
        }

        var pageSize = ApiParse.Limit(limit, DefaultLimit, MaxLimit, errors);
        var pageCursor = ApiParse.Cursor(cursor, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        Page<WarningRecord> page;
        try
        {
            page = await store.GetWarningsAsync(new WarningQuery(minSeverity, state, fromNs, toNs, symbolFilter, pageSize, pageCursor, warningStatus, eventTypeFilter), cancellationToken);
        }
        catch (Exception e) when (StoreErrors.IsBadCursor(e, pageCursor))
        {
            return StoreErrors.BadCursor();
        }
        catch (Exception e) when (StoreErrors.IsUnavailable(e))
        {
            return StoreErrors.Unavailable();
        }

        return TypedResults.Ok(new PageResponse<WarningSummaryResponse>([.. page.Items.Select(WarningSummaryResponse.From)], page.NextCursor));
    }

    /// <summary>One warning by id, from the store or, if it opened moments ago and is not yet written, from memory.</summary>
    /// <param name="id">The warning's id, for example <c>blackswan_R20240301T120000-W000003</c>.</param>
    /// <param name="store">The store.</param>
    /// <param name="live">The live view of the engine.</param>
    /// <param name="cancellationToken">Stops the work when the client goes away.</param>
    internal static async Task<Results<Ok<WarningDetailResponse>, NotFoundProblem, ValidationProblem, ProblemHttpResult>> GetWarning(
        string id,
        [FromServices] IStore store,
        LiveMarket live,
        CancellationToken cancellationToken)
    {
        var errors = new ApiErrors();
        if (!ApiParse.Id(id, "id", errors))
        {
            return errors.ToProblem();
        }

        WarningRecord? record;
        try
        {
            record = await store.GetWarningAsync(id, cancellationToken);
        }
        catch (Exception e) when (StoreErrors.IsUnavailable(e))
        {
            record = null;
            if (FromMemory(live, id) is null)
            {
                return StoreErrors.Unavailable();
            }
        }

        IReadOnlyList<WarningStatusChange> history = [];
        if (record is not null)
        {
            try
            {
                history = await store.GetWarningStatusChangesAsync(id, cancellationToken);
            }
            catch (Exception e) when (StoreErrors.IsUnavailable(e))
            {
                return StoreErrors.Unavailable();
            }
        }

        record ??= FromMemory(live, id);
        return record is null
            ? ApiProblems.NotFound($"No warning has the id '{ApiParse.Shorten(id)}'.")
            : TypedResults.Ok(WarningDetailResponse.From(record, history));
    }

    /// <summary>Warnings whose episode is open and whose status is not resolved, highest severity first.</summary>
    /// <param name="store">The store.</param>
    /// <param name="cancellationToken">Stops the work when the client goes away.</param>
    internal static async Task<Results<Ok<WarningSummaryResponse[]>, ProblemHttpResult>> GetActiveWarnings(
        [FromServices] IStore store,
        CancellationToken cancellationToken)
    {
        var active = new List<WarningRecord>();
        try
        {
            string? cursor = null;
            do
            {
                var page = await store.GetWarningsAsync(new WarningQuery(State: EpisodeState.Open, Limit: MaxLimit, Cursor: cursor), cancellationToken);
                active.AddRange(page.Items.Where(w => w.Status != WarningStatus.Resolved));
                cursor = page.NextCursor;
            }
            while (cursor is not null);
        }
        catch (Exception e) when (StoreErrors.IsUnavailable(e))
        {
            return StoreErrors.Unavailable();
        }

        return TypedResults.Ok(active
            .OrderByDescending(w => w.Severity)
            .ThenByDescending(w => w.PeakSeverity)
            .ThenByDescending(w => w.OpenedAtNs)
            .Select(WarningSummaryResponse.From)
            .ToArray());
    }

    /// <summary>How many warnings there are by status, peak severity and event type.</summary>
    /// <param name="store">The store.</param>
    /// <param name="cancellationToken">Stops the work when the client goes away.</param>
    internal static async Task<Results<Ok<WarningStatusSummaryResponse>, ProblemHttpResult>> GetWarningSummary(
        [FromServices] IStore store,
        CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(WarningStatusSummaryResponse.From(await store.GetWarningStatusSummaryAsync(cancellationToken)));
        }
        catch (Exception e) when (StoreErrors.IsUnavailable(e))
        {
            return StoreErrors.Unavailable();
        }
    }

    /// <summary>
    /// Sets a warning's status by hand (admin key required), records it in the warning's history and publishes it on
    /// the warnings stream as a <c>status_changed</c> event.
    /// </summary>
    /// <param name="id">The warning's id.</param>
    /// <param name="request">The new status and an optional note.</param>
    /// <param name="store">The store.</param>
    /// <param name="live">The live view of the engine, which numbers the event.</param>
    /// <param name="bus">Where the event is published.</param>
    /// <param name="time">The wall clock, for the change's time.</param>
    /// <param name="cancellationToken">Stops the work when the client goes away.</param>
    internal static async Task<Results<Ok<WarningDetailResponse>, NotFoundProblem, ValidationProblem, ProblemHttpResult>> UpdateWarningStatus(
        string id,
        WarningStatusRequest? request,
        [FromServices] IStore store,
        LiveMarket live,
        IBus bus,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new ApiErrors();
        ApiParse.Id(id, "id", errors);
        WarningStatus status = default;
        if (request?.Status is null)
        {
            errors.Add("status", "is required: active, monitoring or resolved");
        }
        else if (!WarningNames.TryParseStatus(request.Status, out status))
        {
            errors.Add("status", $"must be active, monitoring or resolved (was '{ApiParse.Shorten(request.Status)}')");
        }

        var note = string.IsNullOrWhiteSpace(request?.Note) ? null : request.Note.Trim();
        if (note is { Length: > MaxNoteLength })
        {
            errors.Add("note", $"must be at most {MaxNoteLength} characters (was {note.Length})");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        (WarningRecord Warning, WarningStatusChange Change)? updated;
        IReadOnlyList<WarningStatusChange> history;
        try
        {
            updated = await store.UpdateWarningStatusAsync(id, status, AdminKey.Actor, note, ApiFormat.Nanoseconds(time.GetUtcNow()), cancellationToken);
            history = updated is null ? [] : await store.GetWarningStatusChangesAsync(id, cancellationToken);
        }
        catch (Exception e) when (StoreErrors.IsUnavailable(e))
        {
            return StoreErrors.Unavailable();
        }

        if (updated is not { } done)
        {
            return ApiProblems.NotFound($"No warning has the id '{ApiParse.Shorten(id)}' in the store (a warning that opened moments ago is written within a flush; retry shortly).");
        }

        // The change is stored: it is published even if this client has gone, so every stream sees it.
        await live.PublishStatusChangeAsync(bus, done.Warning.Latest.Warning, done.Change, CancellationToken.None);
        return TypedResults.Ok(WarningDetailResponse.From(done.Warning, history));
    }

    /// <summary>Every historical crisis in the library, oldest first.</summary>
    internal static Ok<PatternResponse[]> GetPatterns() =>
        TypedResults.Ok(CrisisLibrary.All.OrderBy(c => c.Start).Select(PatternResponse.From).ToArray());

    /// <summary>One historical crisis by id.</summary>
    /// <param name="id">The crisis's id, for example <c>black_monday_1987</c>.</param>
    internal static Results<Ok<PatternResponse>, NotFoundProblem, ValidationProblem> GetPattern(string id)
    {
        var errors = new ApiErrors();
        if (!ApiParse.Id(id, "id", errors))
        {
            return errors.ToProblem();
        }

        var crisis = CrisisLibrary.All.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.OrdinalIgnoreCase));
        return crisis is null
            ? ApiProblems.NotFound($"No historical crisis has the id '{ApiParse.Shorten(id)}'; GET /api/v1/patterns lists them.")
            : TypedResults.Ok(PatternResponse.From(crisis));
    }

    /// <summary>A warning rebuilt from the recent events in memory (the store writes in batches, so it lags by up to a flush).</summary>
    private static WarningRecord? FromMemory(LiveMarket live, string id)
    {
        PublishedWarning? latest = null;
        foreach (var published in live.RecentWarnings)
        {
            if (published.Warning.WarningId == id)
            {
                latest = published;
            }
        }

        if (latest is null)
        {
            return null;
        }

        return WarningRecord.FromEvent(latest);
    }
}

/// <summary>A warning in brief.</summary>
/// <param name="Id">Its id, stable over its life.</param>
/// <param name="Title">The report's one-line title; the summary when there is no report.</param>
/// <param name="EventType">The event type, for example <c>market_crash</c>.</param>
/// <param name="Severity">Its current severity (<c>NONE</c> once closed).</param>
/// <param name="PeakSeverity">The highest severity it reached.</param>
/// <param name="Probability">How likely it is a real crisis, in [0, 1]; null without a report.</param>
/// <param name="Confidence">How sure the event type is, in [0, 1]; null without a report.</param>
/// <param name="Composite">The composite at its latest event.</param>
/// <param name="PeakComposite">The highest composite it reached.</param>
/// <param name="Status"><c>active</c>, <c>monitoring</c> or <c>resolved</c>.</param>
/// <param name="State"><c>open</c> or <c>closed</c>: the engine's episode.</param>
/// <param name="OpenedAt">When it opened (event time, UTC).</param>
/// <param name="ClosedAt">When it closed, or null while open.</param>
/// <param name="StatusChangedAt">When the status last changed (event time for the engine, wall-clock time for an admin).</param>
/// <param name="StatusChangedBy"><c>engine</c> or <c>admin</c>.</param>
/// <param name="Analogue">The closest historical crisis, or null.</param>
/// <param name="Summary">The latest one-line explanation.</param>
public sealed record WarningSummaryResponse(
    string Id,
    string Title,
    EventType EventType,
    [property: JsonConverter(typeof(SeverityJsonConverter))] Severity Severity,
    [property: JsonConverter(typeof(SeverityJsonConverter))] Severity PeakSeverity,
    double? Probability,
    double? Confidence,
    double? Composite,
    double PeakComposite,
    WarningStatus Status,
    EpisodeState State,
    DateTime OpenedAt,
    DateTime? ClosedAt,
    DateTime? StatusChangedAt,
    string? StatusChangedBy,
    AnalogueBriefResponse? Analogue,
    string Summary)
{
    internal static WarningSummaryResponse From(WarningRecord r)
    {
        var report = r.Report;
        return new WarningSummaryResponse(
            r.WarningId,
            report?.Title ?? r.Summary,
            r.EventType,
            r.Severity,
            r.PeakSeverity,
            report is null ? null : ApiFormat.Finite(report.Probability),
            report is null ? null : ApiFormat.Finite(report.Confidence),
            ApiFormat.Finite(r.Latest.Warning.Composite),
            r.PeakComposite,
            r.Status,
            r.State,
            ApiFormat.Time(r.OpenedAtNs),
            r.ClosedAtNs is { } closed ? ApiFormat.Time(closed) : null,
            r.StatusChangedAtNs is { } changed ? ApiFormat.Time(changed) : null,
            r.StatusChangedBy,
            report?.Analogue is { } a ? new AnalogueBriefResponse(a.CrisisId, a.Name, ApiFormat.Finite(a.Similarity)) : null,
            r.Summary);
    }
}

/// <summary>The historical crisis a warning looks most like, in brief.</summary>
/// <param name="Id">The crisis's id (see <c>/api/v1/patterns</c>).</param>
/// <param name="Name">Its name.</param>
/// <param name="Similarity">Cosine similarity of the fingerprints, in [0, 1].</param>
public sealed record AnalogueBriefResponse(string Id, string Name, double? Similarity);

/// <summary>A warning in full: its life, its report, its latest event and its manual status changes.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Title">The report's title; the summary when there is no report.</param>
/// <param name="EventType">The event type.</param>
/// <param name="Severity">Its current severity.</param>
/// <param name="PeakSeverity">The highest severity it reached.</param>
/// <param name="PeakComposite">The highest composite it reached.</param>
/// <param name="Status"><c>active</c>, <c>monitoring</c> or <c>resolved</c>.</param>
/// <param name="State"><c>open</c> or <c>closed</c>.</param>
/// <param name="OpenedAt">When it opened (event time, UTC).</param>
/// <param name="ClosedAt">When it closed, or null while open.</param>
/// <param name="StatusChangedAt">When the status last changed.</param>
/// <param name="StatusChangedBy"><c>engine</c> or <c>admin</c>.</param>
/// <param name="Summary">The latest one-line explanation.</param>
/// <param name="Report">What the warning means, or null when no event carried a report.</param>
/// <param name="Latest">The latest engine event: detectors, triggering signals, correlation breaks with before and after.</param>
/// <param name="StatusHistory">Every manual status change, oldest first.</param>
public sealed record WarningDetailResponse(
    string Id,
    string Title,
    EventType EventType,
    [property: JsonConverter(typeof(SeverityJsonConverter))] Severity Severity,
    [property: JsonConverter(typeof(SeverityJsonConverter))] Severity PeakSeverity,
    double PeakComposite,
    WarningStatus Status,
    EpisodeState State,
    DateTime OpenedAt,
    DateTime? ClosedAt,
    DateTime? StatusChangedAt,
    string? StatusChangedBy,
    string Summary,
    ReportResponse? Report,
    WarningEventResponse Latest,
    IReadOnlyList<StatusChangeResponse> StatusHistory)
{
    internal static WarningDetailResponse From(WarningRecord r, IReadOnlyList<WarningStatusChange> history) => new(
        r.WarningId,
        r.Report?.Title ?? r.Summary,
        r.EventType,
        r.Severity,
        r.PeakSeverity,
        r.PeakComposite,
        r.Status,
        r.State,
        ApiFormat.Time(r.OpenedAtNs),
        r.ClosedAtNs is { } closed ? ApiFormat.Time(closed) : null,
        r.StatusChangedAtNs is { } changed ? ApiFormat.Time(changed) : null,
        r.StatusChangedBy,
        r.Summary,
        r.Report is { } report ? ReportResponse.From(report) : null,
        WarningEventResponse.From(r.Latest),
        [.. history.Select(StatusChangeResponse.From)]);
}

/// <summary>A warning's report.</summary>
/// <param name="Title">One line.</param>
/// <param name="EventType">The classified event type.</param>
/// <param name="Probability">How likely the episode is a real crisis, in [0, 1].</param>
/// <param name="Confidence">How sure the event type is, in [0, 1].</param>
/// <param name="ZScores">Per source, largest |z| first.</param>
/// <param name="Triggers">Each classification rule that fired, with its evidence.</param>
/// <param name="Fingerprint">The live fingerprint on the library's scale.</param>
/// <param name="Analogue">The closest historical crisis, or null.</param>
/// <param name="Narrative">Why, how, what, when, where.</param>
/// <param name="Actions">Suggested actions, most urgent first.</param>
/// <param name="Hedges">Hedging strategies for the event type.</param>
/// <param name="AffectedSegments">The stress segments involved.</param>
/// <param name="AffectedSymbols">The instruments and indicators involved, most stressed first.</param>
public sealed record ReportResponse(
    string Title,
    EventType EventType,
    double? Probability,
    double? Confidence,
    IReadOnlyList<ZScoreResponse> ZScores,
    IReadOnlyList<string> Triggers,
    FingerprintResponse Fingerprint,
    AnalogueResponse? Analogue,
    NarrativeResponse Narrative,
    IReadOnlyList<string> Actions,
    IReadOnlyList<HedgeResponse> Hedges,
    IReadOnlyList<string> AffectedSegments,
    IReadOnlyList<string> AffectedSymbols)
{
    internal static ReportResponse From(BlackSwanReport r) => new(
        r.Title,
        r.EventType,
        ApiFormat.Finite(r.Probability),
        ApiFormat.Finite(r.Confidence),
        [.. r.ZScores.Select(z => new ZScoreResponse(z.Source, z.IsIndicator, ApiFormat.Finite(z.ZScore)))],
        r.Triggers,
        FingerprintResponse.From(r.Fingerprint),
        r.Analogue is { } a ? new AnalogueResponse(a.CrisisId, a.Name, a.Start, a.End, a.EventType, ApiFormat.Finite(a.Similarity), a.Facts) : null,
        new NarrativeResponse(r.Narrative.Why, r.Narrative.How, r.Narrative.What, r.Narrative.When, r.Narrative.Where),
        r.Actions,
        [.. r.Hedges.Select(h => new HedgeResponse(h.Strategy, h.Instruments, h.Rationale))],
        r.AffectedSegments,
        r.AffectedSymbols);
}

/// <summary>One source's z-score at the warning.</summary>
/// <param name="Source">The instrument's or indicator's symbol.</param>
/// <param name="IsIndicator">Whether it is an indicator series.</param>
/// <param name="ZScore">The signed z-score; null when unknown.</param>
public sealed record ZScoreResponse(string Source, bool IsIndicator, double? ZScore);

/// <summary>A crisis fingerprint: eight dimensions, each in [0, 1] against the worst episode on record.</summary>
/// <param name="Drawdown">Peak-to-trough fall of broad equities.</param>
/// <param name="VolatilitySpike">Rise of volatility over its calm level.</param>
/// <param name="CorrelationSpike">Rise of cross-market correlation.</param>
/// <param name="CreditWidening">Widening of credit spreads.</param>
/// <param name="FxMove">Size of currency moves.</param>
/// <param name="RatesMove">Size of government-yield moves.</param>
/// <param name="Liquidity">How far market liquidity dried up.</param>
/// <param name="Speed">How fast it happened.</param>
public sealed record FingerprintResponse(
    double? Drawdown,
    double? VolatilitySpike,
    double? CorrelationSpike,
    double? CreditWidening,
    double? FxMove,
    double? RatesMove,
    double? Liquidity,
    double? Speed)
{
    internal static FingerprintResponse From(CrisisFingerprint f) => new(
        ApiFormat.Finite(f.Drawdown),
        ApiFormat.Finite(f.VolatilitySpike),
        ApiFormat.Finite(f.CorrelationSpike),
        ApiFormat.Finite(f.CreditWidening),
        ApiFormat.Finite(f.FxMove),
        ApiFormat.Finite(f.RatesMove),
        ApiFormat.Finite(f.Liquidity),
        ApiFormat.Finite(f.Speed));
}

/// <summary>The historical crisis a warning looks most like.</summary>
/// <param name="Id">The crisis's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Start">Its acute phase's first day.</param>
/// <param name="End">Its acute phase's last day.</param>
/// <param name="EventType">Its event type.</param>
/// <param name="Similarity">Cosine similarity of the fingerprints, in [0, 1].</param>
/// <param name="Facts">What happened then.</param>
public sealed record AnalogueResponse(string Id, string Name, DateOnly Start, DateOnly End, EventType EventType, double? Similarity, IReadOnlyList<string> Facts);

/// <summary>The warning told in five parts.</summary>
/// <param name="Why">Root cause.</param>
/// <param name="How">Mechanism.</param>
/// <param name="What">Impact.</param>
/// <param name="When">Timeline.</param>
/// <param name="Where">Affected sectors and assets.</param>
public sealed record NarrativeResponse(string Why, string How, string What, string When, string Where);

/// <summary>A hedge suggested for the event type.</summary>
/// <param name="Strategy">What to do.</param>
/// <param name="Instruments">What to trade.</param>
/// <param name="Rationale">Why it helps.</param>
public sealed record HedgeResponse(string Strategy, string Instruments, string Rationale);

/// <summary>An admin's status change.</summary>
/// <param name="Status">The status set.</param>
/// <param name="PreviousStatus">The status before.</param>
/// <param name="Actor">Who made it.</param>
/// <param name="Note">Why, or null.</param>
/// <param name="At">When (wall-clock time, UTC).</param>
public sealed record StatusChangeResponse(WarningStatus Status, WarningStatus PreviousStatus, string Actor, string? Note, DateTime At)
{
    internal static StatusChangeResponse From(WarningStatusChange c) => new(c.Status, c.PreviousStatus, c.Actor, c.Note, ApiFormat.Time(c.TimestampNs));
}

/// <summary>The body of <c>PATCH /api/v1/warnings/{id}/status</c>.</summary>
/// <param name="Status"><c>active</c>, <c>monitoring</c> or <c>resolved</c>.</param>
/// <param name="Note">Why, at most 1,000 characters; optional.</param>
public sealed record WarningStatusRequest(string? Status, string? Note = null);

/// <summary>How many warnings there are, counted three ways.</summary>
/// <param name="Total">Every warning.</param>
/// <param name="Open">Warnings whose episode is open.</param>
/// <param name="ByStatus">By status: <c>active</c>, <c>monitoring</c>, <c>resolved</c> (all three present).</param>
/// <param name="BySeverity">By peak severity (<c>ELEVATED</c>…<c>EXTREME</c>), those that occur.</param>
/// <param name="ByEventType">By event type (<c>market_crash</c>…), those that occur.</param>
public sealed record WarningStatusSummaryResponse(
    long Total,
    long Open,
    IReadOnlyDictionary<string, long> ByStatus,
    IReadOnlyDictionary<string, long> BySeverity,
    IReadOnlyDictionary<string, long> ByEventType)
{
    internal static WarningStatusSummaryResponse From(WarningStatusSummary s) => new(
        s.Total,
        s.Open,
        s.ByStatus.OrderBy(p => p.Key).ToDictionary(p => WarningNames.Name(p.Key), p => p.Value, StringComparer.Ordinal),
        s.ByPeakSeverity.OrderBy(p => p.Key).ToDictionary(p => Push.PushEncoder.SeverityName(p.Key), p => p.Value, StringComparer.Ordinal),
        s.ByEventType.OrderBy(p => p.Key).ToDictionary(p => WarningNames.Name(p.Key), p => p.Value, StringComparer.Ordinal));
}

/// <summary>A historical crisis of the library.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Start">Its acute phase's first day.</param>
/// <param name="End">Its acute phase's last day.</param>
/// <param name="EventType">Its event type.</param>
/// <param name="Facts">What happened.</param>
/// <param name="Fingerprint">What it looked like across markets.</param>
public sealed record PatternResponse(string Id, string Name, DateOnly Start, DateOnly End, EventType EventType, IReadOnlyList<string> Facts, FingerprintResponse Fingerprint)
{
    internal static PatternResponse From(HistoricalCrisis c) => new(c.Id, c.Name, c.Start, c.End, c.EventType, c.Facts, FingerprintResponse.From(c.Fingerprint));
}

/// <summary>A warning event, as push sends it in an <c>alert</c>.</summary>
/// <param name="EventId">The event's id; increases over the service's life and across restarts.</param>
/// <param name="Event"><c>opened</c>, <c>escalated</c>, <c>de-escalated</c> or <c>closed</c>.</param>
/// <param name="Id">The warning's id.</param>
/// <param name="Ts">The event's time (event time, UTC).</param>
/// <param name="OpenedAt">When the warning opened.</param>
/// <param name="Severity">The severity after the event.</param>
/// <param name="PreviousSeverity">The severity before it.</param>
/// <param name="PeakSeverity">The highest severity so far.</param>
/// <param name="Composite">The composite at the event.</param>
/// <param name="PeakComposite">The highest composite so far.</param>
/// <param name="MaxAbsZ">The largest |z| at the event; null when unknown.</param>
/// <param name="MaxAbsZSymbol">The instrument with the largest |z|, or null.</param>
/// <param name="CorrelationBreaks">Correlation breaks at the event.</param>
/// <param name="SignalCount">Firing signals at the event.</param>
/// <param name="Contributions">The detectors, largest contribution first.</param>
/// <param name="Signals">The per-series signals that fired, strongest first.</param>
/// <param name="Breaks">The largest correlation breaks.</param>
/// <param name="Summary">One line on why.</param>
public sealed record WarningEventResponse(
    long EventId,
    string Event,
    string Id,
    DateTime Ts,
    DateTime OpenedAt,
    [property: JsonConverter(typeof(SeverityJsonConverter))] Severity Severity,
    [property: JsonConverter(typeof(SeverityJsonConverter))] Severity PreviousSeverity,
    [property: JsonConverter(typeof(SeverityJsonConverter))] Severity PeakSeverity,
    double Composite,
    double PeakComposite,
    double? MaxAbsZ,
    string? MaxAbsZSymbol,
    int CorrelationBreaks,
    int SignalCount,
    IReadOnlyList<ContributionResponse> Contributions,
    IReadOnlyList<SignalResponse> Signals,
    IReadOnlyList<BreakResponse> Breaks,
    string Summary)
{
    internal static WarningEventResponse From(PublishedWarning published)
    {
        var w = published.Warning;
        return new WarningEventResponse(
            published.EventId,
            ApiFormat.Transition(w.Kind),
            w.WarningId,
            ApiFormat.Time(w.TimestampNs),
            ApiFormat.Time(w.OpenedAtNs),
            w.Severity,
            w.PreviousSeverity,
            w.PeakSeverity,
            w.Composite,
            w.PeakComposite,
            ApiFormat.Finite(w.MaxAbsZ),
            w.MaxAbsZSymbol,
            w.CorrelationBreaks,
            w.SignalCount,
            [.. w.Contributions.Select(c => new ContributionResponse(c.Detector, ApiFormat.Finite(c.Score) ?? 0, ApiFormat.Finite(c.Raw), ApiFormat.Finite(c.Contribution) ?? 0))],
            [.. w.Signals.Select(s => new SignalResponse(s.Symbol, s.Detector, ApiFormat.Finite(s.Raw)))],
            [.. w.Breaks.Select(b => new BreakResponse(b.First, b.Second, ApiFormat.Finite(b.Before), ApiFormat.Finite(b.After)))],
            w.Summary);
    }
}

/// <summary>A detector's part in a warning.</summary>
/// <param name="Detector">The detector.</param>
/// <param name="Score">Its calibrated score, in [0, 1].</param>
/// <param name="Raw">Its raw value; null when not ready.</param>
/// <param name="Contribution">Its share of the composite.</param>
public sealed record ContributionResponse(string Detector, double Score, double? Raw, double Contribution);

/// <summary>A per-series detector that fired on an instrument.</summary>
/// <param name="Symbol">The instrument.</param>
/// <param name="Detector">The detector.</param>
/// <param name="Raw">Its raw value.</param>
public sealed record SignalResponse(string Symbol, string Detector, double? Raw);

/// <summary>A pair whose correlation broke from its baseline.</summary>
/// <param name="First">The first symbol.</param>
/// <param name="Second">The second symbol.</param>
/// <param name="Before">The baseline correlation.</param>
/// <param name="After">The recent correlation.</param>
public sealed record BreakResponse(string First, string Second, double? Before, double? After);
