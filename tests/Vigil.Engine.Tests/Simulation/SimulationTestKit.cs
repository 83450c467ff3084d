using Vigil.Core.Instruments;
using Vigil.Core.Market;
using Vigil.Engine.Simulation;

namespace Vigil.Engine.Tests.Simulation;

/// <summary>Helpers shared by the simulator tests: running, indexing, statistics computed independently of the simulator.</summary>
internal static class SimulationTestKit
{
    public static int IndexOf(MarketSimulator simulator, string symbol)
    {
        Assert.True(simulator.Registry.TryGet(symbol, out var instrument), $"{symbol} is not simulated");
        return instrument.Id.Value;
    }

    public static void Run(MarketSimulator simulator, Tick[] batch, int batches)
    {
        for (var k = 0; k < batches; k++)
        {
            simulator.NextBatch(batch);
        }
    }

    /// <summary>Runs batches until the next batch would be at or after <paramref name="eventTime"/> from now.</summary>
    public static void RunFor(MarketSimulator simulator, Tick[] batch, TimeSpan eventTime)
    {
        var endNs = simulator.TimestampNs + (eventTime.Ticks * 100L);
        while (simulator.TimestampNs < endNs)
        {
            simulator.NextBatch(batch);
        }
    }

    /// <summary>Per-batch changes: log changes of prices, differences of levels.</summary>
    public static double[][] Returns(MarketSimulator simulator, Tick[] batch, int count)
    {
        var n = simulator.InstrumentCount;
        var isLevel = new bool[n];
        for (var i = 0; i < n; i++)
        {
            isLevel[i] = simulator.Registry[new InstrumentId(i)].ValueKind == ValueKind.Level;
        }

        simulator.NextBatch(batch);
        var previous = new double[n];
        for (var i = 0; i < n; i++)
        {
            previous[i] = batch[i].Price;
        }

        var returns = new double[n][];
        for (var i = 0; i < n; i++)
        {
            returns[i] = new double[count];
        }

        for (var k = 0; k < count; k++)
        {
            simulator.NextBatch(batch);
            for (var i = 0; i < n; i++)
            {
                var price = batch[i].Price;
                returns[i][k] = isLevel[i] ? price - previous[i] : Math.Log(price / previous[i]);
                previous[i] = price;
            }
        }

        return returns;
    }

    public static double Correlation(double[] x, double[] y)
    {
        double mx = 0, my = 0;
        for (var k = 0; k < x.Length; k++)
        {
            mx += x[k];
            my += y[k];
        }

        mx /= x.Length;
        my /= y.Length;
        double sxy = 0, sxx = 0, syy = 0;
        for (var k = 0; k < x.Length; k++)
        {
            var dx = x[k] - mx;
            var dy = y[k] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }

        return sxy / Math.Sqrt(sxx * syy);
    }

    public static double StandardDeviation(double[] x)
    {
        double mean = 0;
        foreach (var v in x)
        {
            mean += v;
        }

        mean /= x.Length;
        double ss = 0;
        foreach (var v in x)
        {
            ss += (v - mean) * (v - mean);
        }

        return Math.Sqrt(ss / (x.Length - 1));
    }

    /// <summary>The smallest eigenvalue of a symmetric matrix, by cyclic Jacobi rotations.</summary>
    public static double MinEigenvalue(IReadOnlyList<double> matrix, int n)
    {
        var a = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                a[i, j] = matrix[(i * n) + j];
            }
        }

        for (var sweep = 0; sweep < 100; sweep++)
        {
            double off = 0;
            for (var p = 0; p < n; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    off += a[p, q] * a[p, q];
                }
            }

            if (off < 1e-24)
            {
                break;
            }

            for (var p = 0; p < n; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    if (Math.Abs(a[p, q]) < 1e-300)
                    {
                        continue;
                    }

                    var theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    var t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
                    if (theta == 0)
                    {
                        t = 1;
                    }

                    var c = 1 / Math.Sqrt((t * t) + 1);
                    var s = t * c;
                    for (var k = 0; k < n; k++)
                    {
                        var akp = a[k, p];
                        var akq = a[k, q];
                        a[k, p] = (c * akp) - (s * akq);
                        a[k, q] = (s * akp) + (c * akq);
                    }

                    for (var k = 0; k < n; k++)
                    {
                        var apk = a[p, k];
                        var aqk = a[q, k];
                        a[p, k] = (c * apk) - (s * aqk);
                        a[q, k] = (s * apk) + (c * aqk);
                    }
                }
            }
        }

        var min = double.MaxValue;
        for (var i = 0; i < n; i++)
        {
            min = Math.Min(min, a[i, i]);
        }

        return min;
    }
}

