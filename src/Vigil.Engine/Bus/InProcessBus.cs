using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Vigil.Engine.Bus;

/// <summary>
/// The embedded bus: each subscriber has its own bounded buffer in the process, with its own backpressure policy.
/// Publishing to subscribers that drop or coalesce never waits. Thread-safe.
/// </summary>
public sealed class InProcessBus : IBus
{
    private readonly ConcurrentDictionary<string, object> _topics = new(StringComparer.Ordinal);
    private readonly List<ISubscriptionCounters> _all = [];
    private readonly Lock _gate = new();
    private bool _closed;

    /// <inheritdoc />
    public IReadOnlyList<SubscriptionStats> Stats
    {
        get
        {
            lock (_gate)
            {
                return [.. _all.Select(s => s.Stats)];
            }
        }
    }

    /// <inheritdoc />
    public ValueTask PublishAsync<T>(BusTopic<T> topic, T message, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(message);
        if (!_topics.TryGetValue(topic.Name, out var state))
        {
            return ValueTask.CompletedTask;
        }

        var subscribers = ((TopicState<T>)state).Subscribers;
        for (var i = 0; i < subscribers.Length; i++)
        {
            var pending = subscribers[i].Offer(message, cancellationToken);
            if (!pending.IsCompletedSuccessfully)
            {
                return PublishSlowAsync(pending, subscribers, i + 1, message, cancellationToken);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public IBusSubscription<T> Subscribe<T>(BusTopic<T> topic, SubscriptionOptions<T> options)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Capacity);
        if (!Enum.IsDefined(options.Policy))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Policy, $"Subscriber '{options.Name}' has an unknown Policy.");
        }

