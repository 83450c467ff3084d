using Vigil.Core.Instruments;
using Vigil.Core.Market;
using Vigil.Core.Numerics;

namespace Vigil.Engine.Tests.Pipeline;

/// <summary>
/// A correlated market generated in the tests: one common factor plus idiosyncratic noise per instrument, random-walk
/// prices (log returns) and levels (differences), lognormal volumes, one tick per instrument per second, all
/// instruments of a second sharing its timestamp. Crisis steps multiply volatility and volume and push the
/// correlations together.
/// </summary>
internal sealed class SyntheticMarket
{
    public const long StartNs = 1_700_000_000L * TimeUnits.NsPerSecond;
    public const long StepNs = TimeUnits.NsPerSecond;

    private readonly InstrumentRegistry _registry;
    private readonly Xoshiro256 _random;
    private readonly double[] _values;
    private readonly double[] _volatility;
    private readonly double[] _baseVolume;
    private long _step;

    public SyntheticMarket(InstrumentRegistry registry, ulong seed)
    {
        _registry = registry;
        _random = new Xoshiro256(seed);
        _values = new double[registry.Count];
        _volatility = new double[registry.Count];
        _baseVolume = new double[registry.Count];
        for (var i = 0; i < registry.Count; i++)
        {
            var level = registry[new InstrumentId(i)].ValueKind == ValueKind.Level;
            _values[i] = level ? 2.0 + (i * 0.1) : 50.0 + (10.0 * i);
            // Per-second volatility: log-return for prices, absolute for levels (yields in percent).
            _volatility[i] = level ? 0.0004 : 0.0002 * (1 + (i % 4));
            _baseVolume[i] = 100.0 * (1 + (i % 5));
        }
    }

    /// <summary>Calm: correlation of every pair about 0.1.</summary>
    public const double CalmFactorLoading = 0.3;

    /// <summary>Crisis: correlation of every pair about 0.8.</summary>
    public const double CrisisFactorLoading = 0.9;

    /// <summary>The number of steps generated so far.</summary>
    public long Steps => _step;

    /// <summary>The timestamp of the next step.</summary>
    public long NextTimestampNs => StartNs + (_step * StepNs);

    /// <summary>Appends one step's ticks (one per instrument).</summary>
    public void AppendStep(List<Tick> ticks, bool crisis)
    {
        var ts = NextTimestampNs;
        _step++;
        var loading = crisis ? CrisisFactorLoading : CalmFactorLoading;
        var idiosyncratic = Math.Sqrt(1 - (loading * loading));
        var volMultiplier = crisis ? 4.0 : 1.0;
        var volumeMultiplier = crisis ? 3.0 : 1.0;
        var factor = _random.NextGaussian();
        for (var i = 0; i < _values.Length; i++)
        {
            var shock = (loading * factor) + (idiosyncratic * _random.NextGaussian());
            var move = _volatility[i] * volMultiplier * shock;
            var level = _registry[new InstrumentId(i)].ValueKind == ValueKind.Level;
            _values[i] = level ? _values[i] + move : _values[i] * Math.Exp(move);
            var volume = _baseVolume[i] * volumeMultiplier * Math.Exp(0.25 * _random.NextGaussian());
            ticks.Add(new Tick(new InstrumentId(i), ts, _values[i], volume));
        }
    }

    /// <summary>
    /// Generates <paramref name="steps"/> steps in which every instrument moves by <paramref name="drift"/> (relative
    /// for prices, absolute for levels) plus a hundredth as much noise, so each moves one way every step.
    /// </summary>
    public Tick[] GenerateTrend(int steps, double drift)
    {
        var ticks = new List<Tick>(steps * _values.Length);
        for (var s = 0; s < steps; s++)
        {
            var ts = NextTimestampNs;
            _step++;
            for (var i = 0; i < _values.Length; i++)
            {
                var move = drift * (1 + (0.01 * _random.NextGaussian()));
                var level = _registry[new InstrumentId(i)].ValueKind == ValueKind.Level;
                _values[i] = level ? _values[i] + move : _values[i] * Math.Exp(move);
                var volume = _baseVolume[i] * Math.Exp(0.25 * _random.NextGaussian());
                ticks.Add(new Tick(new InstrumentId(i), ts, _values[i], volume));
            }
        }

        return [.. ticks];
    }

    /// <summary>Generates <paramref name="steps"/> steps.</summary>
    public Tick[] Generate(int steps, bool crisis)
    {
        var ticks = new List<Tick>(steps * _values.Length);
        for (var s = 0; s < steps; s++)
        {
            AppendStep(ticks, crisis);
        }

        return [.. ticks];
    }
}
