using Vigil.Core.Statistics;

namespace Vigil.Core.Tests.Statistics;

public sealed class RingBufferTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Non_positive_capacity_is_rejected(int capacity) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RingBuffer<int>(capacity));

    [Fact]
    public void Items_are_indexed_from_oldest_to_newest()
    {
        var buffer = new RingBuffer<string>(4);
        Assert.False(buffer.Push("a", out _));
        buffer.Push("b");
        buffer.Push("c");

        Assert.Equal(4, buffer.Capacity);
        Assert.Equal(3, buffer.Count);
        Assert.False(buffer.IsFull);
        Assert.Equal(new[] { "a", "b", "c" }, Items(buffer));
        Assert.Equal("a", buffer.Oldest);
        Assert.Equal("c", buffer.Newest);
    }

    [Fact]
    public void Pushing_into_a_full_buffer_evicts_the_oldest_first()
    {
        var buffer = new RingBuffer<int>(3);
        buffer.Push(1);
        buffer.Push(2);
        buffer.Push(3);
        Assert.True(buffer.IsFull);

        Assert.True(buffer.Push(4, out var evicted));
        Assert.Equal(1, evicted);
        Assert.True(buffer.Push(5, out evicted));
        Assert.Equal(2, evicted);

        Assert.Equal(3, buffer.Count);
        Assert.Equal(new[] { 3, 4, 5 }, Items(buffer));
        Assert.Equal(3, buffer.Oldest);
        Assert.Equal(5, buffer.Newest);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void Long_run_matches_a_first_in_first_out_queue(int capacity)
    {
        var buffer = new RingBuffer<int>(capacity);
        var reference = new Queue<int>();
        for (var i = 0; i < 100; i++)
        {
            var wasFull = reference.Count == capacity;
            var expectedEvicted = wasFull ? reference.Dequeue() : default;
            reference.Enqueue(i);

            Assert.Equal(wasFull, buffer.Push(i, out var evicted));
            Assert.Equal(expectedEvicted, evicted);
            Assert.Equal(reference.ToArray(), Items(buffer));
        }
    }

    [Fact]
    public void Index_outside_the_held_items_is_rejected()
    {
        var buffer = new RingBuffer<int>(4);
        buffer.Push(10);
        buffer.Push(20);

        Assert.Throws<ArgumentOutOfRangeException>(() => buffer[-1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer[2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer[3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer[int.MaxValue]);
        Assert.Equal(20, buffer[1]);
    }

    [Fact]
    public void Empty_buffer_has_no_oldest_or_newest()
    {
        var buffer = new RingBuffer<int>(2);

        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Oldest);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Newest);
    }

    [Fact]
    public void Clear_empties_the_buffer_and_it_refills_in_order()
    {
        var buffer = new RingBuffer<int>(3);
        for (var i = 0; i < 5; i++)
        {
            buffer.Push(i);
        }

        buffer.Clear();

        Assert.Equal(0, buffer.Count);
        Assert.False(buffer.IsFull);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer[0]);

        Assert.False(buffer.Push(7, out _));
        buffer.Push(8);
        buffer.Push(9);
        Assert.True(buffer.Push(10, out var evicted));
        Assert.Equal(7, evicted);
        Assert.Equal(new[] { 8, 9, 10 }, Items(buffer));
    }

    private static T[] Items<T>(RingBuffer<T> buffer)
    {
        var items = new T[buffer.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = buffer[i];
        }

        return items;
    }
}
