using Vigil.Core.Numerics;

namespace Vigil.Detection.Risk.Credit;

/// <summary>How a Merton solve ended.</summary>
public enum MertonSolveStatus
{
    /// <summary>Newton's method on the two equations converged.</summary>
    Converged,

    /// <summary>Newton's method failed and the bracketed fallback (bisection on the asset volatility) converged.</summary>
    ConvergedByFallback,

    /// <summary>Neither method reached the tolerance within its iteration budget; the values are the last iterate.</summary>
    NotConverged,
}

/// <summary>The asset value and asset volatility implied by an equity value and an equity volatility.</summary>
/// <param name="AssetValue">The market value of the assets V, in the units of the equity value.</param>
/// <param name="AssetVolatility">The annualised asset volatility σ_V, as a fraction (0.05 is 5%).</param>
/// <param name="Status">How the solve ended.</param>
/// <param name="Iterations">Newton steps plus fallback steps taken.</param>
/// <param name="Residual">The largest relative residual of the two equations at the answer.</param>
public readonly record struct MertonSolution(
    double AssetValue,
    double AssetVolatility,
    MertonSolveStatus Status,
    int Iterations,
    double Residual)
{
    /// <summary>Whether either method converged.</summary>
    public bool Converged => Status != MertonSolveStatus.NotConverged;

    /// <summary>Why the solve did not converge, or null when it did.</summary>
    public string? Failure => Converged
        ? null
        : $"no (V, σ_V) within tolerance after {Iterations} iterations; last relative residual {Residual:G3}";
}

/// <summary>The result of the iterative KMV procedure over a window of equity values.</summary>
/// <param name="AssetValue">The asset value on the last day of the window.</param>
/// <param name="AssetVolatility">The annualised volatility of the implied daily log asset returns, as a fraction.</param>
/// <param name="AssetDrift">The annualised mean of the implied daily log asset returns plus σ_V²/2 (the estimated μ), as a fraction.</param>
/// <param name="Iterations">The number of passes over the window.</param>
/// <param name="Converged">Whether the asset volatility changed by less than the tolerance on the last pass.</param>
public readonly record struct KmvSolution(double AssetValue, double AssetVolatility, double AssetDrift, int Iterations, bool Converged);

/// <summary>
/// The Merton (1974) structural model of default as used by KMV: the equity is a European call on the firm's assets
/// struck at the default point D and expiring at the horizon T, so E = V·N(d1) − D·e^{−rT}·N(d2) and, by Itô,
/// σ_E·E = N(d1)·σ_V·V. Values are in any one currency unit (the panel uses $ millions); rates, drifts and
/// volatilities are annual fractions; horizons are in years.
/// </summary>
public static class MertonModel
{
    private const double Tolerance = 1e-10;
    private const int NewtonIterations = 50;
    private const int BisectionIterations = 200;

    /// <summary>The equity value as a Black-Scholes call on the assets.</summary>
    /// <param name="assetValue">V; positive.</param>
    /// <param name="assetVolatility">σ_V; positive.</param>
    /// <param name="defaultPoint">D, the strike; positive.</param>
    /// <param name="riskFreeRate">r, continuously compounded.</param>
    /// <param name="horizonYears">T; positive.</param>
    public static double EquityValue(double assetValue, double assetVolatility, double defaultPoint, double riskFreeRate, double horizonYears)
    {
        var sqrtT = Math.Sqrt(horizonYears);
        var d1 = D1(assetValue, assetVolatility, defaultPoint, riskFreeRate, horizonYears, sqrtT);
        var d2 = d1 - (assetVolatility * sqrtT);
        return (assetValue * SpecialFunctions.NormalCdf(d1)) - (defaultPoint * Math.Exp(-riskFreeRate * horizonYears) * SpecialFunctions.NormalCdf(d2));
    }

