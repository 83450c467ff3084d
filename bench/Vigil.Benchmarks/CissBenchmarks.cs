using BenchmarkDotNet.Attributes;
using Vigil.Core.Instruments;
using Vigil.Core.Numerics;
using Vigil.Detection.Systemic;

namespace Vigil.Benchmarks;

/// <summary>
/// One market step of the CISS over the 18 default instruments (15 in its segments, 24 raw indicators) with the live
/// options: every indicator ranked in its empirical CDF over a full window (2,400 samples, one every 4 observations, so about 6 of the 24 indicators insert per step), sub-indices, EWMA correlations
/// and s'Cs. Cycles through 256 prepared steps of random-walk returns so the ranks move.
/// </summary>
[MemoryDiagnoser]
public class CissBenchmarks
{
    private const int Steps = 256;
    private CissStressIndex _ciss = null!;
    private double[] _returns = null!;
    private double[] _levels = null!;
    private int _n;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var instruments = DefaultUniverse.CreateRegistry().All;
        _n = instruments.Count;
        _ciss = new CissStressIndex(instruments);
        var random = new Xoshiro256(3);
        _returns = new double[Steps * _n];
        _levels = new double[Steps * _n];
        var level = new double[_n];
        Array.Fill(level, 100.0);
        for (var t = 0; t < Steps; t++)
        {
            for (var i = 0; i < _n; i++)
            {
                var r = 0.001 * random.NextGaussian();
                level[i] *= Math.Exp(r);
                _returns[(t * _n) + i] = r;
                _levels[(t * _n) + i] = level[i];
            }
        }

        // Fill every empirical CDF to its window so a step pays the full block move.
        for (var k = 0; k < 10_000; k++)
        {
            Step();
        }
    }

    /// <summary>One market step.</summary>
    [Benchmark]
    public double Step()
    {
        var at = _next;
        _next = (at + 1) & (Steps - 1);
        return _ciss.Update(_returns.AsSpan(at * _n, _n), _levels.AsSpan(at * _n, _n)).Raw;
    }
}