/// <summary>The levels of every instrument around one stress episode.</summary>
internal sealed class Episode
{
    private readonly MarketSimulator _simulator;

    private Episode(MarketSimulator simulator, int n)
    {
        _simulator = simulator;
        Start = new double[n];
        AtPeakEnd = new double[n];
        Min = new double[n];
        Max = new double[n];
        End = new double[n];
    }

    /// <summary>Levels just before activation.</summary>
    public double[] Start { get; }

    /// <summary>Levels at the last batch of the peak phase.</summary>
    public double[] AtPeakEnd { get; }

    /// <summary>Lowest levels from activation to the end of the recovery.</summary>
    public double[] Min { get; }

    /// <summary>Highest levels from activation to the end of the recovery.</summary>
    public double[] Max { get; }

    /// <summary>Levels at the first batch back in the calm baseline.</summary>
    public double[] End { get; }

    /// <summary>Runs a one-minute calm warm-up, then <paramref name="scenario"/> to the end of its recovery.</summary>
    public static Episode Run(StressScenario scenario, ulong seed)
    {
        var simulator = new MarketSimulator(new SimulatorOptions { Seed = seed });
        var n = simulator.InstrumentCount;
        var batch = new Tick[n];
        var episode = new Episode(simulator, n);
        SimulationTestKit.RunFor(simulator, batch, TimeSpan.FromMinutes(1));
        for (var i = 0; i < n; i++)
        {
            episode.Start[i] = batch[i].Price;
            episode.Min[i] = double.MaxValue;
            episode.Max[i] = double.MinValue;
        }

        simulator.Activate(scenario);
        var peakEndNs = simulator.TimestampNs + ((scenario.OnsetDuration + scenario.Duration).Ticks * 100L);
        var limitNs = simulator.TimestampNs + ((scenario.TotalDuration + TimeSpan.FromMinutes(1)).Ticks * 100L);
        do
        {
            simulator.NextBatch(batch);
            for (var i = 0; i < n; i++)
            {
                var level = batch[i].Price;
                episode.Min[i] = Math.Min(episode.Min[i], level);
                episode.Max[i] = Math.Max(episode.Max[i], level);
                if (batch[i].TimestampNs <= peakEndNs)
                {
                    episode.AtPeakEnd[i] = level;
                }
            }

            Assert.True(batch[0].TimestampNs < limitNs, "the scenario did not end after its total duration");
        }
        while (simulator.Phase != StressPhase.None);

        for (var i = 0; i < n; i++)
        {
            episode.End[i] = batch[i].Price;
        }

        return episode;
    }

    /// <summary>The change of <paramref name="symbol"/> from the start to <paramref name="levels"/>: relative for prices, absolute for levels.</summary>
    public double Move(string symbol, double[] levels)
    {
        var i = SimulationTestKit.IndexOf(_simulator, symbol);
        return _simulator.Registry[new InstrumentId(i)].ValueKind == ValueKind.Level
            ? levels[i] - Start[i]
            : (levels[i] / Start[i]) - 1.0;
    }

    public double Level(string symbol, double[] levels) => levels[SimulationTestKit.IndexOf(_simulator, symbol)];
}
