using Vigil.Detection.Risk;

namespace Vigil.Detection.Tests.Risk;

public class PortfolioRiskTests
{
    [Fact]
    public void CovarianceVaRAndComponentsMatchTheNumpyReferenceAndSumToTheTotal()
    {
        var p = VarFixture.Root.GetProperty("portfolio");
        var covariance = VarFixture.Doubles(p.GetProperty("covariance"));
        var weights = VarFixture.Doubles(p.GetProperty("weights"));
        Assert.Equal(p.GetProperty("sigma").GetDouble(), PortfolioRisk.Volatility(weights, covariance), 14);
        var components = new double[3];
        var total = PortfolioRisk.ComponentVaR(weights, covariance, 0.99, components);
        Assert.Equal(p.GetProperty("var99").GetDouble(), total, 14);
        var expected = VarFixture.Doubles(p.GetProperty("components99"));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(expected[i], components[i], 14);
        }

        Assert.Equal(total, components[0] + components[1] + components[2], 14);
    }

    [Fact]
    public void HistoricalPortfolioVaRFromTheJointHistoryMatchesNumpy()
    {
        var p = VarFixture.Root.GetProperty("portfolio");
        var joint = VarFixture.Doubles(p.GetProperty("joint"));
        var weights = VarFixture.Doubles(p.GetProperty("weights"));
        Assert.Equal(p.GetProperty("historicalVaR99").GetDouble(), PortfolioRisk.HistoricalVaR(joint, weights, 0.99), 14);
        Assert.Equal(p.GetProperty("historicalVaR95h5").GetDouble(), PortfolioRisk.HistoricalVaR(joint, weights, 0.95, 5), 14);
    }

    [Fact]
    public void NotionalsScaleTheVaRLinearly()
    {
        double[] covariance = [1e-4, 0, 0, 4e-4];
        var components = new double[2];
        var inWeights = PortfolioRisk.ComponentVaR([0.5, 0.5], covariance, 0.99, components);
        var inMoney = PortfolioRisk.ComponentVaR([500_000, 500_000], covariance, 0.99, components);
        Assert.Equal(inWeights * 1_000_000, inMoney, 6);
    }

    [Fact]
    public void MismatchedShapesAreRejected()
    {
        Assert.Equal("covariance", Assert.Throws<ArgumentException>(() => PortfolioRisk.Volatility([1, 2], [1, 0, 0])).ParamName);
        Assert.Equal("jointReturns", Assert.Throws<ArgumentException>(() => PortfolioRisk.HistoricalVaR([1, 2, 3], [1, 2], 0.99)).ParamName);
    }
}
