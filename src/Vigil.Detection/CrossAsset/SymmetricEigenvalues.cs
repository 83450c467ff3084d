namespace Vigil.Detection.CrossAsset;

/// <summary>
/// The eigenvalues (not the eigenvectors) of a real symmetric matrix, with every buffer allocated once in the
/// constructor so a detector can recompute them every few market steps without allocating. Householder reduction to
/// tridiagonal form followed by the implicit QL algorithm with Wilkinson-style shifts (the eigenvalue-only paths of
/// <c>tred2</c> and <c>tqli</c>, Numerical Recipes §11.3–11.4): about (4/3)·N³ flops, against several times that
/// for a cyclic Jacobi sweep or for a full decomposition that also forms the eigenvectors.
/// </summary>
public sealed class SymmetricEigenvalues
{
    private const int MaxIterationsPerEigenvalue = 60;
    private readonly int _n;
    private readonly double[] _a;
    private readonly double[] _e;

    /// <summary>Creates a solver for N×N matrices.</summary>
    /// <param name="dimension">The matrix order N; positive.</param>
    public SymmetricEigenvalues(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        _n = dimension;
        _a = new double[dimension * dimension];
        _e = new double[dimension];
    }

    /// <summary>The matrix order N.</summary>
    public int Dimension => _n;

    /// <summary>
    /// Writes the eigenvalues of the symmetric matrix <paramref name="matrix"/> (row-major N×N; only the lower
    /// triangle is read) into <paramref name="eigenvalues"/>, largest first.
    /// </summary>
    /// <param name="matrix">The matrix, row-major, length N²; left unchanged.</param>
    /// <param name="eigenvalues">Where to write the N eigenvalues, in descending order.</param>
    /// <returns>True when QL converged for every eigenvalue (it does for any finite symmetric matrix in practice).</returns>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public bool Compute(ReadOnlySpan<double> matrix, Span<double> eigenvalues)
    {
        if (matrix.Length != _n * _n)
        {
            throw new ArgumentException($"The matrix holds {matrix.Length} values; {_n * _n} are needed.", nameof(matrix));
        }

        if (eigenvalues.Length < _n)
        {
            throw new ArgumentException($"The destination holds {eigenvalues.Length} values; {_n} are needed.", nameof(eigenvalues));
        }

        matrix.CopyTo(_a);
        var d = eigenvalues[.._n];
        Tridiagonalise(d);
        var converged = DiagonaliseTridiagonal(d);
        SortDescending(d);
        return converged;
    }

    /// <summary>Householder reduction of <c>_a</c> to tridiagonal form: the diagonal into d, the sub-diagonal into <c>_e[1..]</c>.</summary>
    private void Tridiagonalise(Span<double> d)
    {
        var n = _n;
        var a = _a.AsSpan();
        var e = _e.AsSpan();
        for (var i = n - 1; i > 0; i--)
        {
            var l = i - 1;
            double h = 0;
            var rowI = a.Slice(i * n, n);
            if (l > 0)
            {
                double scale = 0;
                for (var k = 0; k <= l; k++)
                {
                    scale += Math.Abs(rowI[k]);
                }

                if (scale == 0)
                {
                    e[i] = rowI[l];
                }
                else
                {
                    // Scaling by the row's 1-norm keeps the sum of squares clear of overflow and underflow.
                    for (var k = 0; k <= l; k++)
                    {
                        rowI[k] /= scale;
                        h += rowI[k] * rowI[k];
                    }

                    var f = rowI[l];
                    var g = f >= 0 ? -Math.Sqrt(h) : Math.Sqrt(h);
                    e[i] = scale * g;
                    h -= f * g;
                    rowI[l] = f - g;
                    // p = A·u / h from the lower triangle, row by row so every access runs along a row: row j
                    // gives a[j][k]·u[k] to p[j] and, by symmetry, a[j][k]·u[j] to p[k] for k < j.
                    var u = rowI[..(l + 1)];
                    var p = e[..(l + 1)];
                    p.Clear();
                    for (var j = 0; j <= l; j++)
                    {
                        var rowJ = a.Slice(j * n, j + 1);
                        var uj = u[j];
                        var sum = rowJ[j] * uj;
                        for (var k = 0; k < j; k++)
                        {
                            var ajk = rowJ[k];
                            sum += ajk * u[k];
                            p[k] += ajk * uj;
                        }

                        p[j] += sum;
                    }

                    f = 0;
                    for (var j = 0; j <= l; j++)
                    {
                        p[j] /= h;
                        f += p[j] * u[j];
                    }

                    var hh = f / (h + h);
                    for (var j = 0; j <= l; j++)
                    {
                        f = rowI[j];
                        g = e[j] - (hh * f);
                        e[j] = g;
                        var rowJ = a.Slice(j * n, n);
                        for (var k = 0; k <= j; k++)
                        {
                            rowJ[k] -= (f * e[k]) + (g * rowI[k]);
                        }
                    }
                }
            }
            else
            {
                e[i] = rowI[l];
            }
        }

        e[0] = 0;
        for (var i = 0; i < n; i++)
        {
            d[i] = a[(i * n) + i];
        }
    }

