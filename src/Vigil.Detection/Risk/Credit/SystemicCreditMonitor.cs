using Vigil.Core.Instruments;
using Vigil.Core.Statistics;
using Vigil.Core.Streaming;
using Vigil.Core.Validation;

namespace Vigil.Detection.Risk.Credit;

/// <summary>
/// Systemic credit risk of a set of financial institutions, once per market step: each institution's equity value,
/// EWMA equity volatility and EWMA beta against the market are kept in O(1) per step, and so is SRISK (which needs
/// only equity, liabilities and beta). The Merton solve for asset value, asset volatility and distance to default
/// runs in <see cref="Snapshot"/>, which the host calls every few steps. The reading's raw value is the aggregate
/// SRISK as a fraction of the institutions' total equity (higher = more stress): it grows as equity falls and as
/// betas rise, and it is 0 when every institution could survive the crisis.
/// </summary>
/// <remarks>
/// The simulator's universe has no single banks, only the XLF financials ETF; an institution without an equity
/// symbol is a stand-in whose log return is its <see cref="InstitutionOptions.ProxyBeta"/> times XLF's, starting
/// from its configured market cap. Real data names each institution's own symbol.
/// </remarks>
public sealed class SystemicCreditMonitor : IStreamingEstimator
{
    private readonly CreditRiskOptions _options;
    private readonly InstitutionOptions[] _institutions;
    private readonly int _instrumentCount;
    private readonly int _marketIndex;
    private readonly int[] _sourceIndex;
    private readonly bool[] _fromProxy;
    private readonly string[] _sourceSymbol;
    private readonly double[] _returnMultiple;
    private readonly double[] _liabilities;
    private readonly double[] _defaultPoint;
    private readonly double[] _equity;
    private readonly double[] _srisk;
    private readonly EwmaMoments[] _volatility;
    private readonly EwmaBeta[] _beta;
    private readonly double _logMarketSurvival;
    private long _steps;
    private double _aggregateSrisk;
    private double _totalEquity;

    /// <summary>Creates a monitor over the engine's instruments.</summary>
    /// <param name="instruments">The instruments in registry order; must hold the market symbol, the proxy (when any institution is a stand-in) and every named equity symbol.</param>
    /// <param name="options">The options; defaults when null.</param>
    /// <exception cref="ArgumentException">The options are invalid or name symbols that are not in <paramref name="instruments"/>; every problem is listed.</exception>
    public SystemicCreditMonitor(IReadOnlyList<Instrument> instruments, CreditRiskOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        _options = options ?? new CreditRiskOptions();
        var errors = new OptionErrors();
        errors.AddNested(nameof(CreditRiskOptions), _options.Validate());
        errors.ThrowIfAny(nameof(CreditRiskOptions));

        _instrumentCount = instruments.Count;
        _institutions = [.. _options.Institutions];
        var n = _institutions.Length;
        _marketIndex = instruments.IndexOfSymbol(_options.MarketSymbol);
        errors.Require(_marketIndex >= 0, $"MarketSymbol '{_options.MarketSymbol}' is not among the instruments");
        var proxyIndex = instruments.IndexOfSymbol(_options.ProxySymbol);
        _sourceIndex = new int[n];
        _fromProxy = new bool[n];
        _sourceSymbol = new string[n];
        _returnMultiple = new double[n];
        _liabilities = new double[n];
        _defaultPoint = new double[n];
        _equity = new double[n];
        _srisk = new double[n];
        _volatility = new EwmaMoments[n];
        _beta = new EwmaBeta[n];
        for (var i = 0; i < n; i++)
        {
            var institution = _institutions[i];
            _fromProxy[i] = institution.EquitySymbol is null;
            _sourceSymbol[i] = institution.EquitySymbol ?? _options.ProxySymbol;
            _sourceIndex[i] = _fromProxy[i] ? proxyIndex : instruments.IndexOfSymbol(institution.EquitySymbol!);
            errors.Require(_sourceIndex[i] >= 0, $"Institutions[{i}] ({institution.Name}): equity symbol '{_sourceSymbol[i]}' is not among the instruments");
            _returnMultiple[i] = _fromProxy[i] ? institution.ProxyBeta : 1.0;
            _liabilities[i] = institution.Liabilities;
            _defaultPoint[i] = institution.DefaultPoint(_options.LongTermDebtWeight);
        }

        errors.ThrowIfAny(nameof(CreditRiskOptions));
        _logMarketSurvival = Math.Log(1.0 - _options.MarketDecline);
        Reset();
    }

