using Vigil.Detection.Systemic;

namespace Vigil.Detection.Tests.Systemic;

public sealed class EmpiricalCdfTests
{
    [Fact]
    public void Each_value_is_ranked_among_the_values_so_far_with_ties_averaged()
    {
        var ecdf = new EmpiricalCdf(100);
        // By hand: {3} → 1; {3, 1}: 1 is lowest → 1/2; {3, 1, 3}: one below, two equal → (1 + 1.5) / 3;
        // {3, 1, 3, 2}: one below → 2/4; {3, 1, 3, 2, 3}: two below, three equal → (2 + 2) / 5.
        double[] values = [3, 1, 3, 2, 3];
        double[] expected = [1.0, 0.5, 2.5 / 3, 0.5, 0.8];
        for (var i = 0; i < values.Length; i++)
        {
            Assert.Equal(expected[i], ecdf.AddAndRank(values[i]), 14);
        }
    }

    [Fact]
    public void Once_full_the_window_rolls_and_forgets_the_oldest_values()
    {
        var ecdf = new EmpiricalCdf(3);
        ecdf.AddAndRank(5);
        ecdf.AddAndRank(1);
        ecdf.AddAndRank(2);
        // Window {1, 2, 0.5}: the 5 is gone, so 3 is the maximum.
        Assert.Equal(1.0 / 3, ecdf.AddAndRank(0.5), 14);
        Assert.Equal(1.0, ecdf.AddAndRank(3), 14);
        Assert.Equal(3, ecdf.Count);
    }

    [Fact]
    public void A_long_run_of_ties_sits_at_the_middle()
    {
        var ecdf = new EmpiricalCdf(1000);
        double rank = 0;
        for (var i = 0; i < 999; i++)
        {
            rank = ecdf.AddAndRank(0.0);
        }

        // 999 equal values: average rank 500 of 999.
        Assert.Equal(500.0 / 999, rank, 14);
    }

    [Fact]
    public void Ranking_without_adding_counts_the_value_once_more_and_leaves_the_window_alone()
    {
        var ecdf = new EmpiricalCdf(10);
        ecdf.AddAndRank(1);
        ecdf.AddAndRank(3);
        ecdf.AddAndRank(3);
        // {1, 3, 3} plus a 3: one below, three equal → (1 + 2) / 4.
        Assert.Equal(0.75, ecdf.Rank(3), 14);
        Assert.Equal(0.25, ecdf.Rank(0), 14);
        Assert.Equal(3, ecdf.Count);
    }

    [Fact]
    public void A_value_that_is_not_finite_is_rejected()
    {
        var ecdf = new EmpiricalCdf(10);
        var e = Assert.Throws<ArgumentException>(() => ecdf.AddAndRank(double.NaN));
        Assert.Equal("value", e.ParamName);
    }
}
