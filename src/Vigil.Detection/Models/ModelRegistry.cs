using System.Security.Cryptography;
using System.Text.Json;
using Vigil.Detection.CrossAsset;
using Vigil.Detection.Ensemble;
using Vigil.Detection.Neural;

namespace Vigil.Detection.Models;

/// <summary>
/// Trained models kept as versioned files under one directory: <c>DIR/KIND/vNNNN/model.bin</c> (the payload, in the
/// model's own format) beside <c>metadata.json</c> (<see cref="ModelMetadata"/>). A version is written into a hidden
/// temporary directory and renamed into place whole, so a reader never sees a half-written model and a failed write
/// leaves nothing behind. Versions only grow: the next is one past the highest directory of the kind, readable or not.
/// Reading checks the metadata, the payload's size and SHA-256, and (when loading) the feature schema.
/// </summary>
public sealed class ModelRegistry
{
    /// <summary>The payload file name inside a version directory.</summary>
    public const string PayloadFileName = "model.bin";

    /// <summary>The metadata file name inside a version directory.</summary>
    public const string MetadataFileName = "metadata.json";

    private const string TemporaryPrefix = ".tmp-";
    private const int MaxMetadataBytes = 16 << 20;

    private readonly TimeProvider _time;

    /// <summary>Opens (without creating) the registry at <paramref name="directory"/>.</summary>
    /// <param name="directory">The registry directory; created by the first <see cref="Save"/>.</param>
    /// <param name="time">The clock for <see cref="ModelMetadata.CreatedAt"/>; the system clock when null.</param>
    public ModelRegistry(string directory, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The registry's full path.</summary>
    public string Directory { get; }

    /// <summary>The directory that holds (or would hold) version <paramref name="version"/> of <paramref name="kind"/>.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="version">The version; positive.</param>
    /// <returns>The full path.</returns>
    public string VersionDirectory(string kind, int version)
    {
        ModelKinds.ThrowIfUnknown(kind, nameof(kind));
        return Path.Combine(Directory, kind, ModelVersion.Format(version));
    }

    /// <summary>
    /// Writes a new version of <paramref name="draft"/>'s kind: the payload through <paramref name="writePayload"/>
    /// (e.g. <c>stream =&gt; forest.Save(stream)</c>), then the metadata, then renames the whole version into place.
    /// </summary>
    /// <param name="draft">What the model is and what it was trained on.</param>
    /// <param name="writePayload">Writes the model's bytes to the stream it is given.</param>
    /// <returns>The metadata written, with its version and content hash.</returns>
    /// <exception cref="ArgumentException">The kind is unknown, a metric is not finite or the data range is invalid.</exception>
    /// <exception cref="IOException">The files could not be written; nothing is left in the registry.</exception>
    public ModelMetadata Save(ModelDraft draft, Action<Stream> writePayload)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(writePayload);
        ValidateDraft(draft);

        var kindDirectory = Path.Combine(Directory, draft.Kind);
        System.IO.Directory.CreateDirectory(kindDirectory);
        var temporary = Path.Combine(kindDirectory, TemporaryPrefix + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(temporary);
        try
        {
            string hash;
            long length;
            var payloadPath = Path.Combine(temporary, PayloadFileName);
            using (var file = new FileStream(payloadPath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                writePayload(file);
                file.Flush(flushToDisk: true);
                length = file.Length;
            }

            if (length == 0)
            {
                throw new InvalidOperationException("The model payload is empty: the writer wrote no bytes.");
            }

            hash = HashFile(payloadPath);

            // Renaming can lose a race with another writer taking the same version; then take the next one.
            for (var attempt = 0; ; attempt++)
            {
                var metadata = new ModelMetadata
                {
                    Kind = draft.Kind,
                    Version = HighestVersion(kindDirectory) + 1,
                    ContentHash = hash,
                    PayloadBytes = length,
                    Schema = ModelSchema.From(draft.Schema),
                    TrainedOn = draft.TrainedOn,
                    Metrics = new SortedDictionary<string, double>(draft.Metrics.ToDictionary(), StringComparer.Ordinal),
                    Code = ModelCodeVersion.Current,
                    CreatedAt = _time.GetUtcNow(),
                    Description = draft.Description,
                };
                WriteMetadata(Path.Combine(temporary, MetadataFileName), metadata);
                var target = Path.Combine(kindDirectory, metadata.VersionLabel);
                try
                {
                    System.IO.Directory.Move(temporary, target);
                    return metadata;
                }
                catch (IOException) when (attempt < 16 && System.IO.Directory.Exists(target))
                {
                    // Another writer took this version; number again.
                }
            }
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Every readable model, by kind (in <see cref="ModelKinds.All"/> order) then version, and every version
    /// directory that could not be read, with the reason; a damaged model never hides the others.</summary>
    /// <returns>The listing; empty when the registry does not exist.</returns>
    public ModelListing List()
    {
        var models = new List<ModelMetadata>();
        var skipped = new List<SkippedModel>();
        foreach (var kind in ModelKinds.All)
        {
            foreach (var (version, path) in VersionDirectories(Path.Combine(Directory, kind)))
            {
                try
                {
                    models.Add(ReadVerified(kind, version, path));
                }
                catch (Exception e) when (IsReadFailure(e))
                {
                    skipped.Add(new SkippedModel(path, e.Message));
                }
            }
        }

        return new ModelListing(models, skipped);
    }

    /// <summary>The readable versions of <paramref name="kind"/>, oldest first.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The models.</returns>
    public IReadOnlyList<ModelMetadata> List(string kind)
    {
        ModelKinds.ThrowIfUnknown(kind, nameof(kind));
        var models = new List<ModelMetadata>();
        foreach (var model in List().Models)
        {
            if (model.Kind == kind)
            {
                models.Add(model);
            }
        }

        return models;
    }

    /// <summary>Version <paramref name="version"/> of <paramref name="kind"/>, or null when there is no such directory.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="version">The version; positive.</param>
    /// <returns>The verified metadata, or null.</returns>
    /// <exception cref="InvalidDataException">The version exists but its metadata or payload is damaged (the message says how).</exception>
    public ModelMetadata? Find(string kind, int version)
    {
        ModelKinds.ThrowIfUnknown(kind, nameof(kind));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(version);
        var path = VersionDirectory(kind, version);
        if (!System.IO.Directory.Exists(path))
        {
            return null;
        }

        try
        {
            return ReadVerified(kind, version, path);
        }
        catch (Exception e) when (IsReadFailure(e) && e is not InvalidDataException)
        {
            throw new InvalidDataException(e.Message, e);
        }
    }

    /// <summary>The highest readable version of <paramref name="kind"/>, or null when there is none.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The metadata, or null.</returns>
    public ModelMetadata? Latest(string kind)
    {
        var models = List(kind);
        return models.Count == 0 ? null : models[^1];
    }

    /// <summary>Resolves <paramref name="selector"/> (<c>latest</c>, <c>v0003</c> or <c>3</c>) for <paramref name="kind"/>.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="selector">Which version.</param>
    /// <returns>The metadata.</returns>
    /// <exception cref="ArgumentException">The selector is not a version or <c>latest</c>.</exception>
    /// <exception cref="FileNotFoundException">No such model; the message names the registry and the versions it has.</exception>
    /// <exception cref="InvalidDataException">The version exists but is damaged.</exception>
    public ModelMetadata Resolve(string kind, string selector)
    {
        ModelKinds.ThrowIfUnknown(kind, nameof(kind));
        if (string.Equals(selector, ModelVersion.Latest, StringComparison.OrdinalIgnoreCase))
        {
            return Latest(kind) ?? throw new FileNotFoundException($"The model registry {Directory} has no readable {kind} model.");
        }

        if (!ModelVersion.TryParse(selector, out var version))
        {
            throw new ArgumentException($"'{selector}' is not a model version: use 'latest', 'v0003' or '3'.", nameof(selector));
        }

        return Find(kind, version) ?? throw new FileNotFoundException(
            $"The model registry {Directory} has no {kind} {ModelVersion.Format(version)}; it has {DescribeVersions(kind)}.");
    }

    /// <summary>Reads the payload of <paramref name="metadata"/>, checking its size and hash again.</summary>
    /// <param name="metadata">A model from this registry.</param>
    /// <returns>The payload bytes.</returns>
    /// <exception cref="InvalidDataException">The payload changed since it was written.</exception>
    public byte[] ReadPayload(ModelMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var path = Path.Combine(VersionDirectory(metadata.Kind, metadata.Version), PayloadFileName);
        var bytes = File.ReadAllBytes(path);
        var hash = FormatHash(SHA256.HashData(bytes));
        if (bytes.Length != metadata.PayloadBytes || !string.Equals(hash, metadata.ContentHash, StringComparison.Ordinal))
        {
            throw new InvalidDataException(
                $"{metadata.Kind} {metadata.VersionLabel} is corrupt: its payload is {bytes.Length} bytes with hash {hash}, but its metadata records {metadata.PayloadBytes} bytes with hash {metadata.ContentHash}.");
        }

        return bytes;
    }

    /// <summary>
    /// Checks that <paramref name="metadata"/> was trained on <paramref name="expected"/>, refusing it with a message
    /// that names the first difference otherwise.
    /// </summary>
    /// <param name="metadata">The model.</param>
    /// <param name="expected">The schema of the vectors the caller will score.</param>
    /// <exception cref="InvalidDataException">The schemas differ.</exception>
    public static void CheckSchema(ModelMetadata metadata, FeatureSchema expected)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(expected);
        var schema = metadata.Schema.ToFeatureSchema();
        var difference = schema.DescribeDifference(expected, "the model", "the engine");
        if (difference is not null)
        {
            throw new InvalidDataException(
                $"{metadata.Kind} {metadata.VersionLabel} does not fit this engine: it expects {schema.Count} features (schema v{schema.Version}, "
                + $"fingerprint {metadata.Schema.Fingerprint}) and the engine provides {expected.Count} (schema v{expected.Version}, "
                + $"fingerprint {ModelSchema.FormatFingerprint(expected.Fingerprint)}): {difference}. Retrain the model on the engine's features.");
        }
    }

    /// <summary>Loads an Isolation Forest from the registry after checking its kind, hash and schema.</summary>
    /// <param name="metadata">An <see cref="ModelKinds.IsolationForest"/> model from this registry.</param>
    /// <param name="expected">The schema of the engine that will score with it.</param>
    /// <returns>The forest.</returns>
    /// <exception cref="InvalidDataException">The model is of another kind, does not fit the schema or is corrupt.</exception>
    public IsolationForest LoadIsolationForest(ModelMetadata metadata, FeatureSchema expected)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.Kind != ModelKinds.IsolationForest)
        {
            throw new InvalidDataException($"{metadata.Kind} {metadata.VersionLabel} is not an Isolation Forest.");
        }

        CheckSchema(metadata, expected);
        using var stream = new MemoryStream(ReadPayload(metadata), writable: false);
        try
        {
            return IsolationForest.Load(stream, expected);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{metadata.Kind} {metadata.VersionLabel}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Loads an LSTM autoencoder version for an engine whose state vector is <paramref name="expected"/>: checks the
    /// metadata's schema first (a mismatch names the first difference), then reads the verified payload, whose own
    /// schema is checked again.
    /// </summary>
    /// <param name="metadata">The version, from <see cref="Find"/>, <see cref="Latest"/> or <see cref="Resolve"/>.</param>
    /// <param name="expected">The engine's state-vector schema.</param>
    /// <returns>The trained model.</returns>
    /// <exception cref="InvalidDataException">The version is not an autoencoder, was trained on another schema, or its payload is damaged.</exception>
    public LstmAutoencoderModel LoadLstmAutoencoder(ModelMetadata metadata, FeatureSchema expected)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.Kind != ModelKinds.LstmAutoencoder)
        {
            throw new InvalidDataException($"{metadata.Kind} {metadata.VersionLabel} is not an LSTM autoencoder.");
        }

        CheckSchema(metadata, expected);
        using var stream = new MemoryStream(ReadPayload(metadata), writable: false);
        try
        {
            return LstmAutoencoderModel.Load(stream, expected);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{metadata.Kind} {metadata.VersionLabel}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Loads an ensemble calibration version for an engine whose state vector is <paramref name="expected"/>: checks the
    /// metadata's schema first (a calibration's raw values depend on the instruments; a mismatch names the first
    /// difference), then reads the verified payload.
    /// </summary>
    /// <param name="metadata">The version, from <see cref="Find"/>, <see cref="Latest"/> or <see cref="Resolve"/>.</param>
    /// <param name="expected">The engine's state-vector schema.</param>
    /// <returns>The calibration, for <c>DetectionEngine.RestoreCalibration</c>.</returns>
    /// <exception cref="InvalidDataException">The version is not a calibration, was made for another schema, or its payload is damaged.</exception>
    public EnsembleCalibration LoadCalibration(ModelMetadata metadata, FeatureSchema expected)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.Kind != ModelKinds.Calibration)
        {
            throw new InvalidDataException($"{metadata.Kind} {metadata.VersionLabel} is not a calibration.");
        }

        CheckSchema(metadata, expected);
        using var stream = new MemoryStream(ReadPayload(metadata), writable: false);
        try
        {
            return EnsembleCalibration.Load(stream);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{metadata.Kind} {metadata.VersionLabel}: {e.Message}", e);
        }
    }

    /// <summary>The payload's hash in the form stored in metadata.</summary>
    /// <param name="payload">The payload bytes.</param>
    /// <returns><c>sha256:</c> and 64 lower-case hex digits.</returns>
    public static string ComputeHash(ReadOnlySpan<byte> payload) => FormatHash(SHA256.HashData(payload));

    private static void ValidateDraft(ModelDraft draft)
    {
        ModelKinds.ThrowIfUnknown(draft.Kind, nameof(draft));
        ArgumentNullException.ThrowIfNull(draft.Schema);
        ArgumentNullException.ThrowIfNull(draft.TrainedOn);
        ArgumentNullException.ThrowIfNull(draft.Metrics);
        if (string.IsNullOrWhiteSpace(draft.TrainedOn.Source))
        {
            throw new ArgumentException("The training data needs a source description.", nameof(draft));
        }

        if (draft.TrainedOn.StepCount < 0)
        {
            throw new ArgumentException($"The training step count must be non-negative; got {draft.TrainedOn.StepCount}.", nameof(draft));
        }

        if (draft.TrainedOn is { FirstTimestampNs: { } first, LastTimestampNs: { } last } && last < first)
        {
            throw new ArgumentException($"The training data ends ({last} ns) before it starts ({first} ns).", nameof(draft));
        }

        foreach (var (name, value) in draft.Metrics)
        {
            if (string.IsNullOrWhiteSpace(name) || !double.IsFinite(value))
            {
                throw new ArgumentException($"Training metric '{name}' = {value}: metrics need a name and a finite value.", nameof(draft));
            }
        }
    }

    private static ModelMetadata ReadVerified(string kind, int version, string path)
    {
        var metadataPath = Path.Combine(path, MetadataFileName);
        var label = $"{kind} {ModelVersion.Format(version)}";
        if (!File.Exists(metadataPath))
        {
            throw new InvalidDataException($"{label} has no {MetadataFileName}.");
        }

        var info = new FileInfo(metadataPath);
        if (info.Length > MaxMetadataBytes)
        {
            throw new InvalidDataException($"{label} has a {MetadataFileName} of {info.Length} bytes, more than any model's metadata.");
        }

        ModelMetadata? metadata;
        try
        {
            metadata = JsonSerializer.Deserialize(File.ReadAllBytes(metadataPath), ModelJsonContext.Default.ModelMetadata);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{label} has corrupt metadata: {e.Message}", e);
        }

        if (metadata is null)
        {
            throw new InvalidDataException($"{label} has corrupt metadata: the file is 'null'.");
        }

        if (metadata.Kind != kind || metadata.Version != version)
        {
            throw new InvalidDataException($"{label} has metadata for {metadata.Kind} {ModelVersion.Format(Math.Max(1, metadata.Version))}.");
        }

        try
        {
            metadata.Schema.ToFeatureSchema();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{label} has corrupt metadata: {e.Message}", e);
        }

        var payloadPath = Path.Combine(path, PayloadFileName);
        if (!File.Exists(payloadPath))
        {
            throw new InvalidDataException($"{label} has no {PayloadFileName}.");
        }

        var length = new FileInfo(payloadPath).Length;
        if (length != metadata.PayloadBytes)
        {
            throw new InvalidDataException($"{label} is corrupt: its payload is {length} bytes but its metadata records {metadata.PayloadBytes}.");
        }

        var hash = HashFile(payloadPath);
        if (!string.Equals(hash, metadata.ContentHash, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{label} is corrupt: its payload hashes to {hash} but its metadata records {metadata.ContentHash}.");
        }

        return metadata;
    }

    private static void WriteMetadata(string path, ModelMetadata metadata)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        JsonSerializer.Serialize(file, metadata, ModelJsonContext.Default.ModelMetadata);
        file.Flush(flushToDisk: true);
    }

    /// <summary>The version directories under a kind directory, by version; hidden and other names are not versions.</summary>
    private static List<(int Version, string Path)> VersionDirectories(string kindDirectory)
    {
        var versions = new List<(int, string)>();
        if (!System.IO.Directory.Exists(kindDirectory))
        {
            return versions;
        }

        foreach (var path in System.IO.Directory.EnumerateDirectories(kindDirectory))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith('v') && ModelVersion.TryParse(name, out var version))
            {
                versions.Add((version, path));
            }
        }

        versions.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return versions;
    }

    private static int HighestVersion(string kindDirectory)
    {
        var versions = VersionDirectories(kindDirectory);
        return versions.Count == 0 ? 0 : versions[^1].Version;
    }

    private string DescribeVersions(string kind)
    {
        var models = List(kind);
        if (models.Count == 0)
        {
            return "none";
        }

        var labels = new string[models.Count];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = models[i].VersionLabel;
        }

        return string.Join(", ", labels);
    }

    private static string HashFile(string path)
    {
        using var file = File.OpenRead(path);
        return FormatHash(SHA256.HashData(file));
    }

    private static string FormatHash(byte[] hash) => "sha256:" + Convert.ToHexStringLower(hash);

    private static bool IsReadFailure(Exception e) => e is IOException or InvalidDataException or UnauthorizedAccessException;

    private static void TryDelete(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The original failure matters more; a stray hidden temporary directory is ignored by listings.
        }
    }
}
