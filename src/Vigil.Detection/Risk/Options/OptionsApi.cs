using Vigil.Core.Validation;

namespace Vigil.Detection.Risk.Options;

/// <summary>
/// The body of <c>/api/v1/options/price</c>: one European option on a futures contract. Validate first; every
/// problem comes back at once. Enums serialise as names with a <c>JsonStringEnumConverter</c>.
/// </summary>
/// <param name="Type">Call or put.</param>
/// <param name="Forward">The futures level F; positive.</param>
/// <param name="Strike">The strike K; positive.</param>
/// <param name="ExpiryYears">The time to expiry in years; in [0, 100].</param>
/// <param name="RiskFreeRate">The continuously compounded discount rate (0.05 is 5%); in [−1, 1].</param>
/// <param name="Volatility">The volatility a year (0.2 is 20%); in [0, 100].</param>
public sealed record OptionPriceRequest(
    OptionType Type,
    double Forward,
    double Strike,
    double ExpiryYears,
    double RiskFreeRate,
    double Volatility)
{
    /// <summary>Every problem with the request, each naming the field and its value.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new OptionErrors();
        OptionsApiChecks.Market(errors, Type, Forward, Strike, ExpiryYears, RiskFreeRate);
        errors.Require(Volatility >= 0 && Volatility <= Black76.MaxVolatility, $"Volatility must be in [0, {Black76.MaxVolatility}] (got {Volatility})");
        return errors.Errors;
    }

    /// <summary>Prices the option.</summary>
    /// <exception cref="ArgumentException">The request is invalid; the message lists every problem.</exception>
    public OptionPriceResponse Evaluate()
    {
        OptionsApiChecks.ThrowIfAny(Validate(), nameof(OptionPriceRequest));
        var g = Black76.Greeks(Type, Forward, Strike, ExpiryYears, RiskFreeRate, Volatility);
        return new OptionPriceResponse(
            this, g.Price, g.Delta, g.Gamma, g.Vega, g.VegaPerVolPoint, g.ThetaPerYear, g.ThetaPerDay, g.Rho,
            g.RhoPerBasisPoint);
    }
}

/// <summary>The Black-76 premium and Greeks of one option on one unit of the underlying; see <see cref="Black76Greeks"/> for conventions.</summary>
/// <param name="Request">The request priced.</param>
/// <param name="Price">The premium, in the futures' price units.</param>
/// <param name="Delta">∂V/∂F, discounted (QuantLib's deltaForward).</param>
/// <param name="Gamma">∂²V/∂F².</param>
/// <param name="Vega">∂V/∂σ per 1.00 of volatility.</param>
/// <param name="VegaPerVolPoint">∂V/∂σ per volatility point (0.01).</param>
/// <param name="ThetaPerYear">∂V/∂t per year of calendar time.</param>
/// <param name="ThetaPerDay">∂V/∂t per calendar day (1/365 year).</param>
/// <param name="Rho">∂V/∂r per 1.00 of rate, F fixed.</param>
/// <param name="RhoPerBasisPoint">∂V/∂r per basis point.</param>
public sealed record OptionPriceResponse(
    OptionPriceRequest Request,
    double Price,
    double Delta,
    double Gamma,
    double Vega,
    double VegaPerVolPoint,
    double ThetaPerYear,
    double ThetaPerDay,
    double Rho,
    double RhoPerBasisPoint);

/// <summary>The body of <c>/api/v1/options/implied-vol</c>: the volatility implied by an observed premium.</summary>
/// <param name="Type">Call or put.</param>
/// <param name="Forward">The futures level F; positive.</param>
/// <param name="Strike">The strike K; positive.</param>
/// <param name="ExpiryYears">The time to expiry in years; in [0, 100].</param>
/// <param name="RiskFreeRate">The continuously compounded discount rate; in [−1, 1].</param>
/// <param name="Price">The observed premium per unit of the underlying; non-negative.</param>
/// <param name="LowerVolatility">The lowest volatility searched; positive.</param>
/// <param name="UpperVolatility">The highest volatility searched; above the lowest, at most 100.</param>
/// <param name="MaxIterations">The most solver steps; in [1, 10,000].</param>
public sealed record ImpliedVolatilityRequest(
    OptionType Type,
    double Forward,
    double Strike,
    double ExpiryYears,
    double RiskFreeRate,
    double Price,
    double LowerVolatility = 1e-6,
    double UpperVolatility = 5.0,
    int MaxIterations = 100)
{
    /// <summary>Every problem with the request, each naming the field and its value.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new OptionErrors();
        OptionsApiChecks.Market(errors, Type, Forward, Strike, ExpiryYears, RiskFreeRate);
        errors.Require(Price >= 0 && double.IsFinite(Price), $"Price must be non-negative and finite (got {Price})");
        foreach (var problem in SolverOptions().Validate())
        {
            errors.Require(false, problem);
        }

        return errors.Errors;
    }

    /// <summary>Solves for the volatility; ordinary failures come back in the response's status.</summary>
    /// <exception cref="ArgumentException">The request is invalid; the message lists every problem.</exception>
    public ImpliedVolatilityResponse Evaluate()
    {
        OptionsApiChecks.ThrowIfAny(Validate(), nameof(ImpliedVolatilityRequest));
        var result = Black76.ImpliedVolatility(Type, Forward, Strike, ExpiryYears, RiskFreeRate, Price, SolverOptions());
        return new ImpliedVolatilityResponse(
            this,
            result.Status,
            result.IsConverged,
            double.IsFinite(result.Volatility) ? result.Volatility : null,
            result.Iterations,
            result.Describe());
    }

    private ImpliedVolatilityOptions SolverOptions() =>
        new(LowerVolatility, UpperVolatility, ImpliedVolatilityOptions.Default.VolatilityTolerance, MaxIterations);
}

