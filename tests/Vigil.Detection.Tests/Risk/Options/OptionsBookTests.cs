using System.Text.Json;
using System.Text.Json.Serialization;
using Vigil.Detection.Risk.Options;

namespace Vigil.Detection.Tests.Risk.Options;

public class OptionsBookTests
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    private static OptionsBookOptions SpxBook(double futures = 4_500, double rate = 0.05) => new(
    [
        new("P", "SPX", OptionType.Put, futures, 4_200, 0.25, 0.19, 20, 50),
        new("C", "SPX", OptionType.Call, futures, 4_700, 0.25, 0.13, -20, 50),
        new("W", "WTI", OptionType.Call, 78, 85, 0.25, 0.36, 10, 1_000),
    ], rate);

    [Fact]
    public void Demo_book_is_valid_and_worth_the_sum_of_its_positions()
    {
        Assert.Empty(OptionsBookOptions.Demo.Validate());
        var book = new OptionsBook();

        var expected = 0.0;
        foreach (var p in OptionsBookOptions.Demo.Positions)
        {
            expected += Black76.Price(p.Type, p.FuturesLevel, p.Strike, p.ExpiryYears, 0.05, p.Volatility) * p.Quantity * p.ContractMultiplier;
        }

        Assert.Equal(expected, book.Value, 1e-9 * Math.Abs(expected));
        Assert.Equal(expected, book.Valuate().Value, 1e-9 * Math.Abs(expected));
        Assert.Equal(7, book.Valuate().Positions.Count);
    }

    [Fact]
    public void Position_greeks_are_the_unit_greeks_times_quantity_and_multiplier()
    {
        var valuation = new OptionsBook(SpxBook()).Valuate();
        var put = valuation.Positions[0];
        var unit = Black76.Greeks(OptionType.Put, 4_500, 4_200, 0.25, 0.05, 0.19);

        Assert.Equal(unit.Price * 1_000, put.Value, 1e-9);
        Assert.Equal(unit.Delta * 1_000, put.Delta, 1e-9);
        Assert.Equal(unit.Delta * 20, put.DeltaContracts, 1e-12);
        Assert.Equal(unit.Delta * 1_000 * 4_500, put.CashDelta, 1e-6);
        Assert.Equal(unit.Gamma * 1_000, put.Gamma, 1e-12);
        Assert.Equal(unit.Vega * 10, put.VegaPerVolPoint, 1e-9);
        Assert.Equal(unit.ThetaPerYear * 1_000 / 365, put.ThetaPerDay, 1e-9);
        Assert.Equal(unit.Rho * 0.1, put.RhoPerBasisPoint, 1e-9);
    }

    [Fact]
    public void Per_underlying_exposures_sum_their_positions_and_the_totals_sum_everything()
    {
        var valuation = new OptionsBook(SpxBook()).Valuate();

        Assert.Equal(["SPX", "WTI"], valuation.Underlyings.Select(u => u.Underlying));
        var spx = valuation.Underlyings[0];
        Assert.Equal(valuation.Positions[0].Delta + valuation.Positions[1].Delta, spx.Delta, 1e-9);
        Assert.Equal(valuation.Positions[0].Gamma + valuation.Positions[1].Gamma, spx.Gamma, 1e-12);
        Assert.Equal(valuation.Positions.Sum(p => p.VegaPerVolPoint), valuation.VegaPerVolPoint, 1e-9);
        Assert.Equal(valuation.Positions.Sum(p => p.ThetaPerDay), valuation.ThetaPerDay, 1e-9);
        Assert.Equal(valuation.Underlyings.Sum(u => u.CashDelta), valuation.CashDelta, 1e-6);
    }

    [Fact]
    public void Book_delta_matches_a_finite_difference_of_the_book_value()
    {
        var up = new OptionsBook(SpxBook(4_500.5)).Valuate().Underlyings[0].Value;
        var down = new OptionsBook(SpxBook(4_499.5)).Valuate().Underlyings[0].Value;

        Assert.Equal(up - down, new OptionsBook(SpxBook()).Valuate().Underlyings[0].Delta, 1e-3);
    }

    [Fact]
    public void Full_repricing_equals_valuing_a_book_built_at_the_shocked_market()
    {
        var book = new OptionsBook(SpxBook());
        var scenario = new OptionsScenario("crash", "Crash", [new UnderlyingShock("spx", -0.2, 2.0)], RateShift: -0.01);

        var result = book.Reprice(scenario);

        var shocked = new OptionsBook(new OptionsBookOptions(
        [
            new("P", "SPX", OptionType.Put, 3_600, 4_200, 0.25, 0.38, 20, 50),
            new("C", "SPX", OptionType.Call, 3_600, 4_700, 0.25, 0.26, -20, 50),
            new("W", "WTI", OptionType.Call, 78, 85, 0.25, 0.36, 10, 1_000),
        ], 0.04));
        Assert.Equal(shocked.Value - book.Value, result.FullPnl, 1e-6);
        Assert.Equal(shocked.Value, result.ValueAfter, 1e-6);
        Assert.Equal(0.04, result.RateAfter, 15);
        Assert.Equal(3_600, result.Positions[0].FuturesAfter, 9);
        Assert.Equal(0.38, result.Positions[0].VolatilityAfter, 15);
        Assert.Equal(result.Positions.Sum(p => p.FullPnl), result.FullPnl, 1e-6);

        // WTI is not shocked: only the discount factor moves it, by e^{0.01·0.25}; rho gets it to first order.
        var wti = result.Positions[2];
        Assert.Equal(78, wti.FuturesAfter);
        Assert.Equal(0, wti.DeltaPnl);
        Assert.Equal(wti.ValueBefore * (Math.Exp(0.01 * 0.25) - 1), wti.FullPnl, 1e-8);
        Assert.Equal(wti.ValueBefore * 0.01 * 0.25, wti.RhoPnl, 1e-8);
    }

    [Fact]
    public void Greeks_approximation_is_close_for_a_small_shock_and_far_off_for_a_crash()
    {
        var book = new OptionsBook(SpxBook());

        var small = book.Reprice(new OptionsScenario("small", "Small", [new UnderlyingShock("SPX", -0.001, 1.002)]));
        var crash = book.Reprice(new OptionsScenario("crash", "Crash", [new UnderlyingShock("SPX", -0.57, 4.0)]));

        Assert.True(Math.Abs(small.ApproximationError) < 0.01 * Math.Abs(small.FullPnl), $"small: {small.GreeksPnl} vs {small.FullPnl}");
        Assert.True(crash.FullPnl > 0, "long puts against short calls gain in a crash");
        Assert.True(Math.Abs(crash.ApproximationError) > 0.1 * Math.Abs(crash.FullPnl), $"crash: {crash.GreeksPnl} vs {crash.FullPnl}");
        Assert.Equal(crash.DeltaPnl + crash.GammaPnl + crash.VegaPnl + crash.RhoPnl, crash.GreeksPnl, 1e-6);
    }

    [Fact]
    public void A_scenario_that_moves_nothing_has_no_pnl()
    {
        var result = new OptionsBook().Reprice(new OptionsScenario("none", "None", [new UnderlyingShock("SPX", 0, 1)]));

        Assert.Equal(0, result.FullPnl);
        Assert.Equal(0, result.GreeksPnl);
    }

    [Fact]
    public void A_target_level_overrides_the_relative_move_and_volatility_is_capped()
    {
        var book = new OptionsBook(new OptionsBookOptions([new("V", "VIX", OptionType.Call, 14.5, 20, 0.1, 0.9, 100, 1_000)]));

        var result = book.Reprice(new OptionsScenario("vix", "VIX", [new UnderlyingShock("VIX", 0.5, 500, TargetLevel: 80.9)]));

        Assert.Equal(80.9, result.Positions[0].FuturesAfter);
        Assert.Equal(Black76.MaxVolatility, result.Positions[0].VolatilityAfter);
    }

    [Fact]
    public void An_invalid_book_lists_every_problem()
    {
        var options = new OptionsBookOptions(
        [
            new("A", "SPX", OptionType.Put, -1, 0, -0.5, double.NaN, double.PositiveInfinity, 0),
            new("a", "", (OptionType)9, 100, 100, 1, 0.2, 1, 1),
        ], 3);

        var problems = options.Validate();
        var error = Assert.Throws<ArgumentException>(() => new OptionsBook(options));

        Assert.Equal(10, problems.Count);
        foreach (var field in new[] { "RiskFreeRate", "Positions[0].FuturesLevel", "Positions[0].Strike", "Positions[0].ExpiryYears", "Positions[0].Volatility", "Positions[0].Quantity", "Positions[0].ContractMultiplier", "Positions[1].Underlying", "Positions[1].Type", "Positions[1].Id 'a' is used twice" })
        {
            Assert.Contains(field, error.Message, StringComparison.Ordinal);
        }

        Assert.Contains("Positions must hold", Assert.Throws<ArgumentException>(() => new OptionsBook(new OptionsBookOptions([]))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_scenario_is_rejected_with_every_problem()
    {
        var scenario = new OptionsScenario("", "Bad", [new UnderlyingShock("SPX", -1.5, 0), new UnderlyingShock("spx", 0, 1, -3)], 2);

        var error = Assert.Throws<ArgumentException>(() => new OptionsBook().Reprice(scenario));

        Assert.Equal(6, scenario.Validate().Count);
        Assert.Contains("FuturesMove", error.Message, StringComparison.Ordinal);
        Assert.Contains("shocked twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_single_defect_of_a_scenario_is_caught_before_repricing()
    {
        var book = new OptionsBook();
        OptionsScenario[] bad =
        [
            new(" ", "x", [new UnderlyingShock("SPX", 0)]),
            new("x", "x", [new UnderlyingShock("SPX", 0)], double.NaN),
            new("x", "x", [new UnderlyingShock("SPX", 0)], 1.5),
            new("x", "x", [new UnderlyingShock("", 0)]),
            new("x", "x", [new UnderlyingShock("SPX", -1)]),
            new("x", "x", [new UnderlyingShock("SPX", double.PositiveInfinity)]),
            new("x", "x", [new UnderlyingShock("SPX", 0, 0)]),
            new("x", "x", [new UnderlyingShock("SPX", 0, 1, 0)]),
            new("x", "x", [new UnderlyingShock("SPX", 0), new UnderlyingShock("Spx", 0)]),
            new("x", "x", [null!]),
            new("x", "x", null!),
        ];

        foreach (var scenario in bad)
        {
            Assert.NotEmpty(scenario.Validate());
            Assert.Throws<ArgumentException>(() => book.Reprice(scenario));
        }
    }

    [Fact]
    public void Marking_to_the_engines_levels_moves_price_underlyings_only()
    {
        var registry = new Vigil.Core.Instruments.InstrumentRegistry(Vigil.Core.Instruments.DefaultUniverse.Instruments);
        var levels = new double[registry.Count];
        Array.Fill(levels, double.NaN);
        for (var i = 0; i < registry.Count; i++)
        {
            levels[i] = registry.All[i].Symbol switch { "SPX" => 4_000, "UST10Y" => 4.8, "GOLD" => -1, _ => double.NaN };
        }

        var marked = new OptionsBook().WithMarket(registry.All, levels);

        Assert.All(marked.Options.Positions.Where(p => p.Underlying == "SPX"), p => Assert.Equal(4_000, p.FuturesLevel));
        Assert.Equal(108, marked.Options.Positions.Single(p => p.Underlying == "UST10Y").FuturesLevel);
        Assert.Equal(1_960, marked.Options.Positions.Single(p => p.Underlying == "GOLD").FuturesLevel);
        Assert.Equal(78, marked.Options.Positions.Single(p => p.Underlying == "WTI").FuturesLevel);
        Assert.NotEqual(new OptionsBook().Value, marked.Value);
        Assert.Throws<ArgumentException>(() => new OptionsBook().WithMarket(registry.All, new double[3]));
    }

    [Fact]
    public void Valuation_and_scenario_results_serialise_to_json_and_back()
    {
        var book = new OptionsBook();
        var valuation = book.Valuate();
        var result = book.Reprice(new OptionsScenario("crash", "Crash", [new UnderlyingShock("SPX", -0.3, 3)]));

        var valuationJson = JsonSerializer.Serialize(valuation, Json);
        var resultJson = JsonSerializer.Serialize(result, Json);
        var back = JsonSerializer.Deserialize<OptionsBookOptions>(JsonSerializer.Serialize(book.Options, Json), Json)!;

        Assert.Contains("\"Type\":\"Put\"", valuationJson, StringComparison.Ordinal);
        Assert.Contains("\"CashDelta\"", valuationJson, StringComparison.Ordinal);
        Assert.Contains("\"ApproximationError\"", resultJson, StringComparison.Ordinal);
        Assert.Equal(book.Options.Positions, back.Positions);
        Assert.Equal(book.Value, new OptionsBook(back).Value);
    }
}
