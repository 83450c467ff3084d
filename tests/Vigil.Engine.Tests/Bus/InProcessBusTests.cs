using Vigil.Engine.Bus;

namespace Vigil.Engine.Tests.Bus;

public sealed class InProcessBusTests
{
    private static readonly BusTopic<Msg> Market = new("market");
    private static readonly BusTopic<Msg> Warnings = new("warnings");
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private sealed record Msg(string Key, int Seq);

    private static SubscriptionOptions<Msg> Options(string name, BackpressurePolicy policy, int capacity = 1024) => new()
    {
        Name = name,
        Policy = policy,
        Capacity = capacity,
        Key = policy == BackpressurePolicy.CoalesceByKey ? m => m.Key : null,
    };

    private static List<Msg> Drain(IBusSubscription<Msg> subscription)
    {
        var read = new List<Msg>();
        while (subscription.TryRead(out var message))
        {
            read.Add(message);
        }

        return read;
    }

    private static async Task PublishAllAsync(InProcessBus bus, BusTopic<Msg> topic, IEnumerable<Msg> messages)
    {
        foreach (var message in messages)
        {
            await bus.PublishAsync(topic, message);
        }
    }

    /// <summary>Publishes and asserts the publisher did not have to wait.</summary>
    private static void PublishWithoutWaiting(InProcessBus bus, BusTopic<Msg> topic, Msg message)
    {
        var publish = bus.PublishAsync(topic, message).AsTask();
        Assert.True(publish.IsCompletedSuccessfully, $"publishing {message} made the producer wait");
    }

    private static Msg[] Sequence(int count, string key = "k") => [.. Enumerable.Range(0, count).Select(i => new Msg(key, i))];

