using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;
using Vigil.Engine.Live;
using Vigil.Storage;

namespace Vigil.Server.Push;

/// <summary>
/// Warnings as Server-Sent Events at <c>/api/v1/warnings/stream</c>: <c>id</c>, <c>event: warning</c> (an engine
/// event) or <c>event: status_changed</c> (an admin's status change, ids in the same sequence) and the warning as
/// <c>data</c>, flushed per batch of events, <c>: keep-alive</c> comments when idle. A client that sends
/// <c>Last-Event-ID</c> (or <c>?last_event_id=</c>) first gets every event after that id — from the store and the
/// live view's recent events, merged by id — and then the live ones, none twice and none missed.
/// </summary>
internal sealed class WarningEventStream
{
    /// <summary>Events read from the store per query while resuming.</summary>
    internal const int ResumePageSize = 500;

    private static readonly byte[] IdField = "id: "u8.ToArray();
    private static readonly byte[] EventAndData = "\nevent: warning\ndata: "u8.ToArray();
    private static readonly byte[] StatusChangedAndData = "\nevent: status_changed\ndata: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] KeepAlive = ": keep-alive\n\n"u8.ToArray();
    private static readonly byte[] Preamble = ": vigil warnings\nretry: 2000\n\n"u8.ToArray();

    /// <summary>Serves one request to <c>/api/v1/warnings/stream</c>.</summary>
    public static async Task<IResult> HandleAsync(HttpContext context, PushHub hub)
    {
        if (!TryGetLastEventId(context.Request, out var lastEventId, out var field, out var error))
        {
            hub.CountRejected("sse", error);
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [error] });
        }

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        // Registered before the backlog is read, so an event published meanwhile waits in the queue rather than being missed.
        using var client = hub.Connect(PushTransport.Sse, ClientSubscription.AlertsOnly, context.Abort);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, hub.Stopping);
        var token = stop.Token;
        var body = response.BodyWriter;
        var transport = PushHub.Transport(client);
        try
        {
            await response.StartAsync(token);
            body.Write(Preamble);
            await FlushAsync(body, client, 0, hub, transport, token);

            var lastSent = lastEventId ?? long.MinValue;
            if (lastEventId is { } after)
            {
                var backlog = await ReadBacklogAsync(context.RequestServices.GetService<IStore>(), hub.Live, after, token);
                using var scratch = new JsonScratch();
                var written = 0;
                foreach (var warning in backlog)
                {
                    WriteEvent(body, PushEncoder.EncodeAlert(warning, scratch));
                    lastSent = warning.EventId;
                    if (++written % 64 == 0)
                    {
                        await FlushAsync(body, client, 64, hub, transport, token);
                    }
                }

                await FlushAsync(body, client, written % 64, hub, transport, token);
            }

            var keepAlive = TimeSpan.FromSeconds(hub.Settings.HeartbeatSeconds);
            var batch = new PendingBatch();
            while (!token.IsCancellationRequested)
            {
                if (!await client.WaitAsync(keepAlive, token))
                {
                    body.Write(KeepAlive);
                    await FlushAsync(body, client, 0, hub, transport, token);
                    continue;
                }

                if (client.Overflowed)
                {
                    // Hopelessly behind: the stream ends, and the client's reconnect with its last id resumes from the store.
                    break;
                }

                client.TakePending(batch);
                var events = 0;
                foreach (var alert in batch.Alerts)
                {
                    // The backlog may already have carried events that were also queued live.
                    if (alert.EventId > lastSent)
                    {
                        WriteEvent(body, alert);
                        lastSent = alert.EventId;
                        events++;
                    }
                }

                if (events > 0)
                {
                    await FlushAsync(body, client, events, hub, transport, token);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The client left or the service is stopping: the stream ends and the client reconnects with its last id.
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection failed, or the watchdog aborted a client that stopped reading.
        }
        finally
        {
            hub.Disconnect(client);
        }

        return TypedResults.Empty;
    }

    /// <summary>
    /// Every event after <paramref name="afterEventId"/> the service still knows: the store's (if one is registered)
    /// and the live view's recent ones, merged by id so that neither a store that lags behind nor a recent list
    /// that has rolled over leaves a gap.
    /// </summary>
    internal static async Task<IReadOnlyList<PublishedWarning>> ReadBacklogAsync(IStore? store, Live.LiveMarket live, long afterEventId, CancellationToken cancellationToken)
    {
        var merged = new SortedDictionary<long, PublishedWarning>();
        if (store is not null)
        {
            var after = afterEventId;
            while (true)
            {
                IReadOnlyList<PublishedWarning> page;
                try
                {
                    page = await store.GetWarningEventsAfterAsync(after, ResumePageSize, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The store is unavailable (it spools meanwhile): resume from what the live view holds.
                    break;
                }

                foreach (var warning in page)
                {
                    if (warning.EventId > afterEventId)
                    {
                        merged.TryAdd(warning.EventId, warning);
                    }
                }

                if (page.Count < ResumePageSize || page[^1].EventId <= after)
                {
                    break;
                }

                after = page[^1].EventId;
            }
        }

        foreach (var warning in live.RecentWarnings)
        {
            if (warning.EventId > afterEventId)
            {
                merged.TryAdd(warning.EventId, warning);
            }
        }

        return [.. merged.Values];
    }

    private static bool TryGetLastEventId(HttpRequest request, out long? lastEventId, out string field, out string error)
    {
        lastEventId = null;
        field = "Last-Event-ID";
        error = string.Empty;
        string? text = request.Headers["Last-Event-ID"];
        if (string.IsNullOrEmpty(text))
        {
            field = "last_event_id";
            text = request.Query["last_event_id"];
        }

        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            lastEventId = id;
            return true;
        }

        error = $"must be a non-negative integer event id (got '{Truncate(text)}')";
        return false;
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");

    private static void WriteEvent(PipeWriter body, EncodedAlert alert)
    {
        body.Write(IdField);
        var span = body.GetSpan(20);
        alert.EventId.TryFormat(span, out var written, provider: CultureInfo.InvariantCulture);
        body.Advance(written);
        body.Write(alert.IsStatusChange ? StatusChangedAndData : EventAndData);

        // The warning is compact JSON, which never holds a raw line break, so it fits one data line.
        body.Write(alert.Warning);
        body.Write(EventEnd);
    }

    private static async Task FlushAsync(PipeWriter body, PushClient client, int events, PushHub hub, KeyValuePair<string, object?> transport, CancellationToken cancellationToken)
    {
        client.SendStarting();
        var result = await body.FlushAsync(cancellationToken);
        client.SendCompleted(events);
        if (events > 0)
        {
            hub.Metrics.PushMessages.Add(events, transport);
        }

        if (result.IsCanceled || result.IsCompleted)
        {
            throw new OperationCanceledException("The client's connection closed.");
        }
    }
}
