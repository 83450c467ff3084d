using System.Text.Json;
using Vigil.Server.Tests.Push;
using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests.Risk;

public sealed class RiskPushTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_client_subscribed_to_risk_gets_the_risk_summary_and_nothing_else()
    {
        await using var factory = new VigilAppFactory(new Dictionary<string, string?>
        {
            ["Vigil:Simulator:WarmUpSteps"] = "6000",
            ["Vigil:Risk:SnapshotIntervalMs"] = "250",
        });
        await using var client = await StreamClient.ConnectAsync(factory);
        await client.SendTextAsync("""{"type":"subscribe","instruments":null,"types":["risk"]}""");

        // Frames sent before the subscription took effect carry every type.
        await client.SkipAsync(TimeSpan.FromMilliseconds(500));

        var types = new HashSet<string>();
        var steps = new HashSet<long>();
        JsonElement? last = null;
        var deadline = DateTime.UtcNow + Wait;
        while (steps.Count < 3 && DateTime.UtcNow < deadline)
        {
            var frame = await client.ReceiveFrameAsync(Wait);
            Assert.NotNull(frame);
            foreach (var message in frame)
            {
                var type = StreamClient.Type(message);
                types.Add(type);
                if (type == "risk")
                {
                    steps.Add(message.GetProperty("step").GetInt64());
                    last = message;
                }
            }
        }

        Assert.True(steps.Count >= 3, $"only {steps.Count} risk messages");
        Assert.Subset(new HashSet<string> { "risk", "heartbeat" }, types);
        var risk = last!.Value;
        Assert.InRange(risk.GetProperty("ciss_index").GetDouble(), 0, 1);
        Assert.True(risk.GetProperty("portfolio_var99").GetDouble() > 0);
        Assert.Contains(risk.GetProperty("regime").GetString(), new[] { "calm", "elevated", "turbulent", "unknown" });
        Assert.True(risk.GetProperty("ts_ns").GetInt64() > 0);
    }
}
