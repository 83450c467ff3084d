using Vigil.Core.Instruments;
using Vigil.Detection.Risk.Options;

namespace Vigil.Detection.Tests.Risk.Options;

public sealed class CrashProtectionCostTests
{
    private static readonly Instrument[] Instruments =
    [
        new(new InstrumentId(0), "SPX", "S&P 500", AssetClass.EquityIndex, StressSegment.Equity, ValueKind.Price),
        new(new InstrumentId(1), "VIX", "VIX", AssetClass.Volatility, StressSegment.Volatility, ValueKind.Price),
    ];

    [Fact]
    public void The_reading_is_the_Black76_price_of_the_out_of_the_money_put_over_the_index()
    {
        var cost = new CrashProtectionCost(Instruments);
        var reading = cost.Update([4500.0, 20.0]);
        var expected = Black76.Price(OptionType.Put, 4500, 0.9 * 4500, 1.0 / 12.0, 0.04, 0.20) / 4500;
        Assert.True(cost.IsReady);
        Assert.Equal(expected, reading.Raw, 15);
        Assert.Equal(expected, cost.Cost, 15);
    }

    [Fact]
    public void Protection_costs_more_and_more_steeply_as_implied_volatility_rises()
    {
        var cost = new CrashProtectionCost(Instruments);
        var calm = cost.Update([4500.0, 15.0]).Raw;
        var stressed = cost.Update([4500.0, 40.0]).Raw;
        var crisis = cost.Update([4500.0, 80.0]).Raw;
        Assert.True(calm < stressed && stressed < crisis);
        // Far out of the money in volatility terms when calm: a 2.7x rise in volatility costs far more than 2.7x.
        Assert.True(stressed / calm > 10, $"calm {calm}, stressed {stressed}");
        Assert.InRange(crisis, 0.02, 0.10);
    }

    [Fact]
    public void Missing_levels_hold_the_last_reading_and_missing_symbols_are_named()
    {
        var cost = new CrashProtectionCost(Instruments);
        Assert.False(cost.Update([double.NaN, 20.0]).Raw is var r && double.IsFinite(r));
        Assert.False(cost.IsReady);
        var first = cost.Update([4500.0, 20.0]).Raw;
        Assert.Equal(first, cost.Update([4500.0, double.NaN]).Raw);

        Instrument[] other = [new(new InstrumentId(0), "DAX", "DAX", AssetClass.EquityIndex, StressSegment.Equity, ValueKind.Price)];
        Assert.Equal(["SPX", "VIX"], CrashProtectionCost.MissingSymbols(other, new CrashProtectionOptions()));
        var e = Assert.Throws<ArgumentException>(() => new CrashProtectionCost(other, new CrashProtectionOptions(Moneyness: 1.5)));
        Assert.Contains("Moneyness", e.Message, StringComparison.Ordinal);
        Assert.Contains("lack SPX, VIX", e.Message, StringComparison.Ordinal);
    }
}
