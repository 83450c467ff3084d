using MathNet.Numerics;
using MathNet.Numerics.Distributions;
using Vigil.Core.Instruments;
using Vigil.Core.Streaming;
using Vigil.Core.Validation;

namespace Vigil.Detection.CrossAsset;

/// <summary>One instrument's standardised move at the latest step.</summary>
/// <param name="Symbol">The instrument's symbol (or its index as text when the detector was built from a dimension).</param>
/// <param name="StandardisedMove">(r − μ) / σ against the rolling window, in standard deviations; signed.</param>
public sealed record InstrumentSurprise(string Symbol, double StandardisedMove);

/// <summary>The turbulence detector's state for the API: plain values that serialise to JSON.</summary>
/// <param name="IsReady">Whether the window is full and the figures are meaningful.</param>
/// <param name="Steps">The market steps seen since construction or the last reset.</param>
/// <param name="WindowLength">The rolling window, in steps.</param>
/// <param name="Dimension">The number of instruments N.</param>
/// <param name="Turbulence">d = (r − μ)ᵀ Σ⁻¹ (r − μ) at the latest step; about N in calm markets; ≥ 0.</param>
/// <param name="TurbulencePerInstrument">d / N, the detector's raw value; about 1 in calm markets.</param>
/// <param name="MagnitudeSurprise">d with the diagonal of Σ only: Σᵢ (rᵢ − μᵢ)² / σᵢ²; ≥ 0.</param>
/// <param name="CorrelationSurprise">d / magnitude surprise (Kinlaw and Turkington): above 1 when the moves break the usual correlations, below 1 when they follow them.</param>
/// <param name="ChiSquarePercentile">P(χ²_N ≤ d), in [0, 1]: the percentile under Gaussian returns.</param>
/// <param name="HistoricalPercentile">The fraction of the detector's last window of readings at or below the latest, in [0, 1].</param>
/// <param name="Ridge">The ridge added to the covariance's diagonal at the latest step, in squared return units; 0 when none was needed.</param>
/// <param name="Instruments">Each instrument's standardised move, in registry order.</param>
public sealed record TurbulenceBreakdown(
    bool IsReady,
    long Steps,
    int WindowLength,
    int Dimension,
    double Turbulence,
    double TurbulencePerInstrument,
    double MagnitudeSurprise,
    double CorrelationSurprise,
    double ChiSquarePercentile,
    double HistoricalPercentile,
    double Ridge,
    IReadOnlyList<InstrumentSurprise> Instruments);

/// <summary>
/// The turbulence index of Kritzman and Li (2010): the Mahalanobis distance d = (r − μ)ᵀ Σ⁻¹ (r − μ) of the step's
/// returns from the sample mean μ and covariance Σ of a rolling window of the previous steps. The window never holds
/// the step being scored, and nothing from after it, so the index never looks ahead; the step joins the window after
/// it is scored. Σ⁻¹ is applied through a Cholesky factorisation; when Σ is (near) singular, a ridge of
/// <see cref="TurbulenceOptions.RidgeFraction"/> times its mean variance is added to its diagonal (raised a
/// hundredfold until the factorisation succeeds). Also splits d into the magnitude surprise (the diagonal of Σ
/// only) and the correlation surprise d / magnitude (Kinlaw and Turkington, 2014).
/// </summary>
/// <remarks>
/// A NaN return (an instrument that did not tick in the step) counts as a return of 0. Update is allocation-free.
/// </remarks>
public sealed class TurbulenceDetector : IStreamingEstimator
{
    private const double SingularPivot = 1e-12;
    private readonly TurbulenceOptions _options;
    private readonly int _n;
    private readonly string[] _symbols;
    private readonly RollingCovarianceWindow _window;
    private readonly double[] _x;
    private readonly double[] _deviation;
    private readonly double[] _factor;
    private readonly double[] _solved;
    private readonly double[] _variances;
    private readonly double[] _history;
    private readonly double _fireThreshold;
    private int _historyNext;
    private int _historyCount;
    private long _steps;

    /// <summary>Creates a detector over the instruments of a registry, in registry order.</summary>
    /// <param name="instruments">The instruments; at least 1.</param>
    /// <param name="options">The options; <see cref="TurbulenceOptions"/> defaults (250 ms steps) when null.</param>
    public TurbulenceDetector(IReadOnlyList<Instrument> instruments, TurbulenceOptions? options = null)
        : this(Symbols(instruments), options)
    {
    }

    /// <summary>Creates a detector over <paramref name="dimension"/> series, named by their index.</summary>
    /// <param name="dimension">The number of series; at least 1.</param>
    /// <param name="options">The options; <see cref="TurbulenceOptions"/> defaults (250 ms steps) when null.</param>
    public TurbulenceDetector(int dimension, TurbulenceOptions? options = null)
        : this(IndexSymbols(dimension), options)
    {
    }

