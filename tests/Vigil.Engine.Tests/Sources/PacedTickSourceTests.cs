using Vigil.Core.Instruments;
using Vigil.Core.Market;
using Vigil.Engine.Replay;
using Vigil.Engine.Sources;
using Vigil.Engine.Tests.Replay;

namespace Vigil.Engine.Tests.Sources;

public sealed class PacedTickSourceTests
{
    private const long T0 = 1_700_000_000_000_000_000L;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Releases_the_first_batch_at_once_and_later_ones_at_event_time_divided_by_speed()
    {
        var clock = new ManualTimeProvider();
        var inner = new ArrayTickSource([At(0, 0), At(0, 1), At(1_000, 0), At(3_000, 0), At(3_000, 1)]);
        await using var paced = new PacedTickSource(inner, speed: 2, clock);
        var buffer = new Tick[16];

        Assert.Equal(2, await paced.ReadAsync(buffer).AsTask().WaitAsync(Patience));

        // Event second 1 is due after 0.5 s of wall time at speed 2.
        var second = paced.ReadAsync(buffer).AsTask();
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, await second.WaitAsync(Patience));
        Assert.Equal(T0 + 1_000_000_000L, buffer[0].TimestampNs);

        // Event second 3 is due 1.5 s after the start.
        var third = paced.ReadAsync(buffer).AsTask();
        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(third.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, await third.WaitAsync(Patience));

        Assert.Equal(0, await paced.ReadAsync(buffer).AsTask().WaitAsync(Patience));
    }

    [Fact]
    public async Task Ticks_that_share_a_timestamp_are_released_together_and_apart_from_the_next()
    {
        var clock = new ManualTimeProvider();
        var inner = new ArrayTickSource([At(0, 0), At(0, 1), At(0, 2), At(250, 0), At(250, 1)]);
        await using var paced = new PacedTickSource(inner, speed: 1, clock);
        var buffer = new Tick[16];

        Assert.Equal(3, await paced.ReadAsync(buffer).AsTask().WaitAsync(Patience));
        Assert.All(buffer[..3], t => Assert.Equal(T0, t.TimestampNs));

        var next = paced.ReadAsync(buffer).AsTask();
        Assert.False(next.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(2, await next.WaitAsync(Patience));
        Assert.All(buffer[..2], t => Assert.Equal(T0 + 250_000_000L, t.TimestampNs));
    }

    [Fact]
    public async Task A_batch_longer_than_the_buffer_is_released_in_pieces_without_waiting()
    {
        var clock = new ManualTimeProvider();
        var inner = new ArrayTickSource([At(0, 0), At(0, 1), At(0, 2)]);
        await using var paced = new PacedTickSource(inner, speed: 1, clock);
        var buffer = new Tick[2];

        Assert.Equal(2, await paced.ReadAsync(buffer).AsTask().WaitAsync(Patience));
        Assert.Equal(1, await paced.ReadAsync(buffer).AsTask().WaitAsync(Patience));
        Assert.Equal(0, clock.PendingTimers);
    }

    [Fact]
    public async Task A_faster_speed_shortens_the_wait_in_proportion()
    {
        var clock = new ManualTimeProvider();
        var inner = new ArrayTickSource([At(0, 0), At(60_000, 0)]);
        await using var paced = new PacedTickSource(inner, speed: 60, clock);
        var buffer = new Tick[4];
        await paced.ReadAsync(buffer);

        var minute = paced.ReadAsync(buffer).AsTask();
        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(minute.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(1, await minute.WaitAsync(Patience));
    }

    [Fact]
    public async Task Ticks_already_late_are_released_without_waiting()
    {
        var clock = new ManualTimeProvider();
        var inner = new ArrayTickSource([At(0, 0), At(1_000, 0), At(2_000, 0)], maxPerRead: 1);
        await using var paced = new PacedTickSource(inner, speed: 1, clock);
        var buffer = new Tick[4];
        await paced.ReadAsync(buffer);

        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(1, await paced.ReadAsync(buffer).AsTask().WaitAsync(Patience));
        Assert.Equal(1, await paced.ReadAsync(buffer).AsTask().WaitAsync(Patience));
        Assert.Equal(0, clock.PendingTimers);
    }

    [Fact]
    public async Task Cancelling_a_wait_cancels_the_read()
    {
        var clock = new ManualTimeProvider();
        var inner = new ArrayTickSource([At(0, 0), At(1_000, 0)]);
        await using var paced = new PacedTickSource(inner, speed: 1, clock);
        var buffer = new Tick[4];
        await paced.ReadAsync(buffer);
        using var cancellation = new CancellationTokenSource();

        var waiting = paced.ReadAsync(buffer, cancellation.Token).AsTask();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Patience));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Speed_must_be_positive_and_finite(double speed)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PacedTickSource(new ArrayTickSource([]), speed, new ManualTimeProvider()));
    }

    [Fact]
    public async Task Disposing_disposes_the_inner_source_and_the_registry_is_the_inner_one()
    {
        var inner = new ArrayTickSource([]);
        var paced = new PacedTickSource(inner, speed: 1, new ManualTimeProvider());

        Assert.Same(inner.Registry, paced.Registry);
        await paced.DisposeAsync();

        Assert.True(inner.Disposed);
    }

    [Fact]
    public async Task Paces_a_replay_file_in_event_time()
    {
        using var files = new ReplayFiles();
        var path = files.Write("ticks.csv", "ts_ms,symbol,price\n1000,SPX,1\n1000,NDX,2\n3000,SPX,3\n");
        var clock = new ManualTimeProvider();
        await using var paced = new PacedTickSource(ReplaySource.Open(path, ReplayOptions.Default), speed: 4, clock);
        var buffer = new Tick[8];

        Assert.Equal(2, await paced.ReadAsync(buffer).AsTask().WaitAsync(Patience));
        var later = paced.ReadAsync(buffer).AsTask();
        clock.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(later.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(1, await later.WaitAsync(Patience));
        Assert.Equal(3.0, buffer[0].Price);
    }

    private static Tick At(long offsetMs, int instrument) =>
        new(new InstrumentId(instrument), T0 + (offsetMs * TimeUnits.NsPerMillisecond), 100 + instrument, 1);
}
