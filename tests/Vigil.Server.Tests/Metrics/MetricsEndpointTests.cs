using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Engine.Bus;
using Vigil.Engine.Live;
using Vigil.Server.Live;
using Vigil.Server.Tests.Support;
using Vigil.Storage.Writing;
using static Vigil.Server.Tests.Metrics.MetricsTestSupport;

namespace Vigil.Server.Tests.Metrics;

public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_are_served_in_the_prometheus_text_format_with_engine_http_bus_and_runtime_series()
    {
        await using var factory = new VigilAppFactory();
        using var client = factory.CreateClient();
        var bus = factory.Services.GetRequiredService<IBus>();
        await using var slow = bus.Subscribe(LiveTopics.Market, new SubscriptionOptions<MarketUpdate> { Name = "metrics-test", Capacity = 2 });
        await WaitForStepsAsync(factory.Services, 10);

        // The store writer flushes every 500 ms: wait for its first write so the row counters have moved.
        var writer = factory.Services.GetRequiredService<StoreWriter>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (writer.Status.RowsWritten == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        (await client.GetAsync("/api/v1/status")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/no/such/path")).StatusCode);

        using var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        await File.WriteAllTextAsync("/tmp/metrics-dump.txt", text);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("# TYPE vigil_engine_ticks_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE vigil_engine_steps_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE vigil_engine_step_duration_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("vigil_engine_step_duration_seconds_bucket{le=\"1e-05\"}", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains(
            Samples(text, "http_server_request_duration_seconds_count"),
            s => s.Labels.Contains("http_route=\"/api/v1/status\"", StringComparison.Ordinal) && s.Labels.Contains("http_response_status_code=\"200\"", StringComparison.Ordinal) && s.Value >= 1);
        Assert.Contains(Samples(text, "http_server_request_duration_seconds_count"), s => s.Labels.Contains("http_response_status_code=\"404\"", StringComparison.Ordinal));
        Assert.Contains("# TYPE http_server_active_requests gauge\n", text, StringComparison.Ordinal);

        // The subscriber never reads: its buffer is full and the rest is dropped.
        Assert.Contains(Samples(text, "vigil_bus_depth"), s => s.Labels == "subscriber=\"metrics-test\",topic=\"market\"" && s.Value == 2);
        Assert.Contains(Samples(text, "vigil_bus_dropped_total"), s => s.Labels == "subscriber=\"metrics-test\",topic=\"market\"" && s.Value >= 5);
        Assert.Contains("# TYPE dotnet_gc_heap_total_allocated_bytes_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE dotnet_thread_pool_thread_count_current gauge\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE dotnet_thread_pool_queue_length gauge\n", text, StringComparison.Ordinal);

        // Series that exist before their first event, so rate() and alerts see the change from zero.
        Assert.Contains(Samples(text, "vigil_warnings_events_total"), s => s.Labels == "kind=\"opened\",severity=\"SEVERE\"" && s.Value == 0);
        Assert.Contains(Samples(text, "vigil_push_clients"), s => s.Labels == "transport=\"websocket\"" && s.Value == 0);
        Assert.Contains(Samples(text, "vigil_push_clients"), s => s.Labels == "transport=\"sse\"" && s.Value == 0);

        // Levels read at scrape time: the engine runs and ticked moments ago; the store keeps up.
        Assert.Equal(1, Value(text, "vigil_engine_running"));
        Assert.InRange(Value(text, "vigil_engine_last_tick_age_seconds") ?? -1, 0, 2);
        Assert.Equal(0, Value(text, "vigil_store_spool_files"));
        Assert.Equal(0, Value(text, "vigil_store_held"));
        Assert.NotNull(Value(text, "vigil_store_buffered"));
        Assert.Contains(Samples(text, "vigil_store_rows_total"), s => s.Labels == "table=\"fact_market_metrics\"" && s.Value > 0);
    }

    [Fact]
    public async Task Engine_counters_and_step_latency_move_while_the_engine_runs()
    {
        await using var factory = new VigilAppFactory();
        using var client = factory.CreateClient();
        var live = factory.Services.GetRequiredService<LiveMarket>();
        await WaitForStepsAsync(factory.Services, 3);

        var first = await client.GetStringAsync("/metrics");
        await WaitForStepsAsync(factory.Services, live.Steps + 10);
        var second = await client.GetStringAsync("/metrics");
        var liveTicks = live.Ticks;

        var ticks1 = Value(first, "vigil_engine_ticks_total");
        var ticks2 = Value(second, "vigil_engine_ticks_total");
        var steps1 = Value(first, "vigil_engine_steps_total");
        var steps2 = Value(second, "vigil_engine_steps_total");
        Assert.NotNull(ticks1);
        Assert.NotNull(steps1);
        Assert.True(steps2 >= steps1 + 10, $"steps went from {steps1} to {steps2}");
        Assert.True(ticks2 >= ticks1 + (10 * 18), $"ticks went from {ticks1} to {ticks2}");
        Assert.True(ticks2 <= liveTicks, "the metric counted ticks the engine never processed");

        // Every step's duration is observed: the histogram's count follows the steps (one step per batch).
        var durations = Value(second, "vigil_engine_step_duration_seconds_count");
        Assert.True(durations >= steps2 - 1 && durations <= steps2 + 1, $"{durations} durations for {steps2} steps");
        var sum = Value(second, "vigil_engine_step_duration_seconds_sum");
        Assert.True(sum > 0 && sum / durations < 0.1, $"mean step duration {sum / durations} s");
    }

    [Fact]
    public async Task Instruments_of_the_same_name_outside_the_host_are_not_exported()
    {
        await using var factory = new VigilAppFactory();
        using var client = factory.CreateClient();
        await WaitForStepsAsync(factory.Services, 3);

        // A meter of the same name created outside the host's meter factory (another host in the process, or a
        // stray library) must not leak into this host's numbers.
        using var stray = new Meter("Vigil");
        stray.CreateCounter<long>("vigil.engine.ticks", "{tick}").Add(1_000_000_000);

        var text = await client.GetStringAsync("/metrics");
        var ticks = Value(text, "vigil_engine_ticks_total");

        Assert.NotNull(ticks);
        Assert.True(ticks < 1_000_000_000, $"ticks {ticks}");
        Assert.Single(text.Split('\n'), l => l == "# TYPE vigil_engine_ticks_total counter");
    }
}
