using System.Buffers;
using Vigil.Core.Numerics;

namespace Vigil.Detection.Risk;

/// <summary>
/// VaR of a portfolio of positions, as pure functions. Positions are weights (fractions of capital, giving VaR in
/// return units) or notionals (giving VaR in currency); every formula is linear in the positions.
/// </summary>
public static class PortfolioRisk
{
    /// <summary>The portfolio's standard deviation per step, σ_p = √(w'Σw).</summary>
    /// <param name="positions">w, one per instrument.</param>
    /// <param name="covariance">Σ of the per-step returns, row-major N × N, symmetric.</param>
    public static double Volatility(ReadOnlySpan<double> positions, ReadOnlySpan<double> covariance)
    {
        CheckShapes(positions, covariance);
        var n = positions.Length;
        double variance = 0;
        for (var i = 0; i < n; i++)
        {
            variance += positions[i] * Row(covariance, i, n, positions);
        }

        return Math.Sqrt(Math.Max(0.0, variance));
    }

    /// <summary>
    /// Zero-mean Gaussian VaR of the portfolio, z_α σ_p √h, split into component VaRs
    /// z_α √h w_i (Σw)_i / σ_p that sum to the total (Euler allocation).
    /// </summary>
    /// <param name="positions">w, one per instrument.</param>
    /// <param name="covariance">Σ of the per-step returns, row-major N × N, symmetric.</param>
    /// <param name="confidenceLevel">α, in (0, 1).</param>
    /// <param name="components">Where the N component VaRs are written (all 0 when σ_p is 0).</param>
    /// <param name="horizonSteps">h, the horizon in steps; at least 1.</param>
    /// <returns>The total VaR as a positive loss.</returns>
    public static double ComponentVaR(ReadOnlySpan<double> positions, ReadOnlySpan<double> covariance, double confidenceLevel, Span<double> components, int horizonSteps = 1)
    {
        CheckShapes(positions, covariance);
        RiskMeasures.CheckConfidence(confidenceLevel);
        RiskMeasures.CheckHorizon(horizonSteps);
        var n = positions.Length;
        if (components.Length < n)
        {
            throw new ArgumentException($"The destination must hold {n} components (got {components.Length}).", nameof(components));
        }

        double variance = 0;
        for (var i = 0; i < n; i++)
        {
            // (Σw)_i kept in the destination until σ_p is known.
            components[i] = Row(covariance, i, n, positions);
            variance += positions[i] * components[i];
        }

        var sigma = Math.Sqrt(Math.Max(0.0, variance));
        var scale = SpecialFunctions.NormalQuantile(confidenceLevel) * Math.Sqrt(horizonSteps);
        for (var i = 0; i < n; i++)
        {
            components[i] = sigma > 0 ? scale * positions[i] * components[i] / sigma : 0.0;
        }

        return scale * sigma;
    }

    /// <summary>
    /// Historical VaR of the portfolio from the joint history of returns: the portfolio return of each row,
    /// Σ w_i r_i, then <see cref="RiskMeasures.HistoricalVaR"/> (type-7 quantile, √h scaling).
    /// </summary>
    /// <param name="jointReturns">The history, row-major: one row of N returns per step, every value finite.</param>
    /// <param name="positions">w, one per instrument (N).</param>
    /// <param name="confidenceLevel">α, in (0, 1).</param>
    /// <param name="horizonSteps">h, the horizon in steps; at least 1.</param>
    /// <returns>The VaR as a positive loss.</returns>
    public static double HistoricalVaR(ReadOnlySpan<double> jointReturns, ReadOnlySpan<double> positions, double confidenceLevel, int horizonSteps = 1)
    {
        var n = positions.Length;
        if (n == 0)
        {
            throw new ArgumentException("At least one position is needed.", nameof(positions));
        }

        if (jointReturns.IsEmpty || jointReturns.Length % n != 0)
        {
            throw new ArgumentException($"The history must hold whole rows of {n} returns (got {jointReturns.Length} values).", nameof(jointReturns));
        }

        var rows = jointReturns.Length / n;
        var rented = ArrayPool<double>.Shared.Rent(rows);
        try
        {
            var portfolio = rented.AsSpan(0, rows);
            for (var t = 0; t < rows; t++)
            {
                var row = jointReturns.Slice(t * n, n);
                double sum = 0;
                for (var i = 0; i < n; i++)
                {
                    sum += positions[i] * row[i];
                }

                portfolio[t] = sum;
            }

            return RiskMeasures.HistoricalVaR(portfolio, confidenceLevel, horizonSteps);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    private static double Row(ReadOnlySpan<double> covariance, int i, int n, ReadOnlySpan<double> positions)
    {
        var row = covariance.Slice(i * n, n);
        double sum = 0;
        for (var j = 0; j < n; j++)
        {
            sum += row[j] * positions[j];
        }

        return sum;
    }

    private static void CheckShapes(ReadOnlySpan<double> positions, ReadOnlySpan<double> covariance)
    {
        if (positions.IsEmpty)
        {
            throw new ArgumentException("At least one position is needed.", nameof(positions));
        }

        if (covariance.Length != positions.Length * positions.Length)
        {
            throw new ArgumentException($"The covariance must be {positions.Length} × {positions.Length} (got {covariance.Length} values).", nameof(covariance));
        }

        for (var i = 0; i < positions.Length; i++)
        {
            if (!double.IsFinite(positions[i]))
            {
                throw new ArgumentException($"Positions must be finite (got {positions[i]} at index {i}).", nameof(positions));
            }
        }
    }
}