    /// <summary>The equity volatility implied by the assets: σ_E = N(d1)·σ_V·V / E.</summary>
    /// <param name="assetValue">V; positive.</param>
    /// <param name="assetVolatility">σ_V; positive.</param>
    /// <param name="defaultPoint">D; positive.</param>
    /// <param name="riskFreeRate">r.</param>
    /// <param name="horizonYears">T; positive.</param>
    public static double EquityVolatility(double assetValue, double assetVolatility, double defaultPoint, double riskFreeRate, double horizonYears)
    {
        var sqrtT = Math.Sqrt(horizonYears);
        var d1 = D1(assetValue, assetVolatility, defaultPoint, riskFreeRate, horizonYears, sqrtT);
        var equity = EquityValue(assetValue, assetVolatility, defaultPoint, riskFreeRate, horizonYears);
        return SpecialFunctions.NormalCdf(d1) * assetVolatility * assetValue / equity;
    }

    /// <summary>
    /// The distance to default DD = (ln(V/D) + (μ − σ_V²/2)·T) / (σ_V·√T): how many standard deviations of the
    /// log asset value at the horizon lie between its expected value and the default point. Pass μ = r for the
    /// risk-neutral DD (the convention here unless an estimated drift is asked for).
    /// </summary>
    /// <param name="assetValue">V; positive.</param>
    /// <param name="assetVolatility">σ_V; positive.</param>
    /// <param name="defaultPoint">D; positive.</param>
    /// <param name="drift">μ, the annual asset drift.</param>
    /// <param name="horizonYears">T; positive.</param>
    public static double DistanceToDefault(double assetValue, double assetVolatility, double defaultPoint, double drift, double horizonYears)
    {
        RequirePositive(assetValue, nameof(assetValue));
        RequirePositive(assetVolatility, nameof(assetVolatility));
        RequirePositive(defaultPoint, nameof(defaultPoint));
        RequirePositive(horizonYears, nameof(horizonYears));
        return (Math.Log(assetValue / defaultPoint) + ((drift - (0.5 * assetVolatility * assetVolatility)) * horizonYears))
            / (assetVolatility * Math.Sqrt(horizonYears));
    }

    /// <summary>The probability of default at the horizon, N(−DD), in [0, 1].</summary>
    /// <param name="distanceToDefault">DD.</param>
    public static double ProbabilityOfDefault(double distanceToDefault) => SpecialFunctions.NormalCdf(-distanceToDefault);

    /// <summary>
    /// Solves the two Merton equations for V and σ_V given E and σ_E. Newton's method runs on (ln V, ln σ_V), which
    /// keeps both positive, with step halving when a step does not reduce the residual; when it fails, a bracketed
    /// fallback bisects σ_V in (0, σ_E] on N(d1)·σ_V·V(σ_V) − σ_E·E, where V(σ_V) inverts the call by bisection on
    /// [E, E + D·e^{−rT}]. The bracket always holds a root, so the fallback converges for any valid input.
    /// </summary>
    /// <param name="equityValue">E; positive.</param>
    /// <param name="equityVolatility">σ_E, annualised; positive.</param>
    /// <param name="defaultPoint">D; positive.</param>
    /// <param name="riskFreeRate">r, continuously compounded; finite.</param>
    /// <param name="horizonYears">T; positive.</param>
    /// <returns>The solution and how it was reached; <see cref="MertonSolution.Failure"/> says why when it was not.</returns>
    public static MertonSolution Solve(double equityValue, double equityVolatility, double defaultPoint, double riskFreeRate, double horizonYears = 1.0)
    {
        RequirePositive(equityValue, nameof(equityValue));
        RequirePositive(equityVolatility, nameof(equityVolatility));
        RequirePositive(defaultPoint, nameof(defaultPoint));
        RequirePositive(horizonYears, nameof(horizonYears));
        if (!double.IsFinite(riskFreeRate))
        {
            throw new ArgumentException($"riskFreeRate must be finite (got {riskFreeRate}).", nameof(riskFreeRate));
        }

        var discountedDebt = defaultPoint * Math.Exp(-riskFreeRate * horizonYears);
        var sqrtT = Math.Sqrt(horizonYears);

        // The usual start: the assets are the equity plus the debt, carrying the equity's risk pro rata.
        var v = equityValue + discountedDebt;
        var s = equityVolatility * equityValue / v;
        var residual = Residual(v, s, equityValue, equityVolatility, defaultPoint, discountedDebt, riskFreeRate, horizonYears, sqrtT, out var f1, out var f2);
        var iterations = 0;
        for (; iterations < NewtonIterations && residual > Tolerance; iterations++)
        {
            var d1 = D1(v, s, defaultPoint, riskFreeRate, horizonYears, sqrtT);
            var d2 = d1 - (s * sqrtT);
            var nd1 = SpecialFunctions.NormalCdf(d1);
            var pdf = SpecialFunctions.NormalPdf(d1);

            // Jacobian in (x = ln V, y = ln σ_V): ∂/∂x = V·∂/∂V, ∂/∂y = σ·∂/∂σ; both equations scaled by E.
            var a11 = v * nd1 / equityValue;
            var a12 = s * v * pdf * sqrtT / equityValue;
            var a21 = v * ((s * nd1) + (pdf / sqrtT)) / (equityVolatility * equityValue);
            var a22 = s * ((v * nd1) - (v * pdf * d2)) / (equityVolatility * equityValue);
            var det = (a11 * a22) - (a12 * a21);
            if (!double.IsFinite(det) || Math.Abs(det) < 1e-300)
            {
                break;
            }

            var dx = ((f1 * a22) - (f2 * a12)) / det;
            var dy = ((a11 * f2) - (a21 * f1)) / det;
            var step = 1.0;
            var improved = false;
            for (var halving = 0; halving < 30; halving++, step *= 0.5)
            {
                var vNext = v * Math.Exp(-step * Math.Clamp(dx, -5, 5));
                var sNext = s * Math.Exp(-step * Math.Clamp(dy, -5, 5));
                var next = Residual(vNext, sNext, equityValue, equityVolatility, defaultPoint, discountedDebt, riskFreeRate, horizonYears, sqrtT, out var g1, out var g2);
                if (next < residual)
                {
                    v = vNext;
                    s = sNext;
                    residual = next;
                    f1 = g1;
                    f2 = g2;
                    improved = true;
                    break;
                }
            }

            if (!improved)
            {
                break;
            }
        }

        if (residual <= Tolerance)
        {
            return new MertonSolution(v, s, MertonSolveStatus.Converged, iterations, residual);
        }

        return SolveBracketed(equityValue, equityVolatility, defaultPoint, discountedDebt, riskFreeRate, horizonYears, iterations);
    }

