using System.Diagnostics.Metrics;
using Vigil.Server.Metrics.Prometheus;

namespace Vigil.Server.Tests.Metrics;

public sealed class PrometheusExporterTests : IDisposable
{
    private readonly Meter _meter = new("Vigil.Tests.Exporter." + Guid.NewGuid().ToString("N"));
    private readonly Meter _otherMeter = new("Vigil.Tests.Other." + Guid.NewGuid().ToString("N"));
    private readonly PrometheusExporter _exporter;

    public PrometheusExporterTests()
    {
        _exporter = new PrometheusExporter(i => ReferenceEquals(i.Meter, _meter));
    }

    public void Dispose()
    {
        _exporter.Dispose();
        _meter.Dispose();
        _otherMeter.Dispose();
    }

    private static string Text(params string[] lines) => string.Join('\n', lines) + "\n";

    [Fact]
    public void Counter_gets_total_suffix_help_type_and_escaped_label_values()
    {
        var counter = _meter.CreateCounter<long>("test.requests", "{request}", "Requests \\ served\nso far.");
        counter.Add(2, new KeyValuePair<string, object?>("path", "a\"b\\c\nd"));
        counter.Add(3, new KeyValuePair<string, object?>("path", "a\"b\\c\nd"));
        counter.Add(1);

        Assert.Equal(
            Text(
                """# HELP test_requests_total Requests \\ served\nso far.""",
                """# TYPE test_requests_total counter""",
                """test_requests_total 1""",
                """test_requests_total{path="a\"b\\c\nd"} 5"""),
            _exporter.Collect());
    }

