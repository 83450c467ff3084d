using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using Vigil.Core.Numerics;
using Vigil.Detection.CrossAsset;
using Vigil.Testing;

namespace Vigil.Detection.Tests.CrossAsset.CorrelationStructure;

public sealed class SymmetricEigenvaluesTests
{
    private static double[] RandomSymmetric(Xoshiro256 random, int n, bool positiveDefinite)
    {
        var b = new double[n * n];
        for (var k = 0; k < b.Length; k++)
        {
            b[k] = random.NextGaussian();
        }

        var a = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                double value;
                if (positiveDefinite)
                {
                    // BᵀB plus a little on the diagonal: symmetric positive definite.
                    value = 0;
                    for (var k = 0; k < n; k++)
                    {
                        value += b[(k * n) + i] * b[(k * n) + j];
                    }

                    if (i == j)
                    {
                        value += 0.01;
                    }
                }
                else
                {
                    value = b[(i * n) + j] + b[(j * n) + i];
                }

                a[(i * n) + j] = a[(j * n) + i] = value;
            }
        }

        return a;
    }

    private static double[] MathNetEigenvaluesDescending(double[] a, int n)
    {
        var matrix = DenseMatrix.Build.Dense(n, n, (i, j) => a[(i * n) + j]);
        var evd = matrix.Evd(Symmetricity.Symmetric);
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = evd.EigenValues[i].Real;
        }

        Array.Sort(values);
        Array.Reverse(values);
        return values;
    }

    private static void AssertMatchesMathNet(double[] a, int n)
    {
        var expected = MathNetEigenvaluesDescending(a, n);
        var actual = new double[n];
        Assert.True(new SymmetricEigenvalues(n).Compute(a, actual));
        var scale = Math.Max(1.0, Math.Max(Math.Abs(expected[0]), Math.Abs(expected[n - 1])));
        for (var i = 0; i < n; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-10 * scale, $"n={n} eigenvalue {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(18)]
    [InlineData(40)]
    public void Eigenvalues_of_random_positive_definite_matrices_match_MathNet_full_decomposition(int n)
    {
        var random = new Xoshiro256((ulong)(100 + n));
        for (var trial = 0; trial < 20; trial++)
        {
            AssertMatchesMathNet(RandomSymmetric(random, n, positiveDefinite: true), n);
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(18)]
    public void Eigenvalues_of_random_indefinite_symmetric_matrices_match_MathNet(int n)
    {
        var random = new Xoshiro256((ulong)(200 + n));
        for (var trial = 0; trial < 20; trial++)
        {
            AssertMatchesMathNet(RandomSymmetric(random, n, positiveDefinite: false), n);
        }
    }

    [Fact]
    public void Repeated_and_zero_eigenvalues_are_found()
    {
        const int n = 18;
        var ones = new double[n * n];
        Array.Fill(ones, 1.0);
        var values = new double[n];
        Assert.True(new SymmetricEigenvalues(n).Compute(ones, values));
        Assert.Equal(n, values[0], 10);
        for (var i = 1; i < n; i++)
        {
            Assert.Equal(0.0, values[i], 10);
        }

        var identity = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            identity[(i * n) + i] = 1.0;
        }

        Assert.True(new SymmetricEigenvalues(n).Compute(identity, values));
        Assert.All(values, v => Assert.Equal(1.0, v, 12));
        AssertMatchesMathNet(ones, n);
    }

    [Fact]
    public void Compute_leaves_the_input_unchanged()
    {
        var a = RandomSymmetric(new Xoshiro256(7), 6, positiveDefinite: true);
        var copy = (double[])a.Clone();
        new SymmetricEigenvalues(6).Compute(a, new double[6]);
        Assert.Equal(copy, a);
    }

    [Fact]
    public void Compute_rejects_a_matrix_of_the_wrong_size()
    {
        var solver = new SymmetricEigenvalues(3);
        var error = Assert.Throws<ArgumentException>(() => solver.Compute(new double[8], new double[3]));
        Assert.Equal("matrix", error.ParamName);
    }

    [Fact]
    public void Compute_does_not_allocate()
    {
        var a = RandomSymmetric(new Xoshiro256(9), 18, positiveDefinite: true);
        var values = new double[18];
        var solver = new SymmetricEigenvalues(18);
        var bytes = Allocations.Fewest(_ =>
        {
            for (var k = 0; k < 2000; k++)
            {
                solver.Compute(a, values);
            }
        });
        Assert.Equal(0, bytes);
    }
}
