using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Vigil.Engine.Pipeline;
using Vigil.Engine.Warnings;
using Vigil.Server.Live;
using Vigil.Storage;

namespace Vigil.Server.Api;

/// <summary>Price and score history from the store, by time range, in pages.</summary>
internal static class HistoryApi
{
    /// <summary>The largest page of history.</summary>
    public const int MaxLimit = 10_000;

    /// <summary>The page size when none is asked for.</summary>
    public const int DefaultLimit = 500;

    public static RouteGroupBuilder MapHistoryApi(this RouteGroupBuilder api)
    {
        var history = api.MapGroup("/history").WithTags("History");
        history.MapGet("/prices", GetPrices)
            .WithName("GetPriceHistory")
            .WithSummary("One instrument's per-step prices, returns, z-scores and detector scores, oldest first.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        history.MapGet("/scores", GetScores)
            .WithName("GetScoreHistory")
            .WithSummary("Per-step composite and detector scores, oldest first.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return api;
    }

    /// <summary>One instrument's facts in a time range.</summary>
    /// <param name="symbol">The instrument, for example <c>SPX</c> (required).</param>
    /// <param name="from">Inclusive start: ISO-8601 (<c>2024-03-01T12:00:00Z</c>) or Unix milliseconds; default the beginning.</param>
    /// <param name="to">Exclusive end, in the same forms; default now.</param>
    /// <param name="limit">Rows per page, 1 to 10,000; default 500.</param>
    /// <param name="cursor">The <c>next_cursor</c> of the previous page.</param>
    /// <param name="store">The store.</param>
    /// <param name="live">The live view of the engine.</param>
    /// <param name="control">The simulator's controls.</param>
    /// <param name="cancellationToken">Stops the work when the client goes away.</param>
    internal static async Task<Results<Ok<PageResponse<PricePoint>>, NotFound<ProblemDetails>, ValidationProblem, ProblemHttpResult>> GetPrices(
        [FromQuery] string? symbol,
        [FromQuery] string? from,
        [FromQuery] string? to,
        [FromQuery] int? limit,
        [FromQuery] string? cursor,
        [FromServices] IStore store,
        LiveMarket live,
        SimulatorControl control,
        CancellationToken cancellationToken)
    {
        var errors = new ApiErrors();
        var symbolValid = ApiParse.Id(symbol, "symbol", errors);
        var fromNs = ApiParse.Time(from, "from", errors);
        var toNs = ApiParse.Time(to, "to", errors);
        ApiParse.Range(fromNs, toNs, errors);
        var pageSize = ApiParse.Limit(limit, DefaultLimit, MaxLimit, errors);
        var pageCursor = ApiParse.Cursor(cursor, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var registry = live.Instruments.Count > 0 ? live.Instruments : control.Simulator.Registry.All;
        var instrument = symbolValid ? registry.FirstOrDefault(i => string.Equals(i.Symbol, symbol, StringComparison.OrdinalIgnoreCase)) : null;
        if (instrument is null)
        {
            return ApiProblems.NotFound($"No instrument has the symbol '{ApiParse.Shorten(symbol!)}'.");
        }

        Page<FactRecord> page;
        try
        {
            page = await store.GetFactsAsync(new FactQuery(instrument.Symbol, fromNs, toNs, pageSize, pageCursor), cancellationToken);
        }
        catch (Exception e) when (StoreErrors.IsBadCursor(e, pageCursor))
        {
            return StoreErrors.BadCursor();
        }
        catch (Exception e) when (StoreErrors.IsUnavailable(e))
        {
            return StoreErrors.Unavailable();
        }

        return TypedResults.Ok(new PageResponse<PricePoint>([.. page.Items.Select(PricePoint.From)], page.NextCursor));
    }

    /// <summary>Composite and detector scores in a time range.</summary>
    /// <param name="from">Inclusive start: ISO-8601 or Unix milliseconds; default the beginning.</param>
    /// <param name="to">Exclusive end; default now.</param>
    /// <param name="limit">Rows per page, 1 to 10,000; default 500.</param>
    /// <param name="cursor">The <c>next_cursor</c> of the previous page.</param>
    /// <param name="store">The store.</param>
    /// <param name="cancellationToken">Stops the work when the client goes away.</param>
    internal static async Task<Results<Ok<PageResponse<ScorePoint>>, ValidationProblem, ProblemHttpResult>> GetScores(
        [FromQuery] string? from,
        [FromQuery] string? to,
        [FromQuery] int? limit,
        [FromQuery] string? cursor,
        [FromServices] IStore store,
        CancellationToken cancellationToken)
    {
        var errors = new ApiErrors();
        var fromNs = ApiParse.Time(from, "from", errors);
        var toNs = ApiParse.Time(to, "to", errors);
        ApiParse.Range(fromNs, toNs, errors);
        var pageSize = ApiParse.Limit(limit, DefaultLimit, MaxLimit, errors);
        var pageCursor = ApiParse.Cursor(cursor, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        Page<StepRecord> page;
        try
        {
            page = await store.GetStepsAsync(new StepQuery(fromNs, toNs, pageSize, pageCursor), cancellationToken);
        }
        catch (Exception e) when (StoreErrors.IsBadCursor(e, pageCursor))
        {
            return StoreErrors.BadCursor();
        }
        catch (Exception e) when (StoreErrors.IsUnavailable(e))
        {
            return StoreErrors.Unavailable();
        }

        return TypedResults.Ok(new PageResponse<ScorePoint>([.. page.Items.Select(ScorePoint.From)], page.NextCursor));
    }
}

/// <summary>A page of results.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">The items.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record PageResponse<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>One instrument at one market step.</summary>
/// <param name="Ts">The step's event time (UTC).</param>
/// <param name="TsNs">The step's event time in nanoseconds since the Unix epoch.</param>
/// <param name="Symbol">The instrument.</param>
/// <param name="Source">Where the data came from.</param>
/// <param name="Price">The price or level.</param>
/// <param name="Return">The step's return: log return for prices, difference for levels.</param>
/// <param name="Volatility">Short-run volatility per step; null while warming up.</param>
/// <param name="Z">The largest |z| of a tick return in the step; null while warming up.</param>
/// <param name="Scores">Each per-series detector's score, in [0, 1], by name.</param>
/// <param name="Fired">The per-series detectors that fired in the step.</param>
public sealed record PricePoint(
    DateTime Ts,
    long TsNs,
    string Symbol,
    string Source,
    double? Price,
    double? Return,
    double? Volatility,
    double? Z,
    IReadOnlyDictionary<string, double> Scores,
    IReadOnlyList<string> Fired)
{
    internal static PricePoint From(FactRecord f) => new(
        ApiFormat.Time(f.TimestampNs),
        f.TimestampNs,
        f.Symbol,
        f.Source,
        ApiFormat.Finite(f.Price),
        ApiFormat.Finite(f.Return),
        ApiFormat.Finite(f.Volatility),
        ApiFormat.Finite(f.ZScore),
        new Dictionary<string, double>
        {
            [Detection.DetectorNames.ZScore] = ApiFormat.Finite(f.ZScoreScore) ?? 0,
            [Detection.DetectorNames.PriceSpike] = ApiFormat.Finite(f.PriceSpikeScore) ?? 0,
            [Detection.DetectorNames.VolumeAnomaly] = ApiFormat.Finite(f.VolumeAnomalyScore) ?? 0,
            [Detection.DetectorNames.VolatilityBurst] = ApiFormat.Finite(f.VolatilityBurstScore) ?? 0,
            [Detection.DetectorNames.FlashCrash] = ApiFormat.Finite(f.FlashCrashScore) ?? 0,
        },
        ApiFormat.Fired((FiredDetectors)f.Fired));
}

/// <summary>One market step's composite and detector scores.</summary>
/// <param name="Ts">The step's event time (UTC).</param>
/// <param name="TsNs">The step's event time in nanoseconds since the Unix epoch.</param>
/// <param name="Composite">The composite stress score, in [0, 1].</param>
/// <param name="Severity">The open warning's severity then (<c>NONE</c> without one).</param>
/// <param name="Scores">Each detector's calibrated score, in [0, 1], by name.</param>
public sealed record ScorePoint(
    DateTime Ts,
    long TsNs,
    double Composite,
    [property: JsonConverter(typeof(SeverityJsonConverter))] Severity Severity,
    IReadOnlyDictionary<string, double> Scores)
{
    internal static ScorePoint From(StepRecord s) => new(
        ApiFormat.Time(s.TimestampNs),
        s.TimestampNs,
        ApiFormat.Finite(s.Composite) ?? 0,
        s.Severity,
        s.Scores.Where(kv => double.IsFinite(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value));
}
