namespace Vigil.Engine.Simulation;

/// <summary>Cholesky factorisation of symmetric positive-definite matrices, used to correlate Gaussian shocks.</summary>
internal static class Cholesky
{
    /// <summary>
    /// Factors a symmetric matrix A = L·Lᵀ. Reads only the lower triangle of <paramref name="matrix"/>.
    /// </summary>
    /// <param name="matrix">A, row-major n×n.</param>
    /// <param name="n">The dimension.</param>
    /// <param name="lower">Receives L, row-major n×n with zeros above the diagonal.</param>
    /// <returns>False when A is not positive definite (a pivot is not positive).</returns>
    public static bool TryFactor(ReadOnlySpan<double> matrix, int n, Span<double> lower)
    {
        lower[..(n * n)].Clear();
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = matrix[(i * n) + j];
                for (var k = 0; k < j; k++)
                {
                    sum -= lower[(i * n) + k] * lower[(j * n) + k];
                }

                if (i == j)
                {
                    if (!(sum > 0))
                    {
                        return false;
                    }

                    lower[(i * n) + i] = Math.Sqrt(sum);
                }
                else
                {
                    lower[(i * n) + j] = sum / lower[(j * n) + j];
                }
            }
        }

        return true;
    }
}
