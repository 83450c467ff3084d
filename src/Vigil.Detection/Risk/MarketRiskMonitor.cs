using Vigil.Core.Instruments;
using Vigil.Core.Statistics;
using Vigil.Core.Streaming;
using Vigil.Core.Validation;

namespace Vigil.Detection.Risk;

/// <summary>
/// Streaming VaR and ES per instrument and for a portfolio, with the backtests building up online.
/// </summary>
/// <remarks>
/// <para>Once per market step it takes each instrument's return (NaN when it did not tick: the instrument is skipped
/// that step) and the portfolio's return Σ w_i r_i (a missing return counts as 0, the position's value being unchanged;
/// the portfolio is skipped when none of its positions ticked). Before a return is added it is tested against the
/// one-step VaR forecast at <see cref="MarketRiskOptions.BacktestConfidence"/> made at the previous step by each method
/// (historical: the window's type-7 quantile; Gaussian: window mean and EWMA volatility; Cornish-Fisher: the same with
/// the window's skewness and kurtosis), so the exception series behind the Kupiec, Christoffersen and traffic-light
/// backtests build up without look-ahead.</para>
/// <para>Risk regime: every <see cref="MarketRiskOptions.RegimeSampleInterval"/> steps the EWMA volatility is sampled into
/// a long-run distribution; the current volatility's percentile in it is calm below
/// <see cref="MarketRiskOptions.CalmPercentile"/> (75%), elevated below <see cref="MarketRiskOptions.TurbulentPercentile"/>
/// (95%) and turbulent from there. The reading's Raw value is the portfolio's one-step Gaussian VaR over the median of
/// its sampled history (1 = ordinary, higher = more stress).</para>
/// <para><see cref="Update"/> allocates nothing; <see cref="Snapshot"/> allocates and is meant for every few steps.</para>
/// </remarks>
public sealed class MarketRiskMonitor : IStreamingEstimator
{
    /// <summary>The name the monitor goes by in scores and reports.</summary>
    public const string DetectorName = "MARKET_RISK";

    /// <summary>The symbol of the portfolio's own series in reports.</summary>
    public const string PortfolioSymbol = "PORTFOLIO";

    private readonly MarketRiskOptions _options;
    private readonly Instrument[] _instruments;
    private readonly RiskSeries[] _series;
    private readonly RiskSeries _portfolio;
    private readonly RollingQuantile _portfolioVaRHistory;
    private readonly double[] _positions;
    private readonly double[] _filled;
    private readonly double[] _joint;
    private readonly EwmaCovarianceMatrix _covariance;
    private readonly int _n;
    private int _jointHead;
    private int _jointCount;
    private long _steps;
    private double _relativeVaR = double.NaN;

    /// <summary>Creates a monitor over <paramref name="instruments"/> in registry order.</summary>
    /// <param name="instruments">The instruments; at least one, with unique symbols.</param>
    /// <param name="options">The options; the live defaults when null.</param>
    /// <exception cref="ArgumentException">The options are invalid (every problem listed), or a portfolio weight names an unknown symbol, or no position has a nonzero weight.</exception>
    public MarketRiskMonitor(IReadOnlyList<Instrument> instruments, MarketRiskOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        if (instruments.Count == 0)
        {
            throw new ArgumentException("At least one instrument is needed.", nameof(instruments));
        }

        _options = options ?? new MarketRiskOptions();
        var errors = new OptionErrors();
        errors.AddNested(nameof(MarketRiskOptions), _options.Validate());
        errors.ThrowIfAny(nameof(MarketRiskOptions));

        _n = instruments.Count;
        _instruments = [.. instruments];
        _series = new RiskSeries[_n];
        for (var i = 0; i < _n; i++)
        {
            _series[i] = new RiskSeries(_instruments[i].Symbol, _options);
        }

        _portfolio = new RiskSeries(PortfolioSymbol, _options);
        _portfolioVaRHistory = new RollingQuantile(_options.RegimeHistoryLength);
        _positions = ResolvePositions(_instruments, _options.PortfolioWeights);
        _filled = new double[_n];
        _joint = new double[_options.WindowLength * _n];
        _covariance = new EwmaCovarianceMatrix(_n, EwmaMoments.LambdaFromHalfLife(_options.VolatilityHalfLife));
    }

