namespace Vigil.Core.Statistics;

/// <summary>
/// An exponentially weighted covariance and correlation matrix of a vector series (RiskMetrics style): observation
/// i back from the newest has weight λ^i and the matrix is the exact weighted average of outer products,
/// normalised by the sum of weights. By default the series is taken to have zero mean, as is usual for returns;
/// with <c>demean</c> the exponentially weighted mean is subtracted. O(N²/2) per update, no allocation.
/// </summary>
public sealed class EwmaCovarianceMatrix
{
    private readonly int _n;
    private readonly double _lambda;
    private readonly bool _demean;
    private readonly double[] _sums;  // upper triangle (i <= j) of the weighted sums of products, row-major N×N
    private readonly double[] _means;
    private readonly double[] _deltas;
    private double _weightSum;
    private long _count;

    /// <summary>Creates an empty matrix.</summary>
    /// <param name="dimension">The vector length N; positive.</param>
    /// <param name="lambda">The weight decay per observation, in (0, 1).</param>
    /// <param name="demean">Whether to subtract the exponentially weighted mean.</param>
    public EwmaCovarianceMatrix(int dimension, double lambda, bool demean = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (!(lambda > 0 && lambda < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "Lambda must be in (0, 1).");
        }

        _n = dimension;
        _lambda = lambda;
        _demean = demean;
        _sums = new double[dimension * dimension];
        _means = new double[dimension];
        _deltas = new double[dimension];
    }

    /// <summary>The vector length N.</summary>
    public int Dimension => _n;

    /// <summary>The weight decay per observation.</summary>
    public double Lambda => _lambda;

    /// <summary>The number of observations added.</summary>
    public long Count => _count;

    /// <summary>Adds one observation.</summary>
    /// <param name="x">The vector; its length is <see cref="Dimension"/> and every element finite.</param>
    public void Update(ReadOnlySpan<double> x)
    {
        if (x.Length != _n)
        {
            ThrowLength(x.Length);
        }

        _count++;
        _weightSum = (_lambda * _weightSum) + 1.0;
        var sums = _sums.AsSpan();
        if (_demean)
        {
            // Weighted incremental update: the product of the deviation from the old mean and from the new one.
            var deltas = _deltas.AsSpan();
            for (var i = 0; i < _n; i++)
            {
                deltas[i] = x[i] - _means[i];
                _means[i] += deltas[i] / _weightSum;
            }

            for (var i = 0; i < _n; i++)
            {
                var di = deltas[i];
                var row = sums.Slice(i * _n, _n);
                for (var j = i; j < _n; j++)
                {
                    row[j] = (_lambda * row[j]) + (di * (x[j] - _means[j]));
                }
            }
        }
        else
        {
            for (var i = 0; i < _n; i++)
            {
                var xi = x[i];
                var row = sums.Slice(i * _n, _n);
                for (var j = i; j < _n; j++)
                {
                    row[j] = (_lambda * row[j]) + (xi * x[j]);
                }
            }
        }
    }

    /// <summary>The weighted covariance of elements <paramref name="i"/> and <paramref name="j"/>; 0 before the first observation.</summary>
    /// <param name="i">A row index, from 0 to N − 1.</param>
    /// <param name="j">A column index, from 0 to N − 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside the matrix.</exception>
    public double Covariance(int i, int j)
    {
        if ((uint)i >= (uint)_n || (uint)j >= (uint)_n)
        {
            ThrowIndex(i, j);
        }

        if (_weightSum == 0)
        {
            return 0;
        }

        return (i <= j ? _sums[(i * _n) + j] : _sums[(j * _n) + i]) / _weightSum;
    }

    /// <summary>The weighted variance of element <paramref name="i"/>.</summary>
    /// <param name="i">The index.</param>
    public double Variance(int i) => Math.Max(0.0, Covariance(i, i));

    /// <summary>The correlation of elements <paramref name="i"/> and <paramref name="j"/>, in [−1, 1]; 0 when either variance is 0.</summary>
    /// <param name="i">A row index.</param>
    /// <param name="j">A column index.</param>
    public double Correlation(int i, int j)
    {
        if ((uint)i >= (uint)_n || (uint)j >= (uint)_n)
        {
            ThrowIndex(i, j);
        }

        if (i == j)
        {
            return InverseSd(i) > 0 ? 1.0 : 0.0;
        }

        // The same arithmetic, in the same order, as CopyCorrelationTo, so a single correlation, its transpose and
        // the matrix agree to the bit.
        var (a, b) = i < j ? (i, j) : (j, i);
        var scale = _weightSum > 0 ? 1.0 / _weightSum : 0.0;
        return Math.Clamp(_sums[(a * _n) + b] * (InverseSd(a) * scale) * InverseSd(b), -1.0, 1.0);
    }

    /// <summary>Writes the full covariance matrix, row-major, into <paramref name="destination"/> (length N²).</summary>
    /// <param name="destination">Where to write.</param>
    public void CopyCovarianceTo(Span<double> destination)
    {
        CheckDestination(destination.Length);
        for (var i = 0; i < _n; i++)
        {
            for (var j = i; j < _n; j++)
            {
                destination[(i * _n) + j] = destination[(j * _n) + i] = Covariance(i, j);
            }
        }
    }

    /// <summary>Writes the full correlation matrix, row-major, into <paramref name="destination"/> (length N²).</summary>
    /// <param name="destination">Where to write.</param>
    public void CopyCorrelationTo(Span<double> destination)
    {
        CheckDestination(destination.Length);
        // One square root per element rather than one per pair: correlations are computed every market step.
        Span<double> inverseSd = _n <= 256 ? stackalloc double[_n] : new double[_n];
        for (var i = 0; i < _n; i++)
        {
            inverseSd[i] = InverseSd(i);
        }

        var scale = _weightSum > 0 ? 1.0 / _weightSum : 0.0;
        for (var i = 0; i < _n; i++)
        {
            destination[(i * _n) + i] = inverseSd[i] > 0 ? 1.0 : 0.0;
            var row = _sums.AsSpan(i * _n, _n);
            var si = inverseSd[i] * scale;
            for (var j = i + 1; j < _n; j++)
            {
                var c = Math.Clamp(row[j] * si * inverseSd[j], -1.0, 1.0);
                destination[(i * _n) + j] = c;
                destination[(j * _n) + i] = c;
            }
        }
    }

    /// <summary>Forgets every observation.</summary>
    public void Reset()
    {
        Array.Clear(_sums);
        Array.Clear(_means);
        _weightSum = 0;
        _count = 0;
    }

    private double InverseSd(int i)
    {
        var variance = _weightSum > 0 ? _sums[(i * _n) + i] / _weightSum : 0.0;
        return variance > 0 ? 1.0 / Math.Sqrt(variance) : 0.0;
    }

    private void CheckDestination(int length)
    {
        if (length < _n * _n)
        {
            throw new ArgumentException($"Destination holds {length} values; {_n * _n} are needed.", "destination");
        }
    }

    private void ThrowIndex(int i, int j) =>
        throw new ArgumentOutOfRangeException(
            (uint)i >= (uint)_n ? "i" : "j", $"Index ({i}, {j}) is outside the matrix of dimension {_n}.");

    private void ThrowLength(int length) =>
        throw new ArgumentException($"Observation has {length} elements; the matrix has dimension {_n}.", "x");
}