    /// <summary>The options in use.</summary>
    public CreditRiskOptions Options => _options;

    /// <inheritdoc />
    public bool IsReady => _steps >= _options.MinObservations;

    /// <inheritdoc />
    public int WarmUpPeriod => _options.MinObservations;

    /// <summary>The aggregate SRISK at the latest step, in the options' currency unit.</summary>
    public double AggregateSrisk => _aggregateSrisk;

    /// <summary>The institutions' total equity at the latest step.</summary>
    public double TotalEquity => _totalEquity;

    /// <summary>Adds one market step.</summary>
    /// <param name="returns">Per instrument in registry order: the step's log return (NaN when it did not tick).</param>
    /// <param name="levels">Per instrument: the latest price (NaN before the first tick); used for institutions with shares outstanding.</param>
    /// <returns>
    /// Raw = aggregate SRISK / total equity (a fraction, higher = more stress); Score = Raw / (1 + Raw), a rough
    /// map to [0, 1); Fired when Raw reaches <see cref="CreditRiskOptions.FireSriskToEquity"/>. Not ready during warm-up.
    /// </returns>
    public DetectorReading Update(ReadOnlySpan<double> returns, ReadOnlySpan<double> levels)
    {
        if (returns.Length != _instrumentCount || levels.Length != _instrumentCount)
        {
            ThrowLength(returns.Length, levels.Length);
        }

        var market = returns[_marketIndex];
        var marketKnown = double.IsFinite(market);
        double aggregate = 0, total = 0;
        for (var i = 0; i < _institutions.Length; i++)
        {
            var source = _sourceIndex[i];
            var r = returns[source];
            if (double.IsFinite(r))
            {
                var own = _returnMultiple[i] * r;
                var shares = _institutions[i].SharesOutstanding;
                var level = levels[source];
                _equity[i] = !_fromProxy[i] && shares > 0 && level > 0 ? shares * level : _equity[i] * Math.Exp(own);
                _volatility[i].Add(own);
                if (marketKnown)
                {
                    _beta[i].Add(market, own);
                }
            }

            // Srisk.Lrmes inlined with ln(1 − fall) computed once: this runs for every institution on every step.
            var beta = _beta[i].Beta;
            var lrmes = 1.0 - Math.Exp(_logMarketSurvival * (double.IsFinite(beta) ? beta : _returnMultiple[i]));
            _srisk[i] = Math.Max(0.0, (_options.CapitalRatio * _liabilities[i]) - ((1.0 - _options.CapitalRatio) * _equity[i] * (1.0 - lrmes)));
            aggregate += _srisk[i];
            total += _equity[i];
        }

        _steps++;
        _aggregateSrisk = aggregate;
        _totalEquity = total;
        if (!IsReady)
        {
            return DetectorReading.NotReady;
        }

        var raw = total > 0 ? aggregate / total : double.PositiveInfinity;
        return new DetectorReading(double.IsFinite(raw) ? raw / (1.0 + raw) : 1.0, raw, raw >= _options.FireSriskToEquity);
    }

