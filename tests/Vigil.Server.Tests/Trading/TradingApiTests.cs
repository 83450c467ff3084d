using System.Net;
using System.Net.Http.Json;
using Vigil.Server.Tests.Push;
using Vigil.Server.Tests.Support;
using static Vigil.Server.Tests.Trading.TradingTestSupport;

namespace Vigil.Server.Tests.Trading;

[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes it through IAsyncLifetime.DisposeAsync.")]
public sealed class TradingApiTests : IAsyncLifetime
{
    private VigilAppFactory _factory = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _factory = new VigilAppFactory(new Dictionary<string, string?> { ["Vigil:Admin:ApiKey"] = AdminKey, ["Vigil:Simulator:Speed"] = "Slow" });
        _client = _factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task A_registered_run_is_listed_fetched_and_answered_by_the_gateway()
    {
        var created = await RegisterAsync(_client, "alpha", "LIVE");
        Assert.Equal("alpha", created.GetProperty("id").GetString());
        Assert.Equal("live", created.GetProperty("mode").GetString());
        Assert.Equal("active", created.GetProperty("state").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, created.GetProperty("kill_reason").ValueKind);

        var list = await GetJsonAsync(_client, "/api/v1/runs");
        Assert.Contains(list.EnumerateArray(), r => r.GetProperty("id").GetString() == "alpha");

        using var state = await _client.GetAsync("/api/v1/runs/alpha/state");
        Assert.Equal(HttpStatusCode.OK, state.StatusCode);
        Assert.Equal("application/json", state.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"run_id":"alpha","state":"active","mode":"live"}""", await state.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_run_without_an_id_gets_one()
    {
        using var response = await _client.PostAsJsonAsync("/api/v1/runs", new { name = "anon", mode = "paper" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var run = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.StartsWith("run_", run.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("paper", run.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Unknown_runs_duplicate_ids_and_bad_fields_are_problems_naming_the_cause()
    {
        using (var unknown = await _client.GetAsync("/api/v1/runs/nope/state"))
        {
            await AssertProblemAsync(unknown, 404);
        }

        using (var unknown = await _client.GetAsync("/api/v1/runs/nope"))
        {
            await AssertProblemAsync(unknown, 404);
        }

        await RegisterAsync(_client, "dup", "paper");
        using (var duplicate = await _client.PostAsJsonAsync("/api/v1/runs", new { id = "dup", name = "again", mode = "paper" }))
        {
            var problem = await AssertProblemAsync(duplicate, 409);
            Assert.Contains("dup", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using var bad = await _client.PostAsJsonAsync("/api/v1/runs", new { id = "has space", name = "", mode = "demo" });
        var errors = (await AssertProblemAsync(bad, 400)).GetProperty("errors");
        Assert.Contains("demo", errors.GetProperty("mode")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("id", out _));
        using var after = await _client.GetAsync("/api/v1/runs/has%20space");
        await AssertProblemAsync(after, 404);
    }

    [Fact]
    public async Task Without_a_configured_admin_key_admin_endpoints_are_off_and_nothing_changes()
    {
        await using var factory = new VigilAppFactory(new Dictionary<string, string?> { ["Vigil:Simulator:Speed"] = "Slow" });
        using var client = factory.CreateClient();
        await RegisterAsync(client, "off-live", "live");

        // Even a caller sending some key is refused: an unset key must not leave the kill switch open to anyone.
        using var kill = await client.SendAsync(Admin(HttpMethod.Post, "/api/v1/runs/kill-all", new { reason = "drill" }));
        var problem = await AssertProblemAsync(kill, 403);
        Assert.Equal("Admin endpoints are off", problem.GetProperty("title").GetString());
        Assert.Equal("active", (await GetRunAsync(client, "off-live")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task The_kill_switch_and_resume_need_the_admin_key()
    {
        await RegisterAsync(_client, "k-live", "live");
        await RegisterAsync(_client, "k-paper", "paper");
        using (var anonymous = await _client.PostAsJsonAsync("/api/v1/runs/kill-all", new { reason = "drill" }))
        {
            await AssertProblemAsync(anonymous, 401);
        }

        using (var noReason = await _client.SendAsync(Admin(HttpMethod.Post, "/api/v1/runs/kill-all", new { reason = " " })))
        {
            Assert.True((await AssertProblemAsync(noReason, 400)).GetProperty("errors").TryGetProperty("reason", out _));
        }

        using (var kill = await _client.SendAsync(Admin(HttpMethod.Post, "/api/v1/runs/kill-all", new { reason = "drill" })))
        {
            Assert.Equal(HttpStatusCode.OK, kill.StatusCode);
            var body = await kill.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            Assert.Equal(2, body.GetProperty("halted").GetInt32());
        }

        var paper = await GetRunAsync(_client, "k-paper");
        Assert.Equal("halted", paper.GetProperty("state").GetString());
        Assert.Equal("Kill switch: drill", paper.GetProperty("kill_reason").GetString());

        using (var anonymous = await _client.PostAsync("/api/v1/runs/k-live/resume", null))
        {
            await AssertProblemAsync(anonymous, 401);
        }

        using (var resumed = await _client.SendAsync(Admin(HttpMethod.Post, "/api/v1/runs/k-live/resume")))
        {
            Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        }

        using (var again = await _client.SendAsync(Admin(HttpMethod.Post, "/api/v1/runs/k-live/resume")))
        {
            await AssertProblemAsync(again, 409);
        }

        using (var unknown = await _client.SendAsync(Admin(HttpMethod.Post, "/api/v1/runs/ghost/resume")))
        {
            await AssertProblemAsync(unknown, 404);
        }

        var live = await GetRunAsync(_client, "k-live");
        Assert.Equal("active", live.GetProperty("state").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, live.GetProperty("ended_ns").ValueKind);

        var audit = await GetJsonAsync(_client, "/api/v1/runs/audit?after=0");
        var items = audit.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(3, items.Count);
        Assert.Equal([1L, 2L, 3L], items.Select(i => i.GetProperty("sequence").GetInt64()));
        Assert.Equal("Resumed by admin", items[2].GetProperty("reason").GetString());
        Assert.Equal("admin", items[2].GetProperty("actor").GetString());
        var later = await GetJsonAsync(_client, "/api/v1/runs/audit?after=2");
        Assert.Equal(3, Assert.Single(later.GetProperty("items").EnumerateArray()).GetProperty("sequence").GetInt64());

        using var badAfter = await _client.GetAsync("/api/v1/runs/audit?after=-1&limit=0");
        var errors = (await AssertProblemAsync(badAfter, 400)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("after", out _));
        Assert.True(errors.TryGetProperty("limit", out _));
    }

    [Fact]
    public async Task The_stream_pushes_changes_and_resumes_after_Last_Event_ID()
    {
        await RegisterAsync(_client, "s1", "live");
        await RegisterAsync(_client, "s2", "paper");
        await using var sse = await SseClient.ConnectAsync(_client, path: "/api/v1/runs/stream");
        Assert.Equal("text/event-stream", sse.Response.Content.Headers.ContentType?.MediaType);
        using (var kill = await _client.SendAsync(Admin(HttpMethod.Post, "/api/v1/runs/kill-all", new { reason = "drill" })))
        {
            Assert.Equal(HttpStatusCode.OK, kill.StatusCode);
        }

        var first = await sse.ReadEventAsync(TimeSpan.FromSeconds(20));
        var second = await sse.ReadEventAsync(TimeSpan.FromSeconds(20));
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Equal("run", first.Value.Event);
        Assert.Equal([1L, 2L], new[] { first.Value.Id, second.Value.Id });
        Assert.Equal("halted", first.Value.Data.GetProperty("to").GetString());

        await using var resumed = await SseClient.ConnectAsync(_client, "1", "/api/v1/runs/stream");
        var replayed = await resumed.ReadEventAsync(TimeSpan.FromSeconds(20));
        Assert.NotNull(replayed);
        Assert.Equal(2, replayed.Value.Id);
        Assert.Equal(second.Value.Data.GetRawText(), replayed.Value.Data.GetRawText());

        using var bad = await _client.GetAsync("/api/v1/runs/stream?last_event_id=abc");
        Assert.True((await AssertProblemAsync(bad, 400)).GetProperty("errors").TryGetProperty("last_event_id", out _));
    }
}
