namespace Vigil.Engine.Bus;

/// <summary>A named stream of messages of one type.</summary>
/// <typeparam name="T">The message type.</typeparam>
/// <param name="Name">The topic's name, for example <c>market</c>; also the stream name in an external bus.</param>
public sealed record BusTopic<T>(string Name);

/// <summary>What a subscription does when its buffer is full and another message arrives.</summary>
public enum BackpressurePolicy
{
    /// <summary>The publisher waits for room. Only for consumers that never fall far behind (they buffer or spool themselves).</summary>
    Block = 0,

    /// <summary>The oldest buffered message is dropped and counted.</summary>
    DropOldest,

    /// <summary>A message replaces the buffered one with the same key (the latest per key wins); replaced messages are counted as dropped.</summary>
    CoalesceByKey,
}

/// <summary>How one subscriber receives a topic.</summary>
/// <typeparam name="T">The message type.</typeparam>
public sealed record SubscriptionOptions<T>
{
    /// <summary>The subscriber's name, as it appears in metrics and health.</summary>
    public required string Name { get; init; }

    /// <summary>How many messages (or keys, when coalescing) may wait; positive.</summary>
    public int Capacity { get; init; } = 1024;

    /// <summary>What happens when the buffer is full.</summary>
    public BackpressurePolicy Policy { get; init; } = BackpressurePolicy.DropOldest;

    /// <summary>The coalescing key of a message; required with <see cref="BackpressurePolicy.CoalesceByKey"/>.</summary>
    public Func<T, string>? Key { get; init; }
}

/// <summary>One subscriber's counters.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Subscriber">The subscriber's name.</param>
/// <param name="Policy">Its backpressure policy.</param>
/// <param name="Depth">Messages waiting now.</param>
/// <param name="Delivered">Messages read so far.</param>
/// <param name="Dropped">Messages dropped (or coalesced away) so far.</param>
public sealed record SubscriptionStats(string Topic, string Subscriber, BackpressurePolicy Policy, int Depth, long Delivered, long Dropped);

/// <summary>A subscriber's end of a topic.</summary>
/// <typeparam name="T">The message type.</typeparam>
public interface IBusSubscription<T> : IAsyncDisposable
{
    /// <summary>The subscriber's counters.</summary>
    SubscriptionStats Stats { get; }

    /// <summary>Waits until a message is available; false once the bus is closed and the buffer is empty.</summary>
    /// <param name="cancellationToken">Stops the wait.</param>
    ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default);

    /// <summary>Takes the next message, if one is waiting.</summary>
    /// <param name="message">The message.</param>
    bool TryRead(out T message);

    /// <summary>Every message until the bus closes or <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    IAsyncEnumerable<T> ReadAllAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// Moves messages from publishers (the engine) to subscribers (the store, push, the live view). A slow subscriber
/// never slows the others; whether it slows the publisher is its own policy's choice (<see cref="BackpressurePolicy"/>).
/// </summary>
public interface IBus : IAsyncDisposable
{
    /// <summary>Hands <paramref name="message"/> to every subscriber of <paramref name="topic"/>.</summary>
    /// <typeparam name="T">The message type.</typeparam>
    /// <param name="topic">The topic.</param>
    /// <param name="message">The message; not null.</param>
    /// <param name="cancellationToken">Stops a wait on a blocking subscriber.</param>
    /// <returns>Completes at once unless a <see cref="BackpressurePolicy.Block"/> subscriber is full.</returns>
    ValueTask PublishAsync<T>(BusTopic<T> topic, T message, CancellationToken cancellationToken = default)
        where T : class;

    /// <summary>Subscribes to <paramref name="topic"/> from now on.</summary>
    /// <typeparam name="T">The message type.</typeparam>
    /// <param name="topic">The topic.</param>
    /// <param name="options">The subscriber's name, capacity and policy.</param>
    IBusSubscription<T> Subscribe<T>(BusTopic<T> topic, SubscriptionOptions<T> options)
        where T : class;

    /// <summary>Every subscriber's counters.</summary>
    IReadOnlyList<SubscriptionStats> Stats { get; }
}
