using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Vigil.Engine.Bus;
using Vigil.Engine.Live;
using Vigil.Server.Live;
using Vigil.Server.Metrics;
using Vigil.Server.Options;

namespace Vigil.Server.Push;

/// <summary>
/// Fans the engine's output out to push clients. It reads the bus on its own cheap subscriptions — market steps
/// and correlations coalesced to the latest, warnings queued — encodes each message once, and offers it to every
/// client's own state; each client's send loop writes at its own pace. Nothing a client does can slow the hub or
/// the engine: offers never wait, and a client whose write stays stuck past the send timeout is disconnected.
/// </summary>
public sealed partial class PushHub : IHostedService, IDisposable
{
    private static readonly TimeSpan WatchdogInterval = TimeSpan.FromMilliseconds(250);

    private readonly IBus _bus;
    private readonly LiveMarket _live;
    private readonly SimulatorControl _control;
    private readonly VigilMetrics _metrics;
    private readonly ILogger<PushHub> _logger;
    private readonly Lock _clientsGate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _disconnectedSlow;
    private readonly List<Task> _loops = [];
    private readonly List<IAsyncDisposable> _subscriptions = [];
    private CancellationTokenRegistration _onStopping;
    private PushClient[] _clients = [];
    private long _nextClientId;
    private int _stopped;
    private EncodedMarket? _latestMarket;
    private EncodedCorrelations? _latestCorrelations;
    private EncodedRisk? _latestRisk;
    private long _rejectedTotal;
    private long _disconnectedSlowTotal;

