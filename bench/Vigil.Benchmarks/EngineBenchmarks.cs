using BenchmarkDotNet.Attributes;
using Vigil.Core.Instruments;
using Vigil.Core.Market;
using Vigil.Detection.CrossAsset;
using Vigil.Engine.Pipeline;
using Vigil.Engine.Simulation;

namespace Vigil.Benchmarks;

/// <summary>
/// The engine's two tiers on the simulator's 18 instruments at 4 Hz (generated in memory, calm then a Lehman-like
/// stress so both calm and turbulent paths are exercised). <see cref="PerTick"/> runs only the per-instrument tier
/// (one long step, so no market step closes); <see cref="PerStep"/> runs whole market steps, each with its 18 ticks.
/// Every iteration starts a fresh engine from a pre-trained Isolation Forest so the one-off fit is not timed.
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private const int Batches = 12_000;
    private Tick[] _ticks = null!;
    private InstrumentRegistry _registry = null!;
    private IsolationForest _model = null!;
    private DetectionEngine _engine = null!;
    private readonly EngineOptions _perTickOptions = new() { StepIntervalNs = TimeUnits.NsPerDay };
    private readonly EngineOptions _perStepOptions = new();

    [GlobalSetup]
    public void Setup()
    {
        var simulator = new MarketSimulator(new SimulatorOptions { Seed = 7 });
        _registry = simulator.Registry;
        var ticks = new List<Tick>(Batches * simulator.InstrumentCount);
        var batch = new Tick[simulator.InstrumentCount];
        for (var i = 0; i < Batches; i++)
        {
            if (i == Batches / 2)
            {
                simulator.Activate(CrisisPresets.Lehman2008);
            }

            var n = simulator.NextBatch(batch);
            ticks.AddRange(batch.AsSpan(0, n));
        }

        _ticks = [.. ticks];
        var trainer = new DetectionEngine(_registry, _perStepOptions);
        trainer.Process(_ticks);
        _model = trainer.IsolationForest.Forest ?? throw new InvalidOperationException("The forest did not train.");
    }

    [IterationSetup(Target = nameof(PerTick))]
    public void SetupPerTick() => _engine = new DetectionEngine(_registry, _perTickOptions, null, _model);

    [IterationSetup(Target = nameof(PerStep))]
    public void SetupPerStep() => _engine = new DetectionEngine(_registry, _perStepOptions, null, _model);

    /// <summary>One tick through the per-instrument tier (five per-series detectors and the step accumulators).</summary>
    [Benchmark(OperationsPerInvoke = Batches * 18)]
    public long PerTick()
    {
        _engine.Process(_ticks);
        return _engine.Counters.Ticks;
    }

    /// <summary>One market step over 18 instruments: its 18 ticks plus the cross-asset tier, ensemble and warnings.</summary>
    [Benchmark(OperationsPerInvoke = Batches)]
    public long PerStep()
    {
        _engine.Process(_ticks);
        _engine.Flush();
        return _engine.Counters.Steps;
    }
}
