using System.Diagnostics.Metrics;
using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Server.Live;
using Vigil.Server.Push;
using Vigil.Server.Tests.Support;
using Xunit.Abstractions;

namespace Vigil.Server.Tests.Push;

/// <summary>Many WebSocket clients on real loopback sockets against the real service at Turbo (25 Hz × 18 instruments).</summary>
[Collection(PushLoadCollection.Name)]
public sealed class PushLoadTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1, 20)]
    [InlineData(1, 50)]
    [InlineData(500, 20)]
    public async Task Many_clients_on_loopback_get_their_updates_promptly_while_the_engine_keeps_its_pace(int clients, int maxBatchesPerSecond)
    {
        // With the default cap of 20 frames a second under 25 steps a second, a step waits for its client's next
        // frame slot (up to 50 ms); a cap above the step rate shows the pipeline's own latency.
        await using var factory = new VigilAppFactory(new Dictionary<string, string?>
        {
            ["Vigil:Push:MaxBatchesPerSecond"] = maxBatchesPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        factory.UseKestrel(0);
        factory.StartServer();
        var address = new Uri(factory.ClientOptions.BaseAddress, "/ws/stream");
        var uri = new UriBuilder(address) { Scheme = "ws" }.Uri;
        var live = factory.Services.GetRequiredService<LiveMarket>();
        var hub = factory.Services.GetRequiredService<PushHub>();

        var latencies = new List<double>();
        using var listener = new MeterListener();
        var meters = factory.Services.GetRequiredService<IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "vigil.push.tick_to_push.duration" && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        var measuring = false;
        listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
        {
            if (Volatile.Read(ref measuring))
            {
                lock (latencies)
                {
                    latencies.Add(value * 1000);
                }
            }
        });
        listener.Start();

        var sockets = new List<ClientWebSocket>();
        for (var i = 0; i < clients; i++)
        {
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(uri, CancellationToken.None);
            sockets.Add(socket);
        }

        using var stop = new CancellationTokenSource();
        var frames = new long[clients];
        var readers = sockets.Select((socket, i) => Task.Run(async () =>
        {
            var buffer = new byte[64 * 1024];
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    var result = await socket.ReceiveAsync(buffer, stop.Token);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    if (result.EndOfMessage)
                    {
                        Interlocked.Increment(ref frames[i]);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (WebSocketException)
            {
            }
        })).ToList();

        for (var attempt = 0; attempt < 100 && hub.ClientCount < clients; attempt++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(clients, hub.ClientCount);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Volatile.Write(ref measuring, true);
        var steps0 = live.Steps;
        var frames0 = frames.Sum();
        var seconds = 10.0;
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        Volatile.Write(ref measuring, false);
        var steps = live.Steps - steps0;
        var sent = frames.Sum() - frames0;
        await stop.CancelAsync();
        await Task.WhenAll(readers);
        foreach (var socket in sockets)
        {
            socket.Abort();
            socket.Dispose();
        }

        double[] sorted;
        lock (latencies)
        {
            sorted = [.. latencies.Order()];
        }

        Assert.NotEmpty(sorted);
        var p50 = sorted[sorted.Length / 2];
        var p99 = sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(sorted.Length * 0.99) - 1)];
        var stepsPerSecond = steps / seconds;
        var framesPerClientPerSecond = sent / seconds / clients;
        output.WriteLine($"clients={clients} cap={maxBatchesPerSecond}/s steps/s={stepsPerSecond:F1} frames/client/s={framesPerClientPerSecond:F1} tick-to-push p50={p50:F2} ms p99={p99:F2} ms max={sorted[^1]:F2} ms (n={sorted.Length})");

        // Turbo is 25 steps a second whatever the clients do. Under a cap above the step rate a client gets about one
        // frame per step; under the default cap of 20 a held update waits for the fresher one that replaces it, so a
        // frame goes out every other step (12.5 a second). Never more than the cap. The floor is half the designed
        // rate: a shared 2-core CI machine measured 9.8 a second for 500 clients, here 12.6; starving would be far lower.
        Assert.InRange(stepsPerSecond, 22, 28);
        var designed = maxBatchesPerSecond >= 25 ? 25.0 : 12.5;
        Assert.InRange(framesPerClientPerSecond, designed / 2, Math.Min(maxBatchesPerSecond, 25 + 7) + 1);
        var slowest = frames.Min() / (seconds + 2);
        Assert.True(slowest >= designed / 5, $"the slowest client got {slowest:F1} frames a second");

        // Loose enough for a shared 2-core test machine (no client starves); the figures printed are the measurement.
        Assert.True(p99 < 1000, $"tick-to-push p99 {p99:F1} ms");
    }
}
