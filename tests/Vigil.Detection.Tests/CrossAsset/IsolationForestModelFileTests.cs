using System.Buffers.Binary;
using System.Text;
using Vigil.Detection.CrossAsset;

namespace Vigil.Detection.Tests.CrossAsset;

public class IsolationForestModelFileTests
{
    private static readonly FeatureSchema Schema = ForestTestData.StateVectorSchema(18);
    private static readonly IsolationForest Forest = IsolationForest.Fit(
        ForestTestData.GaussianRows(384, 72, 77),
        384,
        Schema,
        new IsolationForestOptions { Seed = 5 },
        trainingStartNs: 1_700_000_000_000_000_000,
        trainingEndNs: 1_700_000_383_000_000_000);

    [Fact]
    public void Round_trip_gives_bit_identical_scores_and_path_lengths()
    {
        var loaded = IsolationForest.Load(new MemoryStream(IsolationForestTests.Save(Forest)), Schema);

        var probes = ForestTestData.GaussianRows(200, 72, 78);
        for (var r = 0; r < 200; r++)
        {
            var x = probes.AsSpan(r * 72, 72);
            if (r % 10 == 0)
            {
                x[r % 72] = 50; // some outliers too
            }

            Assert.Equal(BitConverter.DoubleToInt64Bits(Forest.Score(x)), BitConverter.DoubleToInt64Bits(loaded.Score(x)));
            Assert.Equal(BitConverter.DoubleToInt64Bits(Forest.MeanPathLength(x)), BitConverter.DoubleToInt64Bits(loaded.MeanPathLength(x)));
        }
    }

    [Fact]
    public void Round_trip_keeps_schema_options_and_training_metadata()
    {
        var loaded = IsolationForest.Load(new MemoryStream(IsolationForestTests.Save(Forest)), Schema);

        Assert.Equal(Schema, loaded.Schema);
        Assert.Equal(new IsolationForestOptions { Seed = 5 }, loaded.Options);
        Assert.Equal(new IsolationForestTrainingInfo(384, 1_700_000_000_000_000_000, 1_700_000_383_000_000_000), loaded.Training);
        Assert.Equal(256, loaded.SubsampleSize);
        Assert.Equal(8, loaded.HeightLimit);
        Assert.Equal(Forest.NodeCount, loaded.NodeCount);
        Assert.Equal(IsolationForestTests.Save(Forest), IsolationForestTests.Save(loaded));
    }

