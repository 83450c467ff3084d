using Vigil.Core.Numerics;
using Vigil.Core.Statistics;

namespace Vigil.Detection.Risk;

/// <summary>
/// The online state of one return series in the <see cref="MarketRiskMonitor"/>: its rolling window (with power sums
/// for the moments and a sorted copy for the historical quantile), its EWMA volatility, its one-step VaR forecasts,
/// the exception record of those forecasts and a sampled long-run distribution of its volatility.
/// </summary>
internal sealed class RiskSeries
{
    private const int MethodCount = 3;

    private readonly MarketRiskOptions _options;
    private readonly double[] _window;
    private readonly RollingQuantile _sorted;
    private readonly RollingQuantile _volatilityHistory;
    private readonly bool[] _exceptions;
    private readonly int[] _exceptionCounts = new int[MethodCount];
    private readonly double[] _forecast = new double[MethodCount];
    private readonly double _zBacktest;
    private readonly double _zLeftBacktest;
    private EwmaMoments _ewma;
    private int _head;
    private int _count;
    private int _sinceRecompute;
    private double _s1, _s2, _s3, _s4;
    private int _backtestHead;
    private int _backtestCount;

    public RiskSeries(string symbol, MarketRiskOptions options)
    {
        Symbol = symbol;
        _options = options;
        _window = new double[options.WindowLength];
        _sorted = new RollingQuantile(options.WindowLength);
        _volatilityHistory = new RollingQuantile(options.RegimeHistoryLength);
        _exceptions = new bool[options.BacktestLength * MethodCount];
        _ewma = EwmaMoments.FromHalfLife(options.VolatilityHalfLife);
        _zBacktest = SpecialFunctions.NormalQuantile(options.BacktestConfidence);
        _zLeftBacktest = -_zBacktest;
        Reset();
    }

    public string Symbol { get; }

    public int Count => _count;

    public bool HasForecast => _count >= _options.MinObservations;

    public double Volatility => _ewma.StdDev;

    public int BacktestCount => _backtestCount;

    public RollingQuantile VolatilityHistory => _volatilityHistory;

    public double Forecast(VarMethod method) => _forecast[(int)method];

    /// <summary>Tests the new return against the standing forecasts, then adds it and forecasts the next step.</summary>
    public void Observe(double value)
    {
        if (HasForecast)
        {
            RecordExceptions(-value);
        }

        AddToWindow(value);
        _sorted.Add(value);
        _ewma.Add(value);
        if (HasForecast)
        {
            var moments = Moments();
            var sigma = _ewma.StdDev;
            _forecast[(int)VarMethod.Historical] = -_sorted.Quantile(1 - _options.BacktestConfidence);
            _forecast[(int)VarMethod.Gaussian] = (_zBacktest * sigma) - moments.Mean;
            var zcf = RiskMeasures.CornishFisherQuantile(_zLeftBacktest, moments.Skewness, moments.ExcessKurtosis);
            _forecast[(int)VarMethod.CornishFisher] = -(moments.Mean + (zcf * sigma));
        }
    }

    public void SampleVolatility()
    {
        if (HasForecast)
        {
            _volatilityHistory.Add(_ewma.StdDev);
        }
    }

    /// <summary>The share of long-run volatility samples below the current volatility; NaN without enough samples.</summary>
    public double VolatilityPercentile()
    {
        var samples = _volatilityHistory.Count;
        return HasForecast && samples >= _options.MinRegimeSamples
            ? (double)_volatilityHistory.CountBelow(_ewma.StdDev) / samples
            : double.NaN;
    }

    public RiskRegime Regime()
    {
        var percentile = VolatilityPercentile();
        if (double.IsNaN(percentile))
        {
            return RiskRegime.Unknown;
        }

        return percentile < _options.CalmPercentile ? RiskRegime.Calm
            : percentile < _options.TurbulentPercentile ? RiskRegime.Elevated
            : RiskRegime.Turbulent;
    }

    public ReturnMoments Moments() => ReturnMoments.FromPowerSums(_count, _s1, _s2, _s3, _s4);

    /// <summary>The window in arrival order (allocates).</summary>
    public double[] WindowCopy()
    {
        var copy = new double[_count];
        var capacity = _window.Length;
        var start = (_head - _count + capacity) % capacity;
        for (var i = 0; i < _count; i++)
        {
            copy[i] = _window[(start + i) % capacity];
        }

        return copy;
    }

    /// <summary>One method's exceptions over the backtest window in time order (allocates).</summary>
    public bool[] ExceptionsCopy(VarMethod method)
    {
        var length = _options.BacktestLength;
        var copy = new bool[_backtestCount];
        var start = (_backtestHead - _backtestCount + length) % length;
        for (var i = 0; i < _backtestCount; i++)
        {
            copy[i] = _exceptions[(((start + i) % length) * MethodCount) + (int)method];
        }

        return copy;
    }

    public int ExceptionCount(VarMethod method) => _exceptionCounts[(int)method];

    public void Reset()
    {
        _ewma.Reset();
        _sorted.Reset();
        _volatilityHistory.Reset();
        Array.Clear(_exceptions);
        Array.Clear(_exceptionCounts);
        _forecast.AsSpan().Fill(double.NaN);
        _head = 0;
        _count = 0;
        _sinceRecompute = 0;
        _s1 = _s2 = _s3 = _s4 = 0;
        _backtestHead = 0;
        _backtestCount = 0;
    }

    private void RecordExceptions(double loss)
    {
        var slot = _backtestHead * MethodCount;
        var full = _backtestCount == _options.BacktestLength;
        for (var m = 0; m < MethodCount; m++)
        {
            if (full && _exceptions[slot + m])
            {
                _exceptionCounts[m]--;
            }

            var exceeded = loss > _forecast[m];
            _exceptions[slot + m] = exceeded;
            if (exceeded)
            {
                _exceptionCounts[m]++;
            }
        }

        _backtestHead = (_backtestHead + 1) % _options.BacktestLength;
        if (!full)
        {
            _backtestCount++;
        }
    }

    private void AddToWindow(double value)
    {
        var capacity = _window.Length;
        if (_count == capacity)
        {
            var old = _window[_head];
            var old2 = old * old;
            _s1 -= old;
            _s2 -= old2;
            _s3 -= old2 * old;
            _s4 -= old2 * old2;
        }
        else
        {
            _count++;
        }

        _window[_head] = value;
        _head = (_head + 1) % capacity;
        var v2 = value * value;
        _s1 += value;
        _s2 += v2;
        _s3 += v2 * value;
        _s4 += v2 * v2;

        // Subtracting evicted values leaves rounding behind; a fresh sum once per window length keeps it bounded at O(1) amortised.
        if (++_sinceRecompute >= capacity)
        {
            _sinceRecompute = 0;
            _s1 = _s2 = _s3 = _s4 = 0;
            for (var i = 0; i < _count; i++)
            {
                var x = _window[i];
                var x2 = x * x;
                _s1 += x;
                _s2 += x2;
                _s3 += x2 * x;
                _s4 += x2 * x2;
            }
        }
    }
}
