using Vigil.Core.Instruments;
using Vigil.Core.Market;
using Vigil.Engine.Simulation;

namespace Vigil.Engine.Tests.Simulation;

public class StressScenarioTests
{
    private static StressScenario Custom => new()
    {
        Id = "custom",
        Name = "Custom",
        OnsetDuration = TimeSpan.FromSeconds(10),
        Duration = TimeSpan.FromSeconds(50),
        RecoveryDuration = TimeSpan.FromSeconds(30),
    };

    [Fact]
    public void A_valid_custom_scenario_passes_validation()
    {
        var scenario = Custom with
        {
            VolatilityMultiplier = 3,
            CorrelationShift = 0.5,
            SegmentMoves = new Dictionary<StressSegment, double> { [StressSegment.Equity] = -0.2 },
            JumpIntensityPerMinute = 2,
            MeanJumpSizeDailySigmas = 1,
        };

        scenario.Validate();
        new MarketSimulator().Activate(scenario);
    }

    [Fact]
    public void Bad_values_are_rejected_with_every_problem_named()
    {
        var scenario = Custom with
        {
            VolatilityMultiplier = 0,
            CorrelationShift = 1.5,
            RecoveryRetracement = -0.1,
            JumpIntensityPerMinute = double.NaN,
            VolumeMultiplier = 1_000,
            OnsetDuration = TimeSpan.FromSeconds(-1),
        };

        var ex = Assert.Throws<ArgumentException>(scenario.Validate);

        Assert.Contains("Custom", ex.Message, StringComparison.Ordinal);
        foreach (var name in new[]
        {
            "VolatilityMultiplier", "CorrelationShift", "RecoveryRetracement", "JumpIntensityPerMinute",
            "VolumeMultiplier", "OnsetDuration",
        })
        {
            Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_scenario_without_time_to_play_is_rejected()
    {
        var scenario = Custom with { OnsetDuration = TimeSpan.Zero, Duration = TimeSpan.Zero };

        var ex = Assert.Throws<ArgumentException>(scenario.Validate);
        Assert.Contains("OnsetDuration plus Duration must be positive", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Activation_rejects_symbols_and_moves_that_do_not_fit_the_universe()
    {
        var scenario = Custom with
        {
            SegmentMoves = new Dictionary<StressSegment, double> { [StressSegment.Equity] = -1.2 },
            InstrumentMoves = new Dictionary<string, double> { ["DAX"] = -0.1 },
            LevelTargets = new Dictionary<string, double> { ["SPX"] = 3_000, ["VIX"] = -5 },
        };
        var simulator = new MarketSimulator();

        var ex = Assert.Throws<ArgumentException>(() => simulator.Activate(scenario));

        Assert.Contains("'DAX', which is not simulated", ex.Message, StringComparison.Ordinal);
        Assert.Contains("SPX, NDX", ex.Message, StringComparison.Ordinal);
        Assert.Contains("LevelTargets[VIX] must be positive", ex.Message, StringComparison.Ordinal);

        var universe = Assert.Throws<ArgumentException>(() => simulator.Activate(scenario with
        {
            LevelTargets = new Dictionary<string, double> { ["SPX"] = 3_000 },
        }));
        Assert.Contains("'SPX', which does not mean-revert", universe.Message, StringComparison.Ordinal);
        Assert.Contains("the move of SPX (Equity) must be above -1", universe.Message, StringComparison.Ordinal);
        Assert.Equal(StressPhase.None, simulator.Phase);
    }

    [Fact]
    public void A_custom_segment_move_plays_out_over_onset_and_peak()
    {
        var scenario = Custom with
        {
            SegmentMoves = new Dictionary<StressSegment, double>
            {
                [StressSegment.Equity] = -0.20,
                [StressSegment.Bonds] = -1.0,
                [StressSegment.Credit] = 1.0,
            },
            LevelTargets = new Dictionary<string, double> { ["VIX"] = 40 },
        };
        var simulator = new MarketSimulator(new SimulatorOptions { Seed = 4 });
        var batch = new Tick[simulator.InstrumentCount];
        simulator.NextBatch(batch);
        var start = (Tick[])batch.Clone();

        simulator.Activate(scenario);
        SimulationTestKit.RunFor(simulator, batch, scenario.OnsetDuration + scenario.Duration);
        Assert.Equal(StressPhase.Peak, simulator.Phase);

        double Move(string symbol) => (batch[SimulationTestKit.IndexOf(simulator, symbol)].Price
            / start[SimulationTestKit.IndexOf(simulator, symbol)].Price) - 1;
        double Change(string symbol) => batch[SimulationTestKit.IndexOf(simulator, symbol)].Price
            - start[SimulationTestKit.IndexOf(simulator, symbol)].Price;

        // A minute of calm noise is a fifth of a trading day: about 0.45% for SPX, 3% for VIX, 0.03 for UST10Y.
        Assert.InRange(Move("SPX"), -0.22, -0.18);
        Assert.InRange(Move("NKY"), -0.22, -0.18);
        Assert.InRange(Move("XLF"), -0.03, 0.03);
        Assert.InRange(Change("UST10Y"), -1.1, -0.9);
        Assert.InRange(Change("UST2Y"), -0.1, 0.1);
        Assert.InRange(Move("IG_CDX"), 0.85, 1.15);
        Assert.InRange(batch[SimulationTestKit.IndexOf(simulator, "VIX")].Price, 34, 46);
    }

    [Fact]
    public void Full_retracement_takes_the_move_back_during_recovery()
    {
        var scenario = Custom with
        {
            SegmentMoves = new Dictionary<StressSegment, double> { [StressSegment.Equity] = -0.20 },
            RecoveryRetracement = 1.0,
        };
        var simulator = new MarketSimulator(new SimulatorOptions { Seed = 6 });
        var batch = new Tick[simulator.InstrumentCount];
        simulator.NextBatch(batch);
        var start = batch[0].Price;

        simulator.Activate(scenario);
        SimulationTestKit.RunFor(simulator, batch, scenario.TotalDuration + TimeSpan.FromSeconds(1));

        Assert.Equal(StressPhase.None, simulator.Phase);
        Assert.InRange((batch[0].Price / start) - 1, -0.02, 0.02);
    }

    [Fact]
    public void A_volatility_multiplier_without_targets_lifts_volatility_indices_with_it()
    {
        var scenario = Custom with { VolatilityMultiplier = 3 };
        var simulator = new MarketSimulator(new SimulatorOptions { Seed = 8 });
        var batch = new Tick[simulator.InstrumentCount];
        simulator.Activate(scenario);
        SimulationTestKit.RunFor(simulator, batch, TimeSpan.FromSeconds(30));

        Assert.InRange(batch[SimulationTestKit.IndexOf(simulator, "VIX")].Price, 14.5 * 3 * 0.85, 14.5 * 3 * 1.15);
        Assert.InRange(batch[SimulationTestKit.IndexOf(simulator, "HY_CDX")].Price, 420 * 0.9, 420 * 1.1);
    }
}
