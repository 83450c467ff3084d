using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using ProblemDetails = Microsoft.AspNetCore.Mvc.ProblemDetails;
using Microsoft.Extensions.Options;
using Vigil.Core.Instruments;
using Vigil.Engine.Live;
using Vigil.Engine.Warnings;
using Vigil.Server.Live;

namespace Vigil.Server.Api;

/// <summary>The market as the engine sees it now: status, instruments and their latest prices, the latest scores.</summary>
internal static class MarketApi
{
    public static RouteGroupBuilder MapMarketApi(this RouteGroupBuilder api)
    {
        var market = api.MapGroup(string.Empty).WithTags("Market");
        market.MapGet("/status", GetStatus).WithName("GetStatus").WithSummary("The engine's status: running, source, counters, the latest composite.");
        market.MapGet("/instruments", GetInstruments).WithName("GetInstruments").WithSummary("Every instrument with its latest price.");
        market.MapGet("/instruments/{symbol}", GetInstrument).WithName("GetInstrument").WithSummary("One instrument with its latest price.");
        market.MapGet("/scores/latest", GetLatestScores)
            .WithName("GetLatestScores")
            .WithSummary("The latest market step: the composite stress score, its severity and every detector's score and contribution.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return api;
    }

    /// <summary>The engine's status.</summary>
    internal static Ok<StatusResponse> GetStatus(LiveMarket live) => TypedResults.Ok(new StatusResponse(
        live.Running,
        live.Source,
        Instruments(live, null).Count,
        live.Ticks,
        live.Steps,
        live.Latest?.Composite,
        live.Latest?.Severity));

    /// <summary>Every instrument, in the engine's order, with its price at the latest step.</summary>
    internal static Ok<InstrumentResponse[]> GetInstruments(LiveMarket live, SimulatorControl control)
    {
        var instruments = Instruments(live, control);
        var latest = live.Latest;
        var result = new InstrumentResponse[instruments.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Describe(instruments[i], latest);
        }

        return TypedResults.Ok(result);
    }

    /// <summary>One instrument by symbol (any case).</summary>
    /// <param name="symbol">The instrument's symbol, for example <c>SPX</c>.</param>
    /// <param name="live">The live view of the engine.</param>
    /// <param name="control">The simulator's controls.</param>
    internal static Results<Ok<InstrumentResponse>, NotFound<ProblemDetails>, ValidationProblem> GetInstrument(string symbol, LiveMarket live, SimulatorControl control)
    {
        var errors = new ApiErrors();
        if (!ApiParse.Id(symbol, "symbol", errors))
        {
            return errors.ToProblem();
        }

        foreach (var instrument in Instruments(live, control))
        {
            if (string.Equals(instrument.Symbol, symbol, StringComparison.OrdinalIgnoreCase))
            {
                return TypedResults.Ok(Describe(instrument, live.Latest));
            }
        }

        return ApiProblems.NotFound($"No instrument has the symbol '{ApiParse.Shorten(symbol)}'.");
    }

    /// <summary>The latest market step's scores, served from a snapshot serialized once per step.</summary>
    internal static Results<Utf8JsonResult<LatestScoresResponse>, ProblemHttpResult> GetLatestScores(LatestScoresCache cache) =>
        cache.Current() is { } result
            ? result
            : TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "No market step yet.",
                detail: "The engine has not closed its first market step; retry in a moment.");

    /// <summary>The engine's instruments, or the simulator's before the engine has started.</summary>
    private static IReadOnlyList<Instrument> Instruments(LiveMarket live, SimulatorControl? control) =>
        live.Instruments.Count > 0 || control is null ? live.Instruments : control.Simulator.Registry.All;

    private static InstrumentResponse Describe(Instrument instrument, MarketUpdate? latest)
    {
        double? price = null;
        DateTime? ts = null;
        var id = instrument.Id.Value;
        if (latest is not null && id < latest.Instruments.Count && latest.Instruments[id].Symbol == instrument.Symbol)
        {
            price = ApiFormat.Finite(latest.Instruments[id].Snapshot.Price);
            ts = price is null ? null : ApiFormat.Time(latest.TimestampNs);
        }

        return new InstrumentResponse(instrument.Symbol, instrument.Name, instrument.AssetClass, instrument.Segment, instrument.ValueKind, price, ts);
    }
}

/// <summary>
/// Keeps the latest market step's scores serialized once, so <c>GET /api/v1/scores/latest</c> serves bytes: every
/// request between two steps (at most 25 a second) shares one snapshot and allocates almost nothing.
/// </summary>
internal sealed class LatestScoresCache(LiveMarket live, IOptions<JsonOptions> json)
{
    private readonly JsonTypeInfo<LatestScoresResponse> _typeInfo =
        (JsonTypeInfo<LatestScoresResponse>)json.Value.SerializerOptions.GetTypeInfo(typeof(LatestScoresResponse));

    private Snapshot? _snapshot;

    /// <summary>The latest step's result, or null before the first step.</summary>
    public Utf8JsonResult<LatestScoresResponse>? Current()
    {
        var latest = live.Latest;
        if (latest is null)
        {
            return null;
        }

        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot is null || !ReferenceEquals(snapshot.Update, latest))
        {
            // Two requests may both serialize a new step; either copy is right, and the last one written wins.
            snapshot = new Snapshot(latest, new Utf8JsonResult<LatestScoresResponse>(JsonSerializer.SerializeToUtf8Bytes(LatestScoresResponse.From(latest), _typeInfo)));
            Volatile.Write(ref _snapshot, snapshot);
        }

