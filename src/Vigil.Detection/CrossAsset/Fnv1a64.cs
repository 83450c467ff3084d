namespace Vigil.Detection.CrossAsset;

/// <summary>
/// The 64-bit FNV-1a hash. Model files use it for their checksum and schema fingerprint because it is fully
/// specified by its constants, so a value written by one build is recomputed identically by any other.
/// </summary>
internal struct Fnv1a64
{
    private const ulong OffsetBasis = 0xCBF29CE484222325UL;
    private const ulong Prime = 0x00000100000001B3UL;

    private ulong _hash;
    private bool _started;

    /// <summary>The hash of everything appended so far.</summary>
    public readonly ulong Value => _started ? _hash : OffsetBasis;

    /// <summary>The hash of <paramref name="bytes"/>.</summary>
    public static ulong Hash(ReadOnlySpan<byte> bytes)
    {
        var hasher = default(Fnv1a64);
        hasher.Append(bytes);
        return hasher.Value;
    }

    /// <summary>Continues the hash over <paramref name="bytes"/>.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        var hash = Value;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * Prime;
        }

        _hash = hash;
        _started = true;
    }
}
