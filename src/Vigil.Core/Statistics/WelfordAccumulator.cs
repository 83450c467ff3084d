namespace Vigil.Core.Statistics;

/// <summary>
/// Running mean and variance of every value added so far (Welford's algorithm): numerically stable, O(1) per
/// value, no storage. A mutable struct: keep it in a field, not a readonly one.
/// </summary>
public struct WelfordAccumulator
{
    private long _count;
    private double _mean;
    private double _m2;

    /// <summary>The number of values added.</summary>
    public readonly long Count => _count;

    /// <summary>The mean; 0 before the first value.</summary>
    public readonly double Mean => _mean;

    /// <summary>The sample variance (divisor n − 1); 0 with fewer than two values.</summary>
    public readonly double Variance => _count > 1 ? _m2 / (_count - 1) : 0.0;

    /// <summary>The population variance (divisor n); 0 before the first value.</summary>
    public readonly double PopulationVariance => _count > 0 ? _m2 / _count : 0.0;

    /// <summary>The sample standard deviation.</summary>
    public readonly double StdDev => Math.Sqrt(Variance);

    /// <summary>Adds a value.</summary>
    /// <param name="value">The value.</param>
    public void Add(double value)
    {
        _count++;
        var delta = value - _mean;
        _mean += delta / _count;
        _m2 += delta * (value - _mean);
    }

    /// <summary>Forgets every value.</summary>
    public void Reset() => this = default;
}
