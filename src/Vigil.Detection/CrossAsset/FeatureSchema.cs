using System.Buffers.Binary;
using System.Text;

namespace Vigil.Detection.CrossAsset;

/// <summary>
/// The ordered feature names of a state vector plus a version, so that a model trained on one layout is never
/// applied to another. Two schemas are equal when they have the same version and the same names in the same order
/// (names compare ordinally, case-sensitively).
/// </summary>
public sealed record FeatureSchema
{
    /// <summary>The longest feature name accepted, in UTF-8 bytes.</summary>
    public const int MaxNameLength = 256;

    /// <summary>The most features a schema holds.</summary>
    public const int MaxFeatureCount = 65_536;

    private readonly string[] _names;

    /// <summary>Creates a schema.</summary>
    /// <param name="names">The feature names in state-vector order; non-empty, unique, each non-blank, at most
    /// <see cref="MaxNameLength"/> UTF-8 bytes and free of control characters.</param>
    /// <param name="version">The version of the feature definitions (bump it when a feature keeps its name but changes
    /// meaning, for example a new volatility window); positive.</param>
    public FeatureSchema(IEnumerable<string> names, int version = 1)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(version);
        _names = [.. names];
        if (_names.Length == 0)
        {
            throw new ArgumentException("A feature schema needs at least one feature.", nameof(names));
        }

        if (_names.Length > MaxFeatureCount)
        {
            throw new ArgumentException($"A feature schema holds at most {MaxFeatureCount} features; got {_names.Length}.", nameof(names));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < _names.Length; i++)
        {
            var name = _names[i];
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException($"Feature {i} has a blank name.", nameof(names));
            }

            if (Encoding.UTF8.GetByteCount(name) > MaxNameLength)
            {
                throw new ArgumentException($"Feature {i} name is longer than {MaxNameLength} UTF-8 bytes.", nameof(names));
            }

            foreach (var c in name)
            {
                if (char.IsControl(c))
                {
                    throw new ArgumentException($"Feature {i} name '{name}' contains a control character.", nameof(names));
                }
            }

            if (!seen.Add(name))
            {
                throw new ArgumentException($"Feature name '{name}' appears more than once.", nameof(names));
            }
        }

        Version = version;
        Fingerprint = ComputeFingerprint(_names, version);
    }

    /// <summary>The feature names in state-vector order.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The number of features, which is the length of every vector scored against this schema.</summary>
    public int Count => _names.Length;

    /// <summary>The version of the feature definitions; positive.</summary>
    public int Version { get; }

    /// <summary>
    /// A stable 64-bit fingerprint of the version and names: FNV-1a 64 over the version (int32), the feature count
    /// (int32) and each name as its UTF-8 byte length (int32) followed by its bytes, all little-endian.
    /// </summary>
    public ulong Fingerprint { get; }

    /// <summary>
    /// Describes how <paramref name="other"/> differs from this schema, naming the first difference, or returns
    /// null when they are equal.
    /// </summary>
    /// <param name="other">The schema to compare with.</param>
    /// <returns>A one-line description such as <c>feature 5 is 'SPX.zscore' in this schema but 'SPX.z' in the
    /// other</c>, or null when equal.</returns>
    public string? DescribeDifference(FeatureSchema other) => DescribeDifference(other, "this schema", "the other");

    /// <summary>As <see cref="DescribeDifference(FeatureSchema)"/>, naming the two sides.</summary>
    internal string? DescribeDifference(FeatureSchema other, string thisLabel, string otherLabel)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Equals(other))
        {
            return null;
        }

        var common = Math.Min(Count, other.Count);
        for (var i = 0; i < common; i++)
        {
            if (!string.Equals(_names[i], other._names[i], StringComparison.Ordinal))
            {
                return $"feature {i} is '{_names[i]}' in {thisLabel} but '{other._names[i]}' in {otherLabel}";
            }
        }

        if (Count > other.Count)
        {
            return $"feature {common} '{_names[common]}' is in {thisLabel} but missing from {otherLabel}";
        }

        if (Count < other.Count)
        {
            return $"feature {common} '{other._names[common]}' is in {otherLabel} but missing from {thisLabel}";
        }

        return $"the names agree but {thisLabel} is version {Version} and {otherLabel} version {other.Version}";
    }

    /// <inheritdoc />
    public bool Equals(FeatureSchema? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || Fingerprint != other.Fingerprint || Version != other.Version)
        {
            return false;
        }

        return _names.AsSpan().SequenceEqual(other._names);
    }

    /// <inheritdoc />
    public override int GetHashCode() => Fingerprint.GetHashCode();

    /// <summary>A short description: version, count and the first few names.</summary>
    public override string ToString() => $"v{Version} {Count} features {Abbreviate(4)}";

    /// <summary>The first <paramref name="shown"/> names in brackets, then how many more there are.</summary>
    internal string Abbreviate(int shown)
    {
        var builder = new StringBuilder("[");
        var n = Math.Min(shown, _names.Length);
        for (var i = 0; i < n; i++)
        {
            builder.Append(i == 0 ? string.Empty : ", ").Append(_names[i]);
        }

        if (_names.Length > n)
        {
            builder.Append(", ... ").Append(_names.Length - n).Append(" more");
        }

        return builder.Append(']').ToString();
    }

    private static ulong ComputeFingerprint(string[] names, int version)
    {
        Span<byte> scratch = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(scratch, version);
        var hash = Fnv1a64.Hash(scratch);
        BinaryPrimitives.WriteInt32LittleEndian(scratch, names.Length);
        hash = Fnv1a64.Append(hash, scratch);
        foreach (var name in names)
        {
            var bytes = Encoding.UTF8.GetBytes(name);
            BinaryPrimitives.WriteInt32LittleEndian(scratch, bytes.Length);
            hash = Fnv1a64.Append(hash, scratch);
            hash = Fnv1a64.Append(hash, bytes);
        }

        return hash;
    }
}
