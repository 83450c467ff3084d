using Vigil.Core.Instruments;
using Vigil.Core.Market;
using Vigil.Core.Numerics;
using Vigil.Core.Statistics;

namespace Vigil.Core.Tests;

/// <summary>
/// Per-update methods allocate nothing once warmed up. Each test runs the calls once to warm up (JIT, lazily grown
/// buffers), then counts the bytes this thread allocates over many more calls.
/// </summary>
public sealed class PerTickAllocationTests
{
    private const int Calls = 100_000;

    [Fact]
    public void Rolling_moments_add_does_not_allocate()
    {
        var rolling = new RollingMoments(50);
        Run(rolling, 0);

        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(rolling, 1);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(rolling.Variance > 0);

        static void Run(RollingMoments rolling, int phase)
        {
            for (var i = 0; i < Calls; i++)
            {
                rolling.Add(Math.Sin(i + phase));
            }
        }
    }

    [Fact]
    public void Ewma_moments_add_does_not_allocate()
    {
        var ewma = new EwmaMoments(0.94);
        Run(ref ewma, 0);

        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(ref ewma, 1);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(2L * Calls, ewma.Count);

        static void Run(ref EwmaMoments ewma, int phase)
        {
            for (var i = 0; i < Calls; i++)
            {
                ewma.Add(Math.Cos(i + phase));
            }
        }
    }

    [Fact]
    public void Welford_add_does_not_allocate()
    {
        var acc = new WelfordAccumulator();
        Run(ref acc);

        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(ref acc);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(2L * Calls, acc.Count);

        static void Run(ref WelfordAccumulator acc)
        {
            for (var i = 0; i < Calls; i++)
            {
                acc.Add(i * 0.5);
            }
        }
    }

    [Fact]
    public void Ewma_covariance_update_and_copies_do_not_allocate()
    {
        const int dimension = 18;
        var matrix = new EwmaCovarianceMatrix(dimension, 0.97, demean: true);
        var x = new double[dimension];
        var destination = new double[dimension * dimension];
        Run(matrix, x, destination, Calls / 100);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var correlation = Run(matrix, x, destination, Calls / 10);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.InRange(correlation, -1.0, 1.0);

        static double Run(EwmaCovarianceMatrix matrix, double[] x, double[] destination, int steps)
        {
            for (var t = 0; t < steps; t++)
            {
                for (var i = 0; i < x.Length; i++)
                {
                    x[i] = Math.Sin((t * 0.37) + i);
                }

                matrix.Update(x);
            }

            matrix.CopyCovarianceTo(destination);
            matrix.CopyCorrelationTo(destination);
            return matrix.Correlation(0, 1);
        }
    }

    [Fact]
    public void Rolling_quantile_add_and_queries_do_not_allocate()
    {
        var quantile = new RollingQuantile(256);
        Run(quantile, 0);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var sink = Run(quantile, 1);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(double.IsFinite(sink));

        static double Run(RollingQuantile quantile, int phase)
        {
            double sink = 0;
            for (var i = 0; i < Calls; i++)
            {
                var v = Math.Sin((i * 1.7) + phase);
                quantile.Add(v);
                sink += quantile.Quantile(0.95) + quantile.CountBelow(v);
            }

            return sink;
        }
    }

    [Fact]
    public void Sliding_window_extremes_add_does_not_allocate_in_steady_state()
    {
        // A value every 10 ns in a 10 µs window: up to 1,001 values in the window.
        const long window = 10_000;
        var extremes = new SlidingWindowExtremes(window);
        var t = 0L;
        // Warm-up: one falling and one rising run as long as the window, the most either queue ever holds at this
        // tick rate, so the queues have grown to their steady-state size.
        for (var i = 0; i < 2_000; i++)
        {
            t += 10;
            extremes.Add(t, i < 1_000 ? -i : i);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Calls; i++)
        {
            t += 10;
            // Runs of every length, up to longer than the window.
            var v = (i / 1_500) % 2 == 0 ? -(i % 1_500) : Math.Sin(i);
            extremes.Add(t, v);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.False(extremes.IsEmpty);
    }

    [Fact]
    public void Ring_buffer_push_does_not_allocate()
    {
        var buffer = new RingBuffer<double>(64);
        Run(buffer);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var sink = Run(buffer);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(double.IsFinite(sink));

        static double Run(RingBuffer<double> buffer)
        {
            double sink = 0;
            for (var i = 0; i < Calls; i++)
            {
                if (buffer.Push(i, out var evicted))
                {
                    sink += evicted;
                }

                buffer.Push(-i);
                sink += buffer[0] + buffer.Newest;
            }

            return sink;
        }
    }

    [Fact]
    public void Bar_builder_add_does_not_allocate()
    {
        var builder = new BarBuilder(new InstrumentId(0), 1_000);
        var t = 0L;
        Run(ref builder, ref t);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var bars = Run(ref builder, ref t);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(bars > 0);

        static int Run(ref BarBuilder builder, ref long t)
        {
            var bars = 0;
            for (var i = 0; i < Calls; i++)
            {
                t += 37;
                if (builder.Add(t, 100 + Math.Sin(i), 1.0, out _))
                {
                    bars++;
                }
            }

            return bars;
        }
    }

    [Fact]
    public void Xoshiro256_draws_do_not_allocate()
    {
        var generator = new Xoshiro256(3);
        Run(generator);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var sink = Run(generator);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(double.IsFinite(sink));

        static double Run(Xoshiro256 generator)
        {
            double sink = 0;
            for (var i = 0; i < Calls; i++)
            {
                sink += generator.NextUInt64() + generator.NextDouble() + generator.NextDouble(-1, 1)
                    + generator.NextInt(1_000) + generator.NextGaussian();
            }

            return sink;
        }
    }

    [Fact]
    public void Instrument_lookup_by_span_does_not_allocate()
    {
        var registry = DefaultUniverse.CreateRegistry();
        var buffer = "...,usdjpy,...".ToCharArray();
        Run(registry, buffer);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var found = Run(registry, buffer);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(Calls, found);

        static int Run(InstrumentRegistry registry, char[] buffer)
        {
            var found = 0;
            for (var i = 0; i < Calls; i++)
            {
                if (registry.TryGet(buffer.AsSpan(4, 6), out _))
                {
                    found++;
                }
            }

            return found;
        }
    }

    [Fact]
    public void Normal_functions_do_not_allocate()
    {
        Run();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var sink = Run();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(double.IsFinite(sink));

        static double Run()
        {
            double sink = 0;
            for (var i = 1; i < Calls; i++)
            {
                var p = i / (double)Calls;
                sink += SpecialFunctions.NormalCdf(SpecialFunctions.NormalQuantile(p)) + SpecialFunctions.NormalPdf(p);
            }

            return sink;
        }
    }
}
