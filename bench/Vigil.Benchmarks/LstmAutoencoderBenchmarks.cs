using BenchmarkDotNet.Attributes;
using Vigil.Core.Numerics;
using Vigil.Detection.Neural;

namespace Vigil.Benchmarks;

/// <summary>
/// The LSTM autoencoder at the engine's size (72 features = 18 instruments × 4, 60-step windows, 72 → 64 → 32 → 64 →
/// 72, 77 640 parameters, float64): scoring one window (a forward pass and its reconstruction error), scoring with
/// per-feature errors (what the detector does), and one training step on a mini-batch of 16 windows (forward,
/// backpropagation through time, gradient averaging and clipping, Adam).
/// </summary>
[MemoryDiagnoser]
public class LstmAutoencoderBenchmarks
{
    private const int BatchSize = 16;
    private LstmAutoencoderNetwork _network = null!;
    private AdamOptimizer _optimizer = null!;
    private double[] _windows = null!;
    private double[] _featureErrors = null!;

    [GlobalSetup]
    public void Setup()
    {
        var architecture = new LstmAutoencoderArchitecture();
        _network = new LstmAutoencoderNetwork(architecture, 1);
        _optimizer = new AdamOptimizer(architecture.ParameterCount);
        var random = new Xoshiro256(2);
        _windows = new double[BatchSize * _network.WindowSize];
        for (var k = 0; k < _windows.Length; k++)
        {
            _windows[k] = random.NextGaussian();
        }

        _featureErrors = new double[architecture.InputWidth];
    }

    /// <summary>One 60 × 72 window's reconstruction error.</summary>
    [Benchmark]
    public double ScoreWindow() => _network.ReconstructionError(_windows.AsSpan(0, _network.WindowSize));

    /// <summary>One window's reconstruction error with each feature's error, as the detector scores.</summary>
    [Benchmark]
    public double ScoreWindowWithFeatureErrors() => _network.ReconstructionError(_windows.AsSpan(0, _network.WindowSize), _featureErrors);

    /// <summary>One Adam step on a batch of 16 windows.</summary>
    [Benchmark]
    public double TrainStepBatch16()
    {
        _network.ClearGradient();
        var loss = 0.0;
        var size = _network.WindowSize;
        for (var b = 0; b < BatchSize; b++)
        {
            loss += _network.AccumulateGradient(_windows.AsSpan(b * size, size));
        }

        var gradient = _network.Gradient;
        for (var k = 0; k < gradient.Length; k++)
        {
            gradient[k] /= BatchSize;
        }

        AdamOptimizer.ClipGradientNorm(gradient, 1.0);
        _optimizer.Step(_network.Parameters, gradient);
        return loss / BatchSize;
    }
}
