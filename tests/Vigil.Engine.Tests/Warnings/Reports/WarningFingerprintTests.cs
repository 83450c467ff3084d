using Vigil.Core.Instruments;
using Vigil.Engine.Warnings.Analogues;
using Vigil.Engine.Warnings.Classification;
using Vigil.Engine.Warnings.Reports;
using static Vigil.Engine.Tests.Warnings.Reports.WarningReporterTests;
using static Vigil.Engine.Tests.Warnings.Readings;

namespace Vigil.Engine.Tests.Warnings.Reports;

public sealed class WarningFingerprintTests
{
    private static CrisisFingerprint Of(params InstrumentReading[] readings) =>
        WarningFingerprint.From(new ClassificationInputs(readings, TimeSpan.FromMinutes(10), double.NaN, double.NaN, 0), RiskContext.Unknown);

    [Fact]
    public void A_twenty_percent_equity_fall_is_a_full_drawdown_and_ten_percent_half()
    {
        Assert.Equal(1.0, Of(R("SPX", AssetClass.EquityIndex, intradayMove: -0.25)).Drawdown);
        Assert.Equal(0.5, Of(R("SPX", AssetClass.EquityIndex, intradayMove: -0.10)).Drawdown, 9);
        Assert.Equal(0.0, Of(R("SPX", AssetClass.EquityIndex, intradayMove: 0.10)).Drawdown);
    }

    [Fact]
    public void Each_dimension_reads_its_own_gauges()
    {
        Assert.Equal(0.5, Of(R("VIX", AssetClass.Volatility, category: IndicatorCategory.EquityVolatilityIndex, level: 50)).VolatilitySpike, 9);
        Assert.Equal(0.5, Of(R("IG", AssetClass.Credit, category: IndicatorCategory.InvestmentGradeSpread, level: 350)).CreditWidening, 9);
        Assert.Equal(0.6, Of(R("USDTRY", AssetClass.Fx, intradayMove: -0.06)).FxMove, 9);
        Assert.Equal(0.5, Of(R("US2Y", AssetClass.Rates, z: -4)).RatesMove, 9);
        Assert.Equal(0.5, Of(R("HYG", AssetClass.Credit, spread: 5.5)).Liquidity, 9);
        Assert.Equal(0.5, Of(R("MOVE", AssetClass.Volatility, category: IndicatorCategory.BondVolatilityIndex, level: 140)).Liquidity, 9);
        Assert.Equal(0.3, Of(R("SPX", AssetClass.EquityIndex, intradayMove: 0.03)).Speed, 9);
        CrisisFingerprint correlated = WarningFingerprint.From(new ClassificationInputs([], TimeSpan.FromMinutes(10), 0.7, 0.2, 0), RiskContext.Unknown);
        Assert.Equal(0.5, correlated.CorrelationSpike, 9);
    }

    [Fact]
    public void Missing_values_count_as_no_stress()
    {
        CrisisFingerprint f = WarningFingerprint.From(
            new ClassificationInputs([R("SPX", AssetClass.EquityIndex, intradayMove: double.NaN, z: double.NaN, spread: double.NaN)], TimeSpan.FromMinutes(10), double.NaN, double.NaN, 0),
            RiskContext.Unknown);
        Assert.True(f.IsZero);
    }
}
