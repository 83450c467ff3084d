using Vigil.Core.Numerics;
using Vigil.Core.Streaming;

namespace Vigil.Detection.Univariate;

/// <summary>
/// NAB's Windowed Gaussian baseline (<c>nab/detectors/gaussian/windowedGaussian_detector.py</c>): each value is scored
/// 1 − Q(|x − μ|/σ), Q the standard normal tail, against the mean μ and population standard deviation σ of the
/// values before it. The window grows to <see cref="WindowedGaussianOptions.WindowLength"/> values and then slides
/// forward <see cref="WindowedGaussianOptions.StepSize"/> values at a time, so μ and σ change only at each step. A
/// zero σ is taken as 1e-6, as in NAB. The first value scores 0.
/// </summary>
/// <remarks>
/// NAB recomputes μ and σ over the whole window on every change; here they are kept incrementally (Welford) while the
/// window fills and recomputed in two passes at each step, which matches NAB's output to the 12 digits it publishes.
/// Per value: O(1), plus O(window) once per step; no allocation.
/// </remarks>
public sealed class WindowedGaussianDetector : ISeriesDetector
{
    private const double ZeroStdDevReplacement = 0.000001;

    private readonly WindowedGaussianOptions _options;
    private readonly double[] _window;
    private readonly double[] _stepBuffer;
    private int _count;
    private int _oldest;
    private int _stepCount;
    private double _mean;
    private double _m2;
    private double _stdDev = 1.0;
    private DetectorReading _current = DetectorReading.NotReady;

    /// <summary>Creates a detector with NAB's settings.</summary>
    public WindowedGaussianDetector()
        : this(WindowedGaussianOptions.Nab)
    {
    }

    /// <summary>Creates a detector.</summary>
    /// <param name="options">The settings.</param>
    public WindowedGaussianDetector(WindowedGaussianOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _window = new double[options.WindowLength];
        _stepBuffer = new double[options.StepSize];
    }

    /// <summary>The name used on the command line and in reports: <c>windowed-gaussian</c>.</summary>
    public string Name => UnivariateDetectors.WindowedGaussianName;

    /// <inheritdoc/>
    public DetectorReading Current => _current;

    /// <summary>Ready once one value is held: every later value is scored against the window.</summary>
    public bool IsReady => _count > 0;

    /// <inheritdoc/>
    public int WarmUpPeriod => 1;

    /// <summary>The settings.</summary>
    public WindowedGaussianOptions Options => _options;

    /// <summary>
    /// Scores a value against the window of past values, then adds it. The reading's score is 1 − Q(|z|) in [0, 1]
    /// (0 for the first value), its raw value the z-score (x − μ)/σ (NaN for the first value).
    /// </summary>
    /// <param name="timestampNs">Event time in nanoseconds; unused.</param>
    /// <param name="value">The value; finite.</param>
    /// <param name="volume">Unused.</param>
    public DetectorReading Update(long timestampNs, double value, double volume)
    {
        var score = 0.0;
        var z = double.NaN;
        if (_count > 0)
        {
            z = (value - _mean) / _stdDev;
            score = 1.0 - UpperTail(value, _mean, _stdDev);
        }

        if (_count < _window.Length)
        {
            _window[_count++] = value;
            // Welford's update of the population moments of the growing window.
            var delta = value - _mean;
            _mean += delta / _count;
            _m2 += delta * (value - _mean);
            SetStdDev(Math.Sqrt(Math.Max(0.0, _m2) / _count));
        }
        else
        {
            _stepBuffer[_stepCount++] = value;
            if (_stepCount == _stepBuffer.Length)
            {
                Slide();
            }
        }

        _current = new DetectorReading(score, z, score >= _options.FireThreshold && _count > 1);
        return _current;
    }

    /// <inheritdoc/>
    public void Reset()
    {
        _count = 0;
        _oldest = 0;
        _stepCount = 0;
        _mean = 0;
        _m2 = 0;
        _stdDev = 1.0;
        _current = DetectorReading.NotReady;
    }

    // NAB's normalProbability: the probability of a sample beyond x, reflecting x below the mean onto the upper side.
    private static double UpperTail(double x, double mean, double stdDev)
    {
        if (x < mean)
        {
            x = (2 * mean) - x;
        }

        var z = (x - mean) / stdDev;
        return SpecialFunctions.NormalCdf(-z);
    }

    private void Slide()
    {
        // The oldest StepSize values leave and the buffered ones take their places.
        var length = _window.Length;
        for (var k = 0; k < _stepBuffer.Length; k++)
        {
            _window[_oldest] = _stepBuffer[k];
            _oldest = _oldest + 1 == length ? 0 : _oldest + 1;
        }

        _stepCount = 0;
        double sum = 0;
        foreach (var v in _window)
        {
            sum += v;
        }

        var mean = sum / length;
        double squares = 0;
        foreach (var v in _window)
        {
            var d = v - mean;
            squares += d * d;
        }

        _mean = mean;
        SetStdDev(Math.Sqrt(squares / length));
    }

    private void SetStdDev(double stdDev) => _stdDev = stdDev == 0.0 ? ZeroStdDevReplacement : stdDev;
}
