using System.Text;

namespace Vigil.Server.Metrics.Prometheus;

/// <summary>How a family folds measurements into its series.</summary>
internal enum Aggregation
{
    /// <summary>Measurements are increments (counters, up-down counters).</summary>
    Sum,

    /// <summary>Each measurement replaces the value (synchronous gauges).</summary>
    LastValue,

    /// <summary>Measurements come only when the exporter collects, and replace the value; series not reported in a collection are not written.</summary>
    Observed,

    /// <summary>Measurements fall into buckets (histograms).</summary>
    Histogram,
}

/// <summary>
/// One metric family: its Prometheus name, help, type and series (one per distinct tag set). Recording is lock-free
/// and allocates only the first time a tag set is seen; writing the text reads a consistent-enough snapshot
/// (a histogram's <c>_count</c> is its buckets' total, so the two always agree).
/// </summary>
internal sealed class MetricFamily
{
    /// <summary>The most series one family keeps; measurements with further tag sets are dropped (and counted) to bound memory.</summary>
    internal const int MaxSeries = 2000;

    private readonly Lock _gate = new();
    private readonly KeyValuePair<string, string>[] _constantLabels;
    private SeriesEntry[] _entries = [];
    private MetricSeries[] _series = [];
    private long _droppedMeasurements;

    public MetricFamily(string name, string help, PrometheusType type, Aggregation aggregation, double[]? bounds, IEnumerable<KeyValuePair<string, object?>>? instrumentTags)
    {
        Name = name;
        Help = help;
        Type = type;
        Aggregation = aggregation;
        Bounds = bounds ?? [];
        _constantLabels = [.. (instrumentTags ?? []).Select(t => KeyValuePair.Create(PrometheusNaming.LabelName(t.Key), PrometheusNaming.LabelValue(t.Value)))];
    }

    /// <summary>The metric name.</summary>
    public string Name { get; }

    /// <summary>The help text (unescaped).</summary>
    public string Help { get; }

    /// <summary>The type.</summary>
    public PrometheusType Type { get; }

    /// <summary>How measurements combine.</summary>
    public Aggregation Aggregation { get; }

    /// <summary>Bucket upper bounds (histograms only), without <c>+Inf</c>.</summary>
    public double[] Bounds { get; }

    /// <summary>How many instruments feed this family (normally one).</summary>
    public int Instruments { get; set; }

    /// <summary>Measurements dropped because the family already had <see cref="MaxSeries"/> series.</summary>
    public long DroppedMeasurements => Interlocked.Read(ref _droppedMeasurements);