    /// <summary>
    /// The full breakdown: per institution the Merton asset value and volatility (two-equation solve from the
    /// current equity and EWMA equity volatility), DD and PD at the horizon with μ = r, beta, LRMES and SRISK with
    /// its share; and the aggregate. Allocates; for the host every few steps, not for the engine per step.
    /// </summary>
    public CreditRiskReport Snapshot()
    {
        var rows = new InstitutionCreditRisk[_institutions.Length];
        double aggregate = 0, total = 0;
        for (var i = 0; i < _institutions.Length; i++)
        {
            aggregate += _srisk[i];
            total += _equity[i];
        }

        double? minDd = null;
        string? weakest = null;
        for (var i = 0; i < _institutions.Length; i++)
        {
            var institution = _institutions[i];
            var sigmaE = _volatility[i].Count >= 2 ? Math.Sqrt(_volatility[i].Variance * _options.StepsPerYear) : double.NaN;
            double v = double.NaN, sigmaV = double.NaN, dd = double.NaN, pd = double.NaN;
            MertonSolveStatus? status = null;
            if (sigmaE > 0 && double.IsFinite(sigmaE) && _equity[i] > 0 && _defaultPoint[i] > 0)
            {
                var solution = MertonModel.Solve(_equity[i], sigmaE, _defaultPoint[i], _options.RiskFreeRate, _options.HorizonYears);
                status = solution.Status;
                if (solution.Converged)
                {
                    v = solution.AssetValue;
                    sigmaV = solution.AssetVolatility;
                    dd = MertonModel.DistanceToDefault(v, sigmaV, _defaultPoint[i], _options.RiskFreeRate, _options.HorizonYears);
                    pd = MertonModel.ProbabilityOfDefault(dd);
                    if (minDd is null || dd < minDd)
                    {
                        minDd = dd;
                        weakest = institution.Name;
                    }
                }
            }

            var beta = _beta[i].Beta;
            var lrmes = Srisk.Lrmes(double.IsFinite(beta) ? beta : _returnMultiple[i], _options.MarketDecline);
            rows[i] = new InstitutionCreditRisk(
                institution.Name, _sourceSymbol[i], _fromProxy[i], _equity[i], Known(sigmaE), Known(v), Known(sigmaV), _defaultPoint[i], _liabilities[i],
                Known(dd), Known(pd), Known(beta), lrmes, _srisk[i], aggregate > 0 ? _srisk[i] / aggregate : 0.0, status);
        }

        return new CreditRiskReport(
            IsReady, _steps, rows, aggregate, total, total > 0 ? aggregate / total : null, minDd, weakest,
            _options.RiskFreeRate, _options.HorizonYears);
    }

    /// <inheritdoc />
    public void Reset()
    {
        _steps = 0;
        for (var i = 0; i < _institutions.Length; i++)
        {
            _equity[i] = _institutions[i].MarketCap;
            _volatility[i] = EwmaMoments.FromHalfLife(_options.VolatilityHalfLife);
            _beta[i] = new EwmaBeta(_options.BetaHalfLife);
        }

        double aggregate = 0, total = 0;
        for (var i = 0; i < _institutions.Length; i++)
        {
            var lrmes = Srisk.Lrmes(_returnMultiple[i], _options.MarketDecline);
            _srisk[i] = Srisk.Compute(_liabilities[i], _equity[i], lrmes, _options.CapitalRatio);
            aggregate += _srisk[i];
            total += _equity[i];
        }

        _aggregateSrisk = aggregate;
        _totalEquity = total;
    }

    private static double? Known(double value) => double.IsFinite(value) ? value : null;

    /// <summary>
    /// The symbols <paramref name="options"/> needs that <paramref name="instruments"/> lack (the market, the proxy
    /// for stand-in institutions, each institution's own equity), in that order without repeats; empty when the
    /// monitor can run over these instruments.
    /// </summary>
    /// <param name="instruments">The instruments.</param>
    /// <param name="options">The options.</param>
    public static IReadOnlyList<string> MissingSymbols(IReadOnlyList<Instrument> instruments, CreditRiskOptions options)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(options);
        var missing = new List<string>();
        void Need(string symbol)
        {
            if (instruments.IndexOfSymbol(symbol) < 0 && !missing.Contains(symbol, StringComparer.OrdinalIgnoreCase))
            {
                missing.Add(symbol);
            }
        }

        Need(options.MarketSymbol);
        foreach (var institution in options.Institutions)
        {
            Need(institution.EquitySymbol ?? options.ProxySymbol);
        }

        return missing;
    }

    private void ThrowLength(int returns, int levels) =>
        throw new ArgumentException($"returns and levels must each hold {_instrumentCount} values, one per instrument (got {returns} and {levels}).", nameof(returns));
}
