using Vigil.Detection.CrossAsset;

namespace Vigil.Detection.Tests.CrossAsset;

public class AveragePathLengthTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(10)]
    [InlineData(256)]
    [InlineData(1_000_000)]
    public void Follows_the_papers_closed_form_above_two(int n)
    {
        // c(n) = 2H(n-1) - 2(n-1)/n with H(i) = ln(i) + 0.5772156649 (Liu, Ting and Zhou 2008, eq. 1).
        var expected = (2 * (Math.Log(n - 1) + 0.5772156649)) - (2.0 * (n - 1) / n);

        Assert.Equal(expected, IsolationForest.AveragePathLength(n), 1e-9);
    }

    [Fact]
    public void Is_zero_for_zero_and_one_point_and_one_for_two()
    {
        Assert.Equal(0.0, IsolationForest.AveragePathLength(0));
        Assert.Equal(0.0, IsolationForest.AveragePathLength(1));
        Assert.Equal(1.0, IsolationForest.AveragePathLength(2));
    }

    [Fact]
    public void Matches_scikit_learn_average_path_length()
    {
        using var fixture = ForestTestData.SklearnFixture();
        var table = fixture.RootElement.GetProperty("average_path_length");
        var ns = table.GetProperty("n").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var cs = table.GetProperty("c").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.True(ns.Length >= 10);

        for (var i = 0; i < ns.Length; i++)
        {
            Assert.Equal(cs[i], IsolationForest.AveragePathLength(ns[i]), 1e-12);
        }
    }

    [Fact]
    public void Never_decreases()
    {
        var previous = 0.0;
        for (var n = 0; n <= 5000; n++)
        {
            var c = IsolationForest.AveragePathLength(n);
            Assert.True(c >= previous, $"c({n}) = {c} < c({n - 1}) = {previous}");
            previous = c;
        }
    }

    [Fact]
    public void Refuses_a_negative_count()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => IsolationForest.AveragePathLength(-1));
    }
}
