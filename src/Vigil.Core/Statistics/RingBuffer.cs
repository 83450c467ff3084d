namespace Vigil.Core.Statistics;

/// <summary>
/// A fixed-capacity first-in first-out buffer. When full, pushing evicts the oldest item.
/// Index 0 is the oldest item, <c>Count - 1</c> the newest. It does not allocate after construction.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class RingBuffer<T>
{
    private readonly T[] _items;
    private int _head; // index of the oldest item
    private int _count;

    /// <summary>Creates an empty buffer.</summary>
    /// <param name="capacity">The number of items it holds; positive.</param>
    public RingBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _items = new T[capacity];
    }

    /// <summary>The most items the buffer holds.</summary>
    public int Capacity => _items.Length;

    /// <summary>The number of items held.</summary>
    public int Count => _count;

    /// <summary>Whether the buffer holds <see cref="Capacity"/> items.</summary>
    public bool IsFull => _count == _items.Length;

    /// <summary>The item at <paramref name="index"/>, where 0 is the oldest.</summary>
    /// <param name="index">From 0 to <see cref="Count"/> − 1.</param>
    public T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count)
            {
                ThrowIndex();
            }

            var i = _head + index;
            return _items[i >= _items.Length ? i - _items.Length : i];
        }
    }

    /// <summary>The newest item.</summary>
    public T Newest => this[_count - 1];

    /// <summary>The oldest item.</summary>
    public T Oldest => this[0];

    /// <summary>Adds an item, evicting the oldest when full.</summary>
    /// <param name="item">The item to add.</param>
    /// <param name="evicted">The evicted item, when this returns true.</param>
    /// <returns>True when an item was evicted.</returns>
    public bool Push(T item, out T evicted)
    {
        if (_count == _items.Length)
        {
            evicted = _items[_head];
            _items[_head] = item;
            _head = _head + 1 == _items.Length ? 0 : _head + 1;
            return true;
        }

        var tail = _head + _count;
        _items[tail >= _items.Length ? tail - _items.Length : tail] = item;
        _count++;
        evicted = default!;
        return false;
    }

    /// <summary>Adds an item, evicting the oldest when full.</summary>
    /// <param name="item">The item to add.</param>
    public void Push(T item) => Push(item, out _);

    /// <summary>Removes every item.</summary>
    public void Clear()
    {
        Array.Clear(_items);
        _head = 0;
        _count = 0;
    }

    private static void ThrowIndex() => throw new ArgumentOutOfRangeException("index");
}
