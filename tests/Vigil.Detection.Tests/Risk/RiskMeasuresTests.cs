using Vigil.Detection.Risk;

namespace Vigil.Detection.Tests.Risk;

public class RiskMeasuresTests
{
    [Fact]
    public void CornishFisherQuantileAt99PercentWithSkewMinusOneAndKurtosisThreeIsMinus3Point387()
    {
        var z = RiskMeasures.CornishFisherQuantile(Vigil.Core.Numerics.SpecialFunctions.NormalQuantile(0.01), -1, 3);
        Assert.Equal(-3.387, Math.Round(z, 3));
    }

    [Fact]
    public void CornishFisherVaRWithNormalMomentsEqualsGaussianVaR()
    {
        Assert.Equal(RiskMeasures.GaussianVaR(0.001, 0.02, 0.99, 4), RiskMeasures.CornishFisherVaR(0.001, 0.02, 0, 0, 0.99, 4), 12);
        Assert.Equal(RiskMeasures.GaussianExpectedShortfall(0.001, 0.02, 0.975), RiskMeasures.CornishFisherExpectedShortfall(0.001, 0.02, 0, 0, 0.975), 12);
    }

    [Fact]
    public void GaussianVaRAndEsMatchTheTextbookValuesForAStandardNormal()
    {
        Assert.Equal(2.326348, RiskMeasures.GaussianVaR(0, 1, 0.99), 6);
        Assert.Equal(1.644854, RiskMeasures.GaussianVaR(0, 1, 0.95), 6);
        // ES at 97.5% of a normal is close to its 99% VaR (the reason Basel moved to it): 2.337803.
        Assert.Equal(2.337803, RiskMeasures.GaussianExpectedShortfall(0, 1, 0.975), 6);
    }

    [Fact]
    public void EveryMeasureMatchesTheNumpyReferenceOnAFatTailedSample()
    {
        var single = VarFixture.Root.GetProperty("single");
        var returns = VarFixture.Doubles(single.GetProperty("returns"));
        var moments = RiskMeasures.Moments(returns);
        Assert.Equal(single.GetProperty("mean").GetDouble(), moments.Mean, 12);
        Assert.Equal(single.GetProperty("std").GetDouble(), moments.StdDev, 12);
        Assert.Equal(single.GetProperty("skewness").GetDouble(), moments.Skewness, 9);
        Assert.Equal(single.GetProperty("excessKurtosis").GetDouble(), moments.ExcessKurtosis, 9);
        foreach (var c in single.GetProperty("cases").EnumerateArray())
        {
            var alpha = c.GetProperty("alpha").GetDouble();
            var h = c.GetProperty("h").GetInt32();
            Assert.Equal(c.GetProperty("historicalVaR").GetDouble(), RiskMeasures.HistoricalVaR(returns, alpha, h), 12);
            Assert.Equal(c.GetProperty("historicalES").GetDouble(), RiskMeasures.HistoricalExpectedShortfall(returns, alpha, h), 12);
            Assert.Equal(c.GetProperty("gaussianVaR").GetDouble(), RiskMeasures.GaussianVaR(moments.Mean, moments.StdDev, alpha, h), 12);
            Assert.Equal(c.GetProperty("gaussianES").GetDouble(), RiskMeasures.GaussianExpectedShortfall(moments.Mean, moments.StdDev, alpha, h), 12);
            Assert.Equal(c.GetProperty("cornishFisherVaR").GetDouble(),
                RiskMeasures.CornishFisherVaR(moments.Mean, moments.StdDev, moments.Skewness, moments.ExcessKurtosis, alpha, h), 10);
            // The reference integrates numerically (midpoint rule, 200 000 cells): agreement to about 1e-5 relative.
            var es = c.GetProperty("cornishFisherES").GetDouble();
            var cfEs = RiskMeasures.CornishFisherExpectedShortfall(moments.Mean, moments.StdDev, moments.Skewness, moments.ExcessKurtosis, alpha, h);
            Assert.True(Math.Abs(cfEs - es) < 1e-5 * Math.Abs(es), $"CF ES {cfEs} against {es} at {alpha}, h {h}");
        }
    }

    [Fact]
    public void PowerSumMomentsAgreeWithTwoPassMoments()
    {
        var returns = VarFixture.Doubles(VarFixture.Root.GetProperty("single").GetProperty("returns"));
        double s1 = 0, s2 = 0, s3 = 0, s4 = 0;
        foreach (var r in returns)
        {
            s1 += r;
            s2 += r * r;
            s3 += r * r * r;
            s4 += r * r * r * r;
        }

        var fromSums = ReturnMoments.FromPowerSums(returns.Length, s1, s2, s3, s4);
        var twoPass = RiskMeasures.Moments(returns);
        Assert.Equal(twoPass.StdDev, fromSums.StdDev, 10);
        Assert.Equal(twoPass.Skewness, fromSums.Skewness, 7);
        Assert.Equal(twoPass.ExcessKurtosis, fromSums.ExcessKurtosis, 6);
    }

    [Fact]
    public void HistoricalVaRInterpolatesLinearlyBetweenOrderStatistics()
    {
        // Losses 1..5 (returns −1..−5): α = 0.9 sits at position 3.6 of 0..4, between 4 and 5.
        double[] returns = [-3, -1, -5, -2, -4];
        Assert.Equal(4.6, RiskMeasures.HistoricalVaR(returns, 0.9), 12);
        Assert.Equal(5.0, RiskMeasures.HistoricalExpectedShortfall(returns, 0.9), 12);
        Assert.Equal(4.5, RiskMeasures.HistoricalExpectedShortfall(returns, 0.75), 12);
    }

    [Fact]
    public void OverlappingSumsAddEachRunOfHSteps()
    {
        double[] returns = [1, 2, 3, 4, 5];
        var sums = new double[3];
        Assert.Equal(3, RiskMeasures.OverlappingSums(returns, 3, sums));
        Assert.Equal([6.0, 9.0, 12.0], sums);
    }

    [Fact]
    public void BadArgumentsAreRejectedNamingTheArgument()
    {
        Assert.Equal("confidenceLevel", Assert.Throws<ArgumentOutOfRangeException>(() => RiskMeasures.GaussianVaR(0, 1, 1.0)).ParamName);
        Assert.Equal("stdDev", Assert.Throws<ArgumentOutOfRangeException>(() => RiskMeasures.GaussianVaR(0, -1, 0.99)).ParamName);
        Assert.Equal("returns", Assert.Throws<ArgumentException>(() => RiskMeasures.HistoricalVaR([], 0.99)).ParamName);
        Assert.Equal("returns", Assert.Throws<ArgumentException>(() => RiskMeasures.HistoricalVaR([0.1, double.NaN], 0.99)).ParamName);
        Assert.Equal("horizonSteps", Assert.Throws<ArgumentOutOfRangeException>(() => RiskMeasures.GaussianVaR(0, 1, 0.99, 0)).ParamName);
    }
}
