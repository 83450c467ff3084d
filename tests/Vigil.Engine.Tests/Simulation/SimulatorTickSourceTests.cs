using Vigil.Core.Market;
using Vigil.Engine.Simulation;

namespace Vigil.Engine.Tests.Simulation;

public class SimulatorTickSourceTests
{
    [Fact]
    public async Task Covers_the_requested_event_time_then_ends()
    {
        var simulator = new MarketSimulator();
        var start = simulator.TimestampNs;
        await using var source = new SimulatorTickSource(simulator, TimeSpan.FromMinutes(2));
        var buffer = new Tick[1_000];
        var ticks = new List<Tick>();
        int read;
        while ((read = await source.ReadAsync(buffer)) > 0)
        {
            ticks.AddRange(buffer.AsSpan(0, read).ToArray());
        }

        Assert.Equal(2 * 60 * 4 * 18, ticks.Count);
        Assert.Equal(start, ticks[0].TimestampNs);
        Assert.True(ticks[^1].TimestampNs < start + (2 * TimeUnits.NsPerMinute));
        for (var k = 1; k < ticks.Count; k++)
        {
            Assert.True(ticks[k].TimestampNs >= ticks[k - 1].TimestampNs);
        }

        Assert.Equal(0, await source.ReadAsync(buffer));
        Assert.Same(simulator.Registry, source.Registry);
    }

    [Fact]
    public async Task Small_buffers_deliver_the_same_ticks_as_the_simulator()
    {
        var direct = new MarketSimulator(new SimulatorOptions { Seed = 3 });
        var expected = new List<Tick>();
        var batch = new Tick[18];
        for (var k = 0; k < 40; k++)
        {
            direct.NextBatch(batch);
            expected.AddRange(batch);
        }

        await using var source = new SimulatorTickSource(
            new MarketSimulator(new SimulatorOptions { Seed = 3 }), TimeSpan.FromSeconds(10));
        var buffer = new Tick[7];
        var actual = new List<Tick>();
        int read;
        while ((read = await source.ReadAsync(buffer)) > 0)
        {
            actual.AddRange(buffer.AsSpan(0, read).ToArray());
        }

        Assert.Equal(expected.Count, actual.Count);
        for (var k = 0; k < expected.Count; k++)
        {
            Assert.Equal(expected[k].Instrument, actual[k].Instrument);
            Assert.Equal(expected[k].TimestampNs, actual[k].TimestampNs);
            Assert.Equal(expected[k].Price, actual[k].Price);
        }
    }

    [Fact]
    public async Task Activates_the_scenario_at_its_offset_and_shows_calm_crisis_and_recovery()
    {
        var simulator = new MarketSimulator();
        var start = simulator.TimestampNs;
        var scenario = CrisisPresets.FlashCrash2010;
        await using var source = new SimulatorTickSource(simulator, TimeSpan.FromMinutes(10), scenario, TimeSpan.FromMinutes(2));
        var buffer = new Tick[simulator.InstrumentCount];
        var firstStressedNs = long.MinValue;
        var phases = new HashSet<StressPhase>();
        while (await source.ReadAsync(buffer) > 0)
        {
            phases.Add(simulator.Phase);
            if (firstStressedNs == long.MinValue && simulator.Phase != StressPhase.None)
            {
                firstStressedNs = buffer[0].TimestampNs;
            }
        }

        Assert.Equal(start + (2 * TimeUnits.NsPerMinute), firstStressedNs);
        Assert.Equal([StressPhase.None, StressPhase.Onset, StressPhase.Peak, StressPhase.Recovery], phases.Order());
        Assert.Equal(StressPhase.None, simulator.Phase);
    }

    [Fact]
    public void Rejects_an_invalid_scenario_or_schedule_up_front()
    {
        var simulator = new MarketSimulator();
        var invalid = CrisisPresets.Svb2023 with { InstrumentMoves = new Dictionary<string, double> { ["DAX"] = -0.1 } };

        Assert.Throws<ArgumentException>(() => new SimulatorTickSource(simulator, TimeSpan.FromMinutes(5), invalid));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatorTickSource(simulator, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new SimulatorTickSource(simulator, TimeSpan.FromMinutes(5), CrisisPresets.Svb2023, TimeSpan.FromMinutes(5)));
    }
}
