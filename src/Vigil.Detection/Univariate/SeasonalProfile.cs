namespace Vigil.Detection.Univariate;

/// <summary>
/// The expected value and spread of a series by time of day (UTC), and optionally by weekday or weekend: one bucket
/// per slot, each a mean and variance whose weights decay with event time, so the profile forgets at the same pace
/// whatever the sampling rate. A series with no daily pattern ends up with similar buckets, which then act as a
/// slowly forgetting level. Allocation-free after construction; O(1) per value.
/// </summary>
internal sealed class SeasonalProfile
{
    private const long NanosecondsPerDay = 86_400_000_000_000L;

    private readonly int _bucketsPerDay;
    private readonly bool _splitWeekends;
    private readonly double _decayPerNs;
    private readonly int _minCount;
    private readonly double[] _mean;
    private readonly double[] _variance;
    private readonly double[] _weight;
    private readonly long[] _lastNs;
    private readonly int[] _count;

    public SeasonalProfile(int bucketsPerDay, bool splitWeekends, double halfLifeDays, int minCount)
    {
        _bucketsPerDay = bucketsPerDay;
        _splitWeekends = splitWeekends;
        _decayPerNs = -Math.Log(2.0) / (halfLifeDays * NanosecondsPerDay);
        _minCount = minCount;
        var buckets = splitWeekends ? 2 * bucketsPerDay : bucketsPerDay;
        _mean = new double[buckets];
        _variance = new double[buckets];
        _weight = new double[buckets];
        _lastNs = new long[buckets];
        _count = new int[buckets];
    }

    /// <summary>
    /// The absolute deviation of <paramref name="value"/> from its bucket's mean in bucket standard deviations
    /// (0 while the bucket has seen fewer than the minimum count), after which the value joins the bucket.
    /// </summary>
    public double DeviationThenAdd(long timestampNs, double value, double cap)
    {
        var b = Bucket(timestampNs);
        var deviation = 0.0;
        if (_count[b] >= _minCount)
        {
            // The small absolute floor keeps a bucket whose values have all been equal from dividing by zero; any
            // departure from them then counts at the cap.
            var stdDev = Math.Sqrt(_variance[b]) + 1e-9;
            deviation = Math.Min(cap, Math.Abs(value - _mean[b]) / stdDev);
        }

        if (_count[b] == 0)
        {
            _mean[b] = value;
            _variance[b] = 0;
            _weight[b] = 1;
        }
        else
        {
            // Exponentially weighted mean and variance with weights decaying in event time.
            var elapsed = Math.Max(0L, timestampNs - _lastNs[b]);
            var weight = (_weight[b] * Math.Exp(elapsed * _decayPerNs)) + 1.0;
            var a = 1.0 / weight;
            var delta = value - _mean[b];
            _mean[b] += a * delta;
            _variance[b] = (1 - a) * (_variance[b] + (a * delta * delta));
            _weight[b] = weight;
        }

        _lastNs[b] = timestampNs;
        if (_count[b] < int.MaxValue)
        {
            _count[b]++;
        }

        return deviation;
    }

    public void Reset()
    {
        Array.Clear(_mean);
        Array.Clear(_variance);
        Array.Clear(_weight);
        Array.Clear(_lastNs);
        Array.Clear(_count);
    }

    private int Bucket(long timestampNs)
    {
        var day = Math.DivRem(timestampNs, NanosecondsPerDay, out var intoDay);
        if (intoDay < 0)
        {
            intoDay += NanosecondsPerDay;
            day--;
        }

        var bucket = (int)(intoDay / (NanosecondsPerDay / _bucketsPerDay));
        bucket = Math.Min(bucket, _bucketsPerDay - 1);
        if (_splitWeekends)
        {
            // 1970-01-01 was a Thursday: day 0 is weekday 4 with Sunday as 0.
            var weekday = (int)(((day % 7) + 7 + 4) % 7);
            if (weekday is 0 or 6)
            {
                bucket += _bucketsPerDay;
            }
        }

        return bucket;
    }
}
