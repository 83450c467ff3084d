namespace Vigil.Engine.Pipeline;

/// <summary>A move over a window of event time: its largest excursion from the window's start and how much of it has come back.</summary>
/// <param name="MoveFraction">The signed relative move from the window's start to its extreme (0.05 = +5%); 0 without history.</param>
/// <param name="RetracementFraction">The share of that move given back since the extreme, in [0, 1]; 0 without a move.</param>
/// <param name="NetMoveFraction">The signed relative move from the window's start to now.</param>
internal readonly record struct WindowMove(double MoveFraction, double RetracementFraction, double NetMoveFraction);

/// <summary>
/// Step-close levels sampled at most once per <c>window / samples</c> of event time, in a fixed ring, so a window's
/// move can be read when a warning is built; beside each sample, the step z farthest from 0 since the previous sample,
/// so no spike between samples is lost. Recording is O(1) and allocation-free; reading scans the ring.
/// </summary>
internal sealed class LevelHistory
{
    private readonly long[] _timesNs;
    private readonly double[] _levels;
    private readonly double[] _peakZ;
    private readonly long _windowNs;
    private readonly long _sampleIntervalNs;
    private int _next;
    private int _count;
    private long _lastSampleNs;

    /// <param name="window">The window a move is read over.</param>
    /// <param name="samples">The most samples inside one window; the ring holds two more so the window's start is always kept.</param>
    public LevelHistory(TimeSpan window, int samples)
    {
        _windowNs = window.Ticks * 100L;
        _sampleIntervalNs = Math.Max(1, _windowNs / samples);
        _timesNs = new long[samples + 2];
        _levels = new double[samples + 2];
        _peakZ = new double[samples + 2];
    }

    /// <summary>Records a step-close level, unless the last sample is younger than the sampling interval.</summary>
    /// <summary>The step z farthest from 0 since the last sample, carried into the next one.</summary>
    private double _pendingPeakZ;

    public void Record(long timestampNs, double level, double z = 0)
    {
        if (Math.Abs(z) > Math.Abs(_pendingPeakZ))
        {
            _pendingPeakZ = z;
        }

        if (_count > 0 && timestampNs - _lastSampleNs < _sampleIntervalNs)
        {
            return;
        }

        _timesNs[_next] = timestampNs;
        _levels[_next] = level;
        _peakZ[_next] = _pendingPeakZ;
        _pendingPeakZ = 0;
        _next = _next + 1 == _levels.Length ? 0 : _next + 1;
        _count = Math.Min(_count + 1, _levels.Length);
        _lastSampleNs = timestampNs;
    }

    /// <summary>
    /// The move up to <paramref name="level"/> at <paramref name="nowNs"/>, from the latest sample at or before the
    /// window's start (or the first sample kept, when the series is younger than the window).
    /// </summary>
    public WindowMove Read(long nowNs, double level)
    {
        if (_count == 0 || !double.IsFinite(level))
        {
            return default;
        }

        var capacity = _levels.Length;
        var oldest = (_next - _count + capacity) % capacity;
        var startNs = nowNs - _windowNs;
        var first = 0;
        for (var k = 1; k < _count; k++)
        {
            if (_timesNs[(oldest + k) % capacity] > startNs)
            {
                break;
            }

            first = k;
        }

        var start = _levels[(oldest + first) % capacity];
        if (!(start > 0))
        {
            return default;
        }

        // The extreme is the level farthest from the start, the latest level included.
        var extreme = level;
        for (var k = first + 1; k < _count; k++)
        {
            var value = _levels[(oldest + k) % capacity];
            if (Math.Abs(value - start) > Math.Abs(extreme - start))
            {
                extreme = value;
            }
        }

        var excursion = extreme - start;
        var retraced = excursion != 0 ? Math.Clamp((extreme - level) / excursion, 0, 1) : 0;
        return new WindowMove(excursion / start, retraced, (level / start) - 1);
    }

    /// <summary>The step z farthest from 0 recorded within the window up to <paramref name="nowNs"/>, signed; 0 without history.</summary>
    /// <param name="nowNs">The window's end, in event time.</param>
    public double PeakZ(long nowNs)
    {
        var peak = _pendingPeakZ;
        var capacity = _levels.Length;
        var oldest = (_next - _count + capacity) % capacity;
        var startNs = nowNs - _windowNs;
        for (var k = 0; k < _count; k++)
        {
            var i = (oldest + k) % capacity;
            if (_timesNs[i] >= startNs && Math.Abs(_peakZ[i]) > Math.Abs(peak))
            {
                peak = _peakZ[i];
            }
        }

        return peak;
    }
}
