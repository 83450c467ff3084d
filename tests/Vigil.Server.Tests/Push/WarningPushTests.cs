using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Server.Live;
using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests.Push;

public sealed class WarningPushTests
{
    private static readonly TimeSpan AlertWait = TimeSpan.FromSeconds(60);

    private static Dictionary<string, string?> Unpaced() => new() { ["Vigil:Simulator:Unpaced"] = "true" };

    [Fact]
    public async Task The_Lehman_preset_raises_an_alert_over_the_WebSocket_and_the_SSE_stream()
    {
        await using var factory = new VigilAppFactory(Unpaced());
        using var http = factory.CreateClient();
        await using var socket = await StreamClient.ConnectAsync(factory);
        await socket.SendTextAsync("""{"type":"subscribe","instruments":null,"types":["alert"]}""");
        await using var sse = await SseClient.ConnectAsync(http);
        Assert.Equal(HttpStatusCode.OK, sse.Response.StatusCode);
        Assert.Equal("text/event-stream", sse.Response.Content.Headers.ContentType?.MediaType);

        Assert.NotNull(factory.Services.GetRequiredService<SimulatorControl>().ActivatePreset("lehman2008"));

        var alert = await socket.WaitForAsync(m => StreamClient.Type(m) == "alert", AlertWait);
        Assert.NotNull(alert);
        var warning = alert.Value.GetProperty("warning");
        Assert.Equal("opened", warning.GetProperty("event").GetString());
        Assert.Contains(warning.GetProperty("severity").GetString(), new[] { "ELEVATED", "HIGH", "SEVERE", "EXTREME" });
        Assert.False(string.IsNullOrEmpty(warning.GetProperty("summary").GetString()));
        Assert.True(warning.GetProperty("contributions").GetArrayLength() > 0);
        var eventId = alert.Value.GetProperty("event_id").GetInt64();

        var sent = await sse.ReadEventAsync(AlertWait);
        Assert.NotNull(sent);
        Assert.Equal(eventId, sent.Value.Id);
        Assert.Equal("warning", sent.Value.Event);
        Assert.Equal(warning.GetRawText(), sent.Value.Data.GetRawText());
    }

    [Fact]
    public async Task Resuming_with_Last_Event_ID_returns_exactly_the_later_events_then_live_ones()
    {
        await using var factory = new VigilAppFactory(Unpaced());
        using var http = factory.CreateClient();
        var live = factory.Services.GetRequiredService<LiveMarket>();
        factory.Services.GetRequiredService<SimulatorControl>().ActivatePreset("lehman2008");

        // Wait for a few events (opened, then escalations) so there is something after the resume point.
        var deadline = DateTime.UtcNow + AlertWait;
        while (live.RecentWarnings.Count < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var known = live.RecentWarnings.Select(w => w.EventId).ToList();
        Assert.True(known.Count >= 3, $"only {known.Count} warning events");
        var resumeAfter = known[0];

        await using var header = await SseClient.ConnectAsync(http, resumeAfter.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await using var query = await SseClient.ConnectAsync(http, path: $"/api/v1/warnings/stream?last_event_id={resumeAfter}");
        foreach (var sse in new[] { header, query })
        {
            var received = new List<long>();
            for (var i = 0; i < known.Count - 1; i++)
            {
                var next = await sse.ReadEventAsync(TimeSpan.FromSeconds(10));
                Assert.NotNull(next);
                received.Add(next.Value.Id);
            }

            Assert.Equal(known.Skip(1), received);

            // Whatever comes next is later still: no event twice.
            var more = await sse.ReadEventAsync(TimeSpan.FromSeconds(2));
            if (more is not null)
            {
                Assert.True(more.Value.Id > received[^1], $"event {more.Value.Id} after {received[^1]}");
            }
        }
    }

    [Fact]
    public async Task A_bad_Last_Event_ID_gets_a_problem_naming_the_field()
    {
        await using var factory = new VigilAppFactory();
        using var http = factory.CreateClient();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/warnings/stream");
        request.Headers.Add("Last-Event-ID", "yesterday");
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var reasons = problem.RootElement.GetProperty("errors").GetProperty("Last-Event-ID");
        Assert.Contains("yesterday", reasons[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_idle_SSE_stream_sends_keep_alive_comments()
    {
        await using var factory = new VigilAppFactory(new Dictionary<string, string?> { ["Vigil:Push:HeartbeatSeconds"] = "1" });
        using var http = factory.CreateClient();
        using var response = await http.GetAsync("/api/v1/warnings/stream", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var lines = new List<string>();
        var read = Task.Run(async () =>
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                lock (lines)
                {
                    lines.Add(line);
                    if (line == ": keep-alive")
                    {
                        return;
                    }
                }
            }
        });

        Assert.Same(read, await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(10))));
    }
}
