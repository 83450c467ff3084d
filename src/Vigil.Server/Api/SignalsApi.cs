using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Vigil.Core.Instruments;
using Vigil.Engine.Pipeline;
using Vigil.Engine.Warnings.Classification;
using Vigil.Server.Live;

namespace Vigil.Server.Api;

/// <summary>Indicator series pushed over HTTP (news sentiment, energy, bank CDS, ...) and their detector state.</summary>
internal static class SignalsApi
{
    /// <summary>How far past the server's clock a posted timestamp may be.</summary>
    internal static readonly TimeSpan MaxFutureSkew = TimeSpan.FromMinutes(5);

    public static RouteGroupBuilder MapSignalsApi(this RouteGroupBuilder api)
    {
        var signals = api.MapGroup(string.Empty).WithTags("Signals");
        signals.MapPost("/signals", PostSignals).WithName("PostSignals")
            .WithSummary("Pushes indicator values: one as {series, category?, value, timestamp?, name?, segment?}, or a batch as {values: [...]} of those.")
            .WithDescription("series: 1-64 ASCII letters, digits, '_', '-' or '.'; category (snake_case, for example news_sentiment) is required the first time a series is seen and must match afterwards; "
                + "value: a finite number; timestamp: ISO-8601 or Unix milliseconds, at most 5 minutes ahead, kept for display (a value applies at the engine's current market time); "
                + "name and segment are used when the series is first seen. Answers 202 with the accepted and rejected counts and each bad item's reasons (errors keyed values[i].field); "
                + "400 with problem details when nothing is valid; 503 with Retry-After when the engine's queue is full.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        signals.MapGet("/signals", GetSignals).WithName("GetSignals")
            .WithSummary("The indicator series: category, latest value, z-score, and whether their detectors fired in the latest step.");
        return api;
    }

    /// <summary>Validates and queues pushed values; every bad item is reported and counted, the good ones kept.</summary>
    internal static Results<Accepted<SignalsAcceptedResponse>, ValidationProblem, ProblemHttpResult> PostSignals(
        SignalsRequest request, SignalInbox inbox, LiveMarket live, TimeProvider time, Microsoft.Extensions.Options.IOptions<Options.VigilOptions> options, HttpContext http)
    {
        var errors = new ApiErrors();
        var batch = request.Values is not null;
        if (batch && (request.Series is not null || request.Value is not null || request.Category is not null || request.Timestamp is not null || request.Name is not null || request.Segment is not null))
        {
            errors.Add("values", "send either one value at the top level or a batch in values, not both");
        }

        var items = batch ? request.Values! : new SignalValueRequest?[] { new(request.Series, request.Category, request.Value, request.Timestamp, request.Name, request.Segment) };
        var maxBatch = options.Value.Signals.MaxBatchLength;
        if (batch && items.Length == 0)
        {
            errors.Add("values", "must hold at least one value");
        }
        else if (items.Length > maxBatch)
        {
            errors.Add("values", $"holds {items.Length} values; at most {maxBatch} are accepted in one request (Vigil:Signals:MaxBatchLength)");
        }

        if (errors.Any)
        {
            inbox.CountRejected("values", Math.Max(1, items.Length));
            return errors.ToProblem();
        }

        var nowNs = time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000;
        var candidates = new List<SignalCandidate>(items.Length);
        var problems = new List<(int Index, string Field, string Reason)>();
        for (var i = 0; i < items.Length; i++)
        {
            if (Check(i, items[i], nowNs, live, problems) is { } candidate)
            {
                candidates.Add(candidate);
            }
        }

        var admission = inbox.Admit(candidates, problems, out var queued);
        if (admission == SignalAdmission.QueueFull)
        {
            inbox.CountRejected("queue", items.Length);
            http.Response.Headers.RetryAfter = "1";
            return TypedResults.Problem(
                detail: $"The engine's queue of pushed values is full ({options.Value.Signals.QueueLength}, Vigil:Signals:QueueLength); nothing from this request was queued. Retry after 1 s.",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The engine is busy.");
        }

        var byItem = new ApiErrors();
        var rejectedItems = new HashSet<int>();
        foreach (var (index, field, reason) in problems.OrderBy(p => p.Index))
        {
            byItem.Add(batch ? $"values[{index}].{field}" : field, reason);

            // Counted once per item, under its first bad field.
            if (rejectedItems.Add(index))
            {
                inbox.CountRejected(field);
            }
        }

        if (queued == 0)
        {
            return byItem.ToProblem();
        }

        var reasons = problems.OrderBy(p => p.Index)
            .GroupBy(p => batch ? $"values[{p.Index}].{p.Field}" : p.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Reason).ToArray(), StringComparer.Ordinal);
        return TypedResults.Accepted("/api/v1/signals", new SignalsAcceptedResponse(queued, rejectedItems.Count, reasons));
    }

    /// <summary>Every series the engine holds.</summary>
    internal static Ok<SignalsResponse> GetSignals(SignalInbox inbox)
    {
        var series = inbox.Series.Select(s => SignalSeriesResponse.From(s, inbox.PostedAtNs(s.Symbol))).ToArray();
        return TypedResults.Ok(new SignalsResponse(series, inbox.Accepted, inbox.Rejected, inbox.Queued, inbox.MaxSeries));
    }

    /// <summary>Checks one item's own fields; problems go to <paramref name="problems"/>.</summary>
    private static SignalCandidate? Check(int index, SignalValueRequest? item, long nowNs, LiveMarket live, List<(int Index, string Field, string Reason)> problems)
    {
        if (item is null)
        {
            problems.Add((index, "value", "must be an object with series and value"));
            return null;
        }

        var before = problems.Count;
        if (item.Series is null)
        {
            problems.Add((index, "series", "is required"));
        }
        else if (!IndicatorSpec.IsValidSymbol(item.Series))
        {
            problems.Add((index, "series", $"'{ApiParse.Shorten(item.Series)}' must be 1 to 64 ASCII letters, digits, '_', '-' or '.'"));
        }
        else if (IsInstrument(live, item.Series))
        {
            problems.Add((index, "series", $"'{item.Series}' is an instrument; an indicator series needs a symbol of its own"));
        }

        IndicatorCategory? category = null;
        if (item.Category is not null)
        {
            if (SignalNames.TryParseCategory(item.Category, out var parsed))
            {
                category = parsed;
            }
            else
            {
                problems.Add((index, "category", $"'{ApiParse.Shorten(item.Category)}' is not a category; known: {string.Join(", ", SignalNames.Categories)}"));
            }
        }

        StressSegment? segment = null;
        if (item.Segment is not null)
        {
            if (SignalNames.TryParseSegment(item.Segment, out var parsed))
            {
                segment = parsed;
            }
            else
            {
                problems.Add((index, "segment", $"'{ApiParse.Shorten(item.Segment)}' is not a stress segment; known: {string.Join(", ", SignalNames.Segments)}"));
            }
        }

        if (item.Name is { Length: > 128 })
        {
            problems.Add((index, "name", "must be at most 128 characters"));
        }

        var value = double.NaN;
        if (item.Value is not { } element)
        {
            problems.Add((index, "value", "is required"));
        }
        else if (!TryReadFinite(element, out value))
        {
            problems.Add((index, "value", "must be a finite number (NaN and infinities are refused)"));
        }

        long? postedAtNs = null;
        if (item.Timestamp is not null)
        {
            var timeErrors = new ApiErrors();
            postedAtNs = ApiParse.Time(item.Timestamp, "timestamp", timeErrors);
            if (timeErrors.Any || postedAtNs is null)
            {
                problems.Add((index, "timestamp", "must be an ISO-8601 time or Unix milliseconds"));
            }
            else if (postedAtNs.Value > nowNs + (long)MaxFutureSkew.TotalNanoseconds)
            {
                problems.Add((index, "timestamp", $"is more than {MaxFutureSkew.TotalMinutes:0} minutes ahead of the server's clock"));
            }
        }

        return problems.Count > before ? null : new SignalCandidate(index, item.Series!, category, item.Name, segment, value, postedAtNs);
    }

    private static bool IsInstrument(LiveMarket live, string symbol)
    {
        foreach (var instrument in live.Instruments)
        {
            if (string.Equals(instrument.Symbol, symbol, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryReadFinite(JsonElement element, out double value)
    {
        value = double.NaN;
        return element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out value) && double.IsFinite(value);
    }
}

/// <summary>The wire names of indicator categories and stress segments (snake_case), and a series' default segment.</summary>
internal static class SignalNames
{
    private static readonly Dictionary<string, IndicatorCategory> CategoryByName = Enum.GetValues<IndicatorCategory>()
        .Where(c => c != IndicatorCategory.None)
        .ToDictionary(Category, c => c, StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<string, StressSegment> SegmentByName = Enum.GetValues<StressSegment>()
        .ToDictionary(s => JsonNamingPolicy.SnakeCaseLower.ConvertName(s.ToString()), s => s, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every category a series may have, in wire form.</summary>
    public static IEnumerable<string> Categories => CategoryByName.Keys;

    /// <summary>Every stress segment, in wire form.</summary>
    public static IEnumerable<string> Segments => SegmentByName.Keys;

    /// <summary>A category's wire name, for example <c>news_sentiment</c>.</summary>
    public static string Category(IndicatorCategory category) => JsonNamingPolicy.SnakeCaseLower.ConvertName(category.ToString());

    /// <summary>A segment's wire name, for example <c>financial_intermediaries</c>.</summary>
    public static string Segment(StressSegment segment) => JsonNamingPolicy.SnakeCaseLower.ConvertName(segment.ToString());

    public static bool TryParseCategory(string text, out IndicatorCategory category) => CategoryByName.TryGetValue(text.Trim(), out category);

    public static bool TryParseSegment(string text, out StressSegment segment) => SegmentByName.TryGetValue(text.Trim(), out segment);

    /// <summary>The stress segment a category counts towards when the client names none.</summary>
    public static StressSegment DefaultSegment(IndicatorCategory category) => category switch
    {
        IndicatorCategory.EquityVolatilityIndex or IndicatorCategory.BondVolatilityIndex => StressSegment.Volatility,
        IndicatorCategory.InvestmentGradeSpread => StressSegment.Credit,
        IndicatorCategory.BankCds => StressSegment.FinancialIntermediaries,
        IndicatorCategory.YieldCurveSlope => StressSegment.Bonds,
        IndicatorCategory.Energy => StressSegment.Commodities,
        IndicatorCategory.Defence => StressSegment.Equity,
        _ => StressSegment.None,
    };
}

/// <summary>One pushed value.</summary>
/// <param name="Series">The series' symbol, for example <c>NEWS_SENTIMENT</c>.</param>
/// <param name="Category">Its category in snake_case (<c>news_sentiment</c>); required the first time the series is seen.</param>
/// <param name="Value">The value, a finite JSON number.</param>
/// <param name="Timestamp">When the value was observed (ISO-8601 or Unix milliseconds), kept for display.</param>
/// <param name="Name">A readable name, used when the series is first seen.</param>
/// <param name="Segment">The stress segment in snake_case, used when the series is first seen.</param>
public sealed record SignalValueRequest(string? Series, string? Category, JsonElement? Value, string? Timestamp, string? Name, string? Segment);

/// <summary>A push: one value at the top level, or a batch in <see cref="Values"/>.</summary>
/// <param name="Series">The single value's series.</param>
/// <param name="Category">The single value's category.</param>
/// <param name="Value">The single value.</param>
/// <param name="Timestamp">The single value's timestamp.</param>
/// <param name="Name">The single value's series name.</param>
/// <param name="Segment">The single value's segment.</param>
/// <param name="Values">A batch of values, each shaped like the single form.</param>
public sealed record SignalsRequest(string? Series, string? Category, JsonElement? Value, string? Timestamp, string? Name, string? Segment, SignalValueRequest?[]? Values);

/// <summary>The answer to a push.</summary>
/// <param name="Accepted">Values queued for the engine.</param>
/// <param name="Rejected">Values rejected.</param>
/// <param name="Errors">Each bad item's reasons, keyed <c>values[i].field</c> (or the field, for a single value).</param>
public sealed record SignalsAcceptedResponse(int Accepted, int Rejected, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>The indicator series and the push counters.</summary>
/// <param name="Series">Every series the engine holds.</param>
/// <param name="AcceptedValues">Values accepted since start.</param>
/// <param name="RejectedValues">Values rejected since start.</param>
/// <param name="QueuedValues">Values waiting for the engine loop.</param>
/// <param name="MaxSeries">The most series the engine holds.</param>
public sealed record SignalsResponse(SignalSeriesResponse[] Series, long AcceptedValues, long RejectedValues, int QueuedValues, int MaxSeries);

/// <summary>One indicator series.</summary>
/// <param name="Series">The symbol.</param>
/// <param name="Name">The readable name.</param>
/// <param name="Category">The category, snake_case.</param>
/// <param name="Segment">The stress segment, snake_case.</param>
/// <param name="ValueCount">Values the engine has taken.</param>
/// <param name="LatestValue">The latest value, or null before the first.</param>
/// <param name="PostedAt">The latest posted timestamp (ISO-8601 UTC), or null when none was posted.</param>
/// <param name="ZScore">The signed z-score of the latest change, or null while warming up.</param>
/// <param name="Ready">Whether the z-score detector is warm.</param>
/// <param name="StepMaxAbsZ">The largest |z| in the latest market step.</param>
/// <param name="Fired">Whether any detector fired on the series in the latest market step (it then counts as a signal).</param>
/// <param name="FiredSteps">The market steps in which any detector fired on the series since it was first seen.</param>
/// <param name="Detectors">The detectors that fired in the latest market step, snake_case.</param>
public sealed record SignalSeriesResponse(
    string Series,
    string Name,
    string Category,
    string Segment,
    long ValueCount,
    double? LatestValue,
    string? PostedAt,
    double? ZScore,
    bool Ready,
    double StepMaxAbsZ,
    bool Fired,
    long FiredSteps,
    string[] Detectors)
{
    /// <summary>The wire form of an engine series.</summary>
    public static SignalSeriesResponse From(IndicatorInfo info, long? postedAtNs) => new(
        info.Symbol,
        info.Name,
        SignalNames.Category(info.Category),
        SignalNames.Segment(info.Segment),
        info.ValueCount,
        double.IsFinite(info.LatestValue) ? info.LatestValue : null,
        postedAtNs is { } ns ? DateTimeOffset.FromUnixTimeMilliseconds(ns / 1_000_000).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) : null,
        double.IsFinite(info.ZScore) ? info.ZScore : null,
        info.Ready,
        info.StepMaxAbsZ,
        info.Fired != FiredDetectors.None,
        info.FiredSteps,
        [.. Enum.GetValues<FiredDetectors>().Where(d => d != FiredDetectors.None && (info.Fired & d) != 0).Select(d => JsonNamingPolicy.SnakeCaseLower.ConvertName(d.ToString()))]);
}
