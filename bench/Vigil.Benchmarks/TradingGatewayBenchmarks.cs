using BenchmarkDotNet.Attributes;
using Vigil.Engine.Trading;
using Vigil.Engine.Warnings;

namespace Vigil.Benchmarks;

/// <summary>
/// The order gateway's check, <see cref="TradingRunRegistry.GetState"/>, over a registry of 64 runs (half live, the
/// live ones halted by a warning), cycling through the run ids so the lookups are not one cached key.
/// </summary>
[MemoryDiagnoser]
public class TradingGatewayBenchmarks
{
    private const int Runs = 64;
    private TradingRunRegistry _registry = null!;
    private string[] _ids = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _registry = new TradingRunRegistry(new HaltPolicyOptions());
        _ids = new string[Runs];
        for (var i = 0; i < Runs; i++)
        {
            _ids[i] = $"run-{i:D3}";
            _registry.Register(_ids[i], $"Run {i}", i % 2 == 0 ? RunMode.Live : RunMode.Paper, i);
        }

        _registry.ApplyWarning(Severity.High, EventType.MarketCrash, "bench", 1_000);
    }

    /// <summary>One gateway check.</summary>
    /// <returns>The state, so the call is not elided.</returns>
    [Benchmark]
    public RunState GetState()
    {
        var id = _ids[_next];
        _next = (_next + 1) & (Runs - 1);
        return _registry.GetState(id);
    }
}
