using BenchmarkDotNet.Attributes;
using Vigil.Core.Instruments;
using Vigil.Core.Numerics;
using Vigil.Core.Streaming;
using Vigil.Detection.Risk;

namespace Vigil.Benchmarks;

/// <summary>
/// The market-risk monitor over the 18 default instruments with the live options (1000-step windows): one market
/// step, and one snapshot for the API. Returns are Gaussian with a fifth of the instruments missing each step.
/// </summary>
[MemoryDiagnoser]
public class MarketRiskBenchmarks
{
    private const int Steps = 4096;
    private double[] _returns = [];
    private MarketRiskMonitor _monitor = null!;
    private int _n;

    [GlobalSetup]
    public void Setup()
    {
        var instruments = DefaultUniverse.CreateRegistry().All;
        _n = instruments.Count;
        _monitor = new MarketRiskMonitor(instruments);
        var random = new Xoshiro256(5);
        _returns = new double[Steps * _n];
        for (var k = 0; k < _returns.Length; k++)
        {
            _returns[k] = random.NextDouble() < 0.2 ? double.NaN : 0.0005 * random.NextGaussian();
        }

        // Fill the windows and the regime history so the timed steps are steady-state.
        for (var k = 0; k < 12; k++)
        {
            Run();
        }
    }

    /// <summary>One market step over 18 instruments and the portfolio.</summary>
    [Benchmark(OperationsPerInvoke = Steps)]
    public double Update() => Run();

    /// <summary>One snapshot: every instrument's and the portfolio's VaR, ES and backtests.</summary>
    [Benchmark]
    public MarketRiskReport Snapshot() => _monitor.Snapshot();

    private double Run()
    {
        var sum = 0.0;
        var monitor = _monitor;
        for (var t = 0; t < Steps; t++)
        {
            DetectorReading reading = monitor.Update(_returns.AsSpan(t * _n, _n));
            sum += reading.Score;
        }

        return sum;
    }
}
