using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Server.Live;
using Vigil.Server.Push;
using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests.Push;

[Collection(PushLoadCollection.Name)]
public sealed class SlowClientTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public void An_alert_queue_at_its_bound_marks_the_client_overflowed_once_instead_of_dropping_alerts()
    {
        using var client = new PushClient(1, PushTransport.WebSocket, ClientSubscription.All, alertCapacity: 3, abort: () => { }, onCoalesced: (_, _) => { });

        var firsts = Enumerable.Range(1, 3).Select(i => client.OfferAlert(Alert(i))).ToList();
        Assert.All(firsts, Assert.False);
        Assert.False(client.Overflowed);

        Assert.True(client.OfferAlert(Alert(4)));
        Assert.True(client.Overflowed);
        Assert.False(client.OfferAlert(Alert(5)));

        // Nothing half-delivered: the client is to be closed and resume from the store.
        var batch = new PendingBatch();
        client.TakePending(batch);
        Assert.Empty(batch.Alerts);
    }

    [Fact]
    public void Alerts_queued_within_the_bound_are_all_delivered_in_order()
    {
        using var client = new PushClient(1, PushTransport.WebSocket, ClientSubscription.All, alertCapacity: 8, abort: () => { }, onCoalesced: (_, _) => { });
        for (var i = 1; i <= 8; i++)
        {
            client.OfferAlert(Alert(i));
        }

        var batch = new PendingBatch();
        Assert.True(client.TakePending(batch));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), batch.Alerts.Select(a => a.EventId));
    }

    [Fact]
    public async Task A_WebSocket_client_hopelessly_behind_on_alerts_is_closed_with_the_reason_and_counted()
    {
        await using var factory = new VigilAppFactory(new Dictionary<string, string?> { ["Vigil:Push:ClientBufferLength"] = "4" });
        await using var socket = await StreamClient.ConnectAsync(factory);
        Assert.NotNull(await socket.ReceiveFrameAsync(Wait));
        var hub = factory.Services.GetRequiredService<PushHub>();
        var client = Assert.Single(hub.Clients);

        // A burst far faster than the client's frames (at most 20 a second) can carry it away.
        for (var i = 1; i <= 100 && !client.Overflowed; i++)
        {
            if (client.OfferAlert(Alert(i)))
            {
                hub.CountDisconnectedSlow(client);
            }
        }

        Assert.True(client.Overflowed);
        Assert.True(await socket.WaitForCloseAsync(Wait), "the server did not close the connection");
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
        Assert.StartsWith("too slow", socket.CloseDescription, StringComparison.Ordinal);
        Assert.Equal(1, hub.DisconnectedSlow);

        // The service goes on serving others.
        await using var next = await StreamClient.ConnectAsync(factory);
        Assert.NotNull(await next.WaitForAsync(m => StreamClient.Type(m) == "risk_update", Wait));
    }

    [Fact]
    public async Task A_client_on_a_real_socket_that_never_reads_is_disconnected_after_the_send_timeout_while_the_engine_runs_on()
    {
        await using var factory = new VigilAppFactory(new Dictionary<string, string?>
        {
            ["Vigil:Simulator:Unpaced"] = "true",
            ["Vigil:Push:MaxBatchesPerSecond"] = "1000",
            ["Vigil:Push:SendTimeoutSeconds"] = "1",
        });
        factory.UseKestrel(0);
        factory.StartServer();
        var address = new Uri(factory.ClientOptions.BaseAddress, "/ws/stream");
        var hub = factory.Services.GetRequiredService<PushHub>();
        var live = factory.Services.GetRequiredService<LiveMarket>();

        // A raw socket with a tiny receive buffer that completes the handshake and then never reads again.
        using var tcp = new TcpClient { ReceiveBufferSize = 4096 };
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        var handshake = $"GET /ws/stream HTTP/1.1\r\nHost: {address.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(handshake));
        var head = new byte[1024];
        var read = await stream.ReadAsync(head);
        Assert.StartsWith("HTTP/1.1 101", Encoding.ASCII.GetString(head, 0, read), StringComparison.Ordinal);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (hub.DisconnectedSlow == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Equal(1, hub.DisconnectedSlow);
        var before = live.Steps;
        await Task.Delay(500);
        Assert.True(live.Steps > before, "the engine stopped");
        deadline = DateTime.UtcNow + Wait;
        while (hub.ClientCount > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(0, hub.ClientCount);
    }

    private static EncodedAlert Alert(long eventId) =>
        new(eventId, Encoding.UTF8.GetBytes($$"""{"id":"w{{eventId}}"}"""), Encoding.UTF8.GetBytes($$$"""{"type":"alert","event_id":{{{eventId}}},"warning":{"id":"w{{{eventId}}}"}}"""));
}
