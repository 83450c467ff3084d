using Vigil.Core.Numerics;

namespace Vigil.Detection.Risk;

/// <summary>Kupiec's proportion-of-failures test of a VaR model's exception rate.</summary>
/// <param name="Observations">T, the number of forecasts tested.</param>
/// <param name="Exceptions">x, the number of losses beyond the VaR.</param>
/// <param name="ExpectedRate">p = 1 − α, the exception rate the model claims.</param>
/// <param name="LikelihoodRatio">LR_pof, chi-square with 1 degree of freedom under the model.</param>
/// <param name="PValue">P(χ²₁ ≥ LR_pof), in [0, 1].</param>
/// <param name="Rejected">Whether the p-value is below the test level: the exception rate is wrong.</param>
public sealed record KupiecTest(int Observations, int Exceptions, double ExpectedRate, double LikelihoodRatio, double PValue, bool Rejected)
{
    /// <summary>x / T; 0 when T is 0.</summary>
    public double ObservedRate => Observations > 0 ? (double)Exceptions / Observations : 0.0;
}

/// <summary>Christoffersen's independence and conditional-coverage tests of a VaR model's exception series.</summary>
/// <param name="NoExceptionThenNone">n₀₀: steps without an exception followed by one without.</param>
/// <param name="NoExceptionThenException">n₀₁.</param>
/// <param name="ExceptionThenNone">n₁₀.</param>
/// <param name="ExceptionThenException">n₁₁: exceptions on consecutive steps.</param>
/// <param name="IndependenceRatio">LR_ind, chi-square with 1 degree of freedom when exceptions are independent.</param>
/// <param name="IndependencePValue">P(χ²₁ ≥ LR_ind).</param>
/// <param name="IndependenceRejected">Whether exceptions cluster (p-value below the test level).</param>
/// <param name="ConditionalCoverageRatio">LR_cc = LR_pof + LR_ind, chi-square with 2 degrees of freedom.</param>
/// <param name="ConditionalCoveragePValue">P(χ²₂ ≥ LR_cc) = exp(−LR_cc / 2).</param>
/// <param name="ConditionalCoverageRejected">Whether the rate or the independence fails jointly.</param>
public sealed record ChristoffersenTest(
    int NoExceptionThenNone,
    int NoExceptionThenException,
    int ExceptionThenNone,
    int ExceptionThenException,
    double IndependenceRatio,
    double IndependencePValue,
    bool IndependenceRejected,
    double ConditionalCoverageRatio,
    double ConditionalCoveragePValue,
    bool ConditionalCoverageRejected);

/// <summary>The Basel traffic-light zones of a 99% VaR model over 250 days.</summary>
public enum TrafficLightZone
{
    /// <summary>0 to 4 exceptions: no plus factor.</summary>
    Green = 0,

    /// <summary>5 to 9 exceptions: a plus factor from 0.40 to 0.85.</summary>
    Yellow,

    /// <summary>10 or more exceptions: plus factor 1.00; the model is presumed inaccurate.</summary>
    Red,
}

/// <summary>The Basel traffic light of a VaR model's backtest.</summary>
/// <param name="Zone">The zone.</param>
/// <param name="Exceptions">The exceptions over the (nominally 250) days.</param>
/// <param name="PlusFactor">The plus factor, in [0, 1].</param>
/// <param name="Multiplier">The capital multiplier 3 + plus factor, in [3, 4].</param>
public sealed record TrafficLight(TrafficLightZone Zone, int Exceptions, double PlusFactor, double Multiplier);

/// <summary>
/// Backtests of VaR forecasts against what happened: Kupiec's proportion of failures, Christoffersen's independence
/// and conditional coverage, and the Basel traffic light. Likelihood ratios take 0 · ln 0 = 0, so no exceptions and
/// all exceptions are handled; p-values are closed forms (χ²₁: erfc(√(x/2)) = 2Φ(−√x); χ²₂: exp(−x/2)).
/// </summary>
public static class VarBacktests
{
    private static readonly double[] YellowPlusFactors = [0.40, 0.50, 0.65, 0.75, 0.85];

