using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Vigil.Core.Instruments;
using Vigil.Detection.CrossAsset;
using Vigil.Detection.Neural;
using Vigil.Detection.Risk;
using Vigil.Detection.Risk.Credit;
using Vigil.Detection.Risk.Options;
using Vigil.Detection.Systemic;
using Vigil.Engine.Risk;
using Vigil.Engine.Simulation;
using Vigil.Server.Live;

namespace Vigil.Server.Api;

/// <summary>
/// The risk models: CISS, the correlation structure (absorption ratio, turbulence), VaR and ES with backtests,
/// Merton distance to default and SRISK, the LSTM autoencoder, Black-76 pricing and the demo options book. Every
/// GET reads the engine's latest immutable snapshot (<see cref="LiveRisk"/>, taken every
/// <c>Vigil:Risk:SnapshotIntervalMs</c> of event time), so requests never touch the models themselves; 503 until
/// the first snapshot exists.
/// </summary>
internal static class RiskApi
{
    private const string WarmingUpDetail =
        "The risk models have no snapshot yet: the engine is warming up. Retry in a moment.";

    public static RouteGroupBuilder MapRiskApi(this RouteGroupBuilder api)
    {
        var risk = api.MapGroup(string.Empty).WithTags("Risk");
        risk.MapGet("/risk", GetRisk)
            .WithName("GetRiskSummary")
            .WithSummary("The risk models at a glance: CISS and its top segment, absorption-ratio shift, turbulence, portfolio VaR with its regime and traffic light, minimum distance to default, aggregate SRISK, autoencoder score.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        risk.MapGet("/ciss/breakdown", GetCiss)
            .WithName("GetCissBreakdown")
            .WithSummary("The CISS composite indicator of systemic stress: the index in [0, 1], each segment's sub-index, weight and contribution, the correlation part, the segment correlation matrix and every indicator.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        risk.MapGet("/correlation/structure", GetCorrelationStructure)
            .WithName("GetCorrelationStructure")
            .WithSummary("The absorption ratio (top eigenvalues, short and long averages, standardised shift) and the turbulence index (Mahalanobis distance, magnitude and correlation surprise, per-instrument moves).")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        risk.MapGet("/var", GetVar)
            .WithName("GetValueAtRisk")
            .WithSummary("VaR and ES (historical, Gaussian, Cornish-Fisher) at each confidence, regime and backtests (Kupiec, Christoffersen, Basel traffic light), for the equally weighted portfolio and per instrument.")
            .WithDescription("Optional query symbols=SPX,UST10Y keeps only those instruments (any case); an unknown symbol is a 400. VaR and ES are positive losses in return units (log returns for prices, level differences for yields) over the configured horizon of steps.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        risk.MapGet("/merton", GetMerton)
            .WithName("GetMerton")
            .WithSummary("Merton distance to default per institution: equity and asset value and volatility, default point, DD, PD and the solver's status.")
            .WithDescription("Always 200 once a snapshot exists: when the credit monitor is absent (the instruments lack the configured institutions' symbols) the body has available: false and unavailable_reason.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        risk.MapGet("/merton/srisk", GetSrisk)
            .WithName("GetSrisk")
            .WithSummary("SRISK: aggregate, over total equity, and per institution (SRISK, share, beta, LRMES), largest first.")
            .WithDescription("available: false with unavailable_reason when the credit monitor is absent.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        risk.MapGet("/autoencoder", GetAutoencoder)
            .WithName("GetAutoencoder")
            .WithSummary("The LSTM autoencoder's reconstruction error, score and per-feature errors, or available: false with the reason (no trained model loaded).")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        var options = api.MapGroup("/options").WithTags("Options");
        options.MapPost("/price", PostPrice)
            .WithName("PriceOption")
            .WithSummary("Black-76 price and Greeks of a European option on a futures contract.")
            .WithDescription("Body: type (call or put), forward, strike, expiry_years, risk_free_rate (continuous, annual), volatility (annual). Every invalid field is listed in a 400.")
            .ProducesValidationProblem();
        options.MapPost("/implied-vol", PostImpliedVolatility)
            .WithName("ImpliedVolatility")
            .WithSummary("The Black-76 implied volatility of an option price, with the solver's status.")
            .ProducesValidationProblem();
        options.MapGet("/book", GetBook)
            .WithName("GetOptionsBook")
            .WithSummary("The demo options book valued at the live market: value and Greeks per position, per underlying and in total.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        options.MapGet("/book/scenarios", GetBookScenarios)
            .WithName("GetOptionsBookScenarios")
            .WithSummary("The demo book (at the live market once the engine has a snapshot) repriced under every crisis preset: full Black-76 repricing and the Greeks approximation.");
        options.MapPost("/book/scenarios", PostBookScenarios)
            .WithName("RunOptionsBookScenarios")
            .WithSummary("A posted book (or the demo book) repriced under the named crisis presets (or all).")
            .WithDescription("Body: { \"book\": { \"positions\": [...], \"risk_free_rate\": 0.05 }, \"scenario_ids\": [\"lehman2008\"] }; both optional.")
            .ProducesValidationProblem();
        return api;
    }

    /// <summary>The dashboard's summary.</summary>
    internal static Results<Utf8JsonResult<RiskSummary>, ProblemHttpResult> GetRisk(LiveRisk risk, RiskJson json) =>
        risk.Latest is { } s ? json.Ok(s.Summarise()) : WarmingUp();

    /// <summary>The CISS breakdown.</summary>
    internal static Results<Utf8JsonResult<CissResponse>, ProblemHttpResult> GetCiss(LiveRisk risk, RiskJson json) =>
        risk.Latest is { } s ? json.Ok(new CissResponse(s.Ts, s.TimestampNs, s.Step, s.Ciss)) : WarmingUp();

    /// <summary>The absorption ratio and turbulence.</summary>
    internal static Results<Utf8JsonResult<CorrelationStructureResponse>, ProblemHttpResult> GetCorrelationStructure(LiveRisk risk, RiskJson json) =>
        risk.Latest is { } s
            ? json.Ok(new CorrelationStructureResponse(s.Ts, s.TimestampNs, s.Step, s.AbsorptionRatio, s.Turbulence))
            : WarmingUp();

    /// <summary>The market-risk report, optionally for some instruments only.</summary>
    /// <param name="symbols">Comma-separated symbols to keep (any case); all when absent.</param>
    /// <param name="risk">The latest snapshot.</param>
    /// <param name="json">The risk JSON options.</param>
    internal static Results<Utf8JsonResult<VarResponse>, ValidationProblem, ProblemHttpResult> GetVar(string? symbols, LiveRisk risk, RiskJson json)
    {
        if (risk.Latest is not { } s)
        {
            return WarmingUp();
        }

        var report = s.MarketRisk;
        if (symbols is not null)
        {
            var errors = new ApiErrors();
            var wanted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var part in symbols.Split(',', StringSplitOptions.TrimEntries))
            {
                if (part.Length == 0)
                {
                    errors.Add("symbols", "must be a comma-separated list of symbols, without empty entries");
                    continue;
                }

                var known = false;
                foreach (var instrument in report.Instruments)
                {
                    known |= string.Equals(instrument.Symbol, part, StringComparison.OrdinalIgnoreCase);
                }

                if (!known)
                {
                    errors.Add("symbols", $"'{ApiParse.Shorten(part)}' is not an instrument");
                }

                wanted.Add(part);
            }

            if (errors.Any)
            {
                return errors.ToProblem();
            }

            var kept = new List<SeriesRisk>();
            foreach (var instrument in report.Instruments)
            {
                if (wanted.Contains(instrument.Symbol))
                {
                    kept.Add(instrument);
                }
            }

            report = report with { Instruments = kept };
        }

        return json.Ok(new VarResponse(s.Ts, s.TimestampNs, s.Step, report));
    }

    /// <summary>Merton per institution.</summary>
    internal static Results<Utf8JsonResult<MertonResponse>, ProblemHttpResult> GetMerton(LiveRisk risk, RiskJson json)
    {
        if (risk.Latest is not { } s)
        {
            return WarmingUp();
        }

        var c = s.Credit;
        return json.Ok(new MertonResponse(
            s.Ts,
            s.TimestampNs,
            s.Step,
            c is not null,
            s.CreditUnavailableReason,
            c?.IsReady ?? false,
            c?.RiskFreeRate,
            c?.HorizonYears,
            c?.MinDistanceToDefault,
            c?.Weakest,
            c?.Institutions ?? []));
    }

    /// <summary>SRISK, largest first.</summary>
    internal static Results<Utf8JsonResult<SriskResponse>, ProblemHttpResult> GetSrisk(LiveRisk risk, RiskJson json)
    {
        if (risk.Latest is not { } s)
        {
            return WarmingUp();
        }

        var c = s.Credit;
        var rows = new List<SriskInstitution>();
        if (c is not null)
        {
            foreach (var i in c.Institutions)
            {
                rows.Add(new SriskInstitution(i.Name, i.EquitySymbol, i.Srisk, i.SriskShare, i.Beta, i.Lrmes, i.EquityValue, i.Liabilities));
            }

            rows.Sort((a, b) => b.Srisk.CompareTo(a.Srisk));
        }

        return json.Ok(new SriskResponse(
            s.Ts, s.TimestampNs, s.Step, c is not null, s.CreditUnavailableReason, c?.AggregateSrisk, c?.TotalEquity, c?.SriskToEquity, rows));
    }

    /// <summary>The autoencoder's breakdown or why there is none.</summary>
    internal static Results<Utf8JsonResult<AutoencoderResponse>, ProblemHttpResult> GetAutoencoder(LiveRisk risk, RiskJson json) =>
        risk.Latest is { } s
            ? json.Ok(new AutoencoderResponse(s.Ts, s.TimestampNs, s.Step, s.Autoencoder is not null, s.AutoencoderUnavailableReason, s.Autoencoder))
            : WarmingUp();

    /// <summary>Black-76 price and Greeks.</summary>
    internal static Results<Utf8JsonResult<OptionPriceResponse>, ValidationProblem> PostPrice(OptionPriceRequest request, RiskJson json)
    {
        var problems = request.Validate();
        return problems.Count > 0 ? Invalid(problems) : json.Ok(request.Evaluate());
    }

    /// <summary>Black-76 implied volatility.</summary>
    internal static Results<Utf8JsonResult<ImpliedVolatilityResponse>, ValidationProblem> PostImpliedVolatility(ImpliedVolatilityRequest request, RiskJson json)
    {
        var problems = request.Validate();
        return problems.Count > 0 ? Invalid(problems) : json.Ok(request.Evaluate());
    }

    /// <summary>The demo book at the live market.</summary>
    internal static Results<Utf8JsonResult<OptionsBookResponse>, ProblemHttpResult> GetBook(LiveRisk risk, RiskJson json) =>
        risk.Latest is { } s ? json.Ok(new OptionsBookResponse(s.Ts, s.TimestampNs, s.Step, s.Book)) : WarmingUp();

    /// <summary>The demo book under every preset.</summary>
    internal static Utf8JsonResult<OptionsScenariosResponse> GetBookScenarios(LiveRisk risk, SimulatorControl control, RiskJson json)
    {
        var book = risk.Latest?.BookOptions ?? OptionsBookOptions.Demo;
        return json.Ok(OptionsScenarioRunner.Run(new OptionsScenariosRequest(book), Universe(risk, control)));
    }

    /// <summary>A posted book and/or presets.</summary>
    internal static Results<Utf8JsonResult<OptionsScenariosResponse>, ValidationProblem> PostBookScenarios(
        OptionsScenariosRequest request, LiveRisk risk, SimulatorControl control, RiskJson json)
    {
        var problems = request.Validate(CrisisPresets.Ids);
        if (problems.Count > 0)
        {
            return Invalid(problems);
        }

        var resolved = request.Book is null ? request with { Book = risk.Latest?.BookOptions ?? OptionsBookOptions.Demo } : request;
        return json.Ok(OptionsScenarioRunner.Run(resolved, Universe(risk, control)));
    }

    private static IReadOnlyList<Instrument> Universe(LiveRisk risk, SimulatorControl control) =>
        risk.Instruments.Count > 0 ? risk.Instruments : control.Simulator.Registry.All;

    private static ProblemHttpResult WarmingUp() => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Risk models warming up.",
        detail: WarmingUpDetail);

    /// <summary>
    /// A 400 listing every problem a request record's Validate() found, each under its field: the problem's first
    /// word (<c>Book.Positions[0].Strike</c>) in the API's snake_case (<c>book.positions[0].strike</c>).
    /// </summary>
    internal static ValidationProblem Invalid(IReadOnlyList<string> problems)
    {
        var errors = new ApiErrors();
        foreach (var problem in problems)
        {
            var space = problem.IndexOf(' ', StringComparison.Ordinal);
            var field = space > 0 ? problem[..space] : "body";
            errors.Add(SnakeCase(field), problem);
        }

        return errors.ToProblem();
    }

    private static string SnakeCase(string path)
    {
        var builder = new StringBuilder(path.Length + 8);
        var previousLetter = false;
        foreach (var ch in path)
        {
            if (char.IsUpper(ch))
            {
                if (previousLetter)
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(ch));
                previousLetter = true;
            }
            else
            {
                builder.Append(ch);
                previousLetter = char.IsLetterOrDigit(ch);
            }
        }

        return builder.ToString();
    }
}

/// <summary>
/// The risk API's JSON: the API's snake_case options, plus NaN and infinities written as strings rather than failing
/// the response (a model still filling a window reports NaN for a figure it cannot compute yet).
/// </summary>
internal sealed class RiskJson(IOptions<JsonOptions> json)
{
    private readonly JsonSerializerOptions _options = new(json.Value.SerializerOptions)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>A 200 with the value serialized once.</summary>
    public Utf8JsonResult<T> Ok<T>(T value) =>
        new(JsonSerializer.SerializeToUtf8Bytes(value, (JsonTypeInfo<T>)_options.GetTypeInfo(typeof(T))));
}

/// <summary>The CISS breakdown at the latest snapshot.</summary>
/// <param name="Ts">The snapshot's event time (UTC).</param>
/// <param name="TsNs">The same in nanoseconds since the Unix epoch.</param>
/// <param name="Step">The engine's step number.</param>
/// <param name="Ciss">The index, segments, correlations and indicators.</param>
public sealed record CissResponse(DateTime Ts, long TsNs, long Step, CissBreakdown Ciss);

/// <summary>The correlation structure at the latest snapshot.</summary>
/// <param name="Ts">The snapshot's event time (UTC).</param>
/// <param name="TsNs">The same in nanoseconds since the Unix epoch.</param>
/// <param name="Step">The engine's step number.</param>
/// <param name="AbsorptionRatio">The absorption ratio; null with a single instrument.</param>
/// <param name="Turbulence">The turbulence index; null with a single instrument.</param>
public sealed record CorrelationStructureResponse(DateTime Ts, long TsNs, long Step, AbsorptionRatioBreakdown? AbsorptionRatio, TurbulenceBreakdown? Turbulence);

/// <summary>VaR, ES and backtests at the latest snapshot.</summary>
/// <param name="Ts">The snapshot's event time (UTC).</param>
/// <param name="TsNs">The same in nanoseconds since the Unix epoch.</param>
/// <param name="Step">The engine's step number.</param>
/// <param name="Report">The portfolio's and each (kept) instrument's risk.</param>
public sealed record VarResponse(DateTime Ts, long TsNs, long Step, MarketRiskReport Report);

/// <summary>Merton distance to default at the latest snapshot.</summary>
/// <param name="Ts">The snapshot's event time (UTC).</param>
/// <param name="TsNs">The same in nanoseconds since the Unix epoch.</param>
/// <param name="Step">The engine's step number.</param>
/// <param name="Available">Whether the credit monitor runs.</param>
/// <param name="UnavailableReason">Why it does not, or null.</param>
/// <param name="IsReady">Whether its windows are full.</param>
/// <param name="RiskFreeRate">The annual risk-free rate used; null when unavailable.</param>
/// <param name="HorizonYears">The default horizon, in years; null when unavailable.</param>
/// <param name="MinDistanceToDefault">The smallest distance to default, in standard deviations; null when none.</param>
/// <param name="Weakest">The institution with it, or null.</param>
/// <param name="Institutions">Per institution: equity and asset value and volatility, default point, DD, PD, solver status.</param>
public sealed record MertonResponse(
    DateTime Ts,
    long TsNs,
    long Step,
    bool Available,
    string? UnavailableReason,
    bool IsReady,
    double? RiskFreeRate,
    double? HorizonYears,
    double? MinDistanceToDefault,
    string? Weakest,
    IReadOnlyList<InstitutionCreditRisk> Institutions);

/// <summary>One institution's SRISK.</summary>
/// <param name="Name">The institution.</param>
/// <param name="EquitySymbol">The equity series it is modelled from.</param>
/// <param name="Srisk">Its SRISK, capital shortfall in a crisis, ≥ 0, in balance-sheet currency units.</param>
/// <param name="SriskShare">Its share of the aggregate, in [0, 1].</param>
/// <param name="Beta">Its beta to the market; null while warming up.</param>
/// <param name="Lrmes">Long-run marginal expected shortfall, the equity loss fraction in a crisis, in [0, 1].</param>
/// <param name="EquityValue">Its market equity.</param>
/// <param name="Liabilities">Its liabilities.</param>
public sealed record SriskInstitution(string Name, string EquitySymbol, double Srisk, double SriskShare, double? Beta, double Lrmes, double EquityValue, double Liabilities);

/// <summary>SRISK at the latest snapshot.</summary>
/// <param name="Ts">The snapshot's event time (UTC).</param>
/// <param name="TsNs">The same in nanoseconds since the Unix epoch.</param>
/// <param name="Step">The engine's step number.</param>
/// <param name="Available">Whether the credit monitor runs.</param>
/// <param name="UnavailableReason">Why it does not, or null.</param>
/// <param name="AggregateSrisk">The sum of positive SRISK; null when unavailable.</param>
/// <param name="TotalEquity">The institutions' total equity; null when unavailable.</param>
/// <param name="SriskToEquity">Aggregate SRISK over total equity; null when unavailable.</param>
/// <param name="Institutions">Per institution, largest SRISK first.</param>
public sealed record SriskResponse(
    DateTime Ts,
    long TsNs,
    long Step,
    bool Available,
    string? UnavailableReason,
    double? AggregateSrisk,
    double? TotalEquity,
    double? SriskToEquity,
    IReadOnlyList<SriskInstitution> Institutions);

/// <summary>The LSTM autoencoder at the latest snapshot.</summary>
/// <param name="Ts">The snapshot's event time (UTC).</param>
/// <param name="TsNs">The same in nanoseconds since the Unix epoch.</param>
/// <param name="Step">The engine's step number.</param>
/// <param name="Available">Whether the engine runs a trained autoencoder.</param>
/// <param name="UnavailableReason">Why not, with how to train one; null when available.</param>
/// <param name="Breakdown">Its reconstruction error, score and per-feature errors; null when unavailable.</param>
public sealed record AutoencoderResponse(DateTime Ts, long TsNs, long Step, bool Available, string? UnavailableReason, LstmAutoencoderBreakdown? Breakdown);

/// <summary>The demo options book at the live market.</summary>
/// <param name="Ts">The snapshot's event time (UTC).</param>
/// <param name="TsNs">The same in nanoseconds since the Unix epoch.</param>
/// <param name="Step">The engine's step number.</param>
/// <param name="Book">Value and Greeks in total, per underlying and per position.</param>
public sealed record OptionsBookResponse(DateTime Ts, long TsNs, long Step, OptionsBookValuation Book);