    [Fact]
    public void Round_trip_through_a_file_path_keeps_unknown_training_times_and_explicit_depth()
    {
        var schema = ForestTestData.Plain(3);
        var forest = IsolationForest.Fit(ForestTestData.GaussianRows(50, 3, 1), 50, schema, new IsolationForestOptions { MaxDepth = 4, TreeCount = 7 });
        var path = Path.Combine(Path.GetTempPath(), $"vigil-iforest-{Guid.NewGuid():N}.model");
        try
        {
            forest.Save(path);
            var loaded = IsolationForest.Load(path, schema);

            Assert.Equal(new IsolationForestTrainingInfo(50, null, null), loaded.Training);
            Assert.Equal(4, loaded.Options.MaxDepth);
            Assert.Equal(7, loaded.TreeCount);
            Assert.False(File.Exists(path + ".tmp"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_consumes_exactly_the_model_and_leaves_what_follows()
    {
        using var stream = new MemoryStream();
        Forest.Save(stream);
        stream.WriteByte(0xAB);
        stream.Position = 0;

        IsolationForest.Load(stream, Schema);

        Assert.Equal(0xAB, stream.ReadByte());
    }

    [Fact]
    public void File_starts_with_magic_and_version_and_ends_with_a_checksum_of_the_rest()
    {
        var bytes = IsolationForestTests.Save(Forest);

        Assert.Equal("VIGIL-IF", Encoding.ASCII.GetString(bytes, 0, 8));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(bytes.Length - 28, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(12)));
        Assert.Equal(ForestTestData.Fnv1a(bytes.AsSpan(0, bytes.Length - 8)), BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8)));
    }

    [Fact]
    public void Refuses_a_model_of_another_schema_naming_the_first_difference()
    {
        var names = Schema.Names.ToArray();
        names[6] = "NDX.z";
        var other = new FeatureSchema(names);

        var e = Assert.Throws<InvalidDataException>(() => IsolationForest.Load(new MemoryStream(IsolationForestTests.Save(Forest)), other));

        Assert.Contains("model expects 72 features [SPX.return, SPX.volatility", e.Message, StringComparison.Ordinal);
        Assert.Contains("feature 6 is 'NDX.zscore' in the model but 'NDX.z' in the engine", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_model_with_fewer_features_than_the_engine_provides()
    {
        var bigger = ForestTestData.StateVectorSchema(18);
        var smaller = ForestTestData.StateVectorSchema(17);
        var forest = IsolationForest.Fit(ForestTestData.GaussianRows(20, 68, 1), 20, smaller, new IsolationForestOptions());

        var e = Assert.Throws<InvalidDataException>(() => IsolationForest.Load(new MemoryStream(IsolationForestTests.Save(forest)), bigger));

        Assert.Contains("model expects 68 features", e.Message, StringComparison.Ordinal);
        Assert.Contains("engine provides 72 features", e.Message, StringComparison.Ordinal);
        Assert.Contains("feature 68 'XLF.return' is in the engine but missing from the model", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_model_of_another_schema_version()
    {
        var e = Assert.Throws<InvalidDataException>(
            () => IsolationForest.Load(new MemoryStream(IsolationForestTests.Save(Forest)), ForestTestData.StateVectorSchema(18, version: 2)));

        Assert.Contains("the model is version 1 and the engine version 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_file_with_a_flipped_byte_as_corrupt()
    {
        var bytes = IsolationForestTests.Save(Forest);
        foreach (var offset in new[] { 20, 100, bytes.Length / 2, bytes.Length - 9, bytes.Length - 1 })
        {
            var copy = (byte[])bytes.Clone();
            copy[offset] ^= 0x10;

            var e = Assert.Throws<InvalidDataException>(() => IsolationForest.Load(new MemoryStream(copy), Schema));
            Assert.Contains("corrupt", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Refuses_a_truncated_file_at_every_cut()
    {
        var bytes = IsolationForestTests.Save(Forest);
        for (var length = 1; length < bytes.Length; length += length < 64 ? 1 : 997)
        {
            var e = Assert.Throws<InvalidDataException>(() => IsolationForest.Load(new MemoryStream(bytes, 0, length), Schema));
            Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        }

        var empty = Assert.Throws<InvalidDataException>(() => IsolationForest.Load(new MemoryStream(), Schema));
        Assert.Contains("empty", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_file_that_is_not_a_model()
    {
        var e = Assert.Throws<InvalidDataException>(() => IsolationForest.Load(new MemoryStream(Encoding.ASCII.GetBytes("{\"trees\": []}")), Schema));

        Assert.Contains("not a Vigil Isolation Forest model", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_another_format_version_saying_which()
    {
        var bytes = IsolationForestTests.Save(Forest);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 2);
        Reseal(bytes);

        var e = Assert.Throws<InvalidDataException>(() => IsolationForest.Load(new MemoryStream(bytes), Schema));

        Assert.Contains("format version 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("reads version 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_tree_whose_right_child_points_backwards_even_with_a_valid_checksum()
    {
        var bytes = IsolationForestTests.Save(Forest);
        var root = FirstNodeOffset(bytes);
        Assert.NotEqual(-1, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(root))); // the first root is internal
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(root + 4), 0); // right child = itself
        Reseal(bytes);

        var e = Assert.Throws<InvalidDataException>(() => IsolationForest.Load(new MemoryStream(bytes), Schema));

        Assert.Contains("tree 0 node 0 has its right child at 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_split_on_a_feature_the_schema_lacks_even_with_a_valid_checksum()
    {
        var bytes = IsolationForestTests.Save(Forest);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(FirstNodeOffset(bytes)), 72);
        Reseal(bytes);

        var e = Assert.Throws<InvalidDataException>(() => IsolationForest.Load(new MemoryStream(bytes), Schema));

        Assert.Contains("splitting feature 72", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_non_finite_split_point_even_with_a_valid_checksum()
    {
        var bytes = IsolationForestTests.Save(Forest);
        BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(FirstNodeOffset(bytes) + 8), double.NaN);
        Reseal(bytes);

        var e = Assert.Throws<InvalidDataException>(() => IsolationForest.Load(new MemoryStream(bytes), Schema));

        Assert.Contains("corrupt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_an_options_block_that_is_invalid_even_with_a_valid_checksum()
    {
        var bytes = IsolationForestTests.Save(Forest);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(OptionsOffset(bytes)), 0); // tree count
        Reseal(bytes);

        var e = Assert.Throws<InvalidDataException>(() => IsolationForest.Load(new MemoryStream(bytes), Schema));

        Assert.Contains("TreeCount", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Recomputes the checksum after a test edits the bytes, so only the structural checks can catch the edit.</summary>
    private static void Reseal(byte[] bytes) =>
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8), ForestTestData.Fnv1a(bytes.AsSpan(0, bytes.Length - 8)));

    /// <summary>The offset of the options block, found by walking the documented layout.</summary>
    private static int OptionsOffset(byte[] bytes)
    {
        var at = 20 + 4; // header, schema version
        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at));
        at += 4;
        for (var i = 0; i < count; i++)
        {
            at += 4 + BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at));
        }

        return at + 8; // fingerprint
    }

    /// <summary>The offset of node 0, found by walking the documented layout.</summary>
    private static int FirstNodeOffset(byte[] bytes)
    {
        var at = OptionsOffset(bytes);
        var trees = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at));
        at += 4 + 4 + 4 + 8; // options
        at += 4 + 4 + 4 + 1 + 8 + 8; // training
        at += 4; // node count
        return at + (4 * trees);
    }
}