    /// <summary>Creates the hub; it subscribes to the bus when the host starts.</summary>
    /// <param name="bus">The bus the engine publishes on.</param>
    /// <param name="live">The live view (instruments, recent warnings).</param>
    /// <param name="control">The simulator (its instruments, before the engine runs).</param>
    /// <param name="metrics">The Vigil meter's instruments.</param>
    /// <param name="meterFactory">The host's meter factory, for the push area's own counters on the Vigil meter.</param>
    /// <param name="options">The service's options (the <c>Push</c> section).</param>
    /// <param name="lifetime">The host's lifetime: clients are closed when it starts stopping.</param>
    /// <param name="logger">The hub's logger.</param>
    public PushHub(
        IBus bus,
        LiveMarket live,
        SimulatorControl control,
        VigilMetrics metrics,
        IMeterFactory meterFactory,
        IOptions<VigilOptions> options,
        IHostApplicationLifetime lifetime,
        ILogger<PushHub> logger)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(lifetime);
        _bus = bus;
        _live = live;
        _control = control;
        _metrics = metrics;
        _logger = logger;
        Settings = options.Value.Push;
        var meter = meterFactory.Create(VigilMetrics.MeterName);
        _rejected = meter.CreateCounter<long>("vigil.push.rejected", "{message}", "Client messages and requests rejected as malformed or unknown, by transport.");
        _disconnectedSlow = meter.CreateCounter<long>("vigil.push.disconnected_slow", "{client}", "Clients disconnected because they stopped reading (a write stuck past the send timeout, or a full alert queue), by transport.");
        Stopping = _stopping.Token;
        _onStopping = lifetime.ApplicationStopping.Register(() => _stopping.Cancel());
    }

    /// <summary>The number of connected clients, both transports.</summary>
    public int ClientCount => Volatile.Read(ref _clients).Length;

    /// <summary>Client messages and requests rejected since start.</summary>
    public long Rejected => Interlocked.Read(ref _rejectedTotal);

    /// <summary>Clients disconnected for not reading since start.</summary>
    public long DisconnectedSlow => Interlocked.Read(ref _disconnectedSlowTotal);

    internal PushSettings Settings { get; }

    /// <summary>Cancelled when the service starts shutting down: clients are closed.</summary>
    internal CancellationToken Stopping { get; }

    internal IReadOnlyList<PushClient> Clients => Volatile.Read(ref _clients);

    internal EncodedMarket? LatestMarket => Volatile.Read(ref _latestMarket);

    internal EncodedCorrelations? LatestCorrelations => Volatile.Read(ref _latestCorrelations);

    /// <summary>The latest encoded risk summary, or null before the first.</summary>
    internal EncodedRisk? LatestRisk => Volatile.Read(ref _latestRisk);

    internal LiveMarket Live => _live;

    internal VigilMetrics Metrics => _metrics;

    /// <summary>The instruments clients may subscribe to.</summary>
    internal IReadOnlyList<Vigil.Core.Instruments.Instrument> Instruments => _live.Instruments is { Count: > 0 } running ? running : _control.Simulator.Registry.All;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var market = _bus.Subscribe(LiveTopics.Market, new SubscriptionOptions<MarketUpdate>
        {
            Name = "push",
            Capacity = 1,
            Policy = BackpressurePolicy.CoalesceByKey,
            Key = static _ => "latest",
        });
        var correlations = _bus.Subscribe(LiveTopics.Correlations, new SubscriptionOptions<CorrelationUpdate>
        {
            Name = "push",
            Capacity = 1,
            Policy = BackpressurePolicy.CoalesceByKey,
            Key = static _ => "latest",
        });

        // Warnings are rare (a few per episode) and never coalesced; the hub reads them at once, so a buffer this
        // size is never reached, and dropping beats blocking the engine if it ever were.
        var warnings = _bus.Subscribe(LiveTopics.Warnings, new SubscriptionOptions<PublishedWarning>
        {
            Name = "push",
            Capacity = 4096,
            Policy = BackpressurePolicy.DropOldest,
        });
        var risk = _bus.Subscribe(RiskTopics.Risk, new SubscriptionOptions<RiskSummary>
        {
            Name = "push",
            Capacity = 1,
            Policy = BackpressurePolicy.CoalesceByKey,
            Key = static _ => "latest",
        });
        _subscriptions.AddRange([market, correlations, warnings, risk]);
        var token = Stopping;
        _loops.Add(Task.Run(() => PumpAsync(market, OnMarket, token), CancellationToken.None));
        _loops.Add(Task.Run(() => PumpAsync(correlations, OnCorrelations, token), CancellationToken.None));
        _loops.Add(Task.Run(() => PumpAsync(warnings, OnWarning, token), CancellationToken.None));
        _loops.Add(Task.Run(() => PumpAsync(risk, OnRisk, token), CancellationToken.None));
        _loops.Add(Task.Run(() => WatchdogAsync(token), CancellationToken.None));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Safe to call more than once and after <see cref="Dispose"/>: a host run by <c>Run()</c> under a test factory is
    /// stopped both by the factory and by <c>Run()</c>, which disposes the services when it returns.
    /// </remarks>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            try
            {
                await _stopping.CancelAsync();
            }
            catch (ObjectDisposedException)
            {
                // Already disposed, which cancelled nothing: the loops end with their subscriptions below.
            }

            foreach (var subscription in _subscriptions)
            {
                await subscription.DisposeAsync();
            }
        }

        await Task.WhenAll(_loops).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _onStopping.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Registers a client; it is offered the current state at once.</summary>
    internal PushClient Connect(PushTransport transport, ClientSubscription subscription, Action abort)
    {
        var client = new PushClient(
            Interlocked.Increment(ref _nextClientId),
            transport,
            subscription,
            Settings.ClientBufferLength,
            abort,
            (c, n) => _metrics.PushCoalesced.Add(n, Transport(c)));
        lock (_clientsGate)
        {
            _clients = [.. _clients, client];
        }

        _metrics.PushClients.Add(1, Transport(client));
        client.Subscribe(subscription, LatestMarket, LatestCorrelations, LatestRisk);
        return client;
    }

    /// <summary>Removes a client.</summary>
    internal void Disconnect(PushClient client)
    {
        var removed = false;
        lock (_clientsGate)
        {
            var index = Array.IndexOf(_clients, client);
            if (index >= 0)
            {
                _clients = [.. _clients[..index], .. _clients[(index + 1)..]];
                removed = true;
            }
        }

        if (removed)
        {
            _metrics.PushClients.Add(-1, Transport(client));
        }
    }

    /// <summary>Counts a rejected client message or request.</summary>
    internal void CountRejected(string transport, string reason)
    {
        Interlocked.Increment(ref _rejectedTotal);
        _rejected.Add(1, new KeyValuePair<string, object?>("transport", transport));
        LogRejected(_logger, transport, reason);
    }

    internal static KeyValuePair<string, object?> Transport(PushClient client) => new("transport", client.TransportTag);

    private void OnMarket(MarketUpdate update, JsonScratch scratch)
    {
        var encoded = PushEncoder.EncodeMarket(update, scratch);
        Volatile.Write(ref _latestMarket, encoded);
        foreach (var client in Volatile.Read(ref _clients))
        {
            client.OfferMarket(encoded);
        }
    }

    private void OnCorrelations(CorrelationUpdate update, JsonScratch scratch)
    {
        var encoded = PushEncoder.EncodeCorrelations(update, scratch);
        Volatile.Write(ref _latestCorrelations, encoded);
        foreach (var client in Volatile.Read(ref _clients))
        {
            client.OfferCorrelations(encoded);
        }
    }

    private void OnRisk(RiskSummary summary, JsonScratch scratch)
    {
        var encoded = PushEncoder.EncodeRisk(summary, scratch);
        Volatile.Write(ref _latestRisk, encoded);
        foreach (var client in Volatile.Read(ref _clients))
        {
            client.OfferRisk(encoded);
        }
    }

    private void OnWarning(PublishedWarning warning, JsonScratch scratch)
    {
        var encoded = PushEncoder.EncodeAlert(warning, scratch);
        foreach (var client in Volatile.Read(ref _clients))
        {
            if (client.OfferAlert(encoded))
            {
                CountDisconnectedSlow(client);
                LogAlertQueueFull(_logger, client.Id, client.TransportTag, Settings.ClientBufferLength);
            }
        }
    }

    private async Task PumpAsync<T>(IBusSubscription<T> subscription, Action<T, JsonScratch> handle, CancellationToken cancellationToken)
    {
        var scratch = new JsonScratch();
        try
        {
            while (await subscription.WaitToReadAsync(cancellationToken))
            {
                while (subscription.TryRead(out var message))
                {
                    try
                    {
                        handle(message, scratch);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // One message that cannot be encoded must not end push for everyone.
                        LogFanOutFailed(_logger, typeof(T).Name, e);
                        scratch.Dispose();
                        scratch = new JsonScratch();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            scratch.Dispose();
        }
    }

    private async Task WatchdogAsync(CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromSeconds(Settings.SendTimeoutSeconds);
        using var timer = new PeriodicTimer(WatchdogInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                foreach (var client in Volatile.Read(ref _clients))
                {
                    var waiting = client.SendWaiting;
                    if (waiting > timeout && client.Abort())
                    {
                        CountDisconnectedSlow(client);
                        LogDisconnectedSlow(_logger, client.Id, client.TransportTag, waiting.TotalSeconds);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    internal void CountDisconnectedSlow(PushClient client)
    {
        Interlocked.Increment(ref _disconnectedSlowTotal);
        _disconnectedSlow.Add(1, Transport(client));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push client {ClientId} ({Transport}) is being closed: {Alerts} alerts waited for it to read")]
    private static partial void LogAlertQueueFull(ILogger logger, long clientId, string transport, int alerts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push client {ClientId} ({Transport}) disconnected: a write waited {Seconds:F1} s for it to read")]
    private static partial void LogDisconnectedSlow(ILogger logger, long clientId, string transport, double seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rejected a {Transport} client's message: {Reason}")]
    private static partial void LogRejected(ILogger logger, string transport, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Push could not fan out a {MessageType}")]
    private static partial void LogFanOutFailed(ILogger logger, string messageType, Exception exception);
}