    [Theory]
    [InlineData(BackpressurePolicy.Block, 8)]
    [InlineData(BackpressurePolicy.DropOldest, 500)]
    public async Task Every_subscriber_receives_every_message_in_order_when_it_keeps_up(BackpressurePolicy policy, int capacity)
    {
        // A blocking subscriber keeps up by pacing the producer; a dropping one only if its buffer covers the burst.
        await using var bus = new InProcessBus();
        await using var first = bus.Subscribe(Market, Options("first", policy, capacity));
        await using var second = bus.Subscribe(Market, Options("second", policy, capacity));
        var messages = Sequence(500);

        var readFirst = first.ReadAllAsync().Take(messages.Length).ToArrayAsync().AsTask();
        var readSecond = second.ReadAllAsync().Take(messages.Length).ToArrayAsync().AsTask();
        await PublishAllAsync(bus, Market, messages).WaitAsync(Patience);

        Assert.Equal(messages, await readFirst.WaitAsync(Patience));
        Assert.Equal(messages, await readSecond.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_coalescing_subscriber_that_keeps_up_receives_every_message_in_order()
    {
        await using var bus = new InProcessBus();
        await using var subscription = bus.Subscribe(Market, Options("view", BackpressurePolicy.CoalesceByKey, capacity: 4));
        var read = new List<Msg>();

        foreach (var message in Sequence(50, "a").Concat(Sequence(50, "b")))
        {
            await bus.PublishAsync(Market, message);
            Assert.True(await subscription.WaitToReadAsync().AsTask().WaitAsync(Patience));
            read.AddRange(Drain(subscription));
        }

        Assert.Equal(Sequence(50, "a").Concat(Sequence(50, "b")), read);
        Assert.Equal(0, subscription.Stats.Dropped);
    }

    [Fact]
    public async Task A_subscriber_sees_only_messages_published_after_it_subscribed()
    {
        await using var bus = new InProcessBus();
        await bus.PublishAsync(Market, new Msg("k", 0));
        await using var subscription = bus.Subscribe(Market, Options("late", BackpressurePolicy.DropOldest));
        await bus.PublishAsync(Market, new Msg("k", 1));

        Assert.Equal([new Msg("k", 1)], Drain(subscription));
    }

    [Fact]
    public async Task Topics_are_independent()
    {
        await using var bus = new InProcessBus();
        await using var market = bus.Subscribe(Market, Options("market-reader", BackpressurePolicy.Block, capacity: 2));
        await using var warnings = bus.Subscribe(Warnings, Options("warnings-reader", BackpressurePolicy.DropOldest, capacity: 2));

        await bus.PublishAsync(Market, new Msg("m", 0));
        await bus.PublishAsync(Market, new Msg("m", 1));
        for (var i = 0; i < 5; i++)
        {
            PublishWithoutWaiting(bus, Warnings, new Msg("w", i));
        }

        Assert.Equal([new Msg("m", 0), new Msg("m", 1)], Drain(market));
        Assert.Equal([new Msg("w", 3), new Msg("w", 4)], Drain(warnings));
        Assert.Equal(0, market.Stats.Dropped);
        Assert.Equal(3, warnings.Stats.Dropped);
    }

    [Fact]
    public async Task DropOldest_keeps_the_newest_capacity_messages_counts_every_drop_and_never_makes_the_producer_wait()
    {
        await using var bus = new InProcessBus();
        await using var subscription = bus.Subscribe(Market, Options("push", BackpressurePolicy.DropOldest, capacity: 4));

        foreach (var message in Sequence(10))
        {
            PublishWithoutWaiting(bus, Market, message);
        }

        Assert.Equal(4, subscription.Stats.Depth);
        Assert.Equal(6, subscription.Stats.Dropped);
        Assert.Equal(Sequence(10)[6..], Drain(subscription));
        Assert.Equal(4, subscription.Stats.Delivered);
        Assert.Equal(6, subscription.Stats.Dropped);

        // The count keeps running across bursts.
        foreach (var message in Sequence(7))
        {
            PublishWithoutWaiting(bus, Market, message);
        }

        Assert.Equal(Sequence(7)[3..], Drain(subscription));
        Assert.Equal(9, subscription.Stats.Dropped);
        Assert.Equal(8, subscription.Stats.Delivered);
    }

    [Fact]
    public async Task CoalesceByKey_delivers_the_latest_message_per_key_in_the_order_keys_first_arrived()
    {
        await using var bus = new InProcessBus();
        await using var subscription = bus.Subscribe(Market, Options("view", BackpressurePolicy.CoalesceByKey, capacity: 16));

        Msg[] published = [new("a", 1), new("b", 1), new("a", 2), new("c", 1), new("b", 2), new("a", 3)];
        foreach (var message in published)
        {
            PublishWithoutWaiting(bus, Market, message);
        }

        Assert.Equal(3, subscription.Stats.Depth);
        Assert.Equal(3, subscription.Stats.Dropped);
        Assert.Equal([new Msg("a", 3), new Msg("b", 2), new Msg("c", 1)], Drain(subscription));
        Assert.Equal(new SubscriptionStats("market", "view", BackpressurePolicy.CoalesceByKey, 0, 3, 3), subscription.Stats);

        // Once read, a key queues again behind the keys already waiting.
        PublishWithoutWaiting(bus, Market, new Msg("b", 3));
        PublishWithoutWaiting(bus, Market, new Msg("a", 4));
        Assert.Equal([new Msg("b", 3), new Msg("a", 4)], Drain(subscription));
        Assert.Equal(3, subscription.Stats.Dropped);
    }

    [Fact]
    public async Task CoalesceByKey_over_capacity_drops_the_oldest_key_and_counts_it()
    {
        await using var bus = new InProcessBus();
        await using var subscription = bus.Subscribe(Market, Options("view", BackpressurePolicy.CoalesceByKey, capacity: 2));

        PublishWithoutWaiting(bus, Market, new Msg("a", 1));
        PublishWithoutWaiting(bus, Market, new Msg("b", 1));
        PublishWithoutWaiting(bus, Market, new Msg("c", 1));

        Assert.Equal(2, subscription.Stats.Depth);
        Assert.Equal(1, subscription.Stats.Dropped);
        Assert.Equal([new Msg("b", 1), new Msg("c", 1)], Drain(subscription));
    }

    [Fact]
    public async Task CoalesceByKey_never_makes_the_producer_wait_however_far_the_reader_falls_behind()
    {
        await using var bus = new InProcessBus();
        await using var subscription = bus.Subscribe(Market, Options("view", BackpressurePolicy.CoalesceByKey, capacity: 3));
        string[] keys = ["a", "b", "c"];

        for (var i = 0; i < 3000; i++)
        {
            PublishWithoutWaiting(bus, Market, new Msg(keys[i % 3], i));
        }

        Assert.Equal(2997, subscription.Stats.Dropped);
        Assert.Equal([new Msg("a", 2997), new Msg("b", 2998), new Msg("c", 2999)], Drain(subscription));
    }

    [Fact]
    public async Task Block_makes_the_producer_wait_until_the_subscriber_reads()
    {
        await using var bus = new InProcessBus();
        await using var subscription = bus.Subscribe(Market, Options("store", BackpressurePolicy.Block, capacity: 2));

        PublishWithoutWaiting(bus, Market, new Msg("k", 0));
        PublishWithoutWaiting(bus, Market, new Msg("k", 1));
        var blocked = bus.PublishAsync(Market, new Msg("k", 2)).AsTask();

        await Task.Delay(100);
        Assert.False(blocked.IsCompleted, "the producer went ahead although the blocking subscriber was full");
        Assert.Equal(2, subscription.Stats.Depth);
        Assert.Equal(0, subscription.Stats.Dropped);

        Assert.True(subscription.TryRead(out var first));
        Assert.Equal(new Msg("k", 0), first);
        await blocked.WaitAsync(Patience);

        Assert.Equal([new Msg("k", 1), new Msg("k", 2)], Drain(subscription));
        Assert.Equal(0, subscription.Stats.Dropped);
        Assert.Equal(3, subscription.Stats.Delivered);
    }

    [Fact]
    public async Task Block_gives_up_waiting_when_the_producer_cancels_and_the_message_is_not_delivered()
    {
        await using var bus = new InProcessBus();
        await using var subscription = bus.Subscribe(Market, Options("store", BackpressurePolicy.Block, capacity: 1));
        using var cancellation = new CancellationTokenSource();

        PublishWithoutWaiting(bus, Market, new Msg("k", 0));
        var blocked = bus.PublishAsync(Market, new Msg("k", 1), cancellation.Token).AsTask();
        await Task.Delay(50);
        Assert.False(blocked.IsCompleted);

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blocked.WaitAsync(Patience));

        Assert.Equal([new Msg("k", 0)], Drain(subscription));
        PublishWithoutWaiting(bus, Market, new Msg("k", 2));
        Assert.Equal([new Msg("k", 2)], Drain(subscription));
    }

    [Fact]
    public async Task Disposing_a_full_blocking_subscription_releases_the_waiting_producer()
    {
        await using var bus = new InProcessBus();
        var subscription = bus.Subscribe(Market, Options("store", BackpressurePolicy.Block, capacity: 1));
        PublishWithoutWaiting(bus, Market, new Msg("k", 0));
        var blocked = bus.PublishAsync(Market, new Msg("k", 1)).AsTask();
        await Task.Delay(50);
        Assert.False(blocked.IsCompleted);

        await subscription.DisposeAsync();

        await blocked.WaitAsync(Patience);
    }

    [Theory]
    [InlineData(BackpressurePolicy.DropOldest)]
    [InlineData(BackpressurePolicy.CoalesceByKey)]
    public async Task A_slow_subscriber_neither_slows_nor_loses_messages_for_a_fast_one_on_the_same_topic(BackpressurePolicy slowPolicy)
    {
        await using var bus = new InProcessBus();

        // The slow subscriber comes first, so the publisher meets it before the fast one every time.
        await using var slow = bus.Subscribe(Market, Options("slow", slowPolicy, capacity: 2));
        await using var fast = bus.Subscribe(Market, Options("fast", BackpressurePolicy.Block, capacity: 4));
        var messages = Enumerable.Range(0, 2000).Select(i => new Msg($"key{i % 5}", i)).ToArray();

        var reader = fast.ReadAllAsync().Take(messages.Length).ToArrayAsync().AsTask();
        await PublishAllAsync(bus, Market, messages).WaitAsync(Patience);

        Assert.Equal(messages, await reader.WaitAsync(Patience));
        Assert.Equal(0, fast.Stats.Dropped);
        Assert.Equal(messages.Length - 2, slow.Stats.Dropped);
        Assert.Equal(2, slow.Stats.Depth);
        Assert.Equal(0, slow.Stats.Delivered);
    }

    [Theory]
    [InlineData(BackpressurePolicy.Block)]
    [InlineData(BackpressurePolicy.DropOldest)]
    [InlineData(BackpressurePolicy.CoalesceByKey)]
    public async Task Disposing_a_subscription_stops_delivery_and_removes_it_from_the_stats(BackpressurePolicy policy)
    {
        await using var bus = new InProcessBus();
        await using var kept = bus.Subscribe(Market, Options("kept", BackpressurePolicy.DropOldest));
        var leaving = bus.Subscribe(Market, Options("leaving", policy));
        await bus.PublishAsync(Market, new Msg("a", 0));
        Assert.Equal(["kept", "leaving"], bus.Stats.Select(s => s.Subscriber));

        await leaving.DisposeAsync();
        await leaving.DisposeAsync();
        await bus.PublishAsync(Market, new Msg("b", 1));

        Assert.Equal(["kept"], bus.Stats.Select(s => s.Subscriber));
        Assert.Equal([new Msg("a", 0)], Drain(leaving));
        Assert.False(await leaving.WaitToReadAsync().AsTask().WaitAsync(Patience));
        Assert.Equal([new Msg("a", 0), new Msg("b", 1)], Drain(kept));
    }

    [Theory]
    [InlineData(BackpressurePolicy.Block)]
    [InlineData(BackpressurePolicy.DropOldest)]
    [InlineData(BackpressurePolicy.CoalesceByKey)]
    public async Task A_waiting_reader_wakes_when_a_message_is_published(BackpressurePolicy policy)
    {
        await using var bus = new InProcessBus();
        await using var subscription = bus.Subscribe(Market, Options("reader", policy));

        var waiting = subscription.WaitToReadAsync().AsTask();
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);

        await bus.PublishAsync(Market, new Msg("k", 1));

        Assert.True(await waiting.WaitAsync(Patience));
        Assert.Equal([new Msg("k", 1)], Drain(subscription));
    }

