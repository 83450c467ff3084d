namespace Vigil.Core.Statistics;

/// <summary>
/// Exponentially weighted mean and variance: value i back from the newest has weight λ^i, and both moments are
/// the exact weighted averages (normalised by the sum of weights, so there is no start-up bias). The variance is
/// the weighted population variance. O(1) per value, no storage.
/// </summary>
public struct EwmaMoments
{
    private readonly double _lambda;
    private double _weightSum;
    private double _mean;
    private double _m2;
    private long _count;

    /// <summary>Creates an estimator with decay <paramref name="lambda"/>.</summary>
    /// <param name="lambda">The weight decay per value, in (0, 1); 0.94 is RiskMetrics' daily decay.</param>
    public EwmaMoments(double lambda)
    {
        if (!(lambda > 0 && lambda < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "Lambda must be in (0, 1).");
        }

        _lambda = lambda;
    }

    /// <summary>An estimator whose weights halve every <paramref name="halfLife"/> values.</summary>
    /// <param name="halfLife">The half-life in values; positive.</param>
    public static EwmaMoments FromHalfLife(double halfLife) => new(LambdaFromHalfLife(halfLife));

    /// <summary>The decay λ whose weights halve every <paramref name="halfLife"/> values.</summary>
    /// <param name="halfLife">The half-life in values; positive.</param>
    public static double LambdaFromHalfLife(double halfLife)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(halfLife);
        return Math.Pow(0.5, 1.0 / halfLife);
    }

    /// <summary>The weight decay per value.</summary>
    public readonly double Lambda => _lambda;

    /// <summary>The number of values added.</summary>
    public readonly long Count => _count;

    /// <summary>The weighted mean; 0 before the first value.</summary>
    public readonly double Mean => _mean;

    /// <summary>The weighted population variance; 0 before the first value.</summary>
    public readonly double Variance => _weightSum > 0 ? Math.Max(0.0, _m2 / _weightSum) : 0.0;

    /// <summary>The weighted standard deviation.</summary>
    public readonly double StdDev => Math.Sqrt(Variance);

    /// <summary>
    /// The effective number of values behind the estimate, (Σw)² / Σw², which tends to (1 + λ) / (1 − λ).
    /// </summary>
    public readonly double EffectiveCount
    {
        get
        {
            // Σw and Σw² are both geometric series in λ and λ².
            var l2 = _lambda * _lambda;
            var sumW2 = (1 - Math.Pow(l2, _count)) / (1 - l2);
            return sumW2 > 0 ? _weightSum * _weightSum / sumW2 : 0.0;
        }
    }

    /// <summary>Adds a value.</summary>
    /// <param name="value">The value; finite.</param>
    public void Add(double value)
    {
        // West's weighted incremental update with every earlier weight scaled by λ first.
        _count++;
        _weightSum = (_lambda * _weightSum) + 1.0;
        var delta = value - _mean;
        _mean += delta / _weightSum;
        _m2 = (_lambda * _m2) + (delta * (value - _mean));
    }

    /// <summary>Forgets every value, keeping λ.</summary>
    public void Reset()
    {
        _weightSum = 0;
        _mean = 0;
        _m2 = 0;
        _count = 0;
    }
}
