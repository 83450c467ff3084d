using Vigil.Detection.Neural;
using Vigil.Detection.Tests.CrossAsset;

namespace Vigil.Detection.Tests.Neural;

public sealed class LstmAutoencoderModelFileTests
{
    private static readonly Lazy<LstmAutoencoderModel> Model = new(() => LstmAutoencoderTrainerTests.TrainSmall(
        options: LstmAutoencoderTrainerTests.Small with { Epochs = 3 }));

    private static byte[] Bytes(LstmAutoencoderModel model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }

    [Fact]
    public void Round_trip_keeps_schema_standardisation_calibration_training_info_and_scores_bit_identically()
    {
        var model = Model.Value;
        var loaded = LstmAutoencoderModel.Load(new MemoryStream(Bytes(model)), ForestTestData.Plain(4));

        Assert.Equal(model.Schema, loaded.Schema);
        Assert.Equal(model.Architecture, loaded.Architecture);
        Assert.Equal(model.Training, loaded.Training);
        Assert.True(model.FeatureMeans.SequenceEqual(loaded.FeatureMeans));
        Assert.True(model.FeatureScales.SequenceEqual(loaded.FeatureScales));
        Assert.True(model.ErrorQuantiles.SequenceEqual(loaded.ErrorQuantiles));
        Assert.True(model.Network.Parameters.SequenceEqual(loaded.Network.Parameters));
        var window = NeuralTestData.SineRows(12, 4, seed: 9);
        Assert.Equal(model.Network.ReconstructionError(window), loaded.Network.ReconstructionError(window));
    }

    [Fact]
    public void Saves_to_and_loads_from_a_path_and_loads_any_schema_without_an_expected_one()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vigil-ae-{Guid.NewGuid():N}.model");
        try
        {
            Model.Value.Save(path);
            var loaded = LstmAutoencoderModel.Load(path, ForestTestData.Plain(4));
            Assert.True(Model.Value.Network.Parameters.SequenceEqual(loaded.Network.Parameters));
            Assert.False(File.Exists(path + ".tmp"));
        }
        finally
        {
            File.Delete(path);
        }

        var any = LstmAutoencoderModel.Load(new MemoryStream(Bytes(Model.Value)));
        Assert.Equal(ForestTestData.Plain(4), any.Schema);
    }

    [Fact]
    public void Load_consumes_exactly_the_model_so_files_can_follow_each_other()
    {
        var bytes = Bytes(Model.Value);
        using var stream = new MemoryStream([.. bytes, .. bytes]);
        LstmAutoencoderModel.Load(stream);
        Assert.Equal(bytes.Length, stream.Position);
        LstmAutoencoderModel.Load(stream);
        Assert.Equal(2 * bytes.Length, stream.Position);
    }

    [Fact]
    public void Load_rejects_a_wrong_magic()
    {
        var bytes = Bytes(Model.Value);
        bytes[6] = (byte)'I';
        bytes[7] = (byte)'F';
        var e = Assert.Throws<InvalidDataException>(() => LstmAutoencoderModel.Load(new MemoryStream(bytes)));
        Assert.Contains("VIGIL-AE", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_rejects_another_format_version()
    {
        var bytes = Bytes(Model.Value);
        bytes[8] = 2;
        var e = Assert.Throws<InvalidDataException>(() => LstmAutoencoderModel.Load(new MemoryStream(bytes)));
        Assert.Contains("format version 2", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(19)]
    [InlineData(100)]
    [InlineData(-1)]
    public void Load_rejects_a_truncated_file(int length)
    {
        var bytes = Bytes(Model.Value);
        var cut = length < 0 ? bytes.Length - 1 : length;
        var e = Assert.Throws<InvalidDataException>(() => LstmAutoencoderModel.Load(new MemoryStream(bytes[..cut])));
        Assert.Contains(cut == 0 ? "empty" : "truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_rejects_a_corrupted_byte_by_its_checksum()
    {
        var bytes = Bytes(Model.Value);
        bytes[bytes.Length / 2] ^= 0x40;
        var e = Assert.Throws<InvalidDataException>(() => LstmAutoencoderModel.Load(new MemoryStream(bytes)));
        Assert.Contains("checksum", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_refuses_a_model_trained_on_another_schema_and_names_the_difference()
    {
        var bytes = Bytes(Model.Value);
        var other = new Vigil.Detection.CrossAsset.FeatureSchema(["f0", "f1", "g2", "f3"]);
        var e = Assert.Throws<InvalidDataException>(() => LstmAutoencoderModel.Load(new MemoryStream(bytes), other));
        Assert.Contains("feature 2 is 'f2' in the model but 'g2' in the engine", e.Message, StringComparison.Ordinal);
    }
}