    [Fact]
    public void Histogram_buckets_are_cumulative_and_end_with_inf_sum_and_count()
    {
        var histogram = _meter.CreateHistogram<double>(
            "test.latency", "s", "Latency.", tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.01, 0.1] });

        // Powers of two, so the sum is exact: two at or under 1 ms, one under 10 ms, one under 100 ms, one above.
        foreach (var value in new[] { 0.000244140625, 0.0009765625, 0.00390625, 0.0625, 4.0 })
        {
            histogram.Record(value, new KeyValuePair<string, object?>("route", "/a"));
        }

        Assert.Equal(
            Text(
                "# HELP test_latency_seconds Latency.",
                "# TYPE test_latency_seconds histogram",
                """test_latency_seconds_bucket{route="/a",le="0.001"} 2""",
                """test_latency_seconds_bucket{route="/a",le="0.01"} 3""",
                """test_latency_seconds_bucket{route="/a",le="0.1"} 4""",
                """test_latency_seconds_bucket{route="/a",le="+Inf"} 5""",
                """test_latency_seconds_sum{route="/a"} 4.067626953125""",
                """test_latency_seconds_count{route="/a"} 5"""),
            _exporter.Collect());
    }

    [Fact]
    public void A_value_on_a_bucket_bound_counts_in_that_bucket()
    {
        var histogram = _meter.CreateHistogram<long>(
            "test.sizes", "{item}", "Sizes.", tags: null, advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2] });
        histogram.Record(1);
        histogram.Record(2);
        histogram.Record(2);

        Assert.Equal(
            Text(
                "# HELP test_sizes Sizes.",
                "# TYPE test_sizes histogram",
                """test_sizes_bucket{le="1"} 1""",
                """test_sizes_bucket{le="2"} 3""",
                """test_sizes_bucket{le="+Inf"} 3""",
                "test_sizes_sum 5",
                "test_sizes_count 3"),
            _exporter.Collect());
    }

    [Fact]
    public void Seconds_histograms_with_coarse_advice_get_sub_millisecond_buckets()
    {
        // ASP.NET Core advises 5 ms as its smallest bucket; the service's latencies live below that.
        var histogram = _meter.CreateHistogram<double>(
            "test.request.duration", "s", "Requests.", tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025] });
        histogram.Record(0.00003);

        var text = _exporter.Collect();

        Assert.Contains("""test_request_duration_seconds_bucket{le="1e-05"} 0""", text, StringComparison.Ordinal);
        Assert.Contains("""test_request_duration_seconds_bucket{le="5e-05"} 1""", text, StringComparison.Ordinal);
        Assert.Contains("""test_request_duration_seconds_bucket{le="0.0005"} 1""", text, StringComparison.Ordinal);
        Assert.Contains("""test_request_duration_seconds_bucket{le="10"} 1""", text, StringComparison.Ordinal);
        Assert.DoesNotContain("le=\"0.005\"} 0", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Up_down_counters_and_gauges_are_gauges_named_with_their_units()
    {
        var memory = _meter.CreateUpDownCounter<long>("test.memory", "By", "Memory in use.");
        memory.Add(100);
        memory.Add(-30);
        var last = _meter.CreateGauge<double>("test.temperature", "Cel", "Last reading.");
        last.Record(20.5);
        last.Record(21.25);
        _meter.CreateObservableGauge("test.utilization", () => 0.5, "1", "Share busy.");
        _meter.CreateObservableUpDownCounter("test.threads.count", () => 7, "{thread}", "Threads.");

        Assert.Equal(
            Text(
                "# HELP test_memory_bytes Memory in use.",
                "# TYPE test_memory_bytes gauge",
                "test_memory_bytes 70",
                "# HELP test_temperature_celsius Last reading.",
                "# TYPE test_temperature_celsius gauge",
                "test_temperature_celsius 21.25",
                "# HELP test_threads_count_current Threads.",
                "# TYPE test_threads_count_current gauge",
                "test_threads_count_current 7",
                "# HELP test_utilization_ratio Share busy.",
                "# TYPE test_utilization_ratio gauge",
                "test_utilization_ratio 0.5"),
            _exporter.Collect());
    }

    [Fact]
    public void Observable_instruments_are_read_at_scrape_time_and_vanished_series_are_dropped()
    {
        var calls = 0;
        var queues = new Dictionary<string, long> { ["a"] = 3, ["b"] = 4 };
        _meter.CreateObservableCounter(
            "test.dropped",
            () =>
            {
                calls++;
                return queues.Select(q => new Measurement<long>(q.Value, new KeyValuePair<string, object?>("queue", q.Key))).ToArray();
            },
            "{message}",
            "Dropped.");

        Assert.Equal(0, calls);
        var first = _exporter.Collect();
        queues.Remove("b");
        queues["a"] = 9;
        var second = _exporter.Collect();

        Assert.Equal(2, calls);
        Assert.Contains("test_dropped_total{queue=\"a\"} 3\n", first, StringComparison.Ordinal);
        Assert.Contains("test_dropped_total{queue=\"b\"} 4\n", first, StringComparison.Ordinal);
        Assert.Contains("test_dropped_total{queue=\"a\"} 9\n", second, StringComparison.Ordinal);
        Assert.DoesNotContain("queue=\"b\"", second, StringComparison.Ordinal);
    }

    [Fact]
    public void Tags_in_any_order_or_with_equal_text_make_one_series()
    {
        var counter = _meter.CreateCounter<int>("test.events", null, "Events.");
        counter.Add(1, new KeyValuePair<string, object?>("b", "x"), new KeyValuePair<string, object?>("a", 1));
        counter.Add(1, new KeyValuePair<string, object?>("a", 1), new KeyValuePair<string, object?>("b", "x"));
        counter.Add(1, new KeyValuePair<string, object?>("a", 1L), new KeyValuePair<string, object?>("b", "x"));
        counter.Add(1, new KeyValuePair<string, object?>("a.b", true));
        counter.Add(1, new KeyValuePair<string, object?>("a_b", true));

        Assert.Equal(
            Text(
                "# HELP test_events_total Events.",
                "# TYPE test_events_total counter",
                """test_events_total{a="1",b="x"} 3""",
                """test_events_total{a_b="true"} 2"""),
            _exporter.Collect());
    }

    [Fact]
    public void Instruments_the_filter_rejects_are_not_exported()
    {
        _otherMeter.CreateCounter<long>("test.elsewhere").Add(5);
        _meter.CreateCounter<long>("test.here").Add(1);

        var text = _exporter.Collect();

        Assert.DoesNotContain("elsewhere", text, StringComparison.Ordinal);
        Assert.Contains("test_here_total 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_instruments_with_one_prometheus_name_write_it_once()
    {
        _meter.CreateCounter<long>("test.jobs", "{job}", "Jobs.").Add(2);
        _meter.CreateCounter<long>("test.jobs.total", null, "Jobs again.").Add(3);
        _meter.CreateObservableGauge("test_jobs", () => 1, null, "Jobs as a gauge.");

        var text = _exporter.Collect();

        Assert.Single(text.Split('\n'), l => l.StartsWith("# TYPE test_jobs_total", StringComparison.Ordinal));
        Assert.Contains("test_jobs_total 5\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE test_jobs gauge", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Many_threads_recording_lose_no_increment()
    {
        var counter = _meter.CreateCounter<long>("test.parallel");
        var histogram = _meter.CreateHistogram<double>("test.parallel.duration", "s");
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                counter.Add(1, new KeyValuePair<string, object?>("k", i % 4));
                histogram.Record(0.001);
            }
        });

        var text = _exporter.Collect();

        for (var k = 0; k < 4; k++)
        {
            Assert.Contains($"test_parallel_total{{k=\"{k}\"}} 20000\n", text, StringComparison.Ordinal);
        }

        Assert.Contains("test_parallel_duration_seconds_count 80000\n", text, StringComparison.Ordinal);
        Assert.Contains("test_parallel_duration_seconds_bucket{le=\"0.001\"} 80000\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Recording_into_a_series_already_seen_allocates_nothing()
    {
        var counter = _meter.CreateCounter<long>("test.hot");
        var histogram = _meter.CreateHistogram<double>("test.hot.duration", "s");
        var gauge = _meter.CreateUpDownCounter<long>("test.hot.clients");
        var transport = new KeyValuePair<string, object?>("transport", "websocket");
        var topic = new KeyValuePair<string, object?>("topic", "market");

        void RecordAll(int n)
        {
            for (var i = 0; i < n; i++)
            {
                counter.Add(1);
                counter.Add(1, transport, topic);
                histogram.Record(0.0001 * (i % 50));
                gauge.Add(1, transport);
            }
        }

        RecordAll(100);
        var before = GC.GetAllocatedBytesForCurrentThread();
        RecordAll(10_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Contains("test_hot_total 10100\n", _exporter.Collect(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http.server.request.duration", "s", PrometheusType.Histogram, "http_server_request_duration_seconds")]
    [InlineData("vigil.engine.ticks", "{tick}", PrometheusType.Counter, "vigil_engine_ticks_total")]
    [InlineData("dotnet.gc.heap.total_allocated", "By", PrometheusType.Counter, "dotnet_gc_heap_total_allocated_bytes_total")]
    [InlineData("dotnet.process.cpu.time", "s", PrometheusType.Counter, "dotnet_process_cpu_time_seconds_total")]
    [InlineData("dotnet.thread_pool.thread.count", "{thread}", PrometheusType.Gauge, "dotnet_thread_pool_thread_count_current")]
    [InlineData("dotnet.thread_pool.work_item.count", "{work_item}", PrometheusType.Counter, "dotnet_thread_pool_work_item_count_total")]
    [InlineData("process.cpu.utilization", "1", PrometheusType.Gauge, "process_cpu_utilization_ratio")]
    [InlineData("process.cpu.switches", "1", PrometheusType.Counter, "process_cpu_switches_total")]
    [InlineData("network.io.rate", "By/s", PrometheusType.Gauge, "network_io_rate_bytes_per_second")]
    [InlineData("requests.total", null, PrometheusType.Counter, "requests_total")]
    [InlineData("queue.total", null, PrometheusType.Gauge, "queue")]
    [InlineData("latency.seconds", "s", PrometheusType.Histogram, "latency_seconds")]
    [InlineData("2xx.rate", "{request}/s", PrometheusType.Gauge, "_2xx_rate_per_second")]
    [InlineData("kestrel.active-connections..now", "", PrometheusType.Gauge, "kestrel_active_connections_now")]
    public void Instrument_names_become_prometheus_names(string instrument, string? unit, PrometheusType type, string expected)
    {
        Assert.Equal(expected, PrometheusNaming.MetricName(instrument, unit, type));
    }

    [Theory]
    [InlineData("http.response.status_code", "http_response_status_code")]
    [InlineData("__name", "_name")]
    [InlineData("9lives", "_9lives")]
    public void Tag_keys_become_label_names(string key, string expected)
    {
        Assert.Equal(expected, PrometheusNaming.LabelName(key));
    }

    [Theory]
    [InlineData(0.00001, "1e-05")]
    [InlineData(0.25, "0.25")]
    [InlineData(3.0, "3")]
    [InlineData(-2.0, "-2")]
    [InlineData(1e20, "1e+20")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void Numbers_are_written_as_the_text_format_reads_them(double value, string expected)
    {
        Assert.Equal(expected, PrometheusNaming.FormatNumber(value));
    }
}
