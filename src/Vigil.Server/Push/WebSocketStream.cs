using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;

namespace Vigil.Server.Push;

/// <summary>
/// One WebSocket client at <c>/ws/stream</c>: a receive loop that reads subscriptions (and answers bad ones with an
/// <c>error</c>), and a send loop that writes what is pending as one JSON array per frame, at most
/// <c>MaxBatchesPerSecond</c> frames a second, with a heartbeat when idle.
/// </summary>
internal sealed class WebSocketStream
{
    /// <summary>The largest client message read; longer ones are refused (a subscription is a few hundred bytes).</summary>
    internal const int MaxClientMessageBytes = 16 * 1024;

    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    private readonly PushHub _hub;
    private readonly WebSocket _socket;
    private readonly PushClient _client;
    private readonly long _minFrameInterval;
    private readonly long _maxStaleness;
    private readonly TimeSpan _heartbeat;

    /// <summary>The longest a stale update is held back waiting for a fresher one (snapshots come at least twice a second).</summary>
    private static readonly TimeSpan MaxHoldForFresher = TimeSpan.FromMilliseconds(600);

    private WebSocketStream(PushHub hub, WebSocket socket, PushClient client)
    {
        _hub = hub;
        _socket = socket;
        _client = client;
        _minFrameInterval = Stopwatch.Frequency / hub.Settings.MaxBatchesPerSecond;
        _maxStaleness = Stopwatch.Frequency * hub.Settings.MaxStalenessMs / 1000;
        _heartbeat = TimeSpan.FromSeconds(hub.Settings.HeartbeatSeconds);
    }

    /// <summary>Serves one request to <c>/ws/stream</c>.</summary>
    public static async Task<IResult> HandleAsync(HttpContext context, PushHub hub)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            hub.CountRejected("websocket", "not a WebSocket request");
            return TypedResults.Problem(
                detail: "/ws/stream accepts WebSocket connections only (a GET with Upgrade: websocket).",
                statusCode: StatusCodes.Status400BadRequest,
                title: "Not a WebSocket request");
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var client = hub.Connect(PushTransport.WebSocket, ClientSubscription.All, () =>
        {
            socket.Abort();
            context.Abort();
        });
        try
        {
            await new WebSocketStream(hub, socket, client).RunAsync(context.RequestAborted);
        }
        finally
        {
            hub.Disconnect(client);
        }

