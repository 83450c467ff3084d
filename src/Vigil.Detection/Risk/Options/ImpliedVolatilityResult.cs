namespace Vigil.Detection.Risk.Options;

/// <summary>Why <see cref="Black76.ImpliedVolatility"/> did or did not find a volatility.</summary>
public enum ImpliedVolatilityStatus
{
    /// <summary>A volatility in the bracket reprices the premium; <see cref="ImpliedVolatilityResult.Volatility"/> holds it.</summary>
    Converged = 0,

    /// <summary>The premium is below the discounted intrinsic value e^{−rT}·max(±(F − K), 0): no volatility gives it (an arbitrage).</summary>
    BelowIntrinsic,

    /// <summary>The premium is above intrinsic but below the price at the bracket's lowest volatility.</summary>
    BelowLowerBound,

    /// <summary>The premium is above the price at the bracket's highest volatility (or above the no-arbitrage bound e^{−rT}·F for a call, e^{−rT}·K for a put).</summary>
    AboveUpperBound,

    /// <summary>The option has expired (T = 0) or is so far from the money that its price carries no information about volatility.</summary>
    NoTimeValue,

    /// <summary>The solver used up its iterations without meeting the tolerance; <see cref="ImpliedVolatilityResult.Volatility"/> holds its last estimate.</summary>
    NotConverged,
}

/// <summary>The outcome of an implied-volatility solve: a status rather than an exception for the ordinary failures.</summary>
/// <param name="Status">Whether it converged, and why not.</param>
/// <param name="Volatility">The implied volatility as a fraction a year (0.2 is 20%) when converged; the last estimate when not converged; NaN otherwise.</param>
/// <param name="Iterations">The solver iterations used; 0 when the premium was rejected before solving.</param>
public readonly record struct ImpliedVolatilityResult(ImpliedVolatilityStatus Status, double Volatility, int Iterations)
{
    /// <summary>Whether <see cref="Volatility"/> reprices the premium.</summary>
    public bool IsConverged => Status == ImpliedVolatilityStatus.Converged;

    /// <summary>A one-line explanation of <see cref="Status"/>, for API responses and messages.</summary>
    public string Describe() => Status switch
    {
        ImpliedVolatilityStatus.Converged => $"converged in {Iterations} iterations",
        ImpliedVolatilityStatus.BelowIntrinsic => "the premium is below the discounted intrinsic value",
        ImpliedVolatilityStatus.BelowLowerBound => "the premium is below the price at the lowest volatility searched",
        ImpliedVolatilityStatus.AboveUpperBound => "the premium is above the price at the highest volatility searched",
        ImpliedVolatilityStatus.NoTimeValue => "the option has no time value that depends on volatility",
        ImpliedVolatilityStatus.NotConverged => $"no convergence in {Iterations} iterations",
        _ => Status.ToString(),
    };
}

/// <summary>The bracket and tolerances of <see cref="Black76.ImpliedVolatility"/>.</summary>
/// <param name="LowerVolatility">The lowest volatility searched, as a fraction a year; positive.</param>
/// <param name="UpperVolatility">The highest volatility searched; above <paramref name="LowerVolatility"/>, at most 100.</param>
/// <param name="VolatilityTolerance">Converged once the bracket or the Newton step is narrower than this, in volatility units; positive.</param>
/// <param name="MaxIterations">The most Newton or bisection steps; in [1, 10,000].</param>
public sealed record ImpliedVolatilityOptions(
    double LowerVolatility = 1e-6,
    double UpperVolatility = 5.0,
    double VolatilityTolerance = 1e-12,
    int MaxIterations = 100)
{
    /// <summary>The defaults: bracket [1e-6, 5], tolerance 1e-12, 100 iterations.</summary>
    public static ImpliedVolatilityOptions Default { get; } = new();

    /// <summary>Every problem with these options.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new Vigil.Core.Validation.OptionErrors();
        errors.Require(LowerVolatility > 0 && double.IsFinite(LowerVolatility), $"LowerVolatility must be positive and finite (got {LowerVolatility})");
        errors.Require(UpperVolatility > LowerVolatility && UpperVolatility <= 100, $"UpperVolatility must exceed LowerVolatility and be at most 100 (got {UpperVolatility})");
        errors.Require(VolatilityTolerance > 0 && VolatilityTolerance < 1, $"VolatilityTolerance must be in (0, 1) (got {VolatilityTolerance})");
        errors.Require(MaxIterations is >= 1 and <= 10_000, $"MaxIterations must be in [1, 10000] (got {MaxIterations})");
        return errors.Errors;
    }
}
