using Vigil.Core.Instruments;
using Vigil.Core.Market;
using Vigil.Core.Numerics;
using Vigil.Core.Statistics;

namespace Vigil.Core.Tests;

/// <summary>
/// Per-update methods allocate nothing once warmed up. Each test hands <see cref="Allocations.Fewest"/> a run of
/// many calls: one run warms up (JIT, lazily grown buffers), then the fewest bytes this thread allocated in a run
/// must be zero.
/// </summary>
public sealed class PerTickAllocationTests
{
    private const int Calls = 100_000;

    [Fact]
    public void Rolling_moments_add_does_not_allocate()
    {
        var rolling = new RollingMoments(50);

        var allocated = Allocations.Fewest(run => Run(rolling, run));
        Assert.Equal(0, allocated);
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
        var runs = 0;

        var allocated = Allocations.Fewest(run =>
        {
            Run(ref ewma, run);
            runs++;
        });
        Assert.Equal(0, allocated);
        Assert.Equal((long)runs * Calls, ewma.Count);

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
        var runs = 0;

        var allocated = Allocations.Fewest(_ =>
        {
            Run(ref acc);
            runs++;
        });
        Assert.Equal(0, allocated);
        Assert.Equal((long)runs * Calls, acc.Count);

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
        const int Steps = Calls / 10;
        var matrix = new EwmaCovarianceMatrix(dimension, 0.97, demean: true);
        var x = new double[dimension];
        var destination = new double[dimension * dimension];
        var correlation = double.NaN;

        var allocated = Allocations.Fewest(run => correlation = Run(matrix, x, destination, run * Steps, Steps));
        Assert.Equal(0, allocated);
        Assert.InRange(correlation, -1.0, 1.0);

        static double Run(EwmaCovarianceMatrix matrix, double[] x, double[] destination, int first, int steps)
        {
            for (var t = first; t < first + steps; t++)
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
        double sink = 0;

        var allocated = Allocations.Fewest(run => sink += Run(quantile, run));
        Assert.Equal(0, allocated);
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

        var allocated = Allocations.Fewest(_ =>
        {
            for (var i = 0; i < Calls; i++)
            {
                t += 10;
                // Runs of every length, up to longer than the window.
                var v = (i / 1_500) % 2 == 0 ? -(i % 1_500) : Math.Sin(i);
                extremes.Add(t, v);
            }
        });

        Assert.Equal(0, allocated);
        Assert.False(extremes.IsEmpty);
    }

    [Fact]
    public void Ring_buffer_push_does_not_allocate()
    {
        var buffer = new RingBuffer<double>(64);
        double sink = 0;

        var allocated = Allocations.Fewest(_ => sink += Run(buffer));
        Assert.Equal(0, allocated);
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
        var barsEveryRun = true;

        var allocated = Allocations.Fewest(_ => barsEveryRun &= Run(ref builder, ref t) > 0);
        Assert.Equal(0, allocated);
        Assert.True(barsEveryRun);

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
        double sink = 0;

        var allocated = Allocations.Fewest(_ => sink += Run(generator));
        Assert.Equal(0, allocated);
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
        var runs = 0;
        var found = 0;

        var allocated = Allocations.Fewest(_ =>
        {
            found += Run(registry, buffer);
            runs++;
        });
        Assert.Equal(0, allocated);
        Assert.Equal(runs * Calls, found);

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
        double sink = 0;

        var allocated = Allocations.Fewest(_ => sink += Run());
        Assert.Equal(0, allocated);
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
