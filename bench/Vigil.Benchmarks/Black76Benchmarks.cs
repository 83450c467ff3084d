using BenchmarkDotNet.Attributes;
using Vigil.Core.Instruments;
using Vigil.Detection.Risk.Options;
using Vigil.Engine.Risk;

namespace Vigil.Benchmarks;

/// <summary>
/// Black-76: one price with all Greeks, one implied-volatility solve, and the demo options book valued and fully
/// repriced under every crisis preset. Each pricing benchmark runs over 64 strikes from deep in to deep out of the
/// money; the figures are per operation.
/// </summary>
[MemoryDiagnoser]
public class Black76Benchmarks
{
    private const int Strikes = 64;
    private readonly double[] _strikes = new double[Strikes];
    private readonly double[] _prices = new double[Strikes];
    private OptionsBook _book = null!;
    private IReadOnlyList<OptionsScenario> _scenarios = null!;

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < Strikes; i++)
        {
            _strikes[i] = 4_500 * (0.7 + (0.6 * i / (Strikes - 1)));
            _prices[i] = Black76.Price(OptionType.Call, 4_500, _strikes[i], 0.25, 0.05, 0.18);
        }

        _book = new OptionsBook(OptionsBookOptions.Demo);
        _scenarios = CrisisOptionShocks.AllPresets(DefaultUniverse.CreateRegistry().All);
    }

    /// <summary>Price, delta, gamma, vega, theta and rho of one option.</summary>
    [Benchmark(OperationsPerInvoke = Strikes)]
    public double PriceAndGreeks()
    {
        var sum = 0.0;
        for (var i = 0; i < Strikes; i++)
        {
            var g = Black76.Greeks(OptionType.Call, 4_500, _strikes[i], 0.25, 0.05, 0.18);
            sum += g.Price + g.Delta + g.Gamma + g.Vega + g.ThetaPerYear + g.Rho;
        }

        return sum;
    }

    /// <summary>The implied volatility of one premium, to 1e-12.</summary>
    [Benchmark(OperationsPerInvoke = Strikes)]
    public double ImpliedVolatility()
    {
        var sum = 0.0;
        for (var i = 0; i < Strikes; i++)
        {
            sum += Black76.ImpliedVolatility(OptionType.Call, 4_500, _strikes[i], 0.25, 0.05, _prices[i]).Volatility;
        }

        return sum;
    }

    /// <summary>The demo book (7 positions) valued with its Greeks per position and underlying.</summary>
    [Benchmark]
    public double ValueBook() => _book.Valuate().Value;

    /// <summary>The demo book fully repriced, with the Greeks approximation, under all four crisis presets.</summary>
    [Benchmark]
    public double RepriceBookUnderAllPresets()
    {
        var results = _book.RepriceAll(_scenarios);
        var sum = 0.0;
        for (var i = 0; i < results.Count; i++)
        {
            sum += results[i].FullPnl;
        }

        return sum;
    }
}
