using MathNet.Numerics.Distributions;
using Vigil.Detection.Risk;

namespace Vigil.Detection.Tests.Risk;

public class VarBacktestsTests
{
    [Theory]
    [InlineData(10, 12.96)]
    [InlineData(5, 1.96)]
    public void KupiecMatchesTheIssuesReferenceValuesFor250DaysAt99Percent(int exceptions, double expected)
    {
        var test = VarBacktests.Kupiec(250, exceptions, 0.99);
        Assert.Equal(expected, Math.Round(test.LikelihoodRatio, 2));
    }

    [Fact]
    public void KupiecMatchesThePythonReferenceIncludingNoAndAllExceptions()
    {
        foreach (var c in VarFixture.Root.GetProperty("kupiec").EnumerateArray())
        {
            var test = VarBacktests.Kupiec(c.GetProperty("t").GetInt32(), c.GetProperty("x").GetInt32(), c.GetProperty("alpha").GetDouble());
            Assert.Equal(c.GetProperty("lr").GetDouble(), test.LikelihoodRatio, 9);
            Assert.Equal(c.GetProperty("p").GetDouble(), test.PValue, 12);
        }
    }

    [Fact]
    public void KupiecRejectsTenExceptionsButNotTwoAtTheFivePercentLevel()
    {
        Assert.True(VarBacktests.Kupiec(250, 10, 0.99).Rejected);
        Assert.False(VarBacktests.Kupiec(250, 2, 0.99).Rejected);
        Assert.False(VarBacktests.Kupiec(250, 5, 0.99).Rejected);
        // Zero exceptions in 250 days is itself unlikely for a 99% VaR: LR = 5.03, p = 0.025.
        Assert.True(VarBacktests.Kupiec(250, 0, 0.99).Rejected);
        Assert.False(VarBacktests.Kupiec(250, 0, 0.99, testLevel: 0.01).Rejected);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    [InlineData(1.96)]
    [InlineData(3.841458820694124)]
    [InlineData(12.96)]
    [InlineData(40)]
    public void ChiSquarePValuesAgreeWithMathNet(double x)
    {
        Assert.Equal(1 - ChiSquared.CDF(1, x), VarBacktests.ChiSquareSurvival1(x), 12);
        Assert.Equal(1 - ChiSquared.CDF(2, x), VarBacktests.ChiSquareSurvival2(x), 12);
    }

    [Fact]
    public void ChristoffersenDetectsClusteredExceptionsLikeThePythonReference()
    {
        var c = VarFixture.Root.GetProperty("christoffersen");
        var series = c.GetProperty("exceptions").EnumerateArray().Select(e => e.GetBoolean()).ToArray();
        var test = VarBacktests.Christoffersen(series, 0.99);
        Assert.Equal(c.GetProperty("n00").GetInt32(), test.NoExceptionThenNone);
        Assert.Equal(c.GetProperty("n01").GetInt32(), test.NoExceptionThenException);
        Assert.Equal(c.GetProperty("n10").GetInt32(), test.ExceptionThenNone);
        Assert.Equal(c.GetProperty("n11").GetInt32(), test.ExceptionThenException);
        Assert.Equal(c.GetProperty("lrInd").GetDouble(), test.IndependenceRatio, 9);
        Assert.Equal(c.GetProperty("pInd").GetDouble(), test.IndependencePValue, 12);
        Assert.Equal(c.GetProperty("lrCc").GetDouble(), test.ConditionalCoverageRatio, 9);
        Assert.Equal(c.GetProperty("pCc").GetDouble(), test.ConditionalCoveragePValue, 12);
        Assert.True(test.IndependenceRejected);
        Assert.True(test.ConditionalCoverageRejected);
    }

    [Fact]
    public void ChristoffersenAcceptsSpreadOutExceptionsAndHandlesNone()
    {
        var spread = new bool[250];
        spread[30] = spread[110] = spread[200] = true;
        var test = VarBacktests.Christoffersen(spread, 0.99);
        Assert.False(test.IndependenceRejected);
        Assert.False(test.ConditionalCoverageRejected);
        var none = VarBacktests.Christoffersen(new bool[250], 0.99);
        Assert.Equal(0, none.IndependenceRatio);
        Assert.Equal(1, none.IndependencePValue);
        Assert.Equal(VarBacktests.Kupiec(250, 0, 0.99).LikelihoodRatio, none.ConditionalCoverageRatio, 12);
        var all = VarBacktests.Christoffersen(Enumerable.Repeat(true, 250).ToArray(), 0.99);
        Assert.True(double.IsFinite(all.ConditionalCoverageRatio));
        Assert.True(all.ConditionalCoverageRejected);
    }

    [Theory]
    [InlineData(0, TrafficLightZone.Green, 0.00)]
    [InlineData(4, TrafficLightZone.Green, 0.00)]
    [InlineData(5, TrafficLightZone.Yellow, 0.40)]
    [InlineData(6, TrafficLightZone.Yellow, 0.50)]
    [InlineData(7, TrafficLightZone.Yellow, 0.65)]
    [InlineData(8, TrafficLightZone.Yellow, 0.75)]
    [InlineData(9, TrafficLightZone.Yellow, 0.85)]
    [InlineData(10, TrafficLightZone.Red, 1.00)]
    [InlineData(31, TrafficLightZone.Red, 1.00)]
    public void BaselTrafficLightFollowsTheBaselTable(int exceptions, TrafficLightZone zone, double plusFactor)
    {
        var light = VarBacktests.BaselTrafficLight(exceptions);
        Assert.Equal(zone, light.Zone);
        Assert.Equal(plusFactor, light.PlusFactor, 12);
        Assert.Equal(3 + plusFactor, light.Multiplier, 12);
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        Assert.Equal("exceptions", Assert.Throws<ArgumentOutOfRangeException>(() => VarBacktests.Kupiec(250, 251, 0.99)).ParamName);
        Assert.Equal("testLevel", Assert.Throws<ArgumentOutOfRangeException>(() => VarBacktests.Kupiec(250, 1, 0.99, 0)).ParamName);
        Assert.Equal("exceptions", Assert.Throws<ArgumentException>(() => VarBacktests.Christoffersen([true], 0.99)).ParamName);
    }
}
