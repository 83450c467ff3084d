using BenchmarkDotNet.Attributes;
using Vigil.Core.Numerics;
using Vigil.Detection.CrossAsset;

namespace Vigil.Benchmarks;

/// <summary>
/// Scoring the engine's 72-dimensional state vector (18 instruments × 4 features) with the paper's forest:
/// 200 trees grown on subsamples of 256 from a 384-step calm window. Scoring cycles through 64 distinct vectors,
/// a quarter of them outliers, so branch history does not memorise one path.
/// </summary>
[MemoryDiagnoser]
public class IsolationForestBenchmarks
{
    private const int Features = 72;
    private const int Vectors = 64;
    private IsolationForest _forest = null!;
    private double[] _training = null!;
    private double[] _vectors = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var names = new string[Features];
        for (var i = 0; i < Features; i++)
        {
            names[i] = $"I{i / 4}.{(i % 4) switch { 0 => "return", 1 => "volatility", 2 => "zscore", _ => "volume_ratio" }}";
        }

        var random = new Xoshiro256(1);
        _training = new double[384 * Features];
        for (var k = 0; k < _training.Length; k++)
        {
            _training[k] = random.NextGaussian();
        }

        _forest = IsolationForest.Fit(_training, 384, new FeatureSchema(names), new IsolationForestOptions { Seed = 7 });
        _vectors = new double[Vectors * Features];
        for (var k = 0; k < _vectors.Length; k++)
        {
            _vectors[k] = random.NextGaussian() * ((k / Features) % 4 == 0 ? 4.0 : 1.0);
        }
    }

    /// <summary>One score of one 72-dimensional vector with 200 trees.</summary>
    [Benchmark]
    public double Score()
    {
        var at = _next;
        _next = (at + 1) & (Vectors - 1);
        return _forest.Score(_vectors.AsSpan(at * Features, Features));
    }

    /// <summary>Fitting the forest on a 384 × 72 window (once per detector, not per step).</summary>
    [Benchmark]
    public IsolationForest Fit() =>
        IsolationForest.Fit(_training, 384, _forest.Schema, _forest.Options);
}