    /// <summary>
    /// The asset value whose call is worth <paramref name="equityValue"/> at asset volatility σ_V: the call is
    /// increasing in V and lies between V − D·e^{−rT} and V, so V is bracketed by [E, E + D·e^{−rT}] and found by
    /// Newton steps kept inside a shrinking bracket.
    /// </summary>
    /// <param name="equityValue">E; positive.</param>
    /// <param name="assetVolatility">σ_V; positive.</param>
    /// <param name="defaultPoint">D; positive.</param>
    /// <param name="riskFreeRate">r.</param>
    /// <param name="horizonYears">T; positive.</param>
    public static double ImpliedAssetValue(double equityValue, double assetVolatility, double defaultPoint, double riskFreeRate, double horizonYears)
    {
        RequirePositive(equityValue, nameof(equityValue));
        RequirePositive(assetVolatility, nameof(assetVolatility));
        RequirePositive(defaultPoint, nameof(defaultPoint));
        RequirePositive(horizonYears, nameof(horizonYears));
        return InvertCall(equityValue, assetVolatility, defaultPoint, defaultPoint * Math.Exp(-riskFreeRate * horizonYears), riskFreeRate, horizonYears);
    }

    /// <summary>
    /// The iterative KMV procedure over a window of daily equity values: start from σ_V = σ_E·E/(E + D); invert the
    /// call for each day's V at the current σ_V; re-estimate σ_V as the annualised standard deviation of the daily log
    /// asset returns; repeat until σ_V changes by less than <paramref name="tolerance"/> (relative).
    /// </summary>
    /// <param name="equityValues">The daily equity values, oldest first; at least 3, all positive.</param>
    /// <param name="defaultPoints">The default point of each day (same length), or one value for every day; positive.</param>
    /// <param name="riskFreeRate">r, continuously compounded.</param>
    /// <param name="horizonYears">T; positive.</param>
    /// <param name="assetValues">Scratch of at least the window's length; receives each day's implied V.</param>
    /// <param name="periodsPerYear">Observations per year, to annualise (252 for trading days).</param>
    /// <param name="tolerance">The relative change of σ_V that ends the iteration; positive.</param>
    /// <param name="maxIterations">The most passes over the window; positive.</param>
    public static KmvSolution SolveKmv(
        ReadOnlySpan<double> equityValues,
        ReadOnlySpan<double> defaultPoints,
        double riskFreeRate,
        double horizonYears,
        Span<double> assetValues,
        double periodsPerYear = 252,
        double tolerance = 1e-6,
        int maxIterations = 200)
    {
        var n = equityValues.Length;
        if (n < 3)
        {
            throw new ArgumentException($"equityValues needs at least 3 values (got {n}).", nameof(equityValues));
        }

        if (defaultPoints.Length != 1 && defaultPoints.Length != n)
        {
            throw new ArgumentException($"defaultPoints must hold 1 or {n} values (got {defaultPoints.Length}).", nameof(defaultPoints));
        }

        if (assetValues.Length < n)
        {
            throw new ArgumentException($"assetValues must hold at least {n} values (got {assetValues.Length}).", nameof(assetValues));
        }

        RequirePositive(horizonYears, nameof(horizonYears));
        RequirePositive(periodsPerYear, nameof(periodsPerYear));
        RequirePositive(tolerance, nameof(tolerance));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIterations, 1);
        for (var t = 0; t < n; t++)
        {
            if (!(equityValues[t] > 0) || !double.IsFinite(equityValues[t]))
            {
                throw new ArgumentException($"equityValues[{t}] must be positive and finite (got {equityValues[t]}).", nameof(equityValues));
            }

            var d = defaultPoints[defaultPoints.Length == 1 ? 0 : t];
            if (!(d > 0) || !double.IsFinite(d))
            {
                throw new ArgumentException($"defaultPoints must be positive and finite (got {d}).", nameof(defaultPoints));
            }
        }

