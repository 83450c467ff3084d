using Vigil.Core.Instruments;
using Vigil.Core.Market;
using Vigil.Engine.Simulation;

namespace Vigil.Engine.Tests.Simulation;

public class MarketSimulatorTests
{
    [Fact]
    public void Simulates_the_default_universe_with_one_tick_per_instrument_in_id_order()
    {
        var simulator = new MarketSimulator();
        var batch = new Tick[32];

        var written = simulator.NextBatch(batch);

        Assert.Equal(18, written);
        Assert.Equal(18, simulator.Registry.Count);
        for (var i = 0; i < written; i++)
        {
            Assert.Equal(i, batch[i].Instrument.Value);
            Assert.Equal(DefaultUniverse.Instruments[i].Symbol, simulator.Registry[batch[i].Instrument].Symbol);
        }
    }

    [Fact]
    public void Starts_near_realistic_levels()
    {
        var simulator = new MarketSimulator();
        var batch = new Tick[simulator.InstrumentCount];
        simulator.NextBatch(batch);

        Assert.InRange(batch[SimulationTestKit.IndexOf(simulator, "SPX")].Price, 4_400, 4_600);
        Assert.InRange(batch[SimulationTestKit.IndexOf(simulator, "VIX")].Price, 13, 16);
        Assert.InRange(batch[SimulationTestKit.IndexOf(simulator, "UST10Y")].Price, 4.3, 4.6);
        Assert.InRange(batch[SimulationTestKit.IndexOf(simulator, "HY_CDX")].Price, 400, 440);
        Assert.InRange(batch[SimulationTestKit.IndexOf(simulator, "BTC")].Price, 35_000, 39_000);
    }

    [Fact]
    public void Same_seed_produces_the_same_path()
    {
        var first = Record(seed: 7);
        var second = Record(seed: 7);

        Assert.Equal(first.Length, second.Length);
        for (var k = 0; k < first.Length; k++)
        {
            Assert.Equal(first[k].TimestampNs, second[k].TimestampNs);
            Assert.Equal(first[k].Price, second[k].Price);
            Assert.Equal(first[k].Volume, second[k].Volume);
        }
    }

    [Fact]
    public void Different_seeds_produce_different_paths()
    {
        var first = Record(seed: 7);
        var second = Record(seed: 8);

        var differing = 0;
        for (var k = 0; k < first.Length; k++)
        {
            if (first[k].Price != second[k].Price)
            {
                differing++;
            }
        }

        Assert.True(differing > first.Length * 0.99, $"only {differing} of {first.Length} prices differ");
    }

    [Fact]
    public void Timestamps_start_at_the_configured_time_and_advance_by_one_over_the_tick_rate()
    {
        var simulator = new MarketSimulator(new SimulatorOptions { StartTimestampNs = 5_000_000_000L });
        var batch = new Tick[simulator.InstrumentCount];

        Assert.Equal(5_000_000_000L, simulator.TimestampNs);
        simulator.NextBatch(batch);
        Assert.All(batch, t => Assert.Equal(5_000_000_000L, t.TimestampNs));
        Assert.Equal(5_250_000_000L, simulator.TimestampNs);
        simulator.NextBatch(batch);
        Assert.All(batch, t => Assert.Equal(5_250_000_000L, t.TimestampNs));
    }

    [Theory]
    [InlineData(SimulatorSpeed.Slow, 500_000_000L)]
    [InlineData(SimulatorSpeed.Normal, 250_000_000L)]
    [InlineData(SimulatorSpeed.Fast, 100_000_000L)]
    [InlineData(SimulatorSpeed.Turbo, 40_000_000L)]
    public void Speed_changes_take_effect_from_the_next_batch(SimulatorSpeed speed, long expectedIntervalNs)
    {
        var simulator = new MarketSimulator();
        var batch = new Tick[simulator.InstrumentCount];
        simulator.NextBatch(batch);
        var previous = batch[0].TimestampNs;

        simulator.SetSpeed(speed);
        for (var k = 0; k < 5; k++)
        {
            simulator.NextBatch(batch);
            Assert.Equal(expectedIntervalNs, batch[0].TimestampNs - previous);
            previous = batch[0].TimestampNs;
        }
    }

