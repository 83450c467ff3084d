using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;

using Vigil.Detection.Models;

namespace Vigil.Detection.CrossAsset;

/// <summary>
/// Saving and loading. The model file (format version 1, all integers and doubles little-endian) is:
/// <list type="table">
/// <item><term>header</term><description>magic <c>VIGIL-IF</c> (8 ASCII bytes); format version (uint32, 1); payload
/// length in bytes (int64).</description></item>
/// <item><term>schema</term><description>schema version (int32); feature count (int32); each name as UTF-8 byte length
/// (int32) and bytes; fingerprint (uint64, see <see cref="FeatureSchema.Fingerprint"/>).</description></item>
/// <item><term>options</term><description>tree count (int32); subsample size (int32); max depth (int32, 0 when
/// automatic); seed (uint64).</description></item>
/// <item><term>training</term><description>row count (int32); effective subsample size ψ (int32); effective height
/// limit (int32); flags (byte: bit 0 start known, bit 1 end known); start and end (int64 ns since the Unix epoch, 0
/// when unknown).</description></item>
/// <item><term>nodes</term><description>node count (int32); each tree's root index (int32 × tree count); each node
/// as feature (int32, −1 for an external node), right child index (int32, 0 for an external node) and value
/// (float64: the split point, or an external node's path length e + c(size)).</description></item>
/// <item><term>checksum</term><description>FNV-1a 64 (uint64) of every byte before it.</description></item>
/// </list>
/// Loading checks the magic, version, length, checksum, schema, options and the shape of every tree, and refuses
/// anything else with an <see cref="InvalidDataException"/> that says why.
/// </summary>
public sealed partial class IsolationForest
{
    /// <summary>The model file format version this build writes and reads.</summary>
    public const int ModelFormatVersion = 1;

    private const byte StartKnown = 1;
    private const byte EndKnown = 2;

    private static ReadOnlySpan<byte> Magic => "VIGIL-IF"u8;