    /// <summary>Folds in one measurement.</summary>
    /// <param name="value">The measurement.</param>
    /// <param name="tags">Its tags.</param>
    /// <param name="generation">The exporter's current collection (for observed values).</param>
    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, long generation)
    {
        var series = Find(tags) ?? Add(tags);
        if (series is null)
        {
            Interlocked.Increment(ref _droppedMeasurements);
            return;
        }

        switch (Aggregation)
        {
            case Aggregation.Sum:
                AtomicAdd(ref series.Value, value);
                break;
            case Aggregation.LastValue:
                Volatile.Write(ref series.Value, value);
                break;
            case Aggregation.Observed:
                Volatile.Write(ref series.Value, value);
                Volatile.Write(ref series.Generation, generation);
                break;
            case Aggregation.Histogram:
                if (double.IsNaN(value))
                {
                    // NaN has no bucket and would poison the sum.
                    return;
                }

                var index = Array.BinarySearch(Bounds, value);
                Interlocked.Increment(ref series.Buckets![index >= 0 ? index : ~index]);
                AtomicAdd(ref series.Sum, value);
                break;
        }
    }

    /// <summary>Writes the family in the text format; nothing when it has no series to show.</summary>
    /// <param name="builder">Where to write.</param>
    /// <param name="generation">The collection just made: observed series not reported in it are stale and left out.</param>
    public void WriteTo(StringBuilder builder, long generation)
    {
        // A copy: the live array is shared with recording threads and must not be sorted in place.
        MetricSeries[] series = Aggregation == Aggregation.Observed
            ? [.. Volatile.Read(ref _series).Where(s => Volatile.Read(ref s.Generation) == generation)]
            : [.. Volatile.Read(ref _series)];

        if (series.Length == 0)
        {
            return;
        }

        Array.Sort(series, static (a, b) => string.CompareOrdinal(a.Labels, b.Labels));
        builder.Append("# HELP ").Append(Name).Append(' ');
        PrometheusNaming.AppendEscapedHelp(builder, Help).Append('\n');
        builder.Append("# TYPE ").Append(Name).Append(' ').Append(Type switch
        {
            PrometheusType.Counter => "counter",
            PrometheusType.Histogram => "histogram",
            _ => "gauge",
        }).Append('\n');

        foreach (var s in series)
        {
            if (Type == PrometheusType.Histogram)
            {
                WriteHistogram(builder, s);
            }
            else
            {
                builder.Append(Name);
                AppendLabels(builder, s.Labels, null);
                builder.Append(' ').Append(PrometheusNaming.FormatNumber(Volatile.Read(ref s.Value))).Append('\n');
            }
        }
    }

    private void WriteHistogram(StringBuilder builder, MetricSeries s)
    {
        long cumulative = 0;
        for (var i = 0; i <= Bounds.Length; i++)
        {
            cumulative += Interlocked.Read(ref s.Buckets![i]);
            builder.Append(Name).Append("_bucket");
            AppendLabels(builder, s.Labels, i < Bounds.Length ? PrometheusNaming.FormatNumber(Bounds[i]) : "+Inf");
            builder.Append(' ').Append(cumulative).Append('\n');
        }

        builder.Append(Name).Append("_sum");
        AppendLabels(builder, s.Labels, null);
        builder.Append(' ').Append(PrometheusNaming.FormatNumber(Volatile.Read(ref s.Sum))).Append('\n');
        builder.Append(Name).Append("_count");
        AppendLabels(builder, s.Labels, null);
        builder.Append(' ').Append(cumulative).Append('\n');
    }

    private static void AppendLabels(StringBuilder builder, string labels, string? le)
    {
        if (labels.Length == 0 && le is null)
        {
            return;
        }

        builder.Append('{').Append(labels);
        if (le is not null)
        {
            builder.Append(labels.Length == 0 ? "le=\"" : ",le=\"").Append(le).Append('"');
        }

        builder.Append('}');
    }

    private MetricSeries? Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var entries = Volatile.Read(ref _entries);
        if (tags.Length == 0)
        {
            // The common case on hot paths (engine counters): no hashing at all.
            foreach (var e in entries)
            {
                if (e.Tags.Length == 0)
                {
                    return e.Series;
                }
            }

            return null;
        }

        var hash = Hash(tags);
        foreach (var e in entries)
        {
            if (e.Hash == hash && Matches(e.Tags, tags))
            {
                return e.Series;
            }
        }

        return null;
    }

    private MetricSeries? Add(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_gate)
        {
            // Another thread may have added it between the lock-free look-up and here.
            if (Find(tags) is { } existing)
            {
                return existing;
            }

            // Tags that differ only in ways the text cannot show (an int 1 and a long 1, keys "a.b" and "a_b")
            // write the same labels: they share one series, so each series is written once.
            var labels = Labels(tags);
            var series = Array.Find(_series, s => s.Labels == labels);
            if (series is null)
            {
                if (_series.Length >= MaxSeries)
                {
                    return null;
                }

                series = new MetricSeries(labels, Type == PrometheusType.Histogram ? Bounds.Length + 1 : 0);
                Volatile.Write(ref _series, [.. _series, series]);
            }

            // Entries are bounded too: tag values that never compare equal (objects without Equals) would otherwise
            // add one per measurement; past the bound they still find their series, only more slowly.
            if (_entries.Length < MaxSeries * 4)
            {
                Volatile.Write(ref _entries, [.. _entries, new SeriesEntry(tags.Length == 0 ? 0 : Hash(tags), tags.ToArray(), series)]);
            }

            return series;
        }
    }

    /// <summary>The label text inside the braces, sorted by name, without duplicate names (the first tag wins) and with the instrument's own tags.</summary>
    private string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new List<KeyValuePair<string, string>>(tags.Length + _constantLabels.Length);
        foreach (var tag in tags)
        {
            if (string.IsNullOrEmpty(tag.Key))
            {
                continue;
            }

            var name = PrometheusNaming.LabelName(tag.Key);
            if (name != "le" && !labels.Exists(l => l.Key == name))
            {
                labels.Add(KeyValuePair.Create(name, PrometheusNaming.LabelValue(tag.Value)));
            }
        }

        foreach (var constant in _constantLabels)
        {
            if (!labels.Exists(l => l.Key == constant.Key))
            {
                labels.Add(constant);
            }
        }

        labels.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var builder = new StringBuilder();
        foreach (var (name, value) in labels)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append(name).Append("=\"");
            PrometheusNaming.AppendEscapedLabelValue(builder, value).Append('"');
        }

        return builder.ToString();
    }

    /// <summary>A hash of the tag set that does not depend on the tags' order.</summary>
    private static int Hash(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = 0;
        foreach (var tag in tags)
        {
            hash += HashCode.Combine(tag.Key, tag.Value);
        }

        return hash;
    }

    private static bool Matches(KeyValuePair<string, object?>[] known, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (known.Length != tags.Length)
        {
            return false;
        }

        foreach (var tag in tags)
        {
            var found = false;
            foreach (var k in known)
            {
                if (string.Equals(k.Key, tag.Key, StringComparison.Ordinal) && Equals(k.Value, tag.Value))
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    private static void AtomicAdd(ref double location, double value)
    {
        var current = Volatile.Read(ref location);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref location, current + value, current);
            if (BitConverter.DoubleToInt64Bits(seen) == BitConverter.DoubleToInt64Bits(current))
            {
                return;
            }

            current = seen;
        }
    }
}

/// <summary>A tag set as measurements carry it, and the series it feeds.</summary>
/// <param name="Hash">The order-independent hash of <paramref name="Tags"/>.</param>
/// <param name="Tags">The tags as first seen.</param>
/// <param name="Series">The series.</param>
internal sealed record SeriesEntry(int Hash, KeyValuePair<string, object?>[] Tags, MetricSeries Series);

/// <summary>One series of a family: its labels and its value (or buckets). Fields are updated atomically in place.</summary>
internal sealed class MetricSeries(string labels, int buckets)
{
    /// <summary>The label text inside the braces (escaped, sorted), or empty.</summary>
    public readonly string Labels = labels;

    /// <summary>Per-bucket (not cumulative) counts, the last one <c>+Inf</c>; null unless a histogram.</summary>
    public readonly long[]? Buckets = buckets == 0 ? null : new long[buckets];

    /// <summary>The value of a counter or gauge.</summary>
    public double Value;

    /// <summary>The sum of a histogram's measurements.</summary>
    public double Sum;

    /// <summary>The collection that last reported an observed value.</summary>
    public long Generation;
}
