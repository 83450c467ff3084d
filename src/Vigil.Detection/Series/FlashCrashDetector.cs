using Vigil.Core.Market;
using Vigil.Core.Statistics;
using Vigil.Core.Streaming;
using Vigil.Core.Validation;

namespace Vigil.Detection.Series;

/// <summary>Options of the <see cref="FlashCrashDetector"/>.</summary>
/// <param name="MoveThreshold">The relative move from the window's extreme that starts a pattern, in (0, 1); 0.05 is 5%.</param>
/// <param name="MoveWindowNs">The event time within which the move must happen, in nanoseconds; positive.</param>
/// <param name="RetracementFraction">The fraction of the move that must be won back, in (0, 1]; 0.5 is half.</param>
/// <param name="RetraceWithinNs">How long after the move started the retracement must have come, in nanoseconds; positive. A move that keeps extending without coming back is a crash or a rally, not a flash crash.</param>
/// <param name="HoldNs">How long a detected pattern keeps scoring 1 and firing, in nanoseconds; non-negative.</param>
public sealed record FlashCrashOptions(
    double MoveThreshold = 0.05,
    long MoveWindowNs = 10 * TimeUnits.NsPerMinute,
    double RetracementFraction = 0.5,
    long RetraceWithinNs = 60 * TimeUnits.NsPerMinute,
    long HoldNs = 10 * TimeUnits.NsPerMinute)
{
    /// <summary>Every problem with these options.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new OptionErrors();
        errors.Require(MoveThreshold > 0 && MoveThreshold < 1, $"MoveThreshold must be in (0, 1) (got {MoveThreshold})");
        errors.Require(MoveWindowNs > 0, $"MoveWindowNs must be positive (got {MoveWindowNs})");
        errors.Require(RetracementFraction > 0 && RetracementFraction <= 1, $"RetracementFraction must be in (0, 1] (got {RetracementFraction})");
        errors.Require(RetraceWithinNs > 0, $"RetraceWithinNs must be positive (got {RetraceWithinNs})");
        errors.Require(HoldNs >= 0, $"HoldNs must not be negative (got {HoldNs})");
        return errors.Errors;
    }
}

/// <summary>
/// FLASH_CRASH: a move of <see cref="FlashCrashOptions.MoveThreshold"/> or more within
/// <see cref="FlashCrashOptions.MoveWindowNs"/> of event time (5% in 10 minutes by default) followed by a
/// retracement of <see cref="FlashCrashOptions.RetracementFraction"/> of it or more (half). Falls and spikes are
/// both detected. Only meaningful for prices: relative moves of a level that may cross zero are not.
/// </summary>
/// <remarks>
/// The score says how far along the pattern is: up to 0.5 for a partial move (in proportion to the threshold),
/// 0.5 to 1 while a full move retraces (in proportion to the required retracement), and 1 once detected, for
/// <see cref="FlashCrashOptions.HoldNs"/>. Raw is the signed size of the move (−0.09 for a 9% fall).
/// </remarks>
public sealed class FlashCrashDetector : ISeriesDetector
{
    private readonly FlashCrashOptions _options;
    private readonly SlidingWindowExtremes _window;
    private Phase _phase;
    private double _start;      // the price the move started from (the window's extreme)
    private double _extreme;    // the furthest price of the move so far
    private long _startNs;
    private long _detectedNs;
    private int _observations;

    /// <summary>Creates a detector.</summary>
    /// <param name="options">The options; defaults when null.</param>
    public FlashCrashDetector(FlashCrashOptions? options = null)
    {
        _options = options ?? new FlashCrashOptions();
        var errors = new OptionErrors();
        errors.AddNested(nameof(FlashCrashOptions), _options.Validate());
        errors.ThrowIfAny(nameof(FlashCrashOptions));
        _window = new SlidingWindowExtremes(_options.MoveWindowNs);
    }

    private enum Phase
    {
        Watching,
        Falling,
        Rising,
        Detected,
    }

    /// <inheritdoc />
    public string Name => DetectorNames.FlashCrash;

    /// <inheritdoc />
    public bool IsReady => _observations >= WarmUpPeriod;

    /// <inheritdoc />
    public int WarmUpPeriod => 2;

    /// <inheritdoc />
    public DetectorReading Current { get; private set; } = DetectorReading.NotReady;

    /// <summary>The event time the latest pattern was detected at; 0 when none has been.</summary>
    public long DetectedAtNs { get; private set; }

    /// <inheritdoc />
    public DetectorReading Update(long timestampNs, double value, double volume)
    {
        _observations++;
        _window.Add(timestampNs, value);
        var reading = _phase switch
        {
            Phase.Falling or Phase.Rising => Track(timestampNs, value),
            Phase.Detected => Hold(timestampNs, value),
            _ => Watch(timestampNs, value),
        };
        return Current = IsReady ? reading : DetectorReading.NotReady;
    }

    /// <inheritdoc />
    public void Reset()
    {
        _window.Reset();
        _phase = Phase.Watching;
        _observations = 0;
        DetectedAtNs = 0;
        Current = DetectorReading.NotReady;
    }

    private DetectorReading Watch(long timestampNs, double price)
    {
        var max = _window.Max;
        var min = _window.Min;
        var fall = max > 0 ? (max - price) / max : 0.0;
        var rise = min > 0 ? (price - min) / min : 0.0;
        var threshold = _options.MoveThreshold;
        if (fall >= threshold && fall >= rise)
        {
            _phase = Phase.Falling;
            _start = max;
            _extreme = price;
            _startNs = _window.MaxTimestampNs;
            return new DetectorReading(0.5, -fall, false);
        }

        if (rise >= threshold)
        {
            _phase = Phase.Rising;
            _start = min;
            _extreme = price;
            _startNs = _window.MinTimestampNs;
            return new DetectorReading(0.5, rise, false);
        }

        var move = fall >= rise ? -fall : rise;
        return new DetectorReading(0.5 * Math.Min(1.0, Math.Abs(move) / threshold), move, false);
    }

    private DetectorReading Track(long timestampNs, double price)
    {
        var falling = _phase == Phase.Falling;
        if (falling ? price < _extreme : price > _extreme)
        {
            _extreme = price;
        }

        var moveSize = _extreme - _start;                 // negative for a fall
        var won = (price - _extreme) / -moveSize;          // fraction of the move won back, ≥ 0
        var move = moveSize / _start;
        if (won >= _options.RetracementFraction)
        {
            _phase = Phase.Detected;
            _detectedNs = timestampNs;
            DetectedAtNs = timestampNs;
            return new DetectorReading(1.0, move, true);
        }

        if (timestampNs - _startNs > _options.RetraceWithinNs)
        {
            // A move that never came back is a crash or a rally, not a flash crash; start watching afresh.
            _phase = Phase.Watching;
            _window.Reset();
            _window.Add(timestampNs, price);
            return new DetectorReading(0.0, 0.0, false);
        }

        var score = 0.5 + (0.5 * Math.Min(1.0, won / _options.RetracementFraction));
        return new DetectorReading(score, move, false);
    }

    private DetectorReading Hold(long timestampNs, double price)
    {
        var move = (_extreme - _start) / _start;
        if (timestampNs - _detectedNs < _options.HoldNs)
        {
            return new DetectorReading(1.0, move, true);
        }

        // The pattern is over: forget the window that contains it so its extreme does not start another.
        _phase = Phase.Watching;
        _window.Reset();
        _window.Add(timestampNs, price);
        return new DetectorReading(0.0, 0.0, false);
    }
}