    /// <summary>Kupiec's LR_pof = −2 ln[(1 − p)^(T−x) p^x] + 2 ln[(1 − x/T)^(T−x) (x/T)^x].</summary>
    /// <param name="observations">T; positive.</param>
    /// <param name="exceptions">x, in [0, T].</param>
    /// <param name="confidenceLevel">α of the VaR, in (0, 1); p = 1 − α.</param>
    /// <param name="testLevel">The size of the test, in (0, 1), for example 0.05.</param>
    public static KupiecTest Kupiec(int observations, int exceptions, double confidenceLevel, double testLevel = 0.05)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(observations);
        ArgumentOutOfRangeException.ThrowIfNegative(exceptions);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(exceptions, observations);
        RiskMeasures.CheckConfidence(confidenceLevel);
        CheckTestLevel(testLevel);
        var lr = KupiecRatio(observations, exceptions, 1 - confidenceLevel);
        var pValue = ChiSquareSurvival1(lr);
        return new KupiecTest(observations, exceptions, 1 - confidenceLevel, lr, pValue, pValue < testLevel);
    }

    /// <summary>Christoffersen's tests over an exception series in time order (true = the loss exceeded the VaR).</summary>
    /// <param name="exceptions">The series; at least 2 long.</param>
    /// <param name="confidenceLevel">α of the VaR, in (0, 1).</param>
    /// <param name="testLevel">The size of the tests, in (0, 1).</param>
    public static ChristoffersenTest Christoffersen(ReadOnlySpan<bool> exceptions, double confidenceLevel, double testLevel = 0.05)
    {
        if (exceptions.Length < 2)
        {
            throw new ArgumentException($"At least 2 forecasts are needed (got {exceptions.Length}).", nameof(exceptions));
        }

        RiskMeasures.CheckConfidence(confidenceLevel);
        CheckTestLevel(testLevel);
        int n00 = 0, n01 = 0, n10 = 0, n11 = 0, total = exceptions[0] ? 1 : 0;
        for (var t = 1; t < exceptions.Length; t++)
        {
            var now = exceptions[t];
            total += now ? 1 : 0;
            if (exceptions[t - 1])
            {
                if (now)
                {
                    n11++;
                }
                else
                {
                    n10++;
                }
            }
            else if (now)
            {
                n01++;
            }
            else
            {
                n00++;
            }
        }

        var lrInd = IndependenceRatio(n00, n01, n10, n11);
        var lrCc = KupiecRatio(exceptions.Length, total, 1 - confidenceLevel) + lrInd;
        var pInd = ChiSquareSurvival1(lrInd);
        var pCc = Math.Exp(-lrCc / 2);
        return new ChristoffersenTest(n00, n01, n10, n11, lrInd, pInd, pInd < testLevel, lrCc, pCc, pCc < testLevel);
    }

    /// <summary>The Basel traffic light for <paramref name="exceptions"/> of a 99% VaR over 250 days.</summary>
    /// <param name="exceptions">The exceptions; non-negative.</param>
    public static TrafficLight BaselTrafficLight(int exceptions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(exceptions);
        if (exceptions <= 4)
        {
            return new TrafficLight(TrafficLightZone.Green, exceptions, 0.0, 3.0);
        }

        if (exceptions <= 9)
        {
            var plus = YellowPlusFactors[exceptions - 5];
            return new TrafficLight(TrafficLightZone.Yellow, exceptions, plus, 3.0 + plus);
        }

        return new TrafficLight(TrafficLightZone.Red, exceptions, 1.0, 4.0);
    }

    /// <summary>P(χ²₁ ≥ x) = 2Φ(−√x); 1 for x ≤ 0.</summary>
    /// <param name="x">The statistic.</param>
    public static double ChiSquareSurvival1(double x) => x > 0 ? 2 * SpecialFunctions.NormalCdf(-Math.Sqrt(x)) : 1.0;

    /// <summary>P(χ²₂ ≥ x) = exp(−x/2); 1 for x ≤ 0.</summary>
    /// <param name="x">The statistic.</param>
    public static double ChiSquareSurvival2(double x) => x > 0 ? Math.Exp(-x / 2) : 1.0;

    internal static double KupiecRatio(int observations, int exceptions, double expectedRate)
    {
        var t = (double)observations;
        var x = (double)exceptions;
        var observed = x / t;
        var lr = -2 * (XLogY(t - x, 1 - expectedRate) + XLogY(x, expectedRate) - XLogY(t - x, 1 - observed) - XLogY(x, observed));
        // Rounding can leave −1e-15 when the observed rate equals the expected one.
        return Math.Max(0.0, lr);
    }

    private static double IndependenceRatio(int n00, int n01, int n10, int n11)
    {
        var from0 = n00 + n01;
        var from1 = n10 + n11;
        var pi01 = from0 > 0 ? (double)n01 / from0 : 0.0;
        var pi11 = from1 > 0 ? (double)n11 / from1 : 0.0;
        var pi = (double)(n01 + n11) / (from0 + from1);
        var restricted = XLogY(n00 + n10, 1 - pi) + XLogY(n01 + n11, pi);
        var unrestricted = XLogY(n00, 1 - pi01) + XLogY(n01, pi01) + XLogY(n10, 1 - pi11) + XLogY(n11, pi11);
        return Math.Max(0.0, -2 * (restricted - unrestricted));
    }

    // x ln y with 0 ln 0 = 0: a count of zero contributes nothing to a likelihood whatever its probability.
    private static double XLogY(double x, double y) => x == 0 ? 0.0 : x * Math.Log(y);

    private static void CheckTestLevel(double testLevel)
    {
        if (!(testLevel > 0 && testLevel < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testLevel), testLevel, "The test level must be in (0, 1), for example 0.05.");
        }
    }
}
