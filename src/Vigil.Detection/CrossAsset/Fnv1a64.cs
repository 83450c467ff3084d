namespace Vigil.Detection.CrossAsset;

/// <summary>
/// The 64-bit FNV-1a hash. Model files use it for their checksum and schema fingerprint because it is fully
/// specified by its two constants, so a value written by one build is recomputed identically by any other.
/// </summary>
internal static class Fnv1a64
{
    /// <summary>The hash of no bytes, where every hash starts.</summary>
    public const ulong OffsetBasis = 0xCBF29CE484222325UL;

    private const ulong Prime = 0x00000100000001B3UL;

    /// <summary>The hash of <paramref name="bytes"/>.</summary>
    public static ulong Hash(ReadOnlySpan<byte> bytes) => Append(OffsetBasis, bytes);

    /// <summary>Continues <paramref name="hash"/> over <paramref name="bytes"/>.</summary>
    public static ulong Append(ulong hash, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }
}
