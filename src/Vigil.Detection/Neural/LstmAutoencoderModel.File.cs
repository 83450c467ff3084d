using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Vigil.Detection.CrossAsset;

using Vigil.Detection.Models;

namespace Vigil.Detection.Neural;

/// <summary>
/// Saving and loading. The model file (format version 1, all integers and doubles little-endian) is:
/// <list type="table">
/// <item><term>header</term><description>magic <c>VIGIL-AE</c> (8 ASCII bytes); format version (uint32, 1); payload
/// length in bytes (int64).</description></item>
/// <item><term>schema</term><description>schema version (int32); feature count (int32); each name as UTF-8 byte length
/// (int32) and bytes; fingerprint (uint64, see <see cref="FeatureSchema.Fingerprint"/>).</description></item>
/// <item><term>architecture</term><description>input width, window length, hidden size, code size (int32 each).</description></item>
/// <item><term>training</term><description>row count, training windows, validation windows, epochs, best epoch (int32
/// each); training loss, validation loss (float64); flags (byte: bit 0 start known, bit 1 end known); start and end
/// (int64 ns since the Unix epoch, 0 when unknown).</description></item>
/// <item><term>standardisation</term><description>each feature's mean, then each feature's scale (float64 × count each).</description></item>
/// <item><term>calibration</term><description>quantile count n (int32); the error quantiles at levels k/(n−1) (float64 × n).</description></item>
/// <item><term>weights</term><description>parameter count (int32); the parameters (float64 each) in the layout of
/// <see cref="LstmAutoencoderNetwork.Parameters"/>.</description></item>
/// <item><term>checksum</term><description>FNV-1a 64 (uint64) of every byte before it.</description></item>
/// </list>
/// Loading checks the magic, version, length, checksum, schema, architecture and every value, and refuses anything
/// else with an <see cref="InvalidDataException"/> that says why.
/// </summary>
public sealed partial class LstmAutoencoderModel
{
    /// <summary>The model file format version this build writes and reads.</summary>
    public const int ModelFormatVersion = 1;

    private const byte StartKnown = 1;
    private const byte EndKnown = 2;
    private const int MaxQuantileCount = 100_001;

    private static ReadOnlySpan<byte> Magic => "VIGIL-AE"u8;

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

