using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests.Push;

/// <summary>
/// A WebSocket client of /ws/stream on the in-memory server: frames are JSON arrays of messages. A background loop
/// reads frames into a channel (a cancelled WebSocket receive aborts the socket, so timeouts apply to the channel).
/// </summary>
internal sealed class StreamClient : IAsyncDisposable
{
    private readonly WebSocket _socket;
    private readonly Channel<List<JsonElement>?> _frames = Channel.CreateUnbounded<List<JsonElement>?>();
    private readonly Task _reading;

    private StreamClient(WebSocket socket, bool read)
    {
        _socket = socket;
        _reading = read ? Task.Run(ReadLoopAsync) : Task.CompletedTask;
    }

    public WebSocket Socket => _socket;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? CloseDescription => _socket.CloseStatusDescription;

    /// <summary>Connects; with <paramref name="read"/> false the client never reads (a stalled client).</summary>
    public static async Task<StreamClient> ConnectAsync(VigilAppFactory factory, bool read = true)
    {
        var client = factory.Server.CreateWebSocketClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var socket = await client.ConnectAsync(new Uri("ws://localhost/ws/stream"), timeout.Token);
        return new StreamClient(socket, read);
    }

    public Task SendTextAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>The next frame's messages; null when the server closed or <paramref name="timeout"/> passed.</summary>
    public async Task<List<JsonElement>?> ReceiveFrameAsync(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return null;
        }

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await _frames.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Skips frames for <paramref name="duration"/>.</summary>
    public async Task SkipAsync(TimeSpan duration)
    {
        var deadline = DateTime.UtcNow + duration;
        while (DateTime.UtcNow < deadline)
        {
            await ReceiveFrameAsync(deadline - DateTime.UtcNow);
        }
    }

    /// <summary>Reads frames until <paramref name="found"/> matches a message or <paramref name="timeout"/> passes.</summary>
    public async Task<JsonElement?> WaitForAsync(Func<JsonElement, bool> found, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var frame = await ReceiveFrameAsync(deadline - DateTime.UtcNow);
            if (frame is null)
            {
                return null;
            }

            foreach (var message in frame)
            {
                if (found(message))
                {
                    return message;
                }
            }
        }

        return null;
    }

    /// <summary>Waits for the server to close the connection; true when it did within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForCloseAsync(TimeSpan timeout)
    {
        var finished = await Task.WhenAny(_reading, Task.Delay(timeout));
        return finished == _reading;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "test done", cts.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The server already went.
            }
        }

        await Task.WhenAny(_reading, Task.Delay(2000));
        _socket.Dispose();
    }

    public static string Type(JsonElement message) => message.GetProperty("type").GetString()!;

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                using var document = JsonDocument.Parse(message.ToArray());
                message.SetLength(0);
                if (document.RootElement.ValueKind != JsonValueKind.Array)
                {
                    throw new InvalidDataException("a frame that is not a JSON array: " + document.RootElement.GetRawText());
                }

                _frames.Writer.TryWrite([.. document.RootElement.EnumerateArray().Select(e => e.Clone())]);
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection went.
        }
        finally
        {
            _frames.Writer.TryComplete();
        }
    }
}

/// <summary>An SSE client of /api/v1/warnings/stream reading events as they come.</summary>
internal sealed class SseClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private Task<string?>? _pendingLine;

    private SseClient(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public HttpResponseMessage Response => _response;

    public static async Task<SseClient> ConnectAsync(HttpClient http, string? lastEventIdHeader = null, string path = "/api/v1/warnings/stream")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventIdHeader is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventIdHeader);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        return new SseClient(response, new StreamReader(stream, Encoding.UTF8));
    }

    /// <summary>The next event (id, event name, data); null when the stream ended or <paramref name="timeout"/> passed.</summary>
    public async Task<(long Id, string Event, JsonElement Data)?> ReadEventAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        long? id = null;
        string? name = null;
        string? data = null;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return null;
            }

            // A line read that timed out is kept and awaited next time, so no text is lost between calls.
            _pendingLine ??= _reader.ReadLineAsync();
            var finished = await Task.WhenAny(_pendingLine, Task.Delay(left));
            if (finished != _pendingLine)
            {
                return null;
            }

            var line = await _pendingLine;
            _pendingLine = null;
            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                if (data is not null)
                {
                    using var document = JsonDocument.Parse(data);
                    return (id ?? -1, name ?? "message", document.RootElement.Clone());
                }

                continue;
            }

            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = long.Parse(line.AsSpan(4), System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