        return TypedResults.Empty;
    }

    private async Task RunAsync(CancellationToken requestAborted)
    {
        using var stopSending = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, _hub.Stopping);
        var receiving = ReceiveLoopAsync();
        var sending = SendLoopAsync(stopSending.Token);
        var first = await Task.WhenAny(receiving, sending);
        if (first == receiving)
        {
            // The client closed (or the connection failed): stop sending, then finish the close handshake.
            await stopSending.CancelAsync();
            await sending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (_socket.State == WebSocketState.CloseReceived)
            {
                await CloseAsync(WebSocketCloseStatus.NormalClosure, "closed by the client");
            }

            return;
        }

        await sending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_socket.State == WebSocketState.Open && (_hub.Stopping.IsCancellationRequested || _client.Overflowed))
        {
            // Say why, and give the client a moment to answer the close before the connection goes.
            if (_client.Overflowed)
            {
                await CloseAsync(WebSocketCloseStatus.PolicyViolation, $"too slow: {_hub.Settings.ClientBufferLength} alerts waited; reconnect, GET /api/v1/warnings for missed ones");
            }
            else
            {
                await CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "server shutting down");
            }

            await receiving.WaitAsync(CloseTimeout, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (!receiving.IsCompleted)
        {
            _socket.Abort();
            await receiving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task CloseAsync(WebSocketCloseStatus status, string description)
    {
        using var timeout = new CancellationTokenSource(CloseTimeout);
        try
        {
            await _socket.CloseOutputAsync(status, description, timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The connection is already gone; there is nobody to tell.
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        var message = new ArrayBufferWriter<byte>(256);
        try
        {
            var tooLarge = false;
            while (true)
            {
                // Not cancelled by shutdown: a cancelled receive aborts the socket, and shutdown closes it cleanly instead.
                var result = await _socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                if (!tooLarge)
                {
                    if (message.WrittenCount + result.Count > MaxClientMessageBytes)
                    {
                        tooLarge = true;
                    }
                    else
                    {
                        message.Write(buffer.AsSpan(0, result.Count));
                    }
                }

                if (!result.EndOfMessage)
                {
                    continue;
                }

                if (tooLarge)
                {
                    Reject($"message too large: a client message may have at most {MaxClientMessageBytes} bytes");
                }
                else if (result.MessageType == WebSocketMessageType.Binary)
                {
                    Reject("binary messages are not accepted: send a JSON text message");
                }
                else
                {
                    Handle(message.WrittenSpan);
                }

                message.ResetWrittenCount();
                tooLarge = false;
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The connection failed or was aborted; the send loop ends with it.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Handle(ReadOnlySpan<byte> json)
    {
        if (ClientSubscription.TryParse(json, _hub.Instruments, out var subscription, out var error))
        {
            _client.Subscribe(subscription!, _hub.LatestMarket, _hub.LatestCorrelations, _hub.LatestRisk);
        }
        else
        {
            Reject(error!);
        }
    }

    private void Reject(string reason)
    {
        _hub.CountRejected("websocket", reason);
        _client.Reply(PushEncoder.EncodeError(reason));
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(8192);
        using var writer = new Utf8JsonWriter(buffer);
        var batch = new PendingBatch();
        var transport = PushHub.Transport(_client);
        var lastFrame = Stopwatch.GetTimestamp() - _minFrameInterval;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var idle = Stopwatch.GetElapsedTime(lastFrame);
                if (idle >= _heartbeat)
                {
                    buffer.ResetWrittenCount();
                    writer.Reset(buffer);
                    writer.WriteStartArray();
                    PushEncoder.WriteHeartbeat(writer, _hub.LatestMarket?.TimestampNs ?? 0, DateTime.UtcNow);
                    writer.WriteEndArray();
                    writer.Flush();
                    await SendAsync(buffer.WrittenMemory, 1, transport);
                    lastFrame = Stopwatch.GetTimestamp();
                    continue;
                }

                if (!await _client.WaitAsync(_heartbeat - idle, cancellationToken))
                {
                    continue;
                }

                if (_client.Overflowed)
                {
                    // Hopelessly behind on alerts, which are never dropped: the connection is closed with the reason.
                    return;
                }

                // At most MaxBatchesPerSecond frames: wait out the interval, letting newer state replace older meanwhile.
                var wait = _minFrameInterval - (Stopwatch.GetTimestamp() - lastFrame);
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait * 1000.0 / Stopwatch.Frequency)), cancellationToken);

                    // Held by the cap, the update may now be stale (snapshots arriving faster than the cap allows,
                    // e.g. turbo's 25 a second against 20 frames): send the next one instead, the moment it comes,
                    // which replaces this one. If none comes (the engine paused), send this one after all.
                    // An alert or reply arriving meanwhile ends the wait: those never wait for newer state.
                    var now = Stopwatch.GetTimestamp();
                    if (_maxStaleness > 0 && _client.TryPeekStateOnly(out var heldAt) && now - heldAt > _maxStaleness)
                    {
                        var giveUpAt = now + (long)(MaxHoldForFresher.TotalSeconds * Stopwatch.Frequency);
                        while (_client.TryPeekStateOnly(out var pendingAt) && pendingAt == heldAt)
                        {
                            var left = giveUpAt - Stopwatch.GetTimestamp();
                            if (left <= 0 || !await _client.WaitAsync(Stopwatch.GetElapsedTime(0, left), cancellationToken))
                            {
                                break;
                            }
                        }
                    }
                }

                if (!_client.TakePending(batch))
                {
                    continue;
                }

                var messages = Compose(batch, buffer, writer);
                if (messages == 0)
                {
                    continue;
                }

                await SendAsync(buffer.WrittenMemory, messages, transport);
                lastFrame = Stopwatch.GetTimestamp();
                if (batch.Market is { EnteredAtTimestamp: > 0 } market && batch.Subscription.WantsAny(PushMessageTypes.RiskUpdate))
                {
                    _hub.Metrics.TickToPush.Record(Stopwatch.GetElapsedTime(market.EnteredAtTimestamp).TotalSeconds);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down or the client left.
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection failed, or the watchdog aborted a client that stopped reading.
        }
    }

    private static int Compose(PendingBatch batch, ArrayBufferWriter<byte> buffer, Utf8JsonWriter writer)
    {
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        writer.WriteStartArray();
        var messages = 0;
        var subscription = batch.Subscription;
        foreach (var reply in batch.Replies)
        {
            writer.WriteRawValue(reply, skipInputValidation: true);
            messages++;
        }

        if (subscription.WantsAny(PushMessageTypes.Alert))
        {
            foreach (var alert in batch.Alerts)
            {
                writer.WriteRawValue(alert.Alert, skipInputValidation: true);
                messages++;
            }
        }

        if (batch.Market is { } market)
        {
            if (subscription.WantsAny(PushMessageTypes.RiskUpdate))
            {
                writer.WriteRawValue(market.RiskUpdate, skipInputValidation: true);
                messages++;
            }

            if (subscription.WantsAny(PushMessageTypes.Prices))
            {
                if (subscription.Instruments is null)
                {
                    writer.WriteRawValue(market.AllPrices, skipInputValidation: true);
                }
                else
                {
                    PushEncoder.WritePrices(writer, market, subscription.Instruments);
                }

                messages++;
            }
        }

        if (batch.Correlations is { } correlations && subscription.WantsAny(PushMessageTypes.Correlations))
        {
            writer.WriteRawValue(correlations.Message, skipInputValidation: true);
            messages++;
        }

        if (batch.Risk is { } risk && subscription.WantsAny(PushMessageTypes.Risk))
        {
            writer.WriteRawValue(risk.Message, skipInputValidation: true);
            messages++;
        }

        writer.WriteEndArray();
        writer.Flush();
        return messages;
    }

    private async ValueTask SendAsync(ReadOnlyMemory<byte> frame, int messages, KeyValuePair<string, object?> transport)
    {
        // Not cancellable: a cancelled send aborts the socket. A client that stops reading is the watchdog's to cut off.
        _client.SendStarting();
        await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        _client.SendCompleted(messages);
        _hub.Metrics.PushMessages.Add(messages, transport);
    }
}
