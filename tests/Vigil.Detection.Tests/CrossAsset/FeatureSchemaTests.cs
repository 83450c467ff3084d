using System.Buffers.Binary;
using System.Text;
using Vigil.Detection.CrossAsset;

namespace Vigil.Detection.Tests.CrossAsset;

public class FeatureSchemaTests
{
    [Fact]
    public void Equal_names_and_version_make_equal_schemas_with_equal_fingerprints()
    {
        var a = new FeatureSchema(["SPX.return", "SPX.volatility"]);
        var b = new FeatureSchema(new List<string> { "SPX.return", "SPX.volatility" });

        Assert.Equal(a, b);
        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.Null(a.DescribeDifference(b));
    }

    [Fact]
    public void Order_names_and_version_all_change_the_fingerprint()
    {
        var a = new FeatureSchema(["x", "y"]);

        Assert.NotEqual(a.Fingerprint, new FeatureSchema(["y", "x"]).Fingerprint);
        Assert.NotEqual(a.Fingerprint, new FeatureSchema(["x", "Y"]).Fingerprint);
        Assert.NotEqual(a.Fingerprint, new FeatureSchema(["x", "y"], version: 2).Fingerprint);
        Assert.NotEqual(a.Fingerprint, new FeatureSchema(["xy"]).Fingerprint);
        Assert.NotEqual(a, new FeatureSchema(["x", "y"], version: 2));
    }

    [Fact]
    public void Fingerprint_is_fnv1a_of_the_documented_layout()
    {
        var bytes = new List<byte>();
        void Int(int v)
        {
            var b = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(b, v);
            bytes.AddRange(b);
        }

        Int(3);
        Int(2);
        foreach (var name in new[] { "SPX.return", "VIX.zscore" })
        {
            Int(Encoding.UTF8.GetByteCount(name));
            bytes.AddRange(Encoding.UTF8.GetBytes(name));
        }

        Assert.Equal(ForestTestData.Fnv1a(bytes.ToArray()), new FeatureSchema(["SPX.return", "VIX.zscore"], version: 3).Fingerprint);
    }

    [Fact]
    public void Describes_the_first_difference()
    {
        var a = new FeatureSchema(["a", "b", "c"]);

        Assert.Equal("feature 1 is 'b' in this schema but 'B' in the other", a.DescribeDifference(new FeatureSchema(["a", "B", "C"])));
        Assert.Equal("feature 2 'c' is in this schema but missing from the other", a.DescribeDifference(new FeatureSchema(["a", "b"])));
    }

    [Fact]
    public void Refuses_empty_blank_duplicate_and_control_names()
    {
        Assert.Throws<ArgumentException>(() => new FeatureSchema([]));
        Assert.Throws<ArgumentException>(() => new FeatureSchema(["a", " "]));
        Assert.Throws<ArgumentException>(() => new FeatureSchema(["a", "b", "a"]));
        Assert.Throws<ArgumentException>(() => new FeatureSchema(["a\nb"]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeatureSchema(["a"], version: 0));
    }

    [Fact]
    public void Copies_the_names_it_is_given()
    {
        var names = new[] { "a", "b" };
        var schema = new FeatureSchema(names);
        names[0] = "z";

        Assert.Equal("a", schema.Names[0]);
    }
}
