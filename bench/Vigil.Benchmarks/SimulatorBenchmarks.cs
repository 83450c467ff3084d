using BenchmarkDotNet.Attributes;
using Vigil.Core.Market;
using Vigil.Engine.Simulation;

namespace Vigil.Benchmarks;

/// <summary>One simulator snapshot of the 18 default instruments, calm and during a scenario's onset (the costliest phase).</summary>
[MemoryDiagnoser]
public class SimulatorBenchmarks
{
    private readonly Tick[] _batch = new Tick[18];
    private MarketSimulator _calm = null!;
    private MarketSimulator _stressed = null!;

    [GlobalSetup]
    public void Setup()
    {
        _calm = new MarketSimulator();
        _stressed = new MarketSimulator();

        // A very slow onset keeps the stressed simulator ramping (and correlating through the crisis factor) throughout.
        _stressed.Activate(CrisisPresets.Covid2020.ScaleDurations(4_000));
        for (var k = 0; k < 1_000; k++)
        {
            _calm.NextBatch(_batch);
            _stressed.NextBatch(_batch);
        }
    }

    [Benchmark(Baseline = true)]
    public int CalmBatch() => _calm.NextBatch(_batch);

    [Benchmark]
    public int StressedBatch() => _stressed.NextBatch(_batch);
}
