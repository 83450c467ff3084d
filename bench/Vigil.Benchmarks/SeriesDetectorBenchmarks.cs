using BenchmarkDotNet.Attributes;
using Vigil.Core.Instruments;
using Vigil.Core.Numerics;
using Vigil.Core.Streaming;
using Vigil.Detection.Series;

namespace Vigil.Benchmarks;

/// <summary>Each per-series detector's cost per observation, on a random walk with volumes at 4 Hz.</summary>
[MemoryDiagnoser]
public class SeriesDetectorBenchmarks
{
    private const int Observations = 4096;
    private readonly double[] _prices = new double[Observations];
    private readonly double[] _volumes = new double[Observations];
    private ISeriesDetector _detector = null!;
    private long _timestampNs;

    /// <summary>The detector under test.</summary>
    [Params("ZSCORE", "PRICE_SPIKE", "VOLUME_ANOMALY", "VOLATILITY_BURST", "FLASH_CRASH")]
    public string Detector { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Xoshiro256(3);
        var price = 100.0;
        for (var i = 0; i < Observations; i++)
        {
            price *= Math.Exp(0.0005 * random.NextGaussian());
            _prices[i] = price;
            _volumes[i] = 300 * Math.Exp(0.5 * random.NextGaussian());
        }

        _detector = Detector switch
        {
            "ZSCORE" => new RollingZScoreDetector(ValueKind.Price),
            "PRICE_SPIKE" => new PriceSpikeDetector(),
            "VOLUME_ANOMALY" => new VolumeAnomalyDetector(),
            "VOLATILITY_BURST" => new VolatilityBurstDetector(ValueKind.Price),
            _ => new FlashCrashDetector(),
        };

        // Warm the detector up so the timed calls are steady-state.
        for (var k = 0; k < 4; k++)
        {
            Run();
        }
    }

    /// <summary>One observation.</summary>
    [Benchmark(OperationsPerInvoke = Observations)]
    public double Update() => Run();

    private double Run()
    {
        var sum = 0.0;
        var detector = _detector;
        for (var i = 0; i < Observations; i++)
        {
            _timestampNs += 250_000_000;
            sum += detector.Update(_timestampNs, _prices[i], _volumes[i]).Score;
        }

        return sum;
    }
}