    /// <summary>Reads a model file from <paramref name="path"/> and checks its schema; see <see cref="Load(Stream, FeatureSchema)"/>.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="expected">The schema of the vectors the caller will score.</param>
    /// <returns>The model.</returns>
    public static LstmAutoencoderModel Load(string path, FeatureSchema expected)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        return Load(stream, expected);
    }

    /// <summary>Reads a model file from <paramref name="stream"/>, consuming exactly its bytes, whatever its schema.</summary>
    /// <param name="stream">A readable stream positioned at the model; left open.</param>
    /// <returns>The model, scoring bit-identically to the one saved.</returns>
    /// <exception cref="InvalidDataException">The stream is not an autoencoder model file, is of another format
    /// version, is truncated or is corrupt.</exception>
    public static LstmAutoencoderModel Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return FromModelBytes(ReadModelBytes(stream), null);
    }

    /// <summary>Reads a model file and checks that it was trained on <paramref name="expected"/>.</summary>
    /// <param name="stream">A readable stream positioned at the model; left open.</param>
    /// <param name="expected">The schema of the vectors the caller will score.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">The model was trained on another feature schema (the message names the
    /// first difference), or the file is not a valid model file.</exception>
    public static LstmAutoencoderModel Load(Stream stream, FeatureSchema expected)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(expected);
        return FromModelBytes(ReadModelBytes(stream), expected);
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

            var a = Architecture;
            writer.Write(a.InputWidth);
            writer.Write(a.WindowLength);
            writer.Write(a.HiddenSize);
            writer.Write(a.CodeSize);

            writer.Write(Training.RowCount);
            writer.Write(Training.TrainingWindowCount);
            writer.Write(Training.ValidationWindowCount);
            writer.Write(Training.Epochs);
            writer.Write(Training.BestEpoch);
            writer.Write(Training.TrainingLoss);
            writer.Write(Training.ValidationLoss);
            writer.Write((byte)((Training.StartNs.HasValue ? StartKnown : 0) | (Training.EndNs.HasValue ? EndKnown : 0)));
            writer.Write(Training.StartNs ?? 0);
            writer.Write(Training.EndNs ?? 0);

            foreach (var mean in _means)
            {
                writer.Write(mean);
            }

            foreach (var scale in _scales)
            {
                writer.Write(scale);
            }

            writer.Write(_errorQuantiles.Length);
            foreach (var quantile in _errorQuantiles)
            {
                writer.Write(quantile);
            }

            var parameters = Network.Parameters;
            writer.Write(parameters.Length);
            foreach (var parameter in parameters)
            {
                writer.Write(parameter);
            }
        }

        return ModelFileFrame.Wrap(Magic, ModelFormatVersion, payload);
    }

    private static byte[] ReadModelBytes(Stream stream) => ModelFileFrame.Read(stream, Magic, ModelFormatVersion, "LSTM autoencoder");

    private static LstmAutoencoderModel FromModelBytes(byte[] file, FeatureSchema? expected)
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

        if (expected is not null && !schema.Equals(expected))
        {
            throw new InvalidDataException(
                $"The model expects {schema.Count} features {schema.Abbreviate(4)} (schema v{schema.Version}); "
                + $"the engine provides {expected.Count} features {expected.Abbreviate(4)} (schema v{expected.Version}): "
                + $"{schema.DescribeDifference(expected, "the model", "the engine")}. Retrain the model on the engine's features.");
        }

        var architecture = new LstmAutoencoderArchitecture
        {
            InputWidth = reader.ReadInt32("the input width"),
            WindowLength = reader.ReadInt32("the window length"),
            HiddenSize = reader.ReadInt32("the hidden size"),
            CodeSize = reader.ReadInt32("the code size"),
        };
        var problems = architecture.Validate();
        if (problems.Count > 0)
        {
            ThrowCorrupt("its architecture is invalid: " + string.Join("; ", problems));
        }

        if (architecture.InputWidth != featureCount)
        {
            ThrowCorrupt($"its input width {architecture.InputWidth} differs from its {featureCount} features");
        }

        var rowCount = reader.ReadInt32("the training row count");
        var trainingWindows = reader.ReadInt32("the training window count");
        var validationWindows = reader.ReadInt32("the validation window count");
        var epochs = reader.ReadInt32("the epoch count");
        var bestEpoch = reader.ReadInt32("the best epoch");
        var trainingLoss = reader.ReadDouble("the training loss");
        var validationLoss = reader.ReadDouble("the validation loss");
        var flags = reader.ReadByte("the training flags");
        var startNs = reader.ReadInt64("the training start");
        var endNs = reader.ReadInt64("the training end");
        if (rowCount < 0 || trainingWindows < 0 || validationWindows < 0 || epochs < 0 || bestEpoch < 0 || bestEpoch > epochs)
        {
            ThrowCorrupt($"its training counts are invalid (rows {rowCount}, windows {trainingWindows} and {validationWindows}, epochs {epochs}, best {bestEpoch})");
        }

        if ((flags & ~(StartKnown | EndKnown)) != 0 || ((flags & StartKnown) == 0 && startNs != 0) || ((flags & EndKnown) == 0 && endNs != 0))
        {
            ThrowCorrupt($"its training flags are {flags}");
        }

        long? start = (flags & StartKnown) != 0 ? startNs : null;
        long? end = (flags & EndKnown) != 0 ? endNs : null;
        var training = new LstmAutoencoderTrainingInfo(
            rowCount, trainingWindows, validationWindows, epochs, bestEpoch, trainingLoss, validationLoss, start, end);

        var means = new double[featureCount];
        var scales = new double[featureCount];
        for (var j = 0; j < featureCount; j++)
        {
            means[j] = reader.ReadDouble("a feature mean");
        }

        for (var j = 0; j < featureCount; j++)
        {
            scales[j] = reader.ReadDouble("a feature scale");
        }

        var quantileCount = reader.ReadInt32("the quantile count");
        if (quantileCount is < 2 or > MaxQuantileCount)
        {
            ThrowCorrupt($"it holds {quantileCount} error quantiles");
        }

        var quantiles = new double[quantileCount];
        for (var k = 0; k < quantileCount; k++)
        {
            quantiles[k] = reader.ReadDouble("an error quantile");
        }

        var parameterCount = reader.ReadInt32("the parameter count");
        if (parameterCount != architecture.ParameterCount)
        {
            ThrowCorrupt($"it holds {parameterCount} parameters but its architecture has {architecture.ParameterCount}");
        }

        var network = new LstmAutoencoderNetwork(architecture);
        var parameters = network.Parameters;
        for (var k = 0; k < parameterCount; k++)
        {
            var value = reader.ReadDouble("a parameter");
            if (!double.IsFinite(value))
            {
                ThrowCorrupt($"parameter {k} is {value}");
            }

            parameters[k] = value;
        }

        if (reader.Remaining != 0)
        {
            ThrowCorrupt($"{reader.Remaining} bytes follow the last parameter");
        }

        try
        {
            return new LstmAutoencoderModel(schema, network, means, scales, quantiles, training);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException("The model file is corrupt: " + e.Message, e);
        }
    }

    [DoesNotReturn]
    private static void ThrowCorrupt(string reason) => ModelFileFrame.ThrowCorrupt(reason);
}
