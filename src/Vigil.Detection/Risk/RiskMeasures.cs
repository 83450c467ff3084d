using System.Buffers;
using Vigil.Core.Numerics;

namespace Vigil.Detection.Risk;

/// <summary>The first four moments of a return sample, as population (biased) estimators.</summary>
/// <param name="Count">The number of returns.</param>
/// <param name="Mean">The mean return per step.</param>
/// <param name="StdDev">The population standard deviation (divisor n) per step.</param>
/// <param name="Skewness">The population skewness m₃ / m₂^1.5 (0 when the variance is 0).</param>
/// <param name="ExcessKurtosis">The population excess kurtosis m₄ / m₂² − 3 (0 when the variance is 0).</param>
public readonly record struct ReturnMoments(int Count, double Mean, double StdDev, double Skewness, double ExcessKurtosis)
{
    /// <summary>The moments of a sample given its raw power sums Σr, Σr², Σr³, Σr⁴ over <paramref name="count"/> returns.</summary>
    /// <param name="count">The number of returns; positive.</param>
    /// <param name="sum1">Σr.</param>
    /// <param name="sum2">Σr².</param>
    /// <param name="sum3">Σr³.</param>
    /// <param name="sum4">Σr⁴.</param>
    public static ReturnMoments FromPowerSums(int count, double sum1, double sum2, double sum3, double sum4)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var n = (double)count;
        var mean = sum1 / n;
        var e2 = sum2 / n;
        var e3 = sum3 / n;
        var e4 = sum4 / n;
        var m2 = Math.Max(0.0, e2 - (mean * mean));
        var m3 = e3 - (3 * mean * e2) + (2 * mean * mean * mean);
        var m4 = e4 - (4 * mean * e3) + (6 * mean * mean * e2) - (3 * mean * mean * mean * mean);
        // Below this the variance is rounding noise of the power sums and the shape ratios mean nothing.
        if (m2 <= 1e-300 || m2 <= 1e-14 * e2)
        {
            return new ReturnMoments(count, mean, Math.Sqrt(m2), 0, 0);
        }

        return new ReturnMoments(count, mean, Math.Sqrt(m2), m3 / (m2 * Math.Sqrt(m2)), (m4 / (m2 * m2)) - 3);
    }
}