    /// <summary>Implicit QL on the tridiagonal matrix (diagonal d, sub-diagonal <c>_e[1..]</c>); the eigenvalues end in d.</summary>
    private bool DiagonaliseTridiagonal(Span<double> d)
    {
        var n = _n;
        var e = _e.AsSpan();
        for (var i = 1; i < n; i++)
        {
            e[i - 1] = e[i];
        }

        e[n - 1] = 0;
        var converged = true;
        for (var l = 0; l < n; l++)
        {
            var iterations = 0;
            int m;
            do
            {
                // Look for a negligible sub-diagonal element that splits the matrix.
                for (m = l; m < n - 1; m++)
                {
                    var dd = Math.Abs(d[m]) + Math.Abs(d[m + 1]);
                    if (Math.Abs(e[m]) <= double.Epsilon + (1e-16 * dd))
                    {
                        break;
                    }
                }

                if (m == l)
                {
                    break;
                }

                if (iterations++ == MaxIterationsPerEigenvalue)
                {
                    converged = false;
                    break;
                }

                var g = (d[l + 1] - d[l]) / (2.0 * e[l]);
                var r = Math.Sqrt((g * g) + 1.0);
                g = d[m] - d[l] + (e[l] / (g + (g >= 0 ? Math.Abs(r) : -Math.Abs(r))));
                double s = 1, c = 1, p = 0;
                var i = m - 1;
                var underflow = false;
                for (; i >= l; i--)
                {
                    var f = s * e[i];
                    var b = c * e[i];
                    // A plain root rather than an overflow-safe hypot: the entries here are bounded by the
                    // matrix's norm (correlations: by N), far from where squaring could overflow.
                    r = Math.Sqrt((f * f) + (g * g));
                    e[i + 1] = r;
                    if (r == 0)
                    {
                        // Recover from underflow: deflate and start this eigenvalue's iteration again.
                        d[i + 1] -= p;
                        e[m] = 0;
                        underflow = true;
                        break;
                    }

                    var inverse = 1.0 / r;
                    s = f * inverse;
                    c = g * inverse;
                    g = d[i + 1] - p;
                    r = ((d[i] - g) * s) + (2.0 * c * b);
                    p = s * r;
                    d[i + 1] = g + p;
                    g = (c * r) - b;
                }

                if (underflow)
                {
                    continue;
                }

                d[l] -= p;
                e[l] = g;
                e[m] = 0;
            }
            while (true);
        }

        return converged;
    }

    private static void SortDescending(Span<double> values)
    {
        // Insertion sort: N is a few dozen and QL leaves the values nearly ordered.
        for (var i = 1; i < values.Length; i++)
        {
            var v = values[i];
            var j = i - 1;
            while (j >= 0 && values[j] < v)
            {
                values[j + 1] = values[j];
                j--;
            }

            values[j + 1] = v;
        }
    }
}