        return snapshot.Result;
    }

    private sealed record Snapshot(MarketUpdate Update, Utf8JsonResult<LatestScoresResponse> Result);
}

/// <summary>The service's status.</summary>
/// <param name="Running">Whether the engine loop runs.</param>
/// <param name="Source">Where the data comes from: <c>simulator</c>, <c>replay</c>, <c>feed</c>.</param>
/// <param name="Instruments">How many instruments are watched.</param>
/// <param name="Ticks">Ticks processed since start.</param>
/// <param name="Steps">Market steps since start.</param>
/// <param name="Composite">The latest composite score, in [0, 1]; null before the first step.</param>
/// <param name="Severity">The open warning's severity (<c>NONE</c> without one); null before the first step.</param>
public sealed record StatusResponse(
    bool Running,
    string Source,
    int Instruments,
    long Ticks,
    long Steps,
    double? Composite,
    [property: JsonConverter(typeof(SeverityJsonConverter))] Severity? Severity);

/// <summary>An instrument and its latest price.</summary>
/// <param name="Symbol">The symbol, for example <c>SPX</c>.</param>
/// <param name="Name">A readable name.</param>
/// <param name="AssetClass">The asset class, for example <c>equity_index</c>.</param>
/// <param name="Segment">The stress segment it counts towards, for example <c>equity</c>.</param>
/// <param name="ValueKind"><c>price</c> (positive, log returns) or <c>level</c> (any sign, differences).</param>
/// <param name="Price">The price or level at the latest step; null before its first tick.</param>
/// <param name="Ts">The latest step's event time (UTC); null without a price.</param>
public sealed record InstrumentResponse(
    string Symbol,
    string Name,
    AssetClass AssetClass,
    StressSegment Segment,
    ValueKind ValueKind,
    double? Price,
    DateTime? Ts);

/// <summary>A detector's reading at the latest step.</summary>
/// <param name="Detector">The detector, for example <c>ISOLATION_FOREST</c>.</param>
/// <param name="Score">Its calibrated score, in [0, 1].</param>
/// <param name="Raw">Its raw value; null while it warms up.</param>
/// <param name="Contribution">Its share of the composite, in [0, 1].</param>
/// <param name="Weight">Its weight in the composite.</param>
public sealed record DetectorScoreResponse(string Detector, double Score, double? Raw, double Contribution, double Weight);

/// <summary>The latest market step: the composite stress score, its severity and each detector's part in it.</summary>
/// <param name="Ts">The step's event time (UTC).</param>
/// <param name="TsNs">The step's event time in nanoseconds since the Unix epoch.</param>
/// <param name="Step">The step's number, from 1.</param>
/// <param name="Composite">The composite stress score, in [0, 1].</param>
/// <param name="Ready">Whether the composite is calibrated enough to mean anything.</param>
/// <param name="Severity">The open warning's severity: <c>NONE</c>, <c>ELEVATED</c>, <c>HIGH</c>, <c>SEVERE</c>, <c>EXTREME</c>.</param>
/// <param name="WarningOpen">Whether a warning is open.</param>
/// <param name="MaxAbsZ">The largest |z| across instruments; null while warming up.</param>
/// <param name="MaxAbsZSymbol">The instrument with the largest |z|, or null.</param>
/// <param name="CorrelationBreaks">The number of pairs whose correlation broke from its baseline.</param>
/// <param name="MeanCorrelation">The mean short-window pairwise correlation; null while warming up.</param>
/// <param name="SignalCount">The number of per-series signals firing.</param>
/// <param name="Detectors">Every detector in the composite.</param>
public sealed record LatestScoresResponse(
    DateTime Ts,
    long TsNs,
    long Step,
    double Composite,
    bool Ready,
    [property: JsonConverter(typeof(SeverityJsonConverter))] Severity Severity,
    bool WarningOpen,
    double? MaxAbsZ,
    string? MaxAbsZSymbol,
    int CorrelationBreaks,
    double? MeanCorrelation,
    int SignalCount,
    IReadOnlyList<DetectorScoreResponse> Detectors)
{
    /// <summary>The response for one market step.</summary>
    /// <param name="update">The step.</param>
    public static LatestScoresResponse From(MarketUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var detectors = new DetectorScoreResponse[update.Detectors.Count];
        for (var i = 0; i < detectors.Length; i++)
        {
            var d = update.Detectors[i];
            detectors[i] = new DetectorScoreResponse(d.Detector, ApiFormat.Finite(d.Score) ?? 0, ApiFormat.Finite(d.Raw), ApiFormat.Finite(d.Contribution) ?? 0, d.Weight);
        }

        return new LatestScoresResponse(
            ApiFormat.Time(update.TimestampNs),
            update.TimestampNs,
            update.Step,
            update.Composite,
            update.Ready,
            update.Severity,
            update.WarningOpen,
            ApiFormat.Finite(update.MaxAbsZ),
            update.MaxAbsZSymbol,
            update.CorrelationBreaks,
            ApiFormat.Finite(update.MeanCorrelation),
            update.SignalCount,
            detectors);
    }
}
