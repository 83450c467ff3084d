using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vigil.Detection.Neural;

/// <summary>The one matrix-vector product on the scoring path, register-blocked.</summary>
internal static class MatrixKernels
{
    /// <summary>
    /// y += Σ_j x[j] · A[j, :] for A stored row-major as x.Length rows of y.Length columns (a transposed weight matrix).
    /// </summary>
    /// <remarks>
    /// Calling TensorPrimitives.MultiplyAdd once per row reads and rewrites all of y for every x[j], three memory
    /// operations per multiply-add; this kernel holds four vectors of y in registers across all rows, so only the
    /// weights stream through. It is what brings a 60 × 72 window under a millisecond.
    /// </remarks>
    public static void MultiplyAddTransposed(ReadOnlySpan<double> a, ReadOnlySpan<double> x, Span<double> y)
    {
        var rows = x.Length;
        var columns = y.Length;
        if (a.Length < rows * columns)
        {
            throw new ArgumentException("The matrix is smaller than x.Length × y.Length.", nameof(a));
        }

        ref var a0 = ref MemoryMarshal.GetReference(a);
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var y0 = ref MemoryMarshal.GetReference(y);
        var width = Vector<double>.Count;
        var c = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; c + (4 * width) <= columns; c += 4 * width)
            {
                var acc0 = Vector.LoadUnsafe(ref y0, (nuint)c);
                var acc1 = Vector.LoadUnsafe(ref y0, (nuint)(c + width));
                var acc2 = Vector.LoadUnsafe(ref y0, (nuint)(c + (2 * width)));
                var acc3 = Vector.LoadUnsafe(ref y0, (nuint)(c + (3 * width)));
                for (var j = 0; j < rows; j++)
                {
                    var xj = new Vector<double>(Unsafe.Add(ref x0, j));
                    var row = (nuint)((j * columns) + c);
                    acc0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref a0, row), xj, acc0);
                    acc1 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref a0, row + (nuint)width), xj, acc1);
                    acc2 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref a0, row + (nuint)(2 * width)), xj, acc2);
                    acc3 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref a0, row + (nuint)(3 * width)), xj, acc3);
                }

                acc0.StoreUnsafe(ref y0, (nuint)c);
                acc1.StoreUnsafe(ref y0, (nuint)(c + width));
                acc2.StoreUnsafe(ref y0, (nuint)(c + (2 * width)));
                acc3.StoreUnsafe(ref y0, (nuint)(c + (3 * width)));
            }

            for (; c + width <= columns; c += width)
            {
                var acc = Vector.LoadUnsafe(ref y0, (nuint)c);
                for (var j = 0; j < rows; j++)
                {
                    acc = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref a0, (nuint)((j * columns) + c)), new Vector<double>(Unsafe.Add(ref x0, j)), acc);
                }

                acc.StoreUnsafe(ref y0, (nuint)c);
            }
        }

        for (; c < columns; c++)
        {
            var sum = Unsafe.Add(ref y0, c);
            for (var j = 0; j < rows; j++)
            {
                sum = Math.FusedMultiplyAdd(Unsafe.Add(ref a0, (j * columns) + c), Unsafe.Add(ref x0, j), sum);
            }

            Unsafe.Add(ref y0, c) = sum;
        }
    }
}
