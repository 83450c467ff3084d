using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vigil.Server.Live;
using Vigil.Server.Tests.Support;
using static Vigil.Server.Tests.Metrics.MetricsTestSupport;

namespace Vigil.Server.Tests.Health;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Live_answers_200_as_soon_as_the_process_serves_requests()
    {
        await using var factory = new VigilAppFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/health/live");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(0, body.RootElement.GetProperty("reasons").GetArrayLength());
    }

    [Fact]
    public async Task Ready_and_deep_health_answer_200_with_every_check_once_the_engine_ticks()
    {
        await using var factory = new VigilAppFactory();
        using var client = factory.CreateClient();
        await WaitForStepsAsync(factory.Services, 3);

        using var ready = await client.GetAsync("/health/ready");
        using var readyBody = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        using var deep = await client.GetAsync("/health");
        var deepText = await deep.Content.ReadAsStringAsync();
        using var deepBody = JsonDocument.Parse(deepText);
        var root = deepBody.RootElement;

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("healthy", readyBody.RootElement.GetProperty("status").GetString());
        Assert.True(readyBody.RootElement.TryGetProperty("engine", out _));
        Assert.True(readyBody.RootElement.TryGetProperty("store", out _));
        Assert.False(readyBody.RootElement.TryGetProperty("bus", out _), "the bus does not decide readiness");

        Assert.Equal(HttpStatusCode.OK, deep.StatusCode);
        Assert.Equal("application/json; charset=utf-8", deep.Content.Headers.ContentType?.ToString());
        Assert.Equal("healthy", root.GetProperty("status").GetString());
        var engine = root.GetProperty("engine");
        Assert.Equal("healthy", engine.GetProperty("status").GetString());
        Assert.True(engine.GetProperty("running").GetBoolean());
        Assert.True(engine.GetProperty("ticks").GetInt64() >= 3 * 18);
        var age = engine.GetProperty("last_tick_age_ms").GetDouble();
        Assert.InRange(age, 0, 2000);
        Assert.Equal("healthy", root.GetProperty("store").GetProperty("status").GetString());
        var bus = root.GetProperty("bus");
        Assert.Equal("healthy", bus.GetProperty("status").GetString());
        Assert.True(bus.GetProperty("depth").GetInt64() >= 0);
        Assert.True(bus.GetProperty("dropped").GetInt64() >= 0);
        Assert.Equal(JsonValueKind.Array, bus.GetProperty("subscribers").ValueKind);
    }

    [Fact]
    public async Task Bus_subscribers_show_their_depth_and_drops_in_deep_health()
    {
        await using var factory = new VigilAppFactory();
        using var client = factory.CreateClient();
        var bus = factory.Services.GetRequiredService<Vigil.Engine.Bus.IBus>();
        await using var slow = bus.Subscribe(
            Vigil.Engine.Live.LiveTopics.Market,
            new Vigil.Engine.Bus.SubscriptionOptions<Vigil.Engine.Live.MarketUpdate> { Name = "health-test", Capacity = 3 });
        await WaitForStepsAsync(factory.Services, factory.Services.GetRequiredService<LiveMarket>().Steps + 8);

        using var body = JsonDocument.Parse(await client.GetStringAsync("/health"));
        var subscriber = body.RootElement.GetProperty("bus").GetProperty("subscribers").EnumerateArray()
            .Single(s => s.GetProperty("subscriber").GetString() == "health-test");

        Assert.Equal("market", subscriber.GetProperty("topic").GetString());
        Assert.Equal(3, subscriber.GetProperty("depth").GetInt32());
        Assert.True(subscriber.GetProperty("dropped").GetInt64() >= 5, subscriber.ToString());
        Assert.True(body.RootElement.GetProperty("bus").GetProperty("dropped").GetInt64() >= 5);
    }

    [Fact]
    public async Task Deep_health_and_ready_answer_503_naming_the_engine_when_it_has_stopped_while_live_stays_200()
    {
        await using var factory = new VigilAppFactory();
        using var client = factory.CreateClient();
        await WaitForStepsAsync(factory.Services, 3);
        var engine = factory.Services.GetServices<IHostedService>().OfType<EngineHost>().Single();

        await engine.StopAsync(CancellationToken.None);
        using var deep = await client.GetAsync("/health");
        using var body = JsonDocument.Parse(await deep.Content.ReadAsStringAsync());
        using var ready = await client.GetAsync("/health/ready");
        using var live = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, deep.StatusCode);
        Assert.Equal("unhealthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("unhealthy", body.RootElement.GetProperty("engine").GetProperty("status").GetString());
        Assert.False(body.RootElement.GetProperty("engine").GetProperty("running").GetBoolean());
        Assert.Contains(body.RootElement.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.StartsWith("engine: ", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task Deep_health_and_ready_answer_503_naming_the_store_when_its_file_is_gone_while_the_engine_runs_on()
    {
        await using var factory = new VigilAppFactory();
        using var client = factory.CreateClient();
        await WaitForStepsAsync(factory.Services, 3);
        using (var healthy = await client.GetAsync("/health"))
        {
            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        }

        // The real SQLite store loses its file (a volume unmounted, a careless clean-up): it can no longer be written.
        var database = Path.Combine(factory.Directory, "vigil.db");
        Assert.True(File.Exists(database));
        File.Delete(database);
        var steps = factory.Services.GetRequiredService<LiveMarket>().Steps;

        using var deep = await client.GetAsync("/health");
        using var body = JsonDocument.Parse(await deep.Content.ReadAsStringAsync());
        using var ready = await client.GetAsync("/health/ready");
        var root = body.RootElement;
        await WaitForStepsAsync(factory.Services, steps + 3);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, deep.StatusCode);
        Assert.Equal("unhealthy", root.GetProperty("status").GetString());
        var store = root.GetProperty("store");
        Assert.Equal("unhealthy", store.GetProperty("status").GetString());
        Assert.True(store.GetProperty("registered").GetBoolean());
        Assert.False(store.GetProperty("writable").GetBoolean());
        Assert.True(store.TryGetProperty("spool_files", out _), store.ToString());
        Assert.Equal("healthy", root.GetProperty("engine").GetProperty("status").GetString());
        var reason = Assert.Single(root.GetProperty("reasons").EnumerateArray());
        Assert.StartsWith("store: the store is not writable", reason.GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }

    [Fact]
    public async Task Deep_health_reports_the_real_store_writable_with_rows_written()
    {
        await using var factory = new VigilAppFactory();
        using var client = factory.CreateClient();
        await WaitForStepsAsync(factory.Services, 3);

        using var body = JsonDocument.Parse(await client.GetStringAsync("/health"));
        var store = body.RootElement.GetProperty("store");

        Assert.Equal("healthy", store.GetProperty("status").GetString());
        Assert.True(store.GetProperty("registered").GetBoolean());
        Assert.True(store.GetProperty("writable").GetBoolean());
        Assert.Equal(0, store.GetProperty("spool_files").GetInt32());
        Assert.Equal(0, store.GetProperty("write_failures").GetInt64());
    }
}
