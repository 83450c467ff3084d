using System.Diagnostics;

namespace Vigil.Server.Push;

/// <summary>How a client is connected.</summary>
internal enum PushTransport
{
    WebSocket = 0,
    Sse,
}

/// <summary>What a client's send loop takes in one go: everything pending, coalesced.</summary>
internal sealed class PendingBatch
{
    public EncodedMarket? Market { get; set; }

    public EncodedCorrelations? Correlations { get; set; }

    public EncodedRisk? Risk { get; set; }

    public List<EncodedAlert> Alerts { get; } = [];

    public List<byte[]> Replies { get; } = [];

    public ClientSubscription Subscription { get; set; } = ClientSubscription.All;

    public bool IsEmpty => Market is null && Correlations is null && Risk is null && Alerts.Count == 0 && Replies.Count == 0;

    public void Clear()
    {
        Market = null;
        Correlations = null;
        Risk = null;
        Alerts.Clear();
        Replies.Clear();
    }
}

/// <summary>
/// One connected client's state: its subscription and what waits for it. The hub offers updates (cheap, never
/// blocking: newer state replaces older, alerts queue up to a bound); the client's own send loop takes what is
/// pending and writes it at its own pace. Thread-safe.
/// </summary>
internal sealed class PushClient : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Queue<EncodedAlert> _alerts = new();
    private readonly Queue<byte[]> _replies = new();
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly int _alertCapacity;
    private readonly Action _abort;
    private readonly Action<PushClient, long> _onCoalesced;
    private ClientSubscription _subscription;
    private EncodedMarket? _market;
    private EncodedCorrelations? _correlations;
    private EncodedRisk? _risk;
    private int _signaled;
    private int _aborted;
    private long _sendStartedAt;
    private long _coalesced;
    private int _overflowed;
    private long _framesSent;
    private long _messagesSent;

    public PushClient(long id, PushTransport transport, ClientSubscription subscription, int alertCapacity, Action abort, Action<PushClient, long> onCoalesced)
    {
        Id = id;
        Transport = transport;
        TransportTag = transport == PushTransport.WebSocket ? "websocket" : "sse";
        _subscription = subscription;
        _alertCapacity = alertCapacity;
        _abort = abort;
        _onCoalesced = onCoalesced;
    }

    public long Id { get; }

    public PushTransport Transport { get; }

    /// <summary>The transport as metrics tag it: <c>websocket</c> or <c>sse</c>.</summary>
    public string TransportTag { get; }

    public ClientSubscription Subscription
    {
        get
        {
            lock (_gate)
            {
                return _subscription;
            }
        }
    }

    /// <summary>Updates replaced by newer ones before this client took them.</summary>
    public long Coalesced => Interlocked.Read(ref _coalesced);

    /// <summary>Frames (WebSocket) or flushes of events (SSE) written.</summary>
    public long FramesSent => Interlocked.Read(ref _framesSent);

    /// <summary>Messages written.</summary>
    public long MessagesSent => Interlocked.Read(ref _messagesSent);

    /// <summary>Whether the client was disconnected for not reading.</summary>
    public bool Aborted => Volatile.Read(ref _aborted) != 0;

    /// <summary>How long the write in progress has been waiting for the client; zero when none is.</summary>
    public TimeSpan SendWaiting
    {
        get
        {
            var started = Interlocked.Read(ref _sendStartedAt);
            return started == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(started);
        }
    }

    /// <summary>Replaces the subscription; <paramref name="latest"/> (the current state) is offered at once under it.</summary>
    public void Subscribe(ClientSubscription subscription, EncodedMarket? latest, EncodedCorrelations? correlations, EncodedRisk? risk = null)
    {
        lock (_gate)
        {
            _subscription = subscription;
            if (!subscription.WantsAny(PushMessageTypes.RiskUpdate | PushMessageTypes.Prices))
            {
                _market = null;
            }
            else if (latest is not null && (_market is null || _market.Step < latest.Step))
            {
                _market = latest;
            }

            if (!subscription.WantsAny(PushMessageTypes.Correlations))
            {
                _correlations = null;
            }
            else if (correlations is not null)
            {
                _correlations ??= correlations;
            }

            if (!subscription.WantsAny(PushMessageTypes.Risk))
            {
                _risk = null;
            }
            else if (risk is not null)
            {
                _risk ??= risk;
            }
        }

        Signal();
    }

    /// <summary>Offers a market step: it replaces a step not yet sent.</summary>
    public void OfferMarket(EncodedMarket market)
    {
        var replaced = 0;
        lock (_gate)
        {
            var types = _subscription.Types & (PushMessageTypes.RiskUpdate | PushMessageTypes.Prices);
            if (types == PushMessageTypes.None)
            {
                return;
            }

            if (_market is not null)
            {
                replaced = types == (PushMessageTypes.RiskUpdate | PushMessageTypes.Prices) ? 2 : 1;
            }

            _market = market;
        }

        if (replaced > 0)
        {
            CountCoalesced(replaced);
        }

        Signal();
    }

    /// <summary>Offers a correlation matrix: it replaces one not yet sent.</summary>
    public void OfferCorrelations(EncodedCorrelations correlations)
    {
        var replaced = false;
        lock (_gate)
        {
            if (!_subscription.WantsAny(PushMessageTypes.Correlations))
            {
                return;
            }

            replaced = _correlations is not null;
            _correlations = correlations;
        }

        if (replaced)
        {
            CountCoalesced(1);
        }

        Signal();
    }

    /// <summary>Offers a risk summary: it replaces one not yet sent.</summary>
    public void OfferRisk(EncodedRisk risk)
    {
        var replaced = false;
        lock (_gate)
        {
            if (!_subscription.WantsAny(PushMessageTypes.Risk))
            {
                return;
            }

            replaced = _risk is not null;
            _risk = risk;
        }

        if (replaced)
        {
            CountCoalesced(1);
        }

        Signal();
    }

    /// <summary>
    /// Queues an alert. Alerts are never coalesced or dropped: a client with its buffer length of alerts still
    /// waiting has fallen hopelessly behind, and is marked <see cref="Overflowed"/> so its send loop closes it with
    /// the reason (it reconnects and resumes from the store rather than silently missing a warning).
    /// </summary>
    /// <returns>True when this alert overflowed the queue for the first time.</returns>
    public bool OfferAlert(EncodedAlert alert)
    {
        var overflowed = false;
        lock (_gate)
        {
            if (!_subscription.WantsAny(PushMessageTypes.Alert) || _overflowed != 0)
            {
                return false;
            }

            if (_alerts.Count >= _alertCapacity)
            {
                // The queue's alerts are no use once the client is to be closed: it resumes from the store.
                Volatile.Write(ref _overflowed, 1);
                _alerts.Clear();
                overflowed = true;
            }
            else
            {
                _alerts.Enqueue(alert);
            }
        }

        Signal();
        return overflowed;
    }

    /// <summary>Whether the client's alert queue overflowed: it is to be closed, with the reason.</summary>
    public bool Overflowed => Volatile.Read(ref _overflowed) != 0;

    /// <summary>Queues a reply (an error) for the next frame.</summary>
    public void Reply(byte[] message)
    {
        lock (_gate)
        {
            // A client that floods bad messages without reading gets its oldest replies dropped, not unbounded memory.
            if (_replies.Count >= _alertCapacity)
            {
                _replies.Dequeue();
            }

            _replies.Enqueue(message);
        }

        Signal();
    }

    /// <summary>
    /// When only state is pending (a market update, perhaps correlations; no alert or reply, which must never wait
    /// for newer state), the market update's <see cref="EncodedMarket.EnteredAtTimestamp"/>.
    /// </summary>
    /// <returns>Whether only state is pending and the market update carries its entry time.</returns>
    public bool TryPeekStateOnly(out long enteredAtTimestamp)
    {
        lock (_gate)
        {
            enteredAtTimestamp = _market?.EnteredAtTimestamp ?? 0;
            return enteredAtTimestamp > 0 && _alerts.Count == 0 && _replies.Count == 0;
        }
    }

    /// <summary>Moves everything pending into <paramref name="batch"/>.</summary>
    /// <returns>Whether there was anything.</returns>
    public bool TakePending(PendingBatch batch)
    {
        batch.Clear();
        lock (_gate)
        {
            batch.Subscription = _subscription;
            batch.Market = _market;
            batch.Correlations = _correlations;
            batch.Risk = _risk;
            _market = null;
            _correlations = null;
            _risk = null;
            while (_alerts.TryDequeue(out var alert))
            {
                batch.Alerts.Add(alert);
            }

            while (_replies.TryDequeue(out var reply))
            {
                batch.Replies.Add(reply);
            }
        }

        return !batch.IsEmpty;
    }

    /// <summary>Waits until something is offered or <paramref name="timeout"/> passes.</summary>
    /// <returns>True when something was offered.</returns>
    public async ValueTask<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!await _signal.WaitAsync(timeout, cancellationToken))
        {
            return false;
        }

        // Cleared before the pending state is taken, so an offer made after the take signals again.
        Volatile.Write(ref _signaled, 0);
        return true;
    }

    /// <summary>Marks the start of a write to the client (the hub's watchdog times it).</summary>
    public void SendStarting() => Interlocked.Exchange(ref _sendStartedAt, Math.Max(1, Stopwatch.GetTimestamp()));

    /// <summary>Marks the end of a write of <paramref name="messages"/> messages.</summary>
    public void SendCompleted(int messages)
    {
        Interlocked.Exchange(ref _sendStartedAt, 0);
        Interlocked.Increment(ref _framesSent);
        Interlocked.Add(ref _messagesSent, messages);
    }

    /// <summary>Disconnects the client (it stopped reading); the first call wins.</summary>
    public bool Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0)
        {
            return false;
        }

        _abort();
        return true;
    }

    public void Dispose() => _signal.Dispose();

    private void Signal()
    {
        if (Interlocked.Exchange(ref _signaled, 1) == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (ObjectDisposedException)
            {
                // The client left while the hub offered it an update; nothing waits for the signal.
            }
        }
    }

    private void CountCoalesced(long count)
    {
        Interlocked.Add(ref _coalesced, count);
        _onCoalesced(this, count);
    }
}