        var equityVolatility = AnnualisedLogVolatility(equityValues, periodsPerYear, out _);
        var lastDefault = defaultPoints[defaultPoints.Length == 1 ? 0 : n - 1];
        var sigma = Math.Max(1e-6, equityVolatility * equityValues[n - 1] / (equityValues[n - 1] + lastDefault));
        var discount = Math.Exp(-riskFreeRate * horizonYears);
        var drift = 0.0;
        for (var iteration = 1; iteration <= maxIterations; iteration++)
        {
            for (var t = 0; t < n; t++)
            {
                var d = defaultPoints[defaultPoints.Length == 1 ? 0 : t];
                assetValues[t] = InvertCall(equityValues[t], sigma, d, d * discount, riskFreeRate, horizonYears);
            }

            var next = Math.Max(1e-8, AnnualisedLogVolatility(assetValues[..n], periodsPerYear, out var meanLog));
            drift = (meanLog * periodsPerYear) + (0.5 * next * next);
            var change = Math.Abs(next - sigma) / sigma;
            sigma = next;
            if (change < tolerance)
            {
                return new KmvSolution(assetValues[n - 1], sigma, drift, iteration, true);
            }
        }

        return new KmvSolution(assetValues[n - 1], sigma, drift, maxIterations, false);
    }

    /// <summary>The annualised sample standard deviation of the log changes of <paramref name="values"/>.</summary>
    /// <param name="values">Positive values, oldest first; at least 3.</param>
    /// <param name="periodsPerYear">Observations per year.</param>
    /// <param name="meanLogChange">The mean log change per period.</param>
    public static double AnnualisedLogVolatility(ReadOnlySpan<double> values, double periodsPerYear, out double meanLogChange)
    {
        if (values.Length < 3)
        {
            throw new ArgumentException($"values needs at least 3 values (got {values.Length}).", nameof(values));
        }

        double mean = 0, m2 = 0;
        var count = 0;
        for (var t = 1; t < values.Length; t++)
        {
            var x = Math.Log(values[t] / values[t - 1]);
            count++;
            var delta = x - mean;
            mean += delta / count;
            m2 += delta * (x - mean);
        }

        meanLogChange = mean;
        return Math.Sqrt(m2 / (count - 1) * periodsPerYear);
    }

    /// <summary>The bracketed fallback alone, for tests: arguments as <see cref="Solve"/>, trusted.</summary>
    internal static MertonSolution SolveByBisection(double equityValue, double equityVolatility, double defaultPoint, double riskFreeRate, double horizonYears) =>
        SolveBracketed(equityValue, equityVolatility, defaultPoint, defaultPoint * Math.Exp(-riskFreeRate * horizonYears), riskFreeRate, horizonYears, 0);

    private static MertonSolution SolveBracketed(
        double equityValue, double equityVolatility, double defaultPoint, double discountedDebt, double riskFreeRate, double horizonYears, int newtonIterations)
    {
        var sqrtT = Math.Sqrt(horizonYears);

        // g(σ) = N(d1)·σ·V(σ) − σ_E·E is negative as σ → 0 and non-negative at σ = σ_E (because E ≤ N(d1)·V).
        double lo = 1e-12, hi = equityVolatility;
        double v = equityValue + discountedDebt, s = hi;
        var iterations = newtonIterations;
        for (var i = 0; i < BisectionIterations; i++, iterations++)
        {
            s = 0.5 * (lo + hi);
            v = InvertCall(equityValue, s, defaultPoint, discountedDebt, riskFreeRate, horizonYears);
            var d1 = D1(v, s, defaultPoint, riskFreeRate, horizonYears, sqrtT);
            var g = (SpecialFunctions.NormalCdf(d1) * s * v) - (equityVolatility * equityValue);
            if (g < 0)
            {
                lo = s;
            }
            else
            {
                hi = s;
            }

            if (hi - lo <= 1e-15 * hi)
            {
                break;
            }
        }

        var residual = Residual(v, s, equityValue, equityVolatility, defaultPoint, discountedDebt, riskFreeRate, horizonYears, sqrtT, out _, out _);
        var status = residual <= 1e-8 ? MertonSolveStatus.ConvergedByFallback : MertonSolveStatus.NotConverged;
        return new MertonSolution(v, s, status, iterations, residual);
    }

    private static double InvertCall(double equityValue, double sigma, double defaultPoint, double discountedDebt, double riskFreeRate, double horizonYears)
    {
        var sqrtT = Math.Sqrt(horizonYears);
        double lo = equityValue, hi = equityValue + discountedDebt;
        var v = hi;
        for (var i = 0; i < 200; i++)
        {
            var d1 = D1(v, sigma, defaultPoint, riskFreeRate, horizonYears, sqrtT);
            var nd1 = SpecialFunctions.NormalCdf(d1);
            var f = (v * nd1) - (discountedDebt * SpecialFunctions.NormalCdf(d1 - (sigma * sqrtT))) - equityValue;
            if (f > 0)
            {
                hi = v;
            }
            else
            {
                lo = v;
            }

            if (Math.Abs(f) <= 1e-13 * equityValue || hi - lo <= 1e-15 * hi)
            {
                return v;
            }

            // Newton on the call (its delta is N(d1)), bisection when the step leaves the bracket.
            var next = nd1 > 0 ? v - (f / nd1) : double.NaN;
            v = next > lo && next < hi ? next : 0.5 * (lo + hi);
        }

        return v;
    }

    private static double Residual(
        double v, double s, double equityValue, double equityVolatility, double defaultPoint, double discountedDebt,
        double riskFreeRate, double horizonYears, double sqrtT, out double f1, out double f2)
    {
        var d1 = D1(v, s, defaultPoint, riskFreeRate, horizonYears, sqrtT);
        var nd1 = SpecialFunctions.NormalCdf(d1);
        f1 = ((v * nd1) - (discountedDebt * SpecialFunctions.NormalCdf(d1 - (s * sqrtT))) - equityValue) / equityValue;
        f2 = ((nd1 * s * v) - (equityVolatility * equityValue)) / (equityVolatility * equityValue);
        var r = Math.Max(Math.Abs(f1), Math.Abs(f2));
        return double.IsFinite(r) ? r : double.PositiveInfinity;
    }

    private static double D1(double v, double s, double defaultPoint, double riskFreeRate, double horizonYears, double sqrtT) =>
        (Math.Log(v / defaultPoint) + ((riskFreeRate + (0.5 * s * s)) * horizonYears)) / (s * sqrtT);

    private static void RequirePositive(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentException($"{name} must be positive and finite (got {value}).", name);
        }
    }
}
