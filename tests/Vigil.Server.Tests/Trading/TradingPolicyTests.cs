using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Engine.Warnings;
using Vigil.Server.Live;
using Vigil.Server.Tests.Support;
using static Vigil.Server.Tests.Trading.TradingTestSupport;

namespace Vigil.Server.Tests.Trading;

public sealed class TradingPolicyTests
{
    private static readonly TimeSpan HaltWait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_HIGH_warning_halts_live_runs_in_its_own_market_step_and_leaves_paper_runs_active()
    {
        await using var factory = new VigilAppFactory(new Dictionary<string, string?> { ["Vigil:Simulator:Unpaced"] = "true" });
        using var client = factory.CreateClient();
        await RegisterAsync(client, "live-1", "live");
        await RegisterAsync(client, "paper-1", "paper");
        var live = factory.Services.GetRequiredService<LiveMarket>();

        Assert.NotNull(factory.Services.GetRequiredService<SimulatorControl>().ActivatePreset("lehman2008"));
        var deadline = DateTime.UtcNow + HaltWait;
        JsonElement run;
        do
        {
            await Task.Delay(100);
            run = await GetRunAsync(client, "live-1");
        }
        while (run.GetProperty("state").GetString() != "halted" && DateTime.UtcNow < deadline);

        Assert.Equal("halted", run.GetProperty("state").GetString());

        // The warning event that first reached HIGH is the one the halt came from, in the same market step.
        var trigger = live.RecentWarnings.Select(w => w.Warning).First(w => w.Severity >= Severity.High);
        var expectedReason = $"Black swan: {JsonNamingPolicy.SnakeCaseLower.ConvertName(trigger.EventType.ToString())} ({trigger.Severity.ToString().ToLowerInvariant()})";
        Assert.Equal(expectedReason, run.GetProperty("kill_reason").GetString());
        Assert.Equal(trigger.Severity.ToString().ToUpperInvariant(), run.GetProperty("kill_level").GetString());
        Assert.Equal(trigger.TimestampNs, run.GetProperty("ended_ns").GetInt64());
        Assert.Equal(JsonValueKind.String, run.GetProperty("ended_at").ValueKind);

        var audit = (await GetJsonAsync(client, "/api/v1/runs/audit?after=0")).GetProperty("items").EnumerateArray().ToList();
        var halt = audit.Single(e => e.GetProperty("run_id").GetString() == "live-1" && e.GetProperty("to").GetString() == "halted");
        Assert.Equal(trigger.TimestampNs, halt.GetProperty("timestamp_ns").GetInt64());
        Assert.Equal(trigger.WarningId, halt.GetProperty("warning_id").GetString());
        Assert.Equal("policy", halt.GetProperty("actor").GetString());
        Assert.Equal(expectedReason, halt.GetProperty("reason").GetString());

        var paper = await GetRunAsync(client, "paper-1");
        Assert.Equal("active", paper.GetProperty("state").GetString());
        Assert.DoesNotContain(audit, e => e.GetProperty("run_id").GetString() == "paper-1");

        using var gateway = await client.GetAsync("/api/v1/runs/live-1/state");
        Assert.Equal("""{"run_id":"live-1","state":"halted","mode":"live"}""", await gateway.Content.ReadAsStringAsync());
    }
}
