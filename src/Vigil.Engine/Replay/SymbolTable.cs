namespace Vigil.Engine.Replay;

/// <summary>
/// Maps symbols held as UTF-8 bytes to instrument ids without allocating. Several byte spellings may map to one id
/// (the registry compares symbols case-insensitively).
/// </summary>
internal sealed class SymbolTable
{
    private byte[][] _keys = new byte[8][];
    private int[] _ids = new int[8];
    private int[] _slots = new int[16]; // entry index + 1, 0 when free
    private int _count;
    private int _next;

    /// <summary>The number of byte spellings held.</summary>
    public int Count => _count;

    /// <summary>The id for <paramref name="symbol"/>, or -1 when it is not held.</summary>
    public int Find(ReadOnlySpan<byte> symbol)
    {
        // Rows usually cycle through their symbols in a fixed order, so the entry after the last match comes first.
        var guess = _next;
        if (guess < _count && symbol.SequenceEqual(_keys[guess]))
        {
            _next = guess + 1 == _count ? 0 : guess + 1;
            return _ids[guess];
        }

        return FindByHash(symbol);
    }

    /// <summary>Adds a spelling; it must not be held already.</summary>
    public void Add(ReadOnlySpan<byte> symbol, int id)
    {
        if (_count == _keys.Length)
        {
            Array.Resize(ref _keys, _count * 2);
            Array.Resize(ref _ids, _count * 2);
        }

        _keys[_count] = symbol.ToArray();
        _ids[_count] = id;
        _count++;
        if (_count * 2 > _slots.Length)
        {
            _slots = new int[_slots.Length * 2];
            for (var i = 0; i < _count; i++)
            {
                Insert(i);
            }
        }
        else
        {
            Insert(_count - 1);
        }
    }

    private int FindByHash(ReadOnlySpan<byte> symbol)
    {
        var mask = _slots.Length - 1;
        for (var slot = Hash(symbol) & mask; ; slot = (slot + 1) & mask)
        {
            var entry = _slots[slot] - 1;
            if (entry < 0)
            {
                return -1;
            }

            if (symbol.SequenceEqual(_keys[entry]))
            {
                _next = entry + 1 == _count ? 0 : entry + 1;
                return _ids[entry];
            }
        }
    }

    private void Insert(int entry)
    {
        var mask = _slots.Length - 1;
        var slot = Hash(_keys[entry]) & mask;
        while (_slots[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }

        _slots[slot] = entry + 1;
    }

    /// <summary>FNV-1a: symbols are short, so a byte loop is cheap.</summary>
    private static int Hash(ReadOnlySpan<byte> symbol)
    {
        var hash = 2166136261u;
        foreach (var b in symbol)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash & 0x7FFFFFFF);
    }
}
