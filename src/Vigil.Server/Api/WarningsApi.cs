using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Vigil.Engine.Live;
using Vigil.Engine.Warnings;
using Vigil.Server.Live;
using Vigil.Storage;

namespace Vigil.Server.Api;

/// <summary>Warnings from the store, filtered and paged, and one warning with its latest event.</summary>
internal static class WarningsApi
{
    /// <summary>The largest page of warnings.</summary>
    public const int MaxLimit = 1_000;

    /// <summary>The page size when none is asked for.</summary>
    public const int DefaultLimit = 100;

    public static RouteGroupBuilder MapWarningsApi(this RouteGroupBuilder api)
    {
        var warnings = api.MapGroup("/warnings").WithTags("Warnings");
        warnings.MapGet(string.Empty, GetWarnings)
            .WithName("GetWarnings")
            .WithSummary("Warnings, newest first, filtered by severity, status, time and instrument.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        warnings.MapGet("/{id}", GetWarning)
            .WithName("GetWarning")
            .WithSummary("One warning with its latest event in full.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return api;
    }

    /// <summary>Warnings matching every filter given.</summary>
    /// <param name="severity">The lowest peak severity: <c>ELEVATED</c>, <c>HIGH</c>, <c>SEVERE</c> or <c>EXTREME</c> (any case).</param>
    /// <param name="status"><c>open</c> or <c>closed</c>; default both.</param>
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

        WarningStatus? warningStatus = status?.Trim().ToUpperInvariant() switch
        {
            null => null,
            "OPEN" => WarningStatus.Open,
            "CLOSED" => WarningStatus.Closed,
            _ => null,
        };
        if (status is not null && warningStatus is null)
        {
            errors.Add("status", $"must be open or closed (was '{ApiParse.Shorten(status)}')");
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
            page = await store.GetWarningsAsync(new WarningQuery(minSeverity, warningStatus, fromNs, toNs, symbolFilter, pageSize, pageCursor), cancellationToken);
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

        record ??= FromMemory(live, id);
        return record is null
            ? ApiProblems.NotFound($"No warning has the id '{ApiParse.Shorten(id)}'.")
            : TypedResults.Ok(WarningDetailResponse.From(record));
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

        var w = latest.Warning;
        return new WarningRecord(
            w.WarningId,
            w.OpenedAtNs,
            w.Kind == WarningTransition.Closed ? w.TimestampNs : null,
            w.Severity,
            w.PeakSeverity,
            w.PeakComposite,
            w.Summary,
            latest);
    }
}

/// <summary>A warning's life in brief.</summary>
/// <param name="Id">Its id, stable over its life.</param>
/// <param name="OpenedAt">When it opened (event time, UTC).</param>
/// <param name="ClosedAt">When it closed, or null while open.</param>
/// <param name="Status"><c>open</c> or <c>closed</c>.</param>
/// <param name="Severity">Its current severity (<c>NONE</c> once closed).</param>
/// <param name="PeakSeverity">The highest severity it reached.</param>
/// <param name="PeakComposite">The highest composite it reached.</param>
/// <param name="Summary">The latest one-line explanation.</param>
public sealed record WarningSummaryResponse(
    string Id,
    DateTime OpenedAt,
    DateTime? ClosedAt,
    WarningStatus Status,
    [property: JsonConverter(typeof(SeverityJsonConverter))] Severity Severity,
    [property: JsonConverter(typeof(SeverityJsonConverter))] Severity PeakSeverity,
    double PeakComposite,
    string Summary)
{
    internal static WarningSummaryResponse From(WarningRecord r) => new(
        r.WarningId,
        ApiFormat.Time(r.OpenedAtNs),
        r.ClosedAtNs is { } closed ? ApiFormat.Time(closed) : null,
        r.Status,
        r.Severity,
        r.PeakSeverity,
        r.PeakComposite,
        r.Summary);
}

/// <summary>A warning's life and its latest event in full.</summary>
/// <param name="Id">Its id.</param>
/// <param name="OpenedAt">When it opened (event time, UTC).</param>
/// <param name="ClosedAt">When it closed, or null while open.</param>
/// <param name="Status"><c>open</c> or <c>closed</c>.</param>
/// <param name="Severity">Its current severity.</param>
/// <param name="PeakSeverity">The highest severity it reached.</param>
/// <param name="PeakComposite">The highest composite it reached.</param>
/// <param name="Summary">The latest one-line explanation.</param>
/// <param name="Latest">The latest event.</param>
public sealed record WarningDetailResponse(
    string Id,
    DateTime OpenedAt,
    DateTime? ClosedAt,
    WarningStatus Status,
    [property: JsonConverter(typeof(SeverityJsonConverter))] Severity Severity,
    [property: JsonConverter(typeof(SeverityJsonConverter))] Severity PeakSeverity,
    double PeakComposite,
    string Summary,
    WarningEventResponse Latest)
{
    internal static WarningDetailResponse From(WarningRecord r) => new(
        r.WarningId,
        ApiFormat.Time(r.OpenedAtNs),
        r.ClosedAtNs is { } closed ? ApiFormat.Time(closed) : null,
        r.Status,
        r.Severity,
        r.PeakSeverity,
        r.PeakComposite,
        r.Summary,
        WarningEventResponse.From(r.Latest));
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