    /// <summary>The options in force.</summary>
    public MarketRiskOptions Options => _options;

    /// <summary>The number of instruments.</summary>
    public int InstrumentCount => _n;

    /// <summary>The portfolio's positions in registry order (weights or notionals).</summary>
    public ReadOnlySpan<double> Positions => _positions;

    /// <inheritdoc />
    public bool IsReady => _portfolio.HasForecast && _portfolioVaRHistory.Count >= _options.MinRegimeSamples;

    /// <inheritdoc />
    public int WarmUpPeriod => _options.MinObservations + (_options.MinRegimeSamples * _options.RegimeSampleInterval);

    /// <summary>The steps seen.</summary>
    public long Steps => _steps;

    /// <summary>The portfolio's risk regime now.</summary>
    public RiskRegime Regime => _portfolio.Regime();

    /// <summary>
    /// The standing one-step VaR forecast at the backtest confidence, as a positive loss in return units: of
    /// instrument <paramref name="index"/>, or of the portfolio when the index is <see cref="InstrumentCount"/>; NaN before the series has enough returns.
    /// </summary>
    /// <param name="index">The instrument's registry index, or <see cref="InstrumentCount"/> for the portfolio.</param>
    /// <param name="method">The method.</param>
    public double ForecastVaR(int index, VarMethod method)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, _n);
        return index == _n ? _portfolio.Forecast(method) : _series[index].Forecast(method);
    }

    /// <summary>The exceptions of one method's one-step forecasts over the latest backtest window (see <see cref="MarketRiskOptions.BacktestLength"/>).</summary>
    /// <param name="index">The instrument's registry index, or <see cref="InstrumentCount"/> for the portfolio.</param>
    /// <param name="method">The method.</param>
    public int Exceptions(int index, VarMethod method)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, _n);
        return index == _n ? _portfolio.ExceptionCount(method) : _series[index].ExceptionCount(method);
    }

    /// <summary>Takes one market step.</summary>
    /// <param name="returns">The step's return per instrument in registry order: log returns for prices, differences for levels; NaN (or any non-finite value) when the instrument did not tick.</param>
    /// <returns>Raw = the portfolio's one-step Gaussian VaR over its long-run median (higher = more stress); Score = (Raw − 1) / 2 clamped to [0, 1], a rough mapping; Fired when the portfolio's regime is turbulent.</returns>
    public DetectorReading Update(ReadOnlySpan<double> returns)
    {
        if (returns.Length != _n)
        {
            ThrowLength(returns.Length);
        }

        _steps++;
        var anyTick = false;
        var portfolioTick = false;
        double portfolioReturn = 0;
        for (var i = 0; i < _n; i++)
        {
            var r = returns[i];
            if (!double.IsFinite(r))
            {
                _filled[i] = 0;
                continue;
            }

            anyTick = true;
            _filled[i] = r;
            _series[i].Observe(r);
            if (_positions[i] != 0)
            {
                portfolioTick = true;
                portfolioReturn += _positions[i] * r;
            }
        }

        if (anyTick)
        {
            _filled.CopyTo(_joint.AsSpan(_jointHead * _n, _n));
            _jointHead = (_jointHead + 1) % _options.WindowLength;
            _jointCount = Math.Min(_jointCount + 1, _options.WindowLength);
            _covariance.Update(_filled);
        }

        if (portfolioTick)
        {
            _portfolio.Observe(portfolioReturn);
        }

        if (_steps % _options.RegimeSampleInterval == 0)
        {
            for (var i = 0; i < _n; i++)
            {
                _series[i].SampleVolatility();
            }

            _portfolio.SampleVolatility();
            if (_portfolio.HasForecast)
            {
                _portfolioVaRHistory.Add(_portfolio.Forecast(VarMethod.Gaussian));
            }
        }

        if (!IsReady)
        {
            _relativeVaR = double.NaN;
            return DetectorReading.NotReady;
        }

        var median = _portfolioVaRHistory.Quantile(0.5);
        var current = _portfolio.Forecast(VarMethod.Gaussian);
        _relativeVaR = median > 0 ? current / median : 1.0;
        var score = Math.Clamp((_relativeVaR - 1) / 2, 0.0, 1.0);
        return new DetectorReading(score, _relativeVaR, _portfolio.Regime() == RiskRegime.Turbulent);
    }

    /// <summary>Forgets every step, keeping the options and positions.</summary>
    public void Reset()
    {
        foreach (var series in _series)
        {
            series.Reset();
        }

        _portfolio.Reset();
        _portfolioVaRHistory.Reset();
        _covariance.Reset();
        Array.Clear(_joint);
        _jointHead = 0;
        _jointCount = 0;
        _steps = 0;
        _relativeVaR = double.NaN;
    }

    /// <summary>Everything the monitor knows, for the API (allocates; call every few steps, not per step).</summary>
    /// <param name="positions">Positions in registry order for the covariance and joint-history VaR (a what-if portfolio); null for the configured ones. The portfolio series and its backtests always use the configured positions.</param>
    /// <exception cref="ArgumentException">The positions' count differs from the instruments' or one is not finite.</exception>
    public MarketRiskReport Snapshot(IReadOnlyList<double>? positions = null)
    {
        double[] weights;
        if (positions is null)
        {
            weights = (double[])_positions.Clone();
        }
        else
        {
            if (positions.Count != _n)
            {
                throw new ArgumentException($"Expected {_n} positions (got {positions.Count}).", nameof(positions));
            }

            weights = [.. positions];
            foreach (var w in weights)
            {
                if (!double.IsFinite(w))
                {
                    throw new ArgumentException($"Positions must be finite (got {w}).", nameof(positions));
                }
            }
        }

        var instruments = new SeriesRisk[_n];
        for (var i = 0; i < _n; i++)
        {
            instruments[i] = Describe(_series[i]);
        }

        return new MarketRiskReport(
            _steps,
            IsReady,
            _options.HorizonSteps,
            _options.BacktestConfidence,
            _portfolio.Regime(),
            double.IsNaN(_relativeVaR) ? null : _relativeVaR,
            Describe(_portfolio),
            DescribePositions(weights),
            instruments);
    }

    private SeriesRisk Describe(RiskSeries series)
    {
        var percentile = series.VolatilityPercentile();
        double? percentileOrNull = double.IsNaN(percentile) ? null : percentile;
        if (!series.HasForecast)
        {
            return new SeriesRisk(series.Symbol, series.Count, null, null, null, null, percentileOrNull, RiskRegime.Unknown, [], null, []);
        }

        var window = series.WindowCopy();
        var moments = RiskMeasures.Moments(window);
        var sigma = series.Volatility;
        var h = _options.HorizonSteps;
        var rootH = Math.Sqrt(h);
        // One sort serves every historical figure (the same type-7 quantile and tail mean as RiskMeasures).
        var losses = new double[window.Length];
        for (var i = 0; i < window.Length; i++)
        {
            losses[i] = -window[i];
        }

        Array.Sort(losses);
        var levels = new VarLevel[_options.ConfidenceLevels.Count];
        for (var k = 0; k < levels.Length; k++)
        {
            var alpha = _options.ConfidenceLevels[k];
            levels[k] = new VarLevel(
                alpha,
                RiskMeasures.LossQuantile(losses, alpha) * rootH,
                RiskMeasures.GaussianVaR(moments.Mean, sigma, alpha, h),
                RiskMeasures.CornishFisherVaR(moments.Mean, sigma, moments.Skewness, moments.ExcessKurtosis, alpha, h));
        }

        var es = _options.ExpectedShortfallConfidence;
        var shortfall = new ExpectedShortfallLevel(
            es,
            RiskMeasures.TailMean(losses, RiskMeasures.LossQuantile(losses, es)) * rootH,
            RiskMeasures.GaussianExpectedShortfall(moments.Mean, sigma, es, h),
            RiskMeasures.CornishFisherExpectedShortfall(moments.Mean, sigma, moments.Skewness, moments.ExcessKurtosis, es, h));

        var backtests = new List<VarBacktest>(3);
        if (series.BacktestCount >= 2)
        {
            foreach (var method in (ReadOnlySpan<VarMethod>)[VarMethod.Historical, VarMethod.Gaussian, VarMethod.CornishFisher])
            {
                var exceptions = series.ExceptionsCopy(method);
                var count = series.ExceptionCount(method);
                backtests.Add(new VarBacktest(
                    method,
                    VarBacktests.Kupiec(exceptions.Length, count, _options.BacktestConfidence, _options.TestLevel),
                    VarBacktests.Christoffersen(exceptions, _options.BacktestConfidence, _options.TestLevel),
                    VarBacktests.BaselTrafficLight(count)));
            }
        }

        return new SeriesRisk(series.Symbol, series.Count, moments.Mean, sigma, moments.Skewness, moments.ExcessKurtosis,
            percentileOrNull, series.Regime(), levels, shortfall, backtests);
    }

    private PortfolioPositionsRisk DescribePositions(double[] weights)
    {
        var alpha = _options.BacktestConfidence;
        var h = _options.HorizonSteps;
        var covariance = new double[_n * _n];
        _covariance.CopyCovarianceTo(covariance);
        var components = new double[_n];
        var total = PortfolioRisk.ComponentVaR(weights, covariance, alpha, components, h);
        var sigma = PortfolioRisk.Volatility(weights, covariance);
        double? historical = null;
        if (_jointCount > 0)
        {
            // The rows in any order: the quantile does not depend on it.
            historical = PortfolioRisk.HistoricalVaR(_joint.AsSpan(0, _jointCount * _n), weights, alpha, h);
        }

        var list = new List<PositionRisk>();
        for (var i = 0; i < _n; i++)
        {
            if (weights[i] != 0)
            {
                list.Add(new PositionRisk(_instruments[i].Symbol, weights[i], components[i], total != 0 ? components[i] / total : 0.0));
            }
        }

        return new PortfolioPositionsRisk(alpha, sigma, total, historical, list);
    }

    private static double[] ResolvePositions(Instrument[] instruments, IReadOnlyDictionary<string, double>? weights)
    {
        var positions = new double[instruments.Length];
        if (weights is null)
        {
            var priced = 0;
            foreach (var instrument in instruments)
            {
                priced += instrument.ValueKind == ValueKind.Price ? 1 : 0;
            }

            // With no prices at all (a universe of levels: yields, spreads, a NAB series) the portfolio holds every
            // series equally, so its VaR is one of level changes rather than no portfolio at all.
            for (var i = 0; i < instruments.Length; i++)
            {
                positions[i] = priced == 0 ? 1.0 / instruments.Length
                    : instruments[i].ValueKind == ValueKind.Price ? 1.0 / priced : 0.0;
            }
        }
        else
        {
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < instruments.Length; i++)
            {
                index[instruments[i].Symbol] = i;
            }

            foreach (var (symbol, weight) in weights)
            {
                if (!index.TryGetValue(symbol, out var i))
                {
                    throw new ArgumentException($"PortfolioWeights names {symbol}, which is not an instrument.", "options");
                }

                positions[i] = weight;
            }
        }

        var any = false;
        foreach (var p in positions)
        {
            any |= p != 0;
        }

        if (!any)
        {
            throw new ArgumentException("The portfolio needs at least one nonzero position.", "options");
        }

        return positions;
    }

    private void ThrowLength(int length) =>
        throw new ArgumentException($"Expected {_n} returns, one per instrument (got {length}).", "returns");
}
