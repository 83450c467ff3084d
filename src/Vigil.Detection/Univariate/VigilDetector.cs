using Vigil.Core.Numerics;
using Vigil.Core.Statistics;
using Vigil.Core.Streaming;

namespace Vigil.Detection.Univariate;

/// <summary>
/// Vigil's univariate anomaly detector. It asks three questions of every value:
/// <list type="bullet">
/// <item><b>Is it unusual for this time of day?</b> A seasonal profile (by hour, weekdays and weekends apart) gives
/// the value's deviation in standard deviations of its bucket.</item>
/// <item><b>Is it unusual for the recent past?</b> The value's deviation from the mean of the last
/// <see cref="VigilDetectorOptions.WindowLength"/> values, in their standard deviations.</item>
/// <item><b>Is it outside everything seen so far?</b> A value beyond the running minimum or maximum by more than a
/// fraction of the range scores 1 at once.</item>
/// </list>
/// Each deviation is averaged over the last few values and compared, as a z-score, with its own recent history (an
/// anomaly likelihood, as in Numenta's detector), so that a tail probability p = Q(z) means the same on every series;
/// the larger z of the two counts. The score is −log10(p)/10 clamped to [0, 1], so 0.5 is p = 1e-5. An alert
/// (p at or below <see cref="VigilDetectorOptions.AlertProbability"/>) opens an episode: until z has stayed below
/// <see cref="VigilDetectorOptions.RearmZ"/> for <see cref="VigilDetectorOptions.RearmCount"/> values, further alerts
/// are held at the suppressed probability, so one anomaly fires once.
/// </summary>
/// <remarks>
/// Causal and streaming: every reading uses only past values. O(1) per value, with no allocation after construction.
/// Event timestamps drive the seasonal profile; a series without a daily pattern gets a profile of near-equal buckets
/// that acts as a slowly forgetting level.
/// </remarks>
public sealed class VigilDetector : ISeriesDetector
{
    private readonly VigilDetectorOptions _options;
    private readonly SeasonalProfile _profile;
    private readonly RollingMoments _window;
    private readonly CalibratedDeviation _seasonal;
    private readonly CalibratedDeviation _recent;
    private readonly double _alertScore;
    private readonly double _suppressedScore;
    private double _min;
    private double _max;
    private bool _armed;
    private int _quietCount;
    private DetectorReading _current;

    /// <summary>Creates a detector with the default settings.</summary>
    public VigilDetector()
        : this(VigilDetectorOptions.Default)
    {
    }

    /// <summary>Creates a detector.</summary>
    /// <param name="options">The settings.</param>
    public VigilDetector(VigilDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _profile = new SeasonalProfile(options.BucketsPerDay, options.SplitWeekends, options.ProfileHalfLifeDays, options.MinBucketCount);
        _window = new RollingMoments(options.WindowLength);
        _seasonal = new CalibratedDeviation(options.ProfileSmoothingLength, options.CalibrationLength, options.MinCalibrationCount);
        _recent = new CalibratedDeviation(options.WindowSmoothingLength, options.CalibrationLength, options.MinCalibrationCount);
        _alertScore = ScoreOf(options.AlertProbability);
        _suppressedScore = ScoreOf(options.SuppressedProbability);
        Reset();
    }

    /// <summary>The name used on the command line and in reports: <c>vigil</c>.</summary>
    public string Name => UnivariateDetectors.VigilName;

    /// <inheritdoc/>
    public DetectorReading Current => _current;

    /// <summary>Whether enough history has been seen to calibrate the score.</summary>
    public bool IsReady => _seasonal.IsReady;

    /// <summary>The values needed before scoring starts: <see cref="VigilDetectorOptions.MinCalibrationCount"/>.</summary>
    public int WarmUpPeriod => _options.MinCalibrationCount;

    /// <summary>The settings.</summary>
    public VigilDetectorOptions Options => _options;

    /// <summary>
    /// Scores a value, then learns from it. The reading's score is in [0, 1] (0 until ready); its raw value is the
    /// calibrated z behind the score (NaN until ready); it fires when an alert opens an episode or a value leaves the
    /// range seen so far.
    /// </summary>
    /// <param name="timestampNs">Event time in nanoseconds since the Unix epoch; non-decreasing.</param>
    /// <param name="value">The value; finite.</param>
    /// <param name="volume">Unused.</param>
    public DetectorReading Update(long timestampNs, double value, double volume)
    {
        var cap = _options.DeviationCap;
        var seasonalDeviation = _profile.DeviationThenAdd(timestampNs, value, cap);
        var windowDeviation = _window.Count >= 10
            ? Math.Min(cap, Math.Abs(value - _window.Mean) / (_window.StdDev + 1e-9))
            : 0.0;
        _window.Add(value);

        var ready = IsReady;
        var z = Math.Max(_seasonal.ZThenAdd(seasonalDeviation), _recent.ZThenAdd(windowDeviation));
        var score = 0.0;
        var fired = false;
        if (ready)
        {
            score = ScoreOf(SpecialFunctions.NormalCdf(-z));
            if (_armed)
            {
                if (score >= _alertScore)
                {
                    // An alert opens an episode.
                    fired = true;
                    _armed = false;
                    _quietCount = 0;
                }
            }
            else
            {
                _quietCount = z < _options.RearmZ ? _quietCount + 1 : 0;
                if (_quietCount >= _options.RearmCount)
                {
                    _armed = true;
                }

                if (score >= _alertScore)
                {
                    score = _suppressedScore;
                }
            }

            if (OutsideRange(value))
            {
                score = 1.0;
                fired = true;
            }
        }
        else
        {
            z = double.NaN;
        }

        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);
        _current = new DetectorReading(score, z, fired);
        return _current;
    }

    /// <inheritdoc/>
    public void Reset()
    {
        _profile.Reset();
        _window.Reset();
        _seasonal.Reset();
        _recent.Reset();
        _min = double.PositiveInfinity;
        _max = double.NegativeInfinity;
        _armed = true;
        _quietCount = 0;
        _current = DetectorReading.NotReady;
    }

    // −log10(p)/10 clamped to [0, 1]: 1e-10 and below score 1. The 1e-10 offset keeps p = 0 finite.
    private static double ScoreOf(double tailProbability) =>
        Math.Clamp(-Math.Log10(tailProbability + 1e-10) / 10.0, 0.0, 1.0);

    private bool OutsideRange(double value)
    {
        if (!(_max > _min))
        {
            return false;
        }

        var tolerance = (_max - _min) * _options.RangeTolerance;
        return value > _max + tolerance || value < _min - tolerance;
    }
}