    [Theory]
    [InlineData(BackpressurePolicy.Block)]
    [InlineData(BackpressurePolicy.DropOldest)]
    [InlineData(BackpressurePolicy.CoalesceByKey)]
    public async Task A_waiting_reader_stops_when_its_token_is_cancelled(BackpressurePolicy policy)
    {
        await using var bus = new InProcessBus();
        await using var subscription = bus.Subscribe(Market, Options("reader", policy));
        using var cancellation = new CancellationTokenSource();

        var waiting = subscription.WaitToReadAsync(cancellation.Token).AsTask();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Patience));
    }

    [Theory]
    [InlineData(BackpressurePolicy.Block)]
    [InlineData(BackpressurePolicy.DropOldest)]
    [InlineData(BackpressurePolicy.CoalesceByKey)]
    public async Task Closing_the_bus_lets_readers_drain_what_was_buffered_and_then_ends_them(BackpressurePolicy policy)
    {
        var bus = new InProcessBus();
        var subscription = bus.Subscribe(Market, Options("reader", policy));
        await bus.PublishAsync(Market, new Msg("a", 0));
        await bus.PublishAsync(Market, new Msg("b", 1));

        await bus.DisposeAsync();
        await bus.PublishAsync(Market, new Msg("c", 2));

        var read = await subscription.ReadAllAsync().ToArrayAsync().AsTask().WaitAsync(Patience);
        Assert.Equal([new Msg("a", 0), new Msg("b", 1)], read);
        Assert.False(await subscription.WaitToReadAsync().AsTask().WaitAsync(Patience));
        Assert.Throws<ObjectDisposedException>(() => bus.Subscribe(Market, Options("too-late", policy)));
    }

    [Fact]
    public async Task Stats_report_topic_subscriber_policy_depth_delivered_and_dropped()
    {
        await using var bus = new InProcessBus();
        await using var store = bus.Subscribe(Market, Options("store", BackpressurePolicy.Block, capacity: 10));
        await using var view = bus.Subscribe(Market, Options("view", BackpressurePolicy.CoalesceByKey, capacity: 10));
        await using var push = bus.Subscribe(Warnings, Options("push", BackpressurePolicy.DropOldest, capacity: 2));

        await PublishAllAsync(bus, Market, [new("a", 0), new("a", 1), new("b", 2), new("a", 3)]);
        await PublishAllAsync(bus, Warnings, Sequence(5, "w"));
        Assert.True(store.TryRead(out _));
        Assert.True(push.TryRead(out _));

        Assert.Equal(
            [
                new SubscriptionStats("market", "store", BackpressurePolicy.Block, Depth: 3, Delivered: 1, Dropped: 0),
                new SubscriptionStats("market", "view", BackpressurePolicy.CoalesceByKey, Depth: 2, Delivered: 0, Dropped: 2),
                new SubscriptionStats("warnings", "push", BackpressurePolicy.DropOldest, Depth: 1, Delivered: 1, Dropped: 3),
            ],
            bus.Stats);
        Assert.Equal(bus.Stats[1], view.Stats);
    }

    [Theory]
    [InlineData(BackpressurePolicy.Block, 8)]
    [InlineData(BackpressurePolicy.DropOldest, 100_000)]
    [InlineData(BackpressurePolicy.CoalesceByKey, 100_000)]
    public async Task Concurrent_publishers_lose_nothing_and_keep_each_publishers_order(BackpressurePolicy policy, int capacity)
    {
        const int Publishers = 4;
        const int PerPublisher = 5000;
        await using var bus = new InProcessBus();

        // Every message gets its own key, so coalescing has nothing to merge and must keep everything too.
        var options = Options("reader", policy, capacity) with { Key = m => $"{m.Key}/{m.Seq}" };
        await using var subscription = bus.Subscribe(Market, options);
        var reader = subscription.ReadAllAsync().Take(Publishers * PerPublisher).ToArrayAsync().AsTask();

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var publishers = Enumerable.Range(0, Publishers).Select(p => Task.Run(async () =>
        {
            await start.Task;
            for (var i = 0; i < PerPublisher; i++)
            {
                await bus.PublishAsync(Market, new Msg($"p{p}", i));
            }
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(publishers).WaitAsync(Patience);

        var read = await reader.WaitAsync(Patience);
        Assert.Equal(Publishers * PerPublisher, read.Length);
        foreach (var group in read.GroupBy(m => m.Key))
        {
            Assert.Equal(Enumerable.Range(0, PerPublisher), group.Select(m => m.Seq));
        }

        Assert.Equal(Publishers, read.Select(m => m.Key).Distinct().Count());
        Assert.Equal(new SubscriptionStats("market", "reader", policy, 0, Publishers * PerPublisher, 0), subscription.Stats);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task A_capacity_that_is_not_positive_is_rejected(int capacity)
    {
        await using var bus = new InProcessBus();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => bus.Subscribe(Market, Options("reader", BackpressurePolicy.DropOldest, capacity)));
        Assert.Contains("Capacity", error.Message, StringComparison.Ordinal);
        Assert.Empty(bus.Stats);
    }

    [Fact]
    public async Task Coalescing_without_a_key_function_is_rejected()
    {
        await using var bus = new InProcessBus();

        var error = Assert.Throws<ArgumentException>(
            () => bus.Subscribe(Market, new SubscriptionOptions<Msg> { Name = "view", Policy = BackpressurePolicy.CoalesceByKey }));
        Assert.Contains("'view'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Key", error.Message, StringComparison.Ordinal);
        Assert.Empty(bus.Stats);
    }

    [Fact]
    public async Task An_undefined_policy_is_rejected()
    {
        await using var bus = new InProcessBus();

        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => bus.Subscribe(Market, new SubscriptionOptions<Msg> { Name = "reader", Policy = (BackpressurePolicy)42 }));
        Assert.Contains("Policy", error.Message, StringComparison.Ordinal);
        Assert.Empty(bus.Stats);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task A_blank_subscriber_name_is_rejected(string name)
    {
        await using var bus = new InProcessBus();

        Assert.ThrowsAny<ArgumentException>(() => bus.Subscribe(Market, new SubscriptionOptions<Msg> { Name = name }));
        Assert.Empty(bus.Stats);
    }

    [Fact]
    public async Task Null_arguments_are_rejected()
    {
        await using var bus = new InProcessBus();

        Assert.Throws<ArgumentNullException>(() => bus.Subscribe(Market, null!));
        Assert.Throws<ArgumentNullException>(() => bus.Subscribe(null!, Options("reader", BackpressurePolicy.Block)));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await bus.PublishAsync(Market, null!));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await bus.PublishAsync(null!, new Msg("k", 0)));
    }
}
