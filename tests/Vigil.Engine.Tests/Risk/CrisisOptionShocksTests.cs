using Vigil.Core.Instruments;
using Vigil.Detection.Risk.Options;
using Vigil.Engine.Risk;
using Vigil.Engine.Simulation;

namespace Vigil.Engine.Tests.Risk;

public class CrisisOptionShocksTests
{
    private static readonly IReadOnlyList<Instrument> Universe = DefaultUniverse.CreateRegistry().All;

    private static UnderlyingShock Shock(OptionsScenario scenario, string symbol) =>
        scenario.Shocks.Single(s => s.Underlying == symbol);

    [Fact]
    public void Lehman_moves_each_future_by_the_presets_own_move_and_volatility_multiplier()
    {
        var lehman = CrisisOptionShocks.FromPreset(CrisisPresets.Lehman2008, Universe);

        Assert.Equal("lehman2008", lehman.Id);
        Assert.Empty(lehman.Validate());
        Assert.Equal(Universe.Count, lehman.Shocks.Count);
        Assert.Equal(-0.57, Shock(lehman, "SPX").FuturesMove);
        Assert.Equal(4.0, Shock(lehman, "SPX").VolatilityMultiplier);
        Assert.Equal(-0.80, Shock(lehman, "XLF").FuturesMove);
        Assert.Equal(5.0, Shock(lehman, "XLF").VolatilityMultiplier);
        Assert.Equal(-0.60, Shock(lehman, "WTI").FuturesMove);
        Assert.Equal(0.15, Shock(lehman, "GOLD").FuturesMove);
        Assert.Equal(2.0, Shock(lehman, "BTC").VolatilityMultiplier);
    }

    [Fact]
    public void Yield_moves_become_bond_future_moves_through_duration_and_the_short_rate_shifts_discounting()
    {
        var lehman = CrisisOptionShocks.FromPreset(CrisisPresets.Lehman2008, Universe);

        Assert.Equal(6.5 * 1.6 / 100, Shock(lehman, "UST10Y").FuturesMove, 12);
        Assert.Equal(8.0 * 1.3 / 100, Shock(lehman, "BUND10Y").FuturesMove, 12);
        Assert.Equal(1.9 * 3.0 / 100, Shock(lehman, "UST2Y").FuturesMove, 12);
        Assert.Equal(-0.03, lehman.RateShift, 12);

        var svb = CrisisOptionShocks.FromPreset(CrisisPresets.Svb2023, Universe);
        Assert.Equal(-0.01, svb.RateShift, 12);
        Assert.Equal(1.8, Shock(svb, "UST10Y").VolatilityMultiplier);
    }

    [Fact]
    public void Volatility_indices_and_spreads_go_to_their_target_levels_with_calm_volatility()
    {
        var covid = CrisisOptionShocks.FromPreset(CrisisPresets.Covid2020, Universe);

        Assert.Equal(82.7, Shock(covid, "VIX").TargetLevel);
        Assert.Equal(1_050, Shock(covid, "HY_CDX").TargetLevel);
        Assert.Equal(1.0, Shock(covid, "VIX").VolatilityMultiplier);
        Assert.Null(Shock(covid, "EURUSD").TargetLevel);
        Assert.Equal(-0.02, Shock(covid, "EURUSD").FuturesMove);
        Assert.Equal(0.0, Shock(covid, "USDJPY").FuturesMove);
    }

    [Fact]
    public void Every_preset_reprices_the_demo_book_and_the_greeks_miss_the_big_crises()
    {
        var scenarios = CrisisOptionShocks.AllPresets(Universe);
        var results = new OptionsBook().RepriceAll(scenarios);

        Assert.Equal(CrisisPresets.Ids, results.Select(r => r.ScenarioId));
        var lehman = results[0];
        var spxPut = lehman.Positions.Single(p => p.Id == "SPX-P4200-3M");
        Assert.Equal(4_500 * 0.43, spxPut.FuturesAfter, 9);
        Assert.Equal(0.76, spxPut.VolatilityAfter, 12);
        Assert.True(spxPut.FullPnl > 0);
        Assert.True(Math.Abs(lehman.ApproximationError) > 0.1 * Math.Abs(lehman.FullPnl), $"{lehman.GreeksPnl} vs {lehman.FullPnl}");

        var svb = results[3];
        Assert.True(Math.Abs(svb.FullPnl) < Math.Abs(lehman.FullPnl));
    }

    [Fact]
    public void Custom_durations_are_used_and_bad_options_list_every_problem()
    {
        var options = new CrisisOptionShockOptions(new Dictionary<string, double> { ["UST10Y"] = 8.0 }, DefaultRatesFuturesDuration: 5.0);
        var lehman = CrisisOptionShocks.FromPreset(CrisisPresets.Lehman2008, Universe, options);
        Assert.Equal(0.128, Shock(lehman, "UST10Y").FuturesMove, 12);
        Assert.Equal(5.0 * 1.3 / 100, Shock(lehman, "BUND10Y").FuturesMove, 12);

        var bad = new CrisisOptionShockOptions(new Dictionary<string, double> { ["UST10Y"] = -1 }, 0, " ");
        Assert.Equal(3, bad.Validate().Count);
        Assert.Throws<ArgumentException>(() => CrisisOptionShocks.FromPreset(CrisisPresets.Lehman2008, Universe, bad));
    }
}
