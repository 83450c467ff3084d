using System.Diagnostics.Metrics;

namespace Vigil.Server.Metrics.Prometheus;

/// <summary>
/// The upper bounds (<c>le</c>) of a histogram's buckets, chosen from the instrument's unit unless its advice says
/// otherwise. Seconds get sub-millisecond buckets: the service's latencies (a market step in tens of microseconds,
/// tick-to-push and REST in single-digit milliseconds) would all fall in the first bucket of the usual
/// 5 ms – 10 s layout.
/// </summary>
public static class HistogramBuckets
{
    /// <summary>Seconds, from 10 µs to 10 s in 1-2.5-5 steps.</summary>
    public static IReadOnlyList<double> Seconds { get; } =
    [
        0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
        0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ];

    /// <summary>Milliseconds, from 10 µs to 10 s.</summary>
    public static IReadOnlyList<double> Milliseconds { get; } =
    [
        0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
        10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000,
    ];

    /// <summary>Bytes, from 256 B to 1 GiB in powers of four.</summary>
    public static IReadOnlyList<double> Bytes { get; } =
    [
        256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864, 268435456, 1073741824,
    ];

    /// <summary>Counts and anything else, from 1 to 10,000.</summary>
    public static IReadOnlyList<double> Default { get; } =
    [
        1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000,
    ];

    /// <summary>
    /// The bucket bounds for <paramref name="instrument"/>: its advised bounds when they are valid (and, for
    /// seconds, reach below a millisecond), otherwise the layout for its unit.
    /// </summary>
    /// <param name="instrument">A histogram.</param>
    /// <returns>Finite, strictly increasing bounds; the <c>+Inf</c> bucket is implied.</returns>
    public static double[] For(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var advised = Advised(instrument);
        if (advised is { Length: > 0 } && IsValid(advised) && !(instrument.Unit == "s" && advised[0] > 0.001))
        {
            return advised;
        }

        return [.. instrument.Unit switch
        {
            "s" => Seconds,
            "ms" => Milliseconds,
            "By" => Bytes,
            _ => Default,
        }];
    }

    private static double[]? Advised(Instrument instrument) => instrument switch
    {
        Instrument<double> { Advice.HistogramBucketBoundaries: { } b } => [.. b],
        Instrument<float> { Advice.HistogramBucketBoundaries: { } b } => [.. b.Select(x => (double)x)],
        Instrument<long> { Advice.HistogramBucketBoundaries: { } b } => [.. b.Select(x => (double)x)],
        Instrument<int> { Advice.HistogramBucketBoundaries: { } b } => [.. b.Select(x => (double)x)],
        _ => null,
    };

    private static bool IsValid(double[] bounds)
    {
        for (var i = 0; i < bounds.Length; i++)
        {
            if (!double.IsFinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1]))
            {
                return false;
            }
        }

        return true;
    }
}