        if (options.Policy == BackpressurePolicy.CoalesceByKey && options.Key is null)
        {
            throw new ArgumentException($"Subscriber '{options.Name}' coalesces by key but has no Key function.", nameof(options));
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            var state = (TopicState<T>)_topics.GetOrAdd(topic.Name, _ => new TopicState<T>());
            Subscription<T> subscription = options.Policy == BackpressurePolicy.CoalesceByKey
                ? new CoalescingSubscription<T>(topic.Name, options, s => Remove(state, s))
                : new ChannelSubscription<T>(topic.Name, options, s => Remove(state, s));
            state.Subscribers = [.. state.Subscribers, subscription];
            _all.Add(subscription);
            return subscription;
        }
    }

    /// <summary>Completes every subscription: readers drain what is buffered and then see the end.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _closed = true;
            foreach (var subscription in _all)
            {
                subscription.Complete();
            }
        }

        return ValueTask.CompletedTask;
    }

    private static async ValueTask PublishSlowAsync<T>(ValueTask pending, Subscription<T>[] subscribers, int next, T message, CancellationToken cancellationToken)
        where T : class
    {
        await pending;
        for (var i = next; i < subscribers.Length; i++)
        {
            await subscribers[i].Offer(message, cancellationToken);
        }
    }

    private void Remove<T>(TopicState<T> state, Subscription<T> subscription)
        where T : class
    {
        lock (_gate)
        {
            state.Subscribers = [.. state.Subscribers.Where(s => !ReferenceEquals(s, subscription))];
            _all.Remove(subscription);
        }
    }

    private interface ISubscriptionCounters
    {
        SubscriptionStats Stats { get; }

        void Complete();
    }

    private sealed class TopicState<T>
        where T : class
    {
        // Copied on write so publishing reads a stable array without a lock.
        public volatile Subscription<T>[] Subscribers = [];
    }

    private abstract class Subscription<T>(string topic, SubscriptionOptions<T> options, Action<Subscription<T>> remove)
        : IBusSubscription<T>, ISubscriptionCounters
        where T : class
    {
        private long _delivered;
        private long _dropped;
        private int _removed;

        protected SubscriptionOptions<T> Options { get; } = options;

        public SubscriptionStats Stats => new(topic, Options.Name, Options.Policy, Depth, Interlocked.Read(ref _delivered), Interlocked.Read(ref _dropped));

        protected abstract int Depth { get; }

        public abstract ValueTask Offer(T message, CancellationToken cancellationToken);

        public abstract ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default);

        public bool TryRead(out T message)
        {
            if (TryTake(out message))
            {
                Interlocked.Increment(ref _delivered);
                return true;
            }

            return false;
        }

        public async IAsyncEnumerable<T> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            while (await WaitToReadAsync(cancellationToken))
            {
                while (TryRead(out var message))
                {
                    yield return message;
                }
            }
        }

        public abstract void Complete();

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _removed, 1) == 0)
            {
                remove(this);
                Complete();
            }

            return ValueTask.CompletedTask;
        }

        protected abstract bool TryTake(out T message);

        protected void CountDropped() => Interlocked.Increment(ref _dropped);
    }

    private sealed class ChannelSubscription<T> : Subscription<T>
        where T : class
    {
        private readonly Channel<T> _channel;

        public ChannelSubscription(string topic, SubscriptionOptions<T> options, Action<Subscription<T>> remove)
            : base(topic, options, remove)
        {
            var mode = options.Policy == BackpressurePolicy.Block ? BoundedChannelFullMode.Wait : BoundedChannelFullMode.DropOldest;
            _channel = Channel.CreateBounded<T>(
                new BoundedChannelOptions(options.Capacity) { FullMode = mode, SingleReader = true, SingleWriter = false },
                _ => CountDropped());
        }

        protected override int Depth => _channel.Reader.Count;

        public override ValueTask Offer(T message, CancellationToken cancellationToken)
        {
            if (_channel.Writer.TryWrite(message))
            {
                return ValueTask.CompletedTask;
            }

            // Only a blocking subscriber gets here (drop-oldest always has room); a closed one ignores the message.
            return Options.Policy == BackpressurePolicy.Block ? WriteWaitingAsync(message, cancellationToken) : ValueTask.CompletedTask;
        }

        public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) =>
            _channel.Reader.WaitToReadAsync(cancellationToken);

        public override void Complete() => _channel.Writer.TryComplete();

        protected override bool TryTake(out T message) => _channel.Reader.TryRead(out message!);

        private async ValueTask WriteWaitingAsync(T message, CancellationToken cancellationToken)
        {
            try
            {
                await _channel.Writer.WriteAsync(message, cancellationToken);
            }
            catch (ChannelClosedException)
            {
                // The subscriber left while the publisher waited; nobody is owed the message.
            }
        }
    }

    private sealed class CoalescingSubscription<T> : Subscription<T>
        where T : class
    {
        private readonly Func<T, string> _key;
        private readonly Dictionary<string, T> _latest = new(StringComparer.Ordinal);
        private readonly Queue<string> _order = new();
        private readonly Lock _gate = new();
        private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        private bool _completed;

        public CoalescingSubscription(string topic, SubscriptionOptions<T> options, Action<Subscription<T>> remove)
            : base(topic, options, remove)
        {
            _key = options.Key!;
        }

        protected override int Depth
        {
            get
            {
                lock (_gate)
                {
                    return _latest.Count;
                }
            }
        }

        public override ValueTask Offer(T message, CancellationToken cancellationToken)
        {
            var key = _key(message);
            lock (_gate)
            {
                if (_completed)
                {
                    // Closed (the bus or the subscription): like a completed channel, it takes nothing more.
                    return ValueTask.CompletedTask;
                }

                if (_latest.ContainsKey(key))
                {
                    // A newer message for a key still waiting replaces it: only the latest matters.
                    _latest[key] = message;
                    CountDropped();
                }
                else if (_latest.Count >= Options.Capacity)
                {
                    // Too many distinct keys waiting: the oldest key's message goes.
                    _latest.Remove(_order.Dequeue());
                    _latest[key] = message;
                    _order.Enqueue(key);
                    CountDropped();
                }
                else
                {
                    _latest[key] = message;
                    _order.Enqueue(key);
                }
            }

            _signal.Writer.TryWrite(true);
            return ValueTask.CompletedTask;
        }

        public override async ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
        {
            while (true)
            {
                lock (_gate)
                {
                    if (_latest.Count > 0)
                    {
                        return true;
                    }
                }

                if (!await _signal.Reader.WaitToReadAsync(cancellationToken))
                {
                    lock (_gate)
                    {
                        return _latest.Count > 0;
                    }
                }

                _signal.Reader.TryRead(out _);
            }
        }

        public override void Complete()
        {
            lock (_gate)
            {
                _completed = true;
            }

            _signal.Writer.TryComplete();
        }

        protected override bool TryTake(out T message)
        {
            lock (_gate)
            {
                while (_order.TryDequeue(out var key))
                {
                    if (_latest.Remove(key, out message!))
                    {
                        return true;
                    }
                }

                message = default!;
                return false;
            }
        }
    }
}