    private TurbulenceDetector(string[] symbols, TurbulenceOptions? options)
    {
        _options = options ?? new TurbulenceOptions();
        var n = symbols.Length;
        var errors = new OptionErrors();
        errors.AddNested(nameof(TurbulenceOptions), _options.Validate());
        errors.Require(_options.WindowLength > n + 2, $"{nameof(TurbulenceOptions)}.WindowLength must exceed the number of instruments plus 2 (got {_options.WindowLength} for {n} instruments)");
        errors.ThrowIfAny(nameof(TurbulenceOptions));
        _n = n;
        _symbols = symbols;
        _window = new RollingCovarianceWindow(n, _options.WindowLength);
        _x = new double[n];
        _deviation = new double[n];
        _factor = new double[n * n];
        _solved = new double[n];
        _variances = new double[n];
        _history = new double[_options.WindowLength];
        _fireThreshold = ChiSquared.InvCDF(n, _options.FireConfidence);
    }

    /// <summary>The number of instruments N.</summary>
    public int Dimension => _n;

    /// <summary>The options in use.</summary>
    public TurbulenceOptions Options => _options;

    /// <inheritdoc />
    public bool IsReady => _window.IsFull;

    /// <inheritdoc />
    public int WarmUpPeriod => _options.WindowLength;

    /// <summary>The turbulence d at the latest step; NaN before the window is full.</summary>
    public double Turbulence { get; private set; } = double.NaN;

    /// <summary>The magnitude surprise (d with the diagonal of Σ only) at the latest step; NaN before the window is full.</summary>
    public double MagnitudeSurprise { get; private set; } = double.NaN;

    /// <summary>The correlation surprise d / magnitude surprise at the latest step; 1 when both are 0; NaN before the window is full.</summary>
    public double CorrelationSurprise { get; private set; } = double.NaN;

    /// <summary>The ridge added to Σ's diagonal at the latest step, in squared return units; 0 when none was needed.</summary>
    public double Ridge { get; private set; }

    /// <summary>The turbulence above which a reading fires: the χ²_N quantile at <see cref="TurbulenceOptions.FireConfidence"/>.</summary>
    public double FireThreshold => _fireThreshold;

    /// <summary>Scores one market step's returns against the window of earlier steps, then adds them to the window.</summary>
    /// <param name="returns">One return per instrument in registry order (log returns, or level changes); NaN counts as 0.</param>
    /// <returns>
    /// Raw = d / N (higher = more stress; about 1 in calm markets); Score = P(χ²_N ≤ d), a rough Gaussian mapping to
    /// [0, 1]; Fired when d passes <see cref="FireThreshold"/>. <see cref="DetectorReading.NotReady"/> until the
    /// window is full.
    /// </returns>
    /// <exception cref="ArgumentException">The span's length is not N.</exception>
    public DetectorReading Update(ReadOnlySpan<double> returns)
    {
        if (returns.Length != _n)
        {
            ThrowLength(returns.Length);
        }

        for (var i = 0; i < _n; i++)
        {
            var r = returns[i];
            _x[i] = double.IsFinite(r) ? r : 0.0;
        }

        _steps++;
        var reading = DetectorReading.NotReady;
        if (_window.IsFull)
        {
            Score();
            _history[_historyNext] = Turbulence;
            _historyNext = _historyNext + 1 == _history.Length ? 0 : _historyNext + 1;
            _historyCount = Math.Min(_historyCount + 1, _history.Length);
            reading = new DetectorReading(ChiSquareProbability(_n, Turbulence), Turbulence / _n, Turbulence >= _fireThreshold);
        }

        // The step joins the window only after it is scored: its own return never shapes its own mean or covariance.
        _window.Add(_x);
        return reading;
    }

    /// <summary>P(χ²_k ≤ x), in [0, 1]: the regularised lower incomplete gamma function P(k/2, x/2); allocation-free.</summary>
    /// <param name="degreesOfFreedom">k; positive.</param>
    /// <param name="x">The value; 0 or less gives 0.</param>
    public static double ChiSquareProbability(int degreesOfFreedom, double x) =>
        x > 0 ? SpecialFunctions.GammaLowerRegularized(0.5 * degreesOfFreedom, 0.5 * x) : 0.0;

