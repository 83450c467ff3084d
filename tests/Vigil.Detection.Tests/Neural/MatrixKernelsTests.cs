using Vigil.Core.Numerics;
using Vigil.Detection.Neural;

namespace Vigil.Detection.Tests.Neural;

public sealed class MatrixKernelsTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 3)]
    [InlineData(7, 37)]
    [InlineData(72, 256)]
    [InlineData(3, 17)]
    public void Transposed_multiply_add_matches_the_naive_sum_for_every_column_count(int rows, int columns)
    {
        var random = new Xoshiro256((ulong)((rows * 1000) + columns));
        var a = new double[rows * columns];
        var x = new double[rows];
        var y = new double[columns];
        for (var k = 0; k < a.Length; k++)
        {
            a[k] = random.NextGaussian();
        }

        for (var k = 0; k < rows; k++)
        {
            x[k] = random.NextGaussian();
        }

        for (var k = 0; k < columns; k++)
        {
            y[k] = random.NextGaussian();
        }

        var expected = (double[])y.Clone();
        for (var c = 0; c < columns; c++)
        {
            for (var j = 0; j < rows; j++)
            {
                expected[c] += a[(j * columns) + c] * x[j];
            }
        }

        MatrixKernels.MultiplyAddTransposed(a, x, y);
        for (var c = 0; c < columns; c++)
        {
            Assert.Equal(expected[c], y[c], 1e-12);
        }
    }
}