/// <summary>
/// Value at risk and expected shortfall of a return series, as pure functions.
/// </summary>
/// <remarks>
/// Sign convention: returns r are log returns (or level differences) per step, losses are −r, and VaR and ES are
/// reported as positive losses in return units (0.02 is a 2% loss) at a confidence level α such as 0.99: VaR is the
/// loss not exceeded with probability α, ES the mean loss beyond it. Horizons of h steps scale the parametric measures
/// as σ√h and μh (i.i.d. returns); the historical measures scale by √h as well (<see cref="OverlappingSums"/> builds
/// the h-step sums for a caller who wants the empirical h-step distribution instead).
/// </remarks>
public static class RiskMeasures
{
    /// <summary>
    /// Historical VaR: the α quantile of the losses −r, interpolated linearly between order statistics (Hyndman and
    /// Fan's type 7, numpy's default: position α(n − 1) in the ascending losses), times √h.
    /// </summary>
    /// <param name="returns">The returns; at least one, every one finite.</param>
    /// <param name="confidenceLevel">α, in (0, 1).</param>
    /// <param name="horizonSteps">h, the horizon in steps; at least 1.</param>
    /// <returns>The VaR as a positive loss (negative when even the α-quantile loss is a gain).</returns>
    public static double HistoricalVaR(ReadOnlySpan<double> returns, double confidenceLevel, int horizonSteps = 1)
    {
        CheckSample(returns);
        CheckConfidence(confidenceLevel);
        CheckHorizon(horizonSteps);
        var rented = ArrayPool<double>.Shared.Rent(returns.Length);
        try
        {
            var losses = SortedLosses(returns, rented);
            return LossQuantile(losses, confidenceLevel) * Math.Sqrt(horizonSteps);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Historical ES: the mean of the losses at or beyond the historical VaR (<see cref="HistoricalVaR"/>), times √h.
    /// </summary>
    /// <param name="returns">The returns; at least one, every one finite.</param>
    /// <param name="confidenceLevel">α, in (0, 1).</param>
    /// <param name="horizonSteps">h, the horizon in steps; at least 1.</param>
    /// <returns>The ES as a positive loss.</returns>
    public static double HistoricalExpectedShortfall(ReadOnlySpan<double> returns, double confidenceLevel, int horizonSteps = 1)
    {
        CheckSample(returns);
        CheckConfidence(confidenceLevel);
        CheckHorizon(horizonSteps);
        var rented = ArrayPool<double>.Shared.Rent(returns.Length);
        try
        {
            var losses = SortedLosses(returns, rented);
            return TailMean(losses, LossQuantile(losses, confidenceLevel)) * Math.Sqrt(horizonSteps);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary>The α quantile (type 7) of ascending <paramref name="sortedLosses"/>; no checks.</summary>
    internal static double LossQuantile(ReadOnlySpan<double> sortedLosses, double confidenceLevel)
    {
        var h = confidenceLevel * (sortedLosses.Length - 1);
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sortedLosses.Length - 1);
        return sortedLosses[lo] + ((h - lo) * (sortedLosses[hi] - sortedLosses[lo]));
    }

    /// <summary>The mean of the ascending <paramref name="sortedLosses"/> at or above <paramref name="threshold"/>; no checks.</summary>
    internal static double TailMean(ReadOnlySpan<double> sortedLosses, double threshold)
    {
        double sum = 0;
        var count = 0;
        for (var i = sortedLosses.Length - 1; i >= 0 && sortedLosses[i] >= threshold; i--)
        {
            sum += sortedLosses[i];
            count++;
        }

        // The type-7 quantile lies between two order statistics, so the largest loss is always at or above it.
        return count > 0 ? sum / count : sortedLosses[^1];
    }

    /// <summary>Gaussian VaR: z_α σ√h − μh with z_α = Φ⁻¹(α).</summary>
    /// <param name="mean">μ, the mean return per step.</param>
    /// <param name="stdDev">σ, the standard deviation per step; non-negative.</param>
    /// <param name="confidenceLevel">α, in (0, 1).</param>
    /// <param name="horizonSteps">h, the horizon in steps; at least 1.</param>
    /// <returns>The VaR as a positive loss.</returns>
    public static double GaussianVaR(double mean, double stdDev, double confidenceLevel, int horizonSteps = 1)
    {
        CheckMoments(mean, stdDev);
        CheckConfidence(confidenceLevel);
        CheckHorizon(horizonSteps);
        return (SpecialFunctions.NormalQuantile(confidenceLevel) * stdDev * Math.Sqrt(horizonSteps)) - (mean * horizonSteps);
    }

    /// <summary>Gaussian ES: σ√h φ(z_α) / (1 − α) − μh.</summary>
    /// <param name="mean">μ, the mean return per step.</param>
    /// <param name="stdDev">σ, the standard deviation per step; non-negative.</param>
    /// <param name="confidenceLevel">α, in (0, 1).</param>
    /// <param name="horizonSteps">h, the horizon in steps; at least 1.</param>
    /// <returns>The ES as a positive loss.</returns>
    public static double GaussianExpectedShortfall(double mean, double stdDev, double confidenceLevel, int horizonSteps = 1)
    {
        CheckMoments(mean, stdDev);
        CheckConfidence(confidenceLevel);
        CheckHorizon(horizonSteps);
        var z = SpecialFunctions.NormalQuantile(confidenceLevel);
        return (stdDev * Math.Sqrt(horizonSteps) * SpecialFunctions.NormalPdf(z) / (1 - confidenceLevel)) - (mean * horizonSteps);
    }

    /// <summary>
    /// The Cornish-Fisher expansion of a standard normal quantile <paramref name="z"/> for a distribution with skewness S
    /// and excess kurtosis K: z + (z² − 1)S/6 + (z³ − 3z)K/24 − (2z³ − 5z)S²/36.
    /// </summary>
    /// <param name="z">The normal quantile, for example Φ⁻¹(0.01) ≈ −2.326 for the 1% left tail.</param>
    /// <param name="skewness">S.</param>
    /// <param name="excessKurtosis">K (0 for a normal distribution).</param>
    public static double CornishFisherQuantile(double z, double skewness, double excessKurtosis)
    {
        var z2 = z * z;
        var z3 = z2 * z;
        return z + ((z2 - 1) * skewness / 6) + ((z3 - (3 * z)) * excessKurtosis / 24)
            - (((2 * z3) - (5 * z)) * skewness * skewness / 36);
    }

    /// <summary>
    /// Cornish-Fisher (modified) VaR: −(μh + z_cf σ√h) with z_cf the Cornish-Fisher expansion of Φ⁻¹(1 − α).
    /// </summary>
    /// <param name="mean">μ, the mean return per step.</param>
    /// <param name="stdDev">σ, the standard deviation per step; non-negative.</param>
    /// <param name="skewness">S of the returns.</param>
    /// <param name="excessKurtosis">K of the returns.</param>
    /// <param name="confidenceLevel">α, in (0, 1).</param>
    /// <param name="horizonSteps">h, the horizon in steps; at least 1.</param>
    /// <returns>The VaR as a positive loss. The expansion is only monotone for moderate S and K, so extreme moments give unreliable values.</returns>
    public static double CornishFisherVaR(double mean, double stdDev, double skewness, double excessKurtosis, double confidenceLevel, int horizonSteps = 1)
    {
        CheckMoments(mean, stdDev);
        CheckShape(skewness, excessKurtosis);
        CheckConfidence(confidenceLevel);
        CheckHorizon(horizonSteps);
        var z = CornishFisherQuantile(SpecialFunctions.NormalQuantile(1 - confidenceLevel), skewness, excessKurtosis);
        return -((mean * horizonSteps) + (z * stdDev * Math.Sqrt(horizonSteps)));
    }

    /// <summary>
    /// Cornish-Fisher ES: the mean of the Cornish-Fisher quantile function over the left tail,
    /// −(μh + σ√h · E[g(Z) | Z &lt; q]) with g the expansion, q = Φ⁻¹(1 − α) and Z standard normal. g is a cubic, so the
    /// conditional mean is exact from the truncated normal moments ∫z^k φ(z) dz over (−∞, q) for k ≤ 3.
    /// </summary>
    /// <param name="mean">μ, the mean return per step.</param>
    /// <param name="stdDev">σ, the standard deviation per step; non-negative.</param>
    /// <param name="skewness">S of the returns.</param>
    /// <param name="excessKurtosis">K of the returns.</param>
    /// <param name="confidenceLevel">α, in (0, 1).</param>
    /// <param name="horizonSteps">h, the horizon in steps; at least 1.</param>
    /// <returns>The ES as a positive loss; with S = K = 0 it equals <see cref="GaussianExpectedShortfall"/>.</returns>
    public static double CornishFisherExpectedShortfall(double mean, double stdDev, double skewness, double excessKurtosis, double confidenceLevel, int horizonSteps = 1)
    {
        CheckMoments(mean, stdDev);
        CheckShape(skewness, excessKurtosis);
        CheckConfidence(confidenceLevel);
        CheckHorizon(horizonSteps);
        var tailMean = CornishFisherTailMean(skewness, excessKurtosis, 1 - confidenceLevel);
        return -((mean * horizonSteps) + (tailMean * stdDev * Math.Sqrt(horizonSteps)));
    }

    /// <summary>E[g(Z) | Z &lt; Φ⁻¹(p)] for the Cornish-Fisher cubic g; no checks.</summary>
    internal static double CornishFisherTailMean(double skewness, double excessKurtosis, double tailProbability)
    {
        var q = SpecialFunctions.NormalQuantile(tailProbability);
        var phi = SpecialFunctions.NormalPdf(q);
        var p = tailProbability;
        // ∫ z^k φ(z) dz over (−∞, q): p, −φ(q), p − qφ(q), −(q² + 2)φ(q).
        var i0 = p;
        var i1 = -phi;
        var i2 = p - (q * phi);
        var i3 = -((q * q) + 2) * phi;
        var integral = i1 + ((i2 - i0) * skewness / 6) + ((i3 - (3 * i1)) * excessKurtosis / 24)
            - (((2 * i3) - (5 * i1)) * skewness * skewness / 36);
        return integral / p;
    }

    /// <summary>The population moments of <paramref name="returns"/>, by two passes.</summary>
    /// <param name="returns">The returns; at least one, every one finite.</param>
    public static ReturnMoments Moments(ReadOnlySpan<double> returns)
    {
        CheckSample(returns);
        double sum = 0;
        foreach (var r in returns)
        {
            sum += r;
        }

        var mean = sum / returns.Length;
        double m2 = 0, m3 = 0, m4 = 0;
        foreach (var r in returns)
        {
            var d = r - mean;
            var d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }

        m2 /= returns.Length;
        m3 /= returns.Length;
        m4 /= returns.Length;
        return m2 > 0
            ? new ReturnMoments(returns.Length, mean, Math.Sqrt(m2), m3 / (m2 * Math.Sqrt(m2)), (m4 / (m2 * m2)) - 3)
            : new ReturnMoments(returns.Length, mean, 0, 0, 0);
    }

    /// <summary>Writes the sums of every <paramref name="horizonSteps"/> consecutive returns (overlapping windows).</summary>
    /// <param name="returns">The one-step returns; at least <paramref name="horizonSteps"/>.</param>
    /// <param name="horizonSteps">h; at least 1.</param>
    /// <param name="destination">Where to write; at least n − h + 1 long.</param>
    /// <returns>The number of sums written, n − h + 1.</returns>
    public static int OverlappingSums(ReadOnlySpan<double> returns, int horizonSteps, Span<double> destination)
    {
        CheckHorizon(horizonSteps);
        if (returns.Length < horizonSteps)
        {
            throw new ArgumentException($"At least {horizonSteps} returns are needed (got {returns.Length}).", nameof(returns));
        }

        var count = returns.Length - horizonSteps + 1;
        if (destination.Length < count)
        {
            throw new ArgumentException($"The destination must hold {count} sums (got {destination.Length}).", nameof(destination));
        }

        double sum = 0;
        for (var i = 0; i < horizonSteps; i++)
        {
            sum += returns[i];
        }

        destination[0] = sum;
        for (var i = 1; i < count; i++)
        {
            sum += returns[i + horizonSteps - 1] - returns[i - 1];
            destination[i] = sum;
        }

        return count;
    }

    private static Span<double> SortedLosses(ReadOnlySpan<double> returns, double[] buffer)
    {
        var losses = buffer.AsSpan(0, returns.Length);
        for (var i = 0; i < returns.Length; i++)
        {
            losses[i] = -returns[i];
        }

        losses.Sort();
        return losses;
    }

    internal static void CheckConfidence(double confidenceLevel)
    {
        if (!(confidenceLevel > 0 && confidenceLevel < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidenceLevel), confidenceLevel, "The confidence level must be in (0, 1), for example 0.99.");
        }
    }

    internal static void CheckHorizon(int horizonSteps) => ArgumentOutOfRangeException.ThrowIfLessThan(horizonSteps, 1);

    private static void CheckSample(ReadOnlySpan<double> returns)
    {
        if (returns.IsEmpty)
        {
            throw new ArgumentException("At least one return is needed.", nameof(returns));
        }

        for (var i = 0; i < returns.Length; i++)
        {
            if (!double.IsFinite(returns[i]))
            {
                throw new ArgumentException($"Returns must be finite (got {returns[i]} at index {i}).", nameof(returns));
            }
        }
    }

    private static void CheckMoments(double mean, double stdDev)
    {
        if (!double.IsFinite(mean))
        {
            throw new ArgumentOutOfRangeException(nameof(mean), mean, "The mean must be finite.");
        }

        if (!(stdDev >= 0) || double.IsPositiveInfinity(stdDev))
        {
            throw new ArgumentOutOfRangeException(nameof(stdDev), stdDev, "The standard deviation must be finite and non-negative.");
        }
    }

    private static void CheckShape(double skewness, double excessKurtosis)
    {
        if (!double.IsFinite(skewness))
        {
            throw new ArgumentOutOfRangeException(nameof(skewness), skewness, "The skewness must be finite.");
        }

        if (!double.IsFinite(excessKurtosis))
        {
            throw new ArgumentOutOfRangeException(nameof(excessKurtosis), excessKurtosis, "The excess kurtosis must be finite.");
        }
    }
}
