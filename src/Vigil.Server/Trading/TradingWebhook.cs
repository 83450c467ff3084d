using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Vigil.Engine.Trading;
using Vigil.Server.Api;
using Vigil.Server.Options;

namespace Vigil.Server.Trading;

/// <summary>
/// POSTs every run state change to <c>Vigil:Trading:WebhookUrl</c> as JSON (<see cref="RunWebhookPayload"/>), one at a
/// time and in order, retrying failures with exponential backoff. Changes wait in a bounded queue: a receiver that is
/// down never holds up the engine, and when the queue is full the oldest change is dropped (counted, logged).
/// </summary>
internal sealed partial class TradingWebhook : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly MediaTypeHeaderValue JsonType = new("application/json") { CharSet = "utf-8" };

    private readonly TradingSettings _settings;
    private readonly ILogger<TradingWebhook> _logger;
    private readonly Uri? _url;
    private readonly Channel<RunWebhookPayload> _queue;
    private long _delivered;
    private long _failed;
    private long _dropped;
    private long _failedAttempts;

    public TradingWebhook(IOptions<VigilOptions> options, ILogger<TradingWebhook> logger)
    {
        _settings = options.Value.Trading;
        _logger = logger;
        _url = string.IsNullOrEmpty(_settings.WebhookUrl) ? null : new Uri(_settings.WebhookUrl, UriKind.Absolute);
        _queue = Channel.CreateBounded<RunWebhookPayload>(
            new BoundedChannelOptions(_settings.WebhookQueueLength) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest },
            dropped =>
            {
                Interlocked.Increment(ref _dropped);
                LogDropped(_logger, dropped.Change.Sequence, dropped.Change.RunId);
            });
    }

    /// <summary>Changes the receiver acknowledged (2xx).</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Changes given up on after every attempt failed.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Changes dropped from a full queue.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Attempts that failed (each change may take several).</summary>
    public long FailedAttempts => Interlocked.Read(ref _failedAttempts);

    /// <summary>Queues a change for the receiver; never waits. Does nothing when no webhook is configured.</summary>
    /// <param name="change">The change.</param>
    /// <param name="run">The run's snapshot after it.</param>
    public void Enqueue(AuditEvent change, TradingRun? run)
    {
        if (_url is not null)
        {
            _queue.Writer.TryWrite(new RunWebhookPayload(TradingApi.ToResponse(change), run is null ? null : TradingApi.ToResponse(run)));
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Queued changes get until the host's shutdown timeout to go out; what is still queued then is not sent.
        _queue.Writer.TryComplete();
        if (ExecuteTask is { } running)
        {
            try
            {
                await running.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The shutdown timeout: base.StopAsync cancels the delivery in progress.
            }
        }

        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_url is null)
        {
            return;
        }

        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        try
        {
            await foreach (var payload in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                await DeliverAsync(http, _url, payload, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task DeliverAsync(HttpClient http, Uri url, RunWebhookPayload payload, CancellationToken stoppingToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(payload, ApiJsonContext.Default.RunWebhookPayload);
        var backoff = TimeSpan.FromMilliseconds(_settings.WebhookInitialBackoffMs);
        for (var attempt = 1; ; attempt++)
        {
            string failure;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(_settings.WebhookTimeoutMs);
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = JsonType;
                using var response = await http.PostAsync(url, content, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref _delivered);
                    return;
                }

                failure = $"HTTP {(int)response.StatusCode}";
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                failure = $"no answer within {_settings.WebhookTimeoutMs} ms";
            }
            catch (HttpRequestException e)
            {
                failure = e.Message;
            }

            Interlocked.Increment(ref _failedAttempts);
            if (attempt >= _settings.WebhookMaxAttempts)
            {
                Interlocked.Increment(ref _failed);
                LogGaveUp(_logger, payload.Change.Sequence, payload.Change.RunId, attempt, failure);
                return;
            }

            LogRetrying(_logger, payload.Change.Sequence, attempt, failure, backoff.TotalMilliseconds);
            await Task.Delay(backoff, stoppingToken);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run webhook: change {Sequence} attempt {Attempt} failed ({Failure}); retrying in {BackoffMs} ms")]
    private static partial void LogRetrying(ILogger logger, long sequence, int attempt, string failure, double backoffMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run webhook: gave up on change {Sequence} of run {RunId} after {Attempts} attempts ({Failure})")]
    private static partial void LogGaveUp(ILogger logger, long sequence, string runId, int attempts, string failure);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run webhook: queue full, dropped change {Sequence} of run {RunId}")]
    private static partial void LogDropped(ILogger logger, long sequence, string runId);
}
