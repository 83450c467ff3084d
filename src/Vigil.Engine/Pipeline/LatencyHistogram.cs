namespace Vigil.Engine.Pipeline;

/// <summary>
/// A fixed-memory histogram of durations with log-linear buckets (16 sub-buckets per power of two, so quantiles
/// are within about 6% of the true value), for latency percentiles without keeping every sample. Recording is
/// O(1) and allocation-free.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBuckets = 16;
    private const int Powers = 48;
    private readonly long[] _counts = new long[Powers * SubBuckets];

    /// <summary>The number of durations recorded.</summary>
    public long Count { get; private set; }

    /// <summary>The longest duration recorded, in nanoseconds.</summary>
    public long MaxNs { get; private set; }

    /// <summary>The sum of the durations recorded, in nanoseconds.</summary>
    public double TotalNs { get; private set; }

    /// <summary>Records one duration.</summary>
    /// <param name="durationNs">The duration in nanoseconds; negative values count as 0.</param>
    public void Record(long durationNs)
    {
        var d = Math.Max(0, durationNs);
        _counts[BucketOf(d)]++;
        Count++;
        TotalNs += d;
        if (d > MaxNs)
        {
            MaxNs = d;
        }
    }

    /// <summary>The duration at quantile <paramref name="q"/>, in nanoseconds: the upper edge of the bucket holding it.</summary>
    /// <param name="q">In [0, 1].</param>
    public long QuantileNs(double q)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(Math.Clamp(q, 0, 1) * Count);
        rank = Math.Max(1, rank);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(UpperEdge(i), MaxNs);
            }
        }

        return MaxNs;
    }

    /// <summary>Forgets every recorded duration.</summary>
    public void Reset()
    {
        Array.Clear(_counts);
        Count = 0;
        MaxNs = 0;
        TotalNs = 0;
    }

    private static int BucketOf(long d)
    {
        if (d < SubBuckets)
        {
            return (int)d;
        }

        var power = 63 - (int)long.LeadingZeroCount(d);      // d in [2^power, 2^(power+1))
        var sub = (int)((d >> (power - 4)) & (SubBuckets - 1)); // the 4 bits below the leading one
        var bucket = ((power - 3) * SubBuckets) + sub;
        return Math.Min(bucket, (Powers * SubBuckets) - 1);
    }

    private static long UpperEdge(int bucket)
    {
        if (bucket < SubBuckets)
        {
            return bucket;
        }

        var power = (bucket / SubBuckets) + 3;
        var sub = bucket % SubBuckets;
        return ((long)(SubBuckets + sub + 1) << (power - 4)) - 1;
    }
}