    /// <summary>The latest figures and each instrument's standardised move; allocates, for the API.</summary>
    public TurbulenceBreakdown Snapshot()
    {
        var ready = !double.IsNaN(Turbulence);
        var instruments = new InstrumentSurprise[_n];
        for (var i = 0; i < _n; i++)
        {
            var sd = Math.Sqrt(_variances[i]);
            instruments[i] = new InstrumentSurprise(_symbols[i], ready && sd > 0 ? _deviation[i] / sd : 0.0);
        }

        var below = 0;
        for (var k = 0; k < _historyCount; k++)
        {
            if (_history[k] <= Turbulence)
            {
                below++;
            }
        }

        return new TurbulenceBreakdown(
            IsReady,
            _steps,
            _options.WindowLength,
            _n,
            Turbulence,
            ready ? Turbulence / _n : double.NaN,
            MagnitudeSurprise,
            CorrelationSurprise,
            ready ? ChiSquareProbability(_n, Turbulence) : double.NaN,
            ready && _historyCount > 0 ? (double)below / _historyCount : double.NaN,
            Ridge,
            instruments);
    }

    /// <inheritdoc />
    public void Reset()
    {
        _window.Reset();
        Array.Clear(_history);
        Array.Clear(_deviation);
        Array.Clear(_variances);
        _historyNext = 0;
        _historyCount = 0;
        _steps = 0;
        Turbulence = double.NaN;
        MagnitudeSurprise = double.NaN;
        CorrelationSurprise = double.NaN;
        Ridge = 0;
    }

    private void Score()
    {
        var n = _n;
        var mean = _window.Mean;
        double meanVariance = 0;
        double magnitude = 0;
        for (var i = 0; i < n; i++)
        {
            _deviation[i] = _x[i] - mean[i];
            _variances[i] = _window.Covariance(i, i);
            meanVariance += _variances[i];
        }

        meanVariance /= n;
        if (!(meanVariance > 0))
        {
            // Nothing has moved in the whole window: there is no scale to measure a surprise against.
            Turbulence = 0;
            MagnitudeSurprise = 0;
            CorrelationSurprise = 1;
            Ridge = 0;
            return;
        }

        var ridge = 0.0;
        while (!TryFactorise(ridge, meanVariance))
        {
            ridge = ridge == 0 ? _options.RidgeFraction * meanVariance : ridge * 100;
        }

        // Forward substitution L y = r − μ; then d = yᵀy = (r − μ)ᵀ Σ⁻¹ (r − μ).
        double d = 0;
        for (var i = 0; i < n; i++)
        {
            var row = _factor.AsSpan(i * n, i + 1);
            var sum = _deviation[i];
            for (var k = 0; k < i; k++)
            {
                sum -= row[k] * _solved[k];
            }

            var y = sum / row[i];
            _solved[i] = y;
            d += y * y;
            var variance = _variances[i] + ridge;
            magnitude += _deviation[i] * _deviation[i] / variance;
        }

        Turbulence = d;
        MagnitudeSurprise = magnitude;
        CorrelationSurprise = magnitude > 0 ? d / magnitude : 1.0;
        Ridge = ridge;
    }

    /// <summary>Cholesky factorisation of Σ + ridge·I into the lower triangle of <c>_factor</c>; false on a (near) zero pivot.</summary>
    private bool TryFactorise(double ridge, double meanVariance)
    {
        var n = _n;
        var factor = _factor.AsSpan();
        _window.CopyCovarianceTo(factor);
        var tolerance = SingularPivot * meanVariance;
        for (var j = 0; j < n; j++)
        {
            var rowJ = factor.Slice(j * n, n);
            var diagonal = rowJ[j] + ridge;
            for (var k = 0; k < j; k++)
            {
                diagonal -= rowJ[k] * rowJ[k];
            }

            if (!(diagonal > tolerance))
            {
                return false;
            }

            var pivot = Math.Sqrt(diagonal);
            rowJ[j] = pivot;
            for (var i = j + 1; i < n; i++)
            {
                var rowI = factor.Slice(i * n, n);
                var sum = rowI[j];
                for (var k = 0; k < j; k++)
                {
                    sum -= rowI[k] * rowJ[k];
                }

                rowI[j] = sum / pivot;
            }
        }

        return true;
    }

    private static string[] Symbols(IReadOnlyList<Instrument> instruments)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        if (instruments.Count == 0)
        {
            throw new ArgumentException("At least one instrument is needed.", nameof(instruments));
        }

        var symbols = new string[instruments.Count];
        for (var i = 0; i < symbols.Length; i++)
        {
            symbols[i] = instruments[i].Symbol;
        }

        return symbols;
    }

    private static string[] IndexSymbols(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        var symbols = new string[dimension];
        for (var i = 0; i < dimension; i++)
        {
            symbols[i] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return symbols;
    }

    private void ThrowLength(int length) =>
        throw new ArgumentException($"Got {length} returns for a detector over {_n} instruments.", "returns");
}
