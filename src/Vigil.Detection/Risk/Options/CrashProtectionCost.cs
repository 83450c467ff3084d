using Vigil.Core.Instruments;
using Vigil.Core.Streaming;
using Vigil.Core.Validation;

namespace Vigil.Detection.Risk.Options;

/// <summary>Options of <see cref="CrashProtectionCost"/>.</summary>
/// <param name="UnderlyingSymbol">The equity index whose crash protection is priced; its level stands in for the future.</param>
/// <param name="VolatilitySymbol">The implied-volatility index (in percentage points, as VIX is quoted) used as the put's volatility.</param>
/// <param name="Moneyness">The put's strike over the futures level, in (0, 1]; 0.9 prices protection against a 10% fall.</param>
/// <param name="ExpiryYears">The put's time to expiry in years; positive. One month by default.</param>
/// <param name="RiskFreeRate">The continuously compounded discount rate, per year.</param>
public sealed record CrashProtectionOptions(
    string UnderlyingSymbol = "SPX",
    string VolatilitySymbol = "VIX",
    double Moneyness = 0.9,
    double ExpiryYears = 1.0 / 12.0,
    double RiskFreeRate = 0.04)
{
    /// <summary>Every problem with these options.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new OptionErrors();
        errors.Require(!string.IsNullOrWhiteSpace(UnderlyingSymbol), "UnderlyingSymbol must be a symbol");
        errors.Require(!string.IsNullOrWhiteSpace(VolatilitySymbol), "VolatilitySymbol must be a symbol");
        errors.Require(Moneyness > 0 && Moneyness <= 1, $"Moneyness must be in (0, 1] (got {Moneyness})");
        errors.Require(ExpiryYears > 0 && ExpiryYears <= 5, $"ExpiryYears must be in (0, 5] (got {ExpiryYears})");
        errors.Require(double.IsFinite(RiskFreeRate) && Math.Abs(RiskFreeRate) <= 1, $"RiskFreeRate must be in [-1, 1] (got {RiskFreeRate})");
        return errors.Errors;
    }
}

/// <summary>
/// What crash protection costs: the Black-76 price of an out-of-the-money put on the equity index (a 10% fall, one
/// month) at the implied volatility the volatility index quotes, as a fraction of the index. It is how the options
/// market prices a crash: it rises with volatility and far faster than it (the put goes from deep out of the money
/// towards the money in volatility terms), so it is Black-76's part in the ensemble. Raw is that fraction (higher is
/// more stress). Allocation-free; absent (<see cref="MissingSymbols"/>) over instruments without the two symbols.
/// </summary>
public sealed class CrashProtectionCost : IStreamingEstimator
{
    private readonly CrashProtectionOptions _options;
    private readonly int _underlying;
    private readonly int _volatility;
    private readonly int _instrumentCount;

    /// <summary>Creates the reading over <paramref name="instruments"/>.</summary>
    /// <param name="instruments">The instruments; they must hold both symbols (see <see cref="MissingSymbols"/>).</param>
    /// <param name="options">The options; defaults when null.</param>
    public CrashProtectionCost(IReadOnlyList<Instrument> instruments, CrashProtectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        _options = options ?? new CrashProtectionOptions();
        var errors = new OptionErrors();
        errors.AddNested(nameof(CrashProtectionOptions), _options.Validate());
        var missing = MissingSymbols(instruments, _options);
        errors.Require(missing.Count == 0, $"the instruments lack {string.Join(", ", missing)}");
        errors.ThrowIfAny(nameof(CrashProtectionOptions));
        _underlying = instruments.IndexOfSymbol(_options.UnderlyingSymbol);
        _volatility = instruments.IndexOfSymbol(_options.VolatilitySymbol);
        _instrumentCount = instruments.Count;
    }

    /// <summary>The symbols <paramref name="options"/> needs that <paramref name="instruments"/> lack; empty when it can run.</summary>
    /// <param name="instruments">The instruments.</param>
    /// <param name="options">The options.</param>
    public static IReadOnlyList<string> MissingSymbols(IReadOnlyList<Instrument> instruments, CrashProtectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(options);
        var missing = new List<string>(2);
        if (instruments.IndexOfSymbol(options.UnderlyingSymbol) < 0)
        {
            missing.Add(options.UnderlyingSymbol);
        }

        if (instruments.IndexOfSymbol(options.VolatilitySymbol) < 0)
        {
            missing.Add(options.VolatilitySymbol);
        }

        return missing;
    }

    /// <summary>Whether both levels have been seen.</summary>
    public bool IsReady { get; private set; }

    /// <summary>One update with both levels.</summary>
    public int WarmUpPeriod => 1;

    /// <summary>The latest put price over the index level, or NaN before both levels are known.</summary>
    public double Cost { get; private set; } = double.NaN;

    /// <summary>Prices the put at the latest levels.</summary>
    /// <param name="levels">The latest level per instrument, in registry order (NaN before the first tick).</param>
    public DetectorReading Update(ReadOnlySpan<double> levels)
    {
        if (levels.Length != _instrumentCount)
        {
            throw new ArgumentException($"levels has {levels.Length} values; {_instrumentCount} are needed.", nameof(levels));
        }

        var forward = levels[_underlying];
        var volatility = levels[_volatility] / 100.0;
        if (!(forward > 0) || !double.IsFinite(forward) || !(volatility > 0) || !double.IsFinite(volatility))
        {
            return IsReady ? new DetectorReading(Math.Clamp(Cost * 20, 0, 1), Cost, false) : DetectorReading.NotReady;
        }

        var put = Black76.Price(OptionType.Put, forward, _options.Moneyness * forward, _options.ExpiryYears, _options.RiskFreeRate, volatility);
        Cost = put / forward;
        IsReady = true;
        // A 10%-out-of-the-money one-month put costs about 0.1% of the index at a VIX of 15 and about 5% at 80.
        return new DetectorReading(Math.Clamp(Cost * 20, 0, 1), Cost, false);
    }

    /// <inheritdoc />
    public void Reset()
    {
        IsReady = false;
        Cost = double.NaN;
    }
}