    [Theory]
    [InlineData(SimulatorSpeed.Slow, 2.0)]
    [InlineData(SimulatorSpeed.Normal, 4.0)]
    [InlineData(SimulatorSpeed.Fast, 10.0)]
    [InlineData(SimulatorSpeed.Turbo, 25.0)]
    public void Named_speeds_map_to_their_tick_rates(SimulatorSpeed speed, double expectedHz)
    {
        Assert.Equal(expectedHz, speed.ToTickRateHz());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-4.0)]
    [InlineData(double.NaN)]
    [InlineData(5_000.0)]
    public void Rejects_an_out_of_range_tick_rate(double tickRateHz)
    {
        var simulator = new MarketSimulator();
        Assert.Throws<ArgumentOutOfRangeException>(() => simulator.TickRateHz = tickRateHz);
        Assert.Equal(4.0, simulator.TickRateHz);
    }

    [Theory]
    [InlineData(2.0, 20_000)]
    [InlineData(25.0, 20_000)]
    public void Calm_volatility_matches_the_configured_annual_volatility_at_every_tick_rate(double tickRateHz, int batches)
    {
        // SPX: 16% a year over 252 trading days of 5 event minutes each, so variance per event second is
        // 0.16² / (252 × 300) whatever the tick rate.
        var simulator = new MarketSimulator(new SimulatorOptions { TickRateHz = tickRateHz, Seed = 3 });
        var batch = new Tick[simulator.InstrumentCount];
        var returns = SimulationTestKit.Returns(simulator, batch, batches)[SimulationTestKit.IndexOf(simulator, "SPX")];

        var variancePerSecond = Math.Pow(SimulationTestKit.StandardDeviation(returns), 2) * tickRateHz;
        var expected = 0.16 * 0.16 / (252.0 * 300.0);

        // The variance estimate's relative standard error is √(2/N) = 1%; allow five of them.
        Assert.InRange(variancePerSecond / expected, 0.95, 1.05);
    }

    [Fact]
    public void Volumes_are_positive_and_follow_the_daily_volume()
    {
        var simulator = new MarketSimulator(new SimulatorOptions { Seed = 11 });
        var batch = new Tick[simulator.InstrumentCount];
        var spx = SimulationTestKit.IndexOf(simulator, "SPX");
        var move = SimulationTestKit.IndexOf(simulator, "MOVE");
        var total = 0.0;
        const int Batches = 12_000;
        for (var k = 0; k < Batches; k++)
        {
            simulator.NextBatch(batch);
            Assert.True(batch[spx].Volume > 0);
            Assert.Equal(0.0, batch[move].Volume);
            total += batch[spx].Volume;
        }

        // 1.5 million contracts per 5-minute trading day at 4 Hz: 1,250 a batch on average.
        Assert.InRange(total / Batches, 1_250 * 0.97, 1_250 * 1.03);
    }

    [Fact]
    public void Yields_move_additively_and_can_go_negative()
    {
        var options = new SimulatorOptions
        {
            Seed = 5,
            Instruments = [new InstrumentSpec("JGB2Y", "Japan 2-year yield", AssetClass.Rates, StressSegment.Bonds, ValueKind.Level)],
            Dynamics = [new InstrumentDynamics("JGB2Y", PriceProcess.ArithmeticLevel, 0.02, 0.5, 1_000, 0.3)],
            CalmCorrelation = [1.0],
        };
        var simulator = new MarketSimulator(options);
        var batch = new Tick[1];
        var min = double.MaxValue;
        for (var k = 0; k < 50_000; k++)
        {
            simulator.NextBatch(batch);
            Assert.True(double.IsFinite(batch[0].Price));
            min = Math.Min(min, batch[0].Price);
        }

        Assert.True(min < 0, $"the yield never went below zero (lowest {min})");
    }

    [Fact]
    public void Rejects_a_destination_shorter_than_the_universe()
    {
        var simulator = new MarketSimulator();
        var ex = Assert.Throws<ArgumentException>(() => simulator.NextBatch(new Tick[17]));
        Assert.Contains("18", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Next_batch_allocates_nothing_in_calm_markets_or_through_a_scenario()
    {
        var simulator = new MarketSimulator();
        var batch = new Tick[simulator.InstrumentCount];
        var scenario = CrisisPresets.FlashCrash2010.ScaleDurations(0.1);

        // Warm up every path (JIT, tiering) including a whole scenario.
        simulator.Activate(scenario);
        SimulationTestKit.Run(simulator, batch, 2_000);
        Assert.Equal(StressPhase.None, simulator.Phase);

        // Each run plays the whole scenario (queued outside the measurement: activating allocates the command), then a
        // calm market: 5,000 batches, over twice the 2,000 that cover the scenario.
        var stressedEveryRun = true;
        var endedEveryRun = true;
        var allocated = Allocations.Fewest(
            _ =>
            {
                simulator.NextBatch(batch);
                stressedEveryRun &= simulator.Phase != StressPhase.None;
                for (var k = 1; k < 5_000; k++)
                {
                    simulator.NextBatch(batch);
                }

                endedEveryRun &= simulator.Phase == StressPhase.None;
            },
            prepare: _ => simulator.Activate(scenario));

        Assert.True(stressedEveryRun);
        Assert.True(endedEveryRun);
        Assert.Equal(StressPhase.None, simulator.Phase);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public async Task A_scenario_activated_from_another_thread_starts_at_the_next_batch()
    {
        var simulator = new MarketSimulator();
        var batch = new Tick[simulator.InstrumentCount];
        SimulationTestKit.Run(simulator, batch, 10);

        await Task.Run(() => simulator.Activate(CrisisPresets.Covid2020));

        Assert.Equal(StressPhase.None, simulator.Phase);
        simulator.NextBatch(batch);
        Assert.Equal(StressPhase.Onset, simulator.Phase);
        Assert.Same(CrisisPresets.Covid2020, simulator.ActiveScenario);
    }

    [Fact]
    public async Task Activation_and_deactivation_from_another_thread_while_batches_run_stay_consistent()
    {
        var simulator = new MarketSimulator(new SimulatorOptions { Seed = 9 });
        var batch = new Tick[simulator.InstrumentCount];
        var presets = CrisisPresets.All;
        using var stop = new CancellationTokenSource();
        var commands = 0;
        var controller = Task.Run(() =>
        {
            var k = 0;
            while (!stop.IsCancellationRequested)
            {
                if (k % 2 == 0)
                {
                    simulator.Activate(presets[k / 2 % presets.Count].ScaleDurations(0.05));
                }
                else
                {
                    simulator.Deactivate();
                }

                k++;
                Interlocked.Increment(ref commands);
                Thread.SpinWait(2_000);
            }

            simulator.Deactivate();
        });

        var phasesSeen = new HashSet<StressPhase>();
        for (var k = 0; k < 100_000 || (Volatile.Read(ref commands) < 200 && k < 2_000_000); k++)
        {
            simulator.NextBatch(batch);
            phasesSeen.Add(simulator.Phase);
            for (var i = 0; i < batch.Length; i++)
            {
                if (!double.IsFinite(batch[i].Price) || !double.IsFinite(batch[i].Volume))
                {
                    Assert.Fail($"tick {batch[i]} is not finite");
                }
            }
        }

        await stop.CancelAsync();
        await controller;

        // After the final deactivation the recovery (at most 0.05 × 6 minutes) returns the market to calm.
        SimulationTestKit.RunFor(simulator, batch, TimeSpan.FromMinutes(1));
        Assert.Equal(StressPhase.None, simulator.Phase);
        Assert.Null(simulator.ActiveScenario);
        Assert.Equal(0.0, simulator.StressIntensity);
        Assert.Contains(StressPhase.Onset, phasesSeen);
        Assert.Contains(StressPhase.Recovery, phasesSeen);
    }

    [Fact]
    public void Deactivating_starts_the_recovery_and_the_market_returns_to_calm()
    {
        var simulator = new MarketSimulator();
        var batch = new Tick[simulator.InstrumentCount];
        simulator.Activate(CrisisPresets.Lehman2008);
        SimulationTestKit.RunFor(simulator, batch, TimeSpan.FromMinutes(4));
        Assert.Equal(StressPhase.Peak, simulator.Phase);
        Assert.Equal(1.0, simulator.StressIntensity);

        simulator.Deactivate();
        simulator.NextBatch(batch);
        Assert.Equal(StressPhase.Recovery, simulator.Phase);
        Assert.Same(CrisisPresets.Lehman2008, simulator.ActiveScenario);

        SimulationTestKit.RunFor(simulator, batch, CrisisPresets.Lehman2008.RecoveryDuration);
        Assert.Equal(StressPhase.None, simulator.Phase);
        Assert.Null(simulator.ActiveScenario);
    }

    [Fact]
    public void Deactivating_without_a_scenario_changes_nothing()
    {
        var withCommand = new MarketSimulator();
        var without = new MarketSimulator();
        var a = new Tick[18];
        var b = new Tick[18];

        withCommand.Deactivate();
        for (var k = 0; k < 100; k++)
        {
            withCommand.NextBatch(a);
            without.NextBatch(b);
            Assert.Equal(a[0].Price, b[0].Price);
        }

        Assert.Equal(StressPhase.None, withCommand.Phase);
    }

    [Fact]
    public void Phases_follow_the_scenario_schedule_in_event_time()
    {
        var scenario = new StressScenario
        {
            Id = "schedule",
            Name = "Schedule",
            OnsetDuration = TimeSpan.FromSeconds(10),
            Duration = TimeSpan.FromSeconds(20),
            RecoveryDuration = TimeSpan.FromSeconds(30),
            VolatilityMultiplier = 2,
        };
        var simulator = new MarketSimulator();
        var batch = new Tick[simulator.InstrumentCount];
        simulator.Activate(scenario);
        var phases = new List<(double Seconds, StressPhase Phase, double Intensity)>();
        for (var k = 0; k < 4 * 70; k++)
        {
            simulator.NextBatch(batch);
            phases.Add((k * 0.25, simulator.Phase, simulator.StressIntensity));
        }

        foreach (var (seconds, phase, intensity) in phases)
        {
            var expected = seconds < 10 ? StressPhase.Onset
                : seconds < 30 ? StressPhase.Peak
                : seconds < 60 ? StressPhase.Recovery
                : StressPhase.None;
            Assert.True(expected == phase, $"at {seconds} s the phase is {phase}, expected {expected}");
            Assert.InRange(intensity, 0.0, 1.0);
            if (phase == StressPhase.Peak)
            {
                Assert.Equal(1.0, intensity);
            }
        }

        // The intensity rises through the onset and falls through the recovery without jumps.
        for (var k = 1; k < phases.Count; k++)
        {
            Assert.True(Math.Abs(phases[k].Intensity - phases[k - 1].Intensity) < 0.1);
        }
    }

    private static Tick[] Record(ulong seed)
    {
        var simulator = new MarketSimulator(new SimulatorOptions { Seed = seed });
        var batch = new Tick[simulator.InstrumentCount];
        var ticks = new List<Tick>();
        for (var k = 0; k < 2_000; k++)
        {
            if (k == 100)
            {
                simulator.Activate(CrisisPresets.FlashCrash2010);
            }

            if (k == 500)
            {
                simulator.SetSpeed(SimulatorSpeed.Turbo);
            }

            simulator.NextBatch(batch);
            ticks.AddRange(batch);
        }

        return [.. ticks];
    }
}
