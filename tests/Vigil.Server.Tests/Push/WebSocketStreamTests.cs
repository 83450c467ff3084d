using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Server.Api;
using Vigil.Server.Live;
using Vigil.Server.Push;
using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests.Push;

public sealed class WebSocketStreamTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Risk_updates_and_prices_arrive_and_change_over_time()
    {
        await using var factory = new VigilAppFactory();
        await using var client = await StreamClient.ConnectAsync(factory);

        var steps = new HashSet<long>();
        var spxPrices = new HashSet<double>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while ((steps.Count < 5 || spxPrices.Count < 3) && DateTime.UtcNow < deadline)
        {
            var frame = await client.ReceiveFrameAsync(Wait);
            Assert.NotNull(frame);
            foreach (var message in frame)
            {
                switch (StreamClient.Type(message))
                {
                    case "risk_update":
                        steps.Add(message.GetProperty("step").GetInt64());
                        Assert.True(message.GetProperty("ts_ns").GetInt64() > 0);
                        Assert.Contains(message.GetProperty("severity").GetString(), new[] { "NONE", "ELEVATED", "HIGH", "SEVERE", "EXTREME" });
                        Assert.True(message.GetProperty("detectors").GetArrayLength() > 0);
                        Assert.True(message.TryGetProperty("composite", out _));
                        Assert.True(message.TryGetProperty("max_abs_z_symbol", out _));
                        break;
                    case "prices":
                        var prices = message.GetProperty("prices").EnumerateArray().ToList();
                        Assert.Equal(18, prices.Count);
                        var spx = prices.Single(p => p.GetProperty("symbol").GetString() == "SPX");
                        spxPrices.Add(spx.GetProperty("price").GetDouble());
                        Assert.Equal(JsonValueKind.Array, spx.GetProperty("fired").ValueKind);
                        break;
                }
            }
        }

        Assert.True(steps.Count >= 5, $"only {steps.Count} distinct steps");
        Assert.True(spxPrices.Count >= 3, $"SPX took only {spxPrices.Count} distinct prices");
    }

    [Fact]
    public async Task A_subscription_limits_messages_to_the_chosen_types_and_instruments()
    {
        await using var factory = new VigilAppFactory();
        await using var client = await StreamClient.ConnectAsync(factory);
        Assert.NotNull(await client.ReceiveFrameAsync(Wait));

        await client.SendTextAsync("""{"type":"subscribe","instruments":["spx","VIX"],"types":["prices"]}""");

        // Frames already composed before the subscription arrived may still come; after that, only what was asked for.
        await client.SkipAsync(TimeSpan.FromMilliseconds(500));

        var frames = 0;
        var symbols = new HashSet<string>();
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(2))
        {
            var frame = await client.ReceiveFrameAsync(Wait);
            Assert.NotNull(frame);
            frames++;
            foreach (var message in frame)
            {
                var type = StreamClient.Type(message);
                Assert.True(type is "prices" or "heartbeat", $"got a '{type}' message after subscribing to prices only");
                if (type == "prices")
                {
                    foreach (var price in message.GetProperty("prices").EnumerateArray())
                    {
                        symbols.Add(price.GetProperty("symbol").GetString()!);
                    }
                }
            }
        }

        Assert.True(frames >= 3, $"only {frames} frames");
        Assert.Equal(["SPX", "VIX"], symbols.Order());
    }

    [Theory]
    [InlineData("not json at all", "malformed")]
    [InlineData("""{"type":"unsubscribe"}""", "unknown message type")]
    [InlineData("""{"instruments":null}""", "no \"type\"")]
    [InlineData("""{"type":"subscribe","instruments":["SPX","NOPE"]}""", "unknown instruments: 'NOPE'")]
    [InlineData("""{"type":"subscribe","types":["prices","gossip"]}""", "unknown message types: 'gossip'")]
    public async Task A_bad_message_gets_an_error_and_the_socket_stays_usable(string bad, string reason)
    {
        await using var factory = new VigilAppFactory();
        await using var client = await StreamClient.ConnectAsync(factory);
        var hub = factory.Services.GetRequiredService<PushHub>();
        var rejectedBefore = hub.Rejected;

        await client.SendTextAsync(bad);
        var error = await client.WaitForAsync(m => StreamClient.Type(m) == "error", Wait);

        Assert.NotNull(error);
        Assert.Contains(reason, error.Value.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(rejectedBefore + 1, hub.Rejected);
        await AssertStillServesSubscriptionsAsync(client);
    }

    [Fact]
    public async Task A_message_too_large_gets_an_error_and_the_socket_stays_usable()
    {
        await using var factory = new VigilAppFactory();
        await using var client = await StreamClient.ConnectAsync(factory);

        await client.SendTextAsync("""{"type":"subscribe","instruments":[""" + string.Join(",", Enumerable.Repeat("\"SPX\"", 5000)) + "]}");
        var error = await client.WaitForAsync(m => StreamClient.Type(m) == "error", Wait);

        Assert.NotNull(error);
        Assert.Contains("too large", error.Value.GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertStillServesSubscriptionsAsync(client);
    }

    [Fact]
    public async Task Frames_never_exceed_the_configured_rate_even_when_the_engine_runs_unpaced()
    {
        await using var factory = new VigilAppFactory(new Dictionary<string, string?>
        {
            ["Vigil:Simulator:Unpaced"] = "true",
            ["Vigil:Push:MaxBatchesPerSecond"] = "5",
        });
        await using var client = await StreamClient.ConnectAsync(factory);
        Assert.NotNull(await client.ReceiveFrameAsync(Wait));

        var frames = 0;
        var steps = new HashSet<long>();
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(3))
        {
            var frame = await client.ReceiveFrameAsync(TimeSpan.FromSeconds(3) - stopwatch.Elapsed);
            if (frame is null)
            {
                break;
            }

            frames++;
            foreach (var message in frame.Where(m => StreamClient.Type(m) == "risk_update"))
            {
                steps.Add(message.GetProperty("step").GetInt64());
            }
        }

        // At most 5 a second over 3 s, plus one for where the window happens to start. The lower bound is loose on
        // purpose: the unpaced engine takes a whole core, and on a loaded 2-core machine the sender may get few turns.
        Assert.InRange(frames, 1, 16);

        // Unpaced, the engine closes far more steps than frames: each frame carries only the latest.
        var steps1 = factory.Services.GetRequiredService<LiveMarket>().Steps;
        Assert.True(steps1 > steps.Count * 10, $"{steps1} steps for {steps.Count} sent");
    }

    [Theory]
    [InlineData(5, true)]
    [InlineData(0, false)]
    public async Task Under_a_cap_below_the_snapshot_rate_a_client_gets_fresh_snapshots_rather_than_late_ones(int maxStalenessMs, bool skipsHeldSnapshots)
    {
        // Turbo delivers 25 snapshots a second against a cap of 20 frames. Held by the cap, a snapshot would go out
        // 10-40 ms late; with a staleness budget the client skips it and gets the next one the moment it comes
        // (about every other snapshot, 12.5 frames a second); with no budget (0) it gets every held one, late.
        await using var factory = new VigilAppFactory(new Dictionary<string, string?>
        {
            ["Vigil:Push:MaxBatchesPerSecond"] = "20",
            ["Vigil:Push:MaxStalenessMs"] = maxStalenessMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await using var client = await StreamClient.ConnectAsync(factory);
        await client.SendTextAsync("""{"type":"subscribe","instruments":null,"types":["risk_update"]}""");
        Assert.NotNull(await client.ReceiveFrameAsync(Wait));

        var steps = new List<long>();
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(4))
        {
            var frame = await client.ReceiveFrameAsync(Wait);
            Assert.NotNull(frame);
            steps.AddRange(frame.Where(m => StreamClient.Type(m) == "risk_update").Select(m => m.GetProperty("step").GetInt64()));
        }

        Assert.Equal(steps.Count, steps.Distinct().Count());
        Assert.True(steps.SequenceEqual(steps.Order()), "snapshots out of order");
        Assert.True(steps.Count >= 8, $"only {steps.Count} snapshots in 4 s");
        Assert.True(steps.Count / stopwatch.Elapsed.TotalSeconds <= 20.5, $"{steps.Count} frames in {stopwatch.Elapsed.TotalSeconds:F1} s, over the cap");

        // Skipping the held snapshot shows as gaps of two steps between frames; sending every held one (late) as
        // mostly consecutive steps, with one in five coalesced away. Gaps, unlike rates, hold on a loaded machine.
        var gaps = steps.Zip(steps.Skip(1), (a, b) => b - a).ToList();
        var consecutive = gaps.Count(g => g == 1) / (double)gaps.Count;
        if (skipsHeldSnapshots)
        {
            Assert.True(consecutive < 0.35, $"{consecutive:P0} of frames carried the very next snapshot; gaps {string.Join(",", gaps)}");
        }
        else
        {
            Assert.True(consecutive > 0.5, $"only {consecutive:P0} of frames carried the very next snapshot; gaps {string.Join(",", gaps)}");
        }
    }

    [Fact]
    public async Task A_client_that_never_reads_does_not_stop_the_engine_and_is_coalesced()
    {
        await using var factory = new VigilAppFactory(new Dictionary<string, string?>
        {
            ["Vigil:Push:SendTimeoutSeconds"] = "600",
        });
        using var http = factory.CreateClient();
        await using var stalled = await StreamClient.ConnectAsync(factory, read: false);
        var hub = factory.Services.GetRequiredService<PushHub>();
        var live = factory.Services.GetRequiredService<LiveMarket>();

        await Task.Delay(TimeSpan.FromSeconds(3));
        var before = live.Steps;
        await Task.Delay(TimeSpan.FromSeconds(2));
        var after = live.Steps;

        // Turbo is 25 Hz: about 50 steps in 2 s; the engine must not slow down for the stalled client.
        Assert.True(after - before >= 30, $"the engine closed only {after - before} steps in 2 s");
        var client = Assert.Single(hub.Clients);
        Assert.True(client.Coalesced > 0, "nothing was coalesced for a client that never reads");
        Assert.False(client.Aborted);

        // Another client is served meanwhile.
        await using var reader = await StreamClient.ConnectAsync(factory);
        Assert.NotNull(await reader.WaitForAsync(m => StreamClient.Type(m) == "risk_update", Wait));
        var status = await http.GetFromJsonAsync<StatusResponse>("/api/v1/status");
        Assert.True(status!.Running);
    }

    [Fact]
    public async Task A_heartbeat_comes_when_nothing_else_is_sent()
    {
        await using var factory = new VigilAppFactory(new Dictionary<string, string?>
        {
            ["Vigil:Push:HeartbeatSeconds"] = "1",
        });
        await using var client = await StreamClient.ConnectAsync(factory);

        // Alerts only: during calm markets nothing else is sent, so heartbeats keep the connection alive.
        await client.SendTextAsync("""{"type":"subscribe","instruments":null,"types":["alert"]}""");
        var heartbeat = await client.WaitForAsync(m => StreamClient.Type(m) == "heartbeat", Wait);

        Assert.NotNull(heartbeat);
        Assert.True(heartbeat.Value.TryGetProperty("server_time", out _));
        Assert.True(heartbeat.Value.TryGetProperty("ts", out _));
    }

    [Fact]
    public async Task A_plain_http_request_to_the_stream_gets_a_problem()
    {
        await using var factory = new VigilAppFactory();
        using var http = factory.CreateClient();

        var response = await http.GetAsync("/ws/stream");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task AssertStillServesSubscriptionsAsync(StreamClient client)
    {
        await client.SendTextAsync("""{"type":"subscribe","instruments":null,"types":["risk_update"]}""");
        await client.SkipAsync(TimeSpan.FromMilliseconds(500));

        var frame = await client.ReceiveFrameAsync(Wait);
        Assert.NotNull(frame);
        Assert.All(frame, m => Assert.Contains(StreamClient.Type(m), new[] { "risk_update", "heartbeat" }));
        Assert.Contains(frame, m => StreamClient.Type(m) == "risk_update");
    }
}
