using Vigil.Core.Market;
using Vigil.Detection.Risk.Credit;
using Vigil.Engine.Simulation;
using Xunit.Abstractions;

namespace Vigil.Engine.Tests.Evaluation.Credit;

/// <summary>The credit monitor on the simulator's financials: its stand-in banks are modelled from XLF.</summary>
public sealed class SimulatedFinancialsCreditTests(ITestOutputHelper output)
{
    [Fact]
    public void Lehman_preset_raises_srisk_and_lowers_distance_to_default_of_the_stand_in_banks()
    {
        var simulator = new MarketSimulator(new SimulatorOptions { Seed = 7 });
        var instruments = simulator.Registry.All;
        var monitor = new SystemicCreditMonitor(instruments);
        var batch = new Tick[simulator.InstrumentCount];
        var previous = new double[simulator.InstrumentCount];
        var returns = new double[simulator.InstrumentCount];
        var levels = new double[simulator.InstrumentCount];

        // Ten simulated trading days of calm (1,200 steps of 250 ms a day).
        Run(12_000);
        var calm = monitor.Snapshot();
        var calmReading = monitor.Update(returns, levels);

        simulator.Activate(CrisisPresets.Lehman2008);
        Run(4 * 60 * 8);
        var crisis = monitor.Snapshot();
        var crisisReading = monitor.Update(returns, levels);

        output.WriteLine($"calm: raw {calmReading.Raw:0.000}, aggregate SRISK {calm.AggregateSrisk:0}, min DD {calm.MinDistanceToDefault:0.00} ({calm.Weakest})");
        output.WriteLine($"crisis: raw {crisisReading.Raw:0.000}, aggregate SRISK {crisis.AggregateSrisk:0}, min DD {crisis.MinDistanceToDefault:0.00} ({crisis.Weakest})");
        foreach (var (c, s) in calm.Institutions.Zip(crisis.Institutions))
        {
            output.WriteLine($"{c.Name}: E {c.EquityValue:0} -> {s.EquityValue:0}, σE {c.EquityVolatility:0.000} -> {s.EquityVolatility:0.000}, β {c.Beta:0.00} -> {s.Beta:0.00}, DD {c.DistanceToDefault:0.00} -> {s.DistanceToDefault:0.00}, SRISK {c.Srisk:0} -> {s.Srisk:0}");
        }

        Assert.True(calm.IsReady);
        // XLF's calm volatility is 20% a year; the stand-in JPM (ProxyBeta 1) carries it, annualised over 252 simulated days.
        Assert.InRange(calm.Institutions[0].EquityVolatility!.Value, 0.12, 0.35);
        Assert.True(crisis.AggregateSrisk > calm.AggregateSrisk);
        Assert.True(crisisReading.Raw > calmReading.Raw);
        Assert.True(crisis.MinDistanceToDefault < calm.MinDistanceToDefault);
        Assert.All(crisis.Institutions, i => Assert.NotEqual(MertonSolveStatus.NotConverged, i.SolverStatus));

        void Run(int steps)
        {
            for (var k = 0; k < steps; k++)
            {
                simulator.NextBatch(batch);
                for (var i = 0; i < batch.Length; i++)
                {
                    var price = batch[i].Price;
                    returns[i] = previous[i] > 0 ? Math.Log(price / previous[i]) : double.NaN;
                    previous[i] = price;
                    levels[i] = price;
                }

                monitor.Update(returns, levels);
            }
        }
    }
}
