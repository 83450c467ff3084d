using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Vigil.Server.Tests.Support;
using static Vigil.Server.Tests.Trading.TradingTestSupport;

namespace Vigil.Server.Tests.Trading;

public sealed class TradingWebhookTests
{
    [Fact]
    public async Task State_changes_reach_a_receiver_that_fails_at_first_once_each_and_in_order()
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/hook/");
        listener.Start();
        var attempts = new List<long>();
        var acknowledged = new List<JsonElement>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var receiver = Task.Run(async () =>
        {
            while (acknowledged.Count < 2 && !stop.IsCancellationRequested)
            {
                var context = await listener.GetContextAsync().WaitAsync(stop.Token);
                using var reader = new StreamReader(context.Request.InputStream);
                var payload = JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement.Clone();
                attempts.Add(payload.GetProperty("change").GetProperty("sequence").GetInt64());

                // The first two deliveries fail: the receiver is "down".
                if (attempts.Count <= 2)
                {
                    context.Response.StatusCode = 503;
                }
                else
                {
                    context.Response.StatusCode = 204;
                    acknowledged.Add(payload);
                }

                context.Response.Close();
            }
        });

        await using var factory = new VigilAppFactory(new Dictionary<string, string?>
        {
            ["Vigil:Admin:ApiKey"] = AdminKey,
            ["Vigil:Simulator:Speed"] = "Slow",
            ["Vigil:Trading:WebhookUrl"] = $"http://127.0.0.1:{port}/hook/",
            ["Vigil:Trading:WebhookInitialBackoffMs"] = "20",
            ["Vigil:Trading:WebhookMaxAttempts"] = "5",
        });
        using var client = factory.CreateClient();
        await RegisterAsync(client, "w1", "live");
        await RegisterAsync(client, "w2", "paper");
        using var kill = await client.SendAsync(Admin(HttpMethod.Post, "/api/v1/runs/kill-all", new { reason = "drill" }));
        Assert.Equal(HttpStatusCode.OK, kill.StatusCode);

        await receiver;
        Assert.Equal([1L, 1L, 1L, 2L], attempts);
        Assert.Equal([1L, 2L], acknowledged.Select(p => p.GetProperty("change").GetProperty("sequence").GetInt64()));
        var first = acknowledged[0];
        Assert.Equal("halted", first.GetProperty("change").GetProperty("to").GetString());
        Assert.Equal("Kill switch: drill", first.GetProperty("run").GetProperty("kill_reason").GetString());
        Assert.Equal(first.GetProperty("change").GetProperty("run_id").GetString(), first.GetProperty("run").GetProperty("id").GetString());
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