/// <summary>The outcome of an implied-volatility request. No NaN: a missing volatility is null, so it serialises to JSON.</summary>
/// <param name="Request">The request solved.</param>
/// <param name="Status">Converged, or why not.</param>
/// <param name="Converged">Whether <paramref name="Volatility"/> reprices the premium.</param>
/// <param name="Volatility">The implied volatility a year when converged; the last estimate when not converged; null otherwise.</param>
/// <param name="Iterations">The solver steps used.</param>
/// <param name="Message">A one-line explanation of the status.</param>
public sealed record ImpliedVolatilityResponse(
    ImpliedVolatilityRequest Request,
    ImpliedVolatilityStatus Status,
    bool Converged,
    double? Volatility,
    int Iterations,
    string Message);

/// <summary>
/// The body of <c>/api/v1/options/book/scenarios</c>: a book (the demo book when null) and the crisis presets to
/// reprice it under (all of them when null or empty).
/// </summary>
/// <param name="Book">The positions and rate; <see cref="OptionsBookOptions.Demo"/> when null.</param>
/// <param name="ScenarioIds">Preset ids, for example <c>lehman2008</c>; all presets when null or empty.</param>
public sealed record OptionsScenariosRequest(OptionsBookOptions? Book = null, IReadOnlyList<string>? ScenarioIds = null)
{
    /// <summary>Every problem with the request: the book's, and ids that are not in <paramref name="knownScenarioIds"/>.</summary>
    /// <param name="knownScenarioIds">The valid scenario ids (case-insensitive), for example the crisis presets' ids.</param>
    public IReadOnlyList<string> Validate(IReadOnlyCollection<string> knownScenarioIds)
    {
        ArgumentNullException.ThrowIfNull(knownScenarioIds);
        var errors = new OptionErrors();
        if (Book is not null)
        {
            errors.AddNested(nameof(Book), Book.Validate());
        }

        if (ScenarioIds is not null)
        {
            for (var i = 0; i < ScenarioIds.Count; i++)
            {
                var id = ScenarioIds[i];
                errors.Require(
                    id is not null && knownScenarioIds.Contains(id.Trim(), StringComparer.OrdinalIgnoreCase),
                    $"ScenarioIds[{i}] '{id}' is not a known scenario (valid: {string.Join(", ", knownScenarioIds)})");
            }
        }

        return errors.Errors;
    }
}

/// <summary>The response of <c>/api/v1/options/book/scenarios</c>: the book as it stands and its P&amp;L under each scenario.</summary>
/// <param name="Book">The book's value and Greeks before any shock (also the body of <c>/api/v1/options/book</c>).</param>
/// <param name="Scenarios">One result per scenario, in request order (preset order when all).</param>
public sealed record OptionsScenariosResponse(OptionsBookValuation Book, IReadOnlyList<OptionsScenarioResult> Scenarios);

/// <summary>Checks shared by the request records.</summary>
internal static class OptionsApiChecks
{
    public static void Market(OptionErrors errors, OptionType type, double forward, double strike, double expiryYears, double rate)
    {
        errors.Require(type is OptionType.Call or OptionType.Put, $"Type must be Call or Put (got {type})");
        errors.Require(forward > 0 && double.IsFinite(forward), $"Forward must be positive and finite (got {forward})");
        errors.Require(strike > 0 && double.IsFinite(strike), $"Strike must be positive and finite (got {strike})");
        errors.Require(expiryYears >= 0 && expiryYears <= Black76.MaxExpiryYears, $"ExpiryYears must be in [0, {Black76.MaxExpiryYears}] (got {expiryYears})");
        errors.Require(Math.Abs(rate) <= Black76.MaxAbsoluteRate, $"RiskFreeRate must be in [-1, 1] (got {rate})");
    }

    public static void ThrowIfAny(IReadOnlyList<string> problems, string name)
    {
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid {name}: {string.Join("; ", problems)}.");
        }
    }
}