    /// <summary>Writes the model file to <paramref name="stream"/>, starting at its current position.</summary>
    /// <param name="stream">A writable stream; left open.</param>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(ToModelBytes());
    }

    /// <summary>Writes the model file to <paramref name="path"/>, replacing it whole (through a temporary file beside it).</summary>
    /// <param name="path">The file path.</param>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, ToModelBytes());
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads a model file from <paramref name="stream"/>, consuming exactly its bytes.</summary>
    /// <param name="stream">A readable stream positioned at the model; left open.</param>
    /// <param name="expected">The schema of the vectors the caller will score.</param>
    /// <returns>The forest, scoring bit-identically to the one saved.</returns>
    /// <exception cref="InvalidDataException">The model was trained on another feature schema (the message names the
    /// first difference), or the stream is not a model file, is of another format version, is truncated or is
    /// corrupt.</exception>
    public static IsolationForest Load(Stream stream, FeatureSchema expected)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(expected);
        return FromModelBytes(ReadModelBytes(stream), expected);
    }

    /// <summary>Reads a model file from <paramref name="path"/>; see <see cref="Load(Stream, FeatureSchema)"/>.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="expected">The schema of the vectors the caller will score.</param>
    /// <returns>The forest.</returns>
    public static IsolationForest Load(string path, FeatureSchema expected)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        return Load(stream, expected);
    }

    private byte[] ToModelBytes()
    {
        using var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Schema.Version);
            writer.Write(Schema.Count);
            foreach (var name in Schema.Names)
            {
                var bytes = Encoding.UTF8.GetBytes(name);
                writer.Write(bytes.Length);
                writer.Write(bytes);
            }

            writer.Write(Schema.Fingerprint);

            writer.Write(Options.TreeCount);
            writer.Write(Options.SubsampleSize);
            writer.Write(Options.MaxDepth ?? 0);
            writer.Write(Options.Seed);

            writer.Write(Training.RowCount);
            writer.Write(SubsampleSize);
            writer.Write(HeightLimit);
            writer.Write((byte)((Training.StartNs.HasValue ? StartKnown : 0) | (Training.EndNs.HasValue ? EndKnown : 0)));
            writer.Write(Training.StartNs ?? 0);
            writer.Write(Training.EndNs ?? 0);

            writer.Write(_nodes.Length);
            foreach (var root in _roots)
            {
                writer.Write(root);
            }

            foreach (var node in _nodes)
            {
                writer.Write(node.Feature);
                writer.Write(node.Right);
                writer.Write(node.Value);
            }
        }

        return ModelFileFrame.Wrap(Magic, ModelFormatVersion, payload);
    }

    private static byte[] ReadModelBytes(Stream stream) => ModelFileFrame.Read(stream, Magic, ModelFormatVersion, "Isolation Forest");

    private static IsolationForest FromModelBytes(byte[] file, FeatureSchema expected)
    {
        var reader = new ModelPayloadReader(ModelFileFrame.PayloadOf(file));

        var schemaVersion = reader.ReadInt32("the schema version");
        var featureCount = reader.ReadInt32("the feature count");
        if (featureCount is < 1 or > FeatureSchema.MaxFeatureCount)
        {
            ThrowCorrupt($"its feature count is {featureCount}");
        }

        var names = new string[featureCount];
        for (var i = 0; i < featureCount; i++)
        {
            var length = reader.ReadInt32("a feature name length");
            if (length is < 1 or > FeatureSchema.MaxNameLength)
            {
                ThrowCorrupt($"feature {i} has a name of {length} bytes");
            }

            names[i] = reader.ReadUtf8(length, "a feature name");
        }

        var fingerprint = reader.ReadUInt64("the schema fingerprint");
        FeatureSchema schema;
        try
        {
            schema = new FeatureSchema(names, schemaVersion);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException("The model file is corrupt: its feature schema is invalid: " + e.Message, e);
        }

        if (schema.Fingerprint != fingerprint)
        {
            ThrowCorrupt($"its schema fingerprint {fingerprint:X16} does not match its feature names ({schema.Fingerprint:X16})");
        }

        if (!schema.Equals(expected))
        {
            throw new InvalidDataException(
                $"The model expects {schema.Count} features {schema.Abbreviate(4)} (schema v{schema.Version}); "
                + $"the engine provides {expected.Count} features {expected.Abbreviate(4)} (schema v{expected.Version}): "
                + $"{schema.DescribeDifference(expected, "the model", "the engine")}. Retrain the model on the engine's features.");
        }

        var treeCount = reader.ReadInt32("the tree count");
        var configuredSubsampleSize = reader.ReadInt32("the subsample size");
        var maxDepth = reader.ReadInt32("the maximum depth");
        var seed = reader.ReadUInt64("the seed");
        var options = new IsolationForestOptions
        {
            TreeCount = treeCount,
            SubsampleSize = configuredSubsampleSize,
            MaxDepth = maxDepth == 0 ? null : maxDepth,
            Seed = seed,
        };
        var problems = options.Problems();
        if (problems.Count > 0)
        {
            ThrowCorrupt("its options are invalid: " + string.Join(" ", problems));
        }

        var rowCount = reader.ReadInt32("the training row count");
        var subsampleSize = reader.ReadInt32("the effective subsample size");
        var heightLimit = reader.ReadInt32("the effective height limit");
        var flags = reader.ReadByte("the training flags");
        var startNs = reader.ReadInt64("the training start");
        var endNs = reader.ReadInt64("the training end");
        if (rowCount < 2)
        {
            ThrowCorrupt($"it records {rowCount} training rows");
        }

        if (subsampleSize != Math.Min(options.SubsampleSize, rowCount) || heightLimit != options.HeightLimitFor(subsampleSize))
        {
            ThrowCorrupt($"its effective subsample size {subsampleSize} and height limit {heightLimit} disagree with its options and row count");
        }

        if ((flags & ~(StartKnown | EndKnown)) != 0 || ((flags & StartKnown) == 0 && startNs != 0) || ((flags & EndKnown) == 0 && endNs != 0))
        {
            ThrowCorrupt($"its training flags are {flags}");
        }

        long? start = (flags & StartKnown) != 0 ? startNs : null;
        long? end = (flags & EndKnown) != 0 ? endNs : null;
        if (start > end)
        {
            ThrowCorrupt($"its training range ends ({endNs} ns) before it starts ({startNs} ns)");
        }

        var nodeCount = reader.ReadInt32("the node count");
        var maxNodes = (long)options.TreeCount * ((2L * subsampleSize) - 1);
        if (nodeCount < options.TreeCount || nodeCount > maxNodes)
        {
            ThrowCorrupt($"it holds {nodeCount} nodes for {options.TreeCount} trees grown on {subsampleSize} rows");
        }

        var roots = new int[options.TreeCount];
        for (var t = 0; t < roots.Length; t++)
        {
            roots[t] = reader.ReadInt32("a tree root");
        }

        var nodes = new IsolationTreeNode[nodeCount];
        for (var i = 0; i < nodes.Length; i++)
        {
            var feature = reader.ReadInt32("a node");
            var right = reader.ReadInt32("a node");
            nodes[i] = new IsolationTreeNode(feature, right, reader.ReadDouble("a node"));
        }

        if (reader.Remaining != 0)
        {
            ThrowCorrupt($"{reader.Remaining} bytes follow the last node");
        }

        new TreeShapeValidator(nodes, featureCount, heightLimit, AveragePathLength(subsampleSize)).Validate(roots);
        return new IsolationForest(
            schema,
            options,
            subsampleSize,
            heightLimit,
            new IsolationForestTrainingInfo(rowCount, start, end),
            nodes,
            roots);
    }

    [DoesNotReturn]
    private static void ThrowCorrupt(string reason) => ModelFileFrame.ThrowCorrupt(reason);

    /// <summary>
    /// Checks that every tree is a proper binary tree in preorder within its range of the node array, with splits on
    /// existing features at finite points, no node deeper than the height limit, and external path lengths possible
    /// for their depth. A forest that passes cannot index out of range or loop while scoring.
    /// </summary>
    private readonly struct TreeShapeValidator(IsolationTreeNode[] nodes, int featureCount, int heightLimit, double maxLeafCorrection)
    {
        public void Validate(int[] roots)
        {
            for (var t = 0; t < roots.Length; t++)
            {
                var start = roots[t];
                var end = t + 1 < roots.Length ? roots[t + 1] : nodes.Length;
                if (t == 0 && start != 0)
                {
                    ThrowCorrupt($"the first tree starts at node {start}, not 0");
                }

                if (end <= start || end > nodes.Length)
                {
                    ThrowCorrupt($"tree {t} spans nodes {start} to {end}");
                }

                var after = Walk(t, start, end, 0);
                if (after != end)
                {
                    ThrowCorrupt($"tree {t} ends at node {after} but the next tree starts at node {end}");
                }
            }
        }

        /// <summary>Checks the subtree at <paramref name="index"/>; returns the index just past it.</summary>
        private int Walk(int tree, int index, int end, int depth)
        {
            if (index >= end)
            {
                ThrowCorrupt($"tree {tree} refers to node {index}, outside its nodes");
            }

            var node = nodes[index];
            if (node.Feature == IsolationTreeNode.LeafFeature)
            {
                if (node.Right != 0 || !(node.Value >= depth && node.Value <= depth + maxLeafCorrection))
                {
                    ThrowCorrupt($"tree {tree} has an external node {index} at depth {depth} with path length {node.Value}");
                }

                return index + 1;
            }

            if (node.Feature < 0 || node.Feature >= featureCount || !double.IsFinite(node.Value) || depth >= heightLimit)
            {
                ThrowCorrupt($"tree {tree} has an internal node {index} at depth {depth} splitting feature {node.Feature} at {node.Value}");
            }

            var leftEnd = Walk(tree, index + 1, end, depth + 1);
            if (node.Right != leftEnd)
            {
                ThrowCorrupt($"tree {tree} node {index} has its right child at {node.Right}, not just after its left subtree at {leftEnd}");
            }

            return Walk(tree, leftEnd, end, depth + 1);
        }
    }
}
