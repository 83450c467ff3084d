using System.Diagnostics.Metrics;
using System.Text;

namespace Vigil.Server.Metrics.Prometheus;

/// <summary>
/// Listens to <see cref="System.Diagnostics.Metrics"/> instruments, keeps their totals, last values and histograms,
/// and writes them in the Prometheus text exposition format 0.0.4. Counters become <c>counter</c> families ending in
/// <c>_total</c>; up-down counters and gauges become <c>gauge</c>; histograms become cumulative <c>_bucket</c>
/// series with <c>+Inf</c>, <c>_sum</c> and <c>_count</c>. Observable instruments are read when the text is
/// collected. Recording is thread-safe and allocation-free once a tag set has been seen.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    /// <summary>The content type of the text format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly Func<Instrument, bool> _include;
    private readonly Func<Instrument, bool> _isGauge;
    private readonly MeterListener _listener;
    private readonly Lock _familiesGate = new();
    private readonly Dictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);
    private readonly Lock _collectGate = new();
    private long _generation;

    /// <summary>Starts listening to every instrument <paramref name="include"/> accepts, now and as they are created.</summary>
    /// <param name="include">Which instruments to export.</param>
    /// <param name="isGauge">
    /// Observable counters that are really gauges (the runtime declares <c>dotnet.thread_pool.thread.count</c> and
    /// <c>dotnet.thread_pool.queue.length</c> as counters although they go down); null for none.
    /// </param>
    public PrometheusExporter(Func<Instrument, bool> include, Func<Instrument, bool>? isGauge = null)
    {
        ArgumentNullException.ThrowIfNull(include);
        _include = include;
        _isGauge = isGauge ?? (static _ => false);
        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = OnMeasurementsCompleted,
        };
        _listener.SetMeasurementEventCallback<double>(static (i, m, t, s) => Record(m, t, s));
        _listener.SetMeasurementEventCallback<float>(static (i, m, t, s) => Record(m, t, s));
        _listener.SetMeasurementEventCallback<long>(static (i, m, t, s) => Record(m, t, s));
        _listener.SetMeasurementEventCallback<int>(static (i, m, t, s) => Record(m, t, s));
        _listener.SetMeasurementEventCallback<short>(static (i, m, t, s) => Record(m, t, s));
        _listener.SetMeasurementEventCallback<byte>(static (i, m, t, s) => Record(m, t, s));
        _listener.SetMeasurementEventCallback<decimal>(static (i, m, t, s) => Record((double)m, t, s));
        _listener.Start();
    }

    /// <summary>The exception thrown by observable instruments' callbacks during the last collection, or null.</summary>
    public Exception? LastCollectionError { get; private set; }

    /// <summary>Reads the observable instruments and writes every family with at least one series, sorted by name.</summary>
    /// <returns>The exposition text.</returns>
    public string Collect()
    {
        var builder = new StringBuilder(16 * 1024);
        lock (_collectGate)
        {
            var generation = Interlocked.Increment(ref _generation);
            try
            {
                _listener.RecordObservableInstruments();
                LastCollectionError = null;
            }
            catch (Exception e) when (e is AggregateException or InvalidOperationException)
            {
                // One failing callback must not cost the scrape every other metric; the host logs this.
                LastCollectionError = e;
            }

            MetricFamily[] families;
            lock (_familiesGate)
            {
                families = [.. _families.Values];
            }

            Array.Sort(families, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            foreach (var family in families)
            {
                family.WriteTo(builder, generation);
            }
        }

        return builder.ToString();
    }

    /// <summary>Stops listening.</summary>
    public void Dispose() => _listener.Dispose();

    private static void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state) =>
        ((Binding)state!).Family.Record(value, tags, ((Binding)state).Exporter.Generation);

    private long Generation => Volatile.Read(ref _generation);

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!_include(instrument) || Classify(instrument, _isGauge(instrument)) is not { } shape)
        {
            return;
        }

        var (type, aggregation) = shape;
        var name = PrometheusNaming.MetricName(instrument.Name, instrument.Unit, type);
        var bounds = type == PrometheusType.Histogram ? HistogramBuckets.For(instrument) : null;
        MetricFamily family;
        lock (_familiesGate)
        {
            if (_families.TryGetValue(name, out var existing))
            {
                // Two instruments with one Prometheus name share a family only if they agree on its shape;
                // otherwise the first keeps the name, so each name is written once with one type.
                if (existing.Type != type || existing.Aggregation != aggregation || !existing.Bounds.AsSpan().SequenceEqual(bounds))
                {
                    return;
                }

                family = existing;
            }
            else
            {
                family = new MetricFamily(name, instrument.Description ?? instrument.Name, type, aggregation, bounds, instrument.Tags);
                _families.Add(name, family);
            }

            family.Instruments++;
        }

        listener.EnableMeasurementEvents(instrument, new Binding(this, family));
    }

    private void OnMeasurementsCompleted(Instrument instrument, object? state)
    {
        if (state is not Binding binding)
        {
            return;
        }

        lock (_familiesGate)
        {
            if (--binding.Family.Instruments == 0)
            {
                _families.Remove(binding.Family.Name);
            }
        }
    }

    private static (PrometheusType Type, Aggregation Aggregation)? Classify(Instrument instrument, bool isGauge)
    {
        if (!instrument.GetType().IsGenericType)
        {
            return null;
        }

        var kind = instrument.GetType().GetGenericTypeDefinition();
        if (kind == typeof(Counter<>))
        {
            return (PrometheusType.Counter, Aggregation.Sum);
        }

        if (kind == typeof(ObservableCounter<>))
        {
            return (isGauge ? PrometheusType.Gauge : PrometheusType.Counter, Aggregation.Observed);
        }

        if (kind == typeof(UpDownCounter<>))
        {
            return (PrometheusType.Gauge, Aggregation.Sum);
        }

        if (kind == typeof(ObservableUpDownCounter<>) || kind == typeof(ObservableGauge<>))
        {
            return (PrometheusType.Gauge, Aggregation.Observed);
        }

        if (kind == typeof(Gauge<>))
        {
            return (PrometheusType.Gauge, Aggregation.LastValue);
        }

        if (kind == typeof(Histogram<>))
        {
            return (PrometheusType.Histogram, Aggregation.Histogram);
        }

        return null;
    }

    /// <summary>What the listener hands back with each measurement: no look-up on the recording path.</summary>
    private sealed record Binding(PrometheusExporter Exporter, MetricFamily Family);
}
