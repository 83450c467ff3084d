using System.Globalization;
using Vigil.Detection.CrossAsset;

namespace Vigil.Detection.Models;

/// <summary>
/// What the registry records beside a model's payload (<c>metadata.json</c>): what it is, what it was trained on
/// and by which code. Plain properties and lists, so it serialises as it is for the CLI and the API.
/// </summary>
public sealed record ModelMetadata
{
    /// <summary>The kind, one of <see cref="ModelKinds.All"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>The version, monotonic per kind from 1.</summary>
    public required int Version { get; init; }

    /// <summary>The version's label and directory name, e.g. <c>v0003</c>.</summary>
    public string VersionLabel => ModelVersion.Format(Version);

    /// <summary>The SHA-256 of the payload file as <c>sha256:</c> and 64 lower-case hex digits.</summary>
    public required string ContentHash { get; init; }

    /// <summary>The payload file's length in bytes.</summary>
    public required long PayloadBytes { get; init; }

    /// <summary>The feature schema the model reads.</summary>
    public required ModelSchema Schema { get; init; }

    /// <summary>The data the model was trained on.</summary>
    public required ModelDataRange TrainedOn { get; init; }

    /// <summary>Named training metrics (finite numbers), e.g. <c>holdout_fraction_above_threshold</c>.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>The code that trained it.</summary>
    public required ModelCodeVersion Code { get; init; }

    /// <summary>When the model was written to the registry (UTC).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>A free-text note (e.g. the command that trained it); may be null.</summary>
    public string? Description { get; init; }

    /// <summary>A one-line summary, e.g. <c>isolation_forest v0003 (sha256:1a2b3c4d…, 72 features)</c>.</summary>
    public override string ToString() =>
        $"{Kind} {VersionLabel} ({ContentHash[..Math.Min(ContentHash.Length, 15)]}…, {Schema.Names.Count} features)";
}

/// <summary>A feature schema as stored in metadata: version, fingerprint and names.</summary>
/// <param name="Version">The schema version; positive.</param>
/// <param name="Fingerprint">The schema fingerprint as 16 upper-case hex digits (see <see cref="FeatureSchema.Fingerprint"/>).</param>
/// <param name="Names">The feature names in state-vector order.</param>
public sealed record ModelSchema(int Version, string Fingerprint, IReadOnlyList<string> Names)
{
    /// <summary>The stored form of <paramref name="schema"/>.</summary>
    /// <param name="schema">The schema.</param>
    /// <returns>Its metadata record.</returns>
    public static ModelSchema From(FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new ModelSchema(schema.Version, FormatFingerprint(schema.Fingerprint), [.. schema.Names]);
    }

    /// <summary>Rebuilds the schema, checking that the fingerprint matches the names.</summary>
    /// <returns>The schema.</returns>
    /// <exception cref="InvalidDataException">The names are not a valid schema or the fingerprint disagrees with them.</exception>
    public FeatureSchema ToFeatureSchema()
    {
        FeatureSchema schema;
        try
        {
            schema = new FeatureSchema(Names ?? throw new InvalidDataException("the schema has no feature names"), Version);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException("its feature schema is invalid: " + e.Message, e);
        }

        var expected = FormatFingerprint(schema.Fingerprint);
        if (!string.Equals(expected, Fingerprint, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"its schema fingerprint {Fingerprint} does not match its feature names ({expected})");
        }

        return schema;
    }

    /// <summary>A fingerprint as 16 upper-case hex digits.</summary>
    /// <param name="fingerprint">The fingerprint.</param>
    /// <returns>The text.</returns>
    public static string FormatFingerprint(ulong fingerprint) => fingerprint.ToString("X16", CultureInfo.InvariantCulture);
}

/// <summary>The data a model was trained on.</summary>
/// <param name="Source">What the data was, e.g. <c>simulator seed 42, calm, 4096 steps of 250 ms</c> or a file path.</param>
/// <param name="StepCount">The number of market steps (state vectors) trained on; non-negative.</param>
/// <param name="FirstTimestampNs">The event time of the first step (ns since the Unix epoch), when known.</param>
/// <param name="LastTimestampNs">The event time of the last step (ns since the Unix epoch), when known.</param>
public sealed record ModelDataRange(string Source, long StepCount, long? FirstTimestampNs, long? LastTimestampNs)
{
    /// <summary>The first step's event time, when known.</summary>
    public DateTimeOffset? FirstTimestamp => FirstTimestampNs is { } ns ? DateTimeOffset.UnixEpoch.AddTicks(ns / 100) : null;

    /// <summary>The last step's event time, when known.</summary>
    public DateTimeOffset? LastTimestamp => LastTimestampNs is { } ns ? DateTimeOffset.UnixEpoch.AddTicks(ns / 100) : null;
}

/// <summary>The code version that trained a model.</summary>
/// <param name="InformationalVersion">The assembly informational version of Vigil.Detection (e.g. <c>1.0.0+3f2a…</c>).</param>
/// <param name="Commit">The git commit the build came from, or null when the build had no git.</param>
public sealed record ModelCodeVersion(string InformationalVersion, string? Commit)
{
    /// <summary>The version of the running code, from the informational version the SDK stamps (with the commit after
    /// a <c>+</c> when the build ran in a git checkout).</summary>
    public static ModelCodeVersion Current { get; } = Read();

    private static ModelCodeVersion Read()
    {
        var attribute = (System.Reflection.AssemblyInformationalVersionAttribute?)Attribute.GetCustomAttribute(
            typeof(ModelCodeVersion).Assembly, typeof(System.Reflection.AssemblyInformationalVersionAttribute));
        var version = attribute?.InformationalVersion ?? "unknown";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        string? commit = null;
        if (plus >= 0 && plus + 1 < version.Length)
        {
            var candidate = version[(plus + 1)..];
            commit = candidate.Length >= 7 && IsHex(candidate) ? candidate : null;
        }

        return new ModelCodeVersion(version, commit);
    }

    private static bool IsHex(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>What a trainer hands the registry with a payload: everything in <see cref="ModelMetadata"/> the registry
/// does not assign itself (version, hash, size, code version, creation time).</summary>
public sealed record ModelDraft
{
    /// <summary>The kind, one of <see cref="ModelKinds.All"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>The feature schema the model reads.</summary>
    public required FeatureSchema Schema { get; init; }

    /// <summary>The data it was trained on.</summary>
    public required ModelDataRange TrainedOn { get; init; }

    /// <summary>Named training metrics; every value finite.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>A free-text note; may be null.</summary>
    public string? Description { get; init; }
}

/// <summary>A model directory the registry could not read, and why.</summary>
/// <param name="Path">The version directory.</param>
/// <param name="Reason">Why it was skipped.</param>
public sealed record SkippedModel(string Path, string Reason);

/// <summary>A registry listing: the valid models (by kind, then version) and the directories skipped with reasons.</summary>
/// <param name="Models">The valid models.</param>
/// <param name="Skipped">The unreadable ones.</param>
public sealed record ModelListing(IReadOnlyList<ModelMetadata> Models, IReadOnlyList<SkippedModel> Skipped);
