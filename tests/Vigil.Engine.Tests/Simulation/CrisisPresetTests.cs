using Vigil.Core.Market;
using Vigil.Engine.Simulation;

namespace Vigil.Engine.Tests.Simulation;

public class CrisisPresetTests
{
    // Several seeds per preset: per-seed assertions check the direction of the crisis, averages check its size.
    private static readonly ulong[] Seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

    [Fact]
    public void Presets_have_stable_ids_and_display_names()
    {
        var byId = CrisisPresets.All.ToDictionary(p => p.Id, p => p.Name);

        Assert.Equal(4, byId.Count);
        Assert.Equal("Lehman 2008", byId["lehman2008"]);
        Assert.Equal("COVID 2020", byId["covid2020"]);
        Assert.Equal("SVB 2023", byId["svb2023"]);
        Assert.Equal("Flash Crash 2010", byId["flashcrash2010"]);
        Assert.Equal(CrisisPresets.All.Select(p => p.Id), CrisisPresets.Ids);
        Assert.All(CrisisPresets.All, p => Assert.False(string.IsNullOrWhiteSpace(p.Description)));
    }

    [Theory]
    [InlineData("lehman2008", "Lehman 2008")]
    [InlineData("LEHMAN2008", "Lehman 2008")]
    [InlineData("Covid2020", "COVID 2020")]
    [InlineData(" svb2023 ", "SVB 2023")]
    [InlineData("FlashCrash2010", "Flash Crash 2010")]
    public void Lookup_by_id_ignores_case(string id, string expectedName)
    {
        Assert.Equal(expectedName, CrisisPresets.Get(id).Name);
        Assert.True(CrisisPresets.TryGet(id, out var preset));
        Assert.Equal(expectedName, preset.Name);
    }

    [Fact]
    public void An_unknown_id_is_rejected_with_the_valid_ids()
    {
        var ex = Assert.Throws<ArgumentException>(() => CrisisPresets.Get("dotcom2000"));

        Assert.Contains("dotcom2000", ex.Message, StringComparison.Ordinal);
        foreach (var id in new[] { "lehman2008", "covid2020", "svb2023", "flashcrash2010" })
        {
            Assert.Contains(id, ex.Message, StringComparison.Ordinal);
        }

        Assert.False(CrisisPresets.TryGet(null, out _));
    }

    [Fact]
    public void Every_preset_is_valid_for_the_default_universe()
    {
        var simulator = new MarketSimulator();
        foreach (var preset in CrisisPresets.All)
        {
            preset.Validate();
            simulator.Activate(preset);
        }
    }

    [Fact]
    public void Lehman_crashes_equities_and_financials_and_sends_volatility_and_credit_spreads_up()
    {
        var episodes = Seeds.Select(seed => Episode.Run(CrisisPresets.Lehman2008, seed)).ToArray();

        foreach (var e in episodes)
        {
            Assert.True(e.Move("SPX", e.AtPeakEnd) < -0.40);
            Assert.True(e.Move("XLF", e.AtPeakEnd) < -0.65);
            Assert.True(e.Move("XLF", e.AtPeakEnd) < e.Move("SPX", e.AtPeakEnd));
            Assert.True(e.Level("VIX", e.AtPeakEnd) > 50);
            Assert.True(e.Level("VIX", e.Max) > 70);
            Assert.True(e.Level("HY_CDX", e.AtPeakEnd) > 1_000);
            Assert.True(e.Level("IG_CDX", e.AtPeakEnd) > 130);
            Assert.True(e.Move("UST2Y", e.AtPeakEnd) < -1.5);
        }

        // Peak to trough −57% for the S&P 500, about −80% for financials, VIX close 80.9.
        Assert.InRange(episodes.Average(e => e.Move("SPX", e.AtPeakEnd)), -0.65, -0.49);
        Assert.InRange(episodes.Average(e => e.Move("XLF", e.AtPeakEnd)), -0.86, -0.74);
        Assert.InRange(episodes.Average(e => e.Level("VIX", e.AtPeakEnd)), 65, 100);
    }

    [Fact]
    public void Covid_takes_about_a_third_off_equities_and_pushes_the_vix_near_80()
    {
        var episodes = Seeds.Select(seed => Episode.Run(CrisisPresets.Covid2020, seed)).ToArray();

        foreach (var e in episodes)
        {
            Assert.True(e.Move("SPX", e.AtPeakEnd) < -0.15);
            Assert.True(e.Level("VIX", e.Max) > 60);
            Assert.True(e.Move("WTI", e.AtPeakEnd) < -0.35);
            Assert.True(e.Level("HY_CDX", e.AtPeakEnd) > 700);
        }

        // −34% in 23 trading days; VIX close 82.7.
        Assert.InRange(episodes.Average(e => e.Move("SPX", e.AtPeakEnd)), -0.40, -0.28);
        Assert.InRange(episodes.Average(e => e.Level("VIX", e.AtPeakEnd)), 68, 98);
    }

    [Fact]
    public void Svb_hits_financials_several_times_harder_than_the_index_while_the_vix_stays_moderate()
    {
        var episodes = Seeds.Select(seed => Episode.Run(CrisisPresets.Svb2023, seed)).ToArray();

        foreach (var e in episodes)
        {
            Assert.True(e.Move("XLF", e.AtPeakEnd) < e.Move("SPX", e.AtPeakEnd));
            Assert.True(e.Level("VIX", e.Max) < 35);
            Assert.True(e.Level("VIX", e.AtPeakEnd) > 20);
            Assert.True(e.Move("UST2Y", e.AtPeakEnd) < -0.6);
        }

        // Banks −7.7% against −1.7% to −1.8% for the index: contagion stays inside the sector.
        var financials = episodes.Average(e => e.Move("XLF", e.AtPeakEnd));
        var index = episodes.Average(e => e.Move("SPX", e.AtPeakEnd));
        Assert.True(financials < -0.055, $"financials moved {financials:P1}");
        Assert.InRange(index, -0.04, 0.0);
        Assert.True(financials < 2.5 * index, $"financials {financials:P1} against the index {index:P1}");
        Assert.True(episodes.Average(e => e.Move("XLF", e.AtPeakEnd) - e.Move("SPX", e.AtPeakEnd)) < -0.04);
    }

    [Fact]
    public void Flash_crash_falls_then_retraces_most_of_the_fall()
    {
        var episodes = Seeds.Select(seed => Episode.Run(CrisisPresets.FlashCrash2010, seed)).ToArray();

        foreach (var e in episodes)
        {
            Assert.True(e.Move("SPX", e.Min) < -0.04);
            Assert.True(e.Level("VIX", e.Max) > 30);
        }

        // About −9% within minutes, most of it back within the hour.
        var trough = episodes.Average(e => e.Move("SPX", e.Min));
        var peakEnd = episodes.Average(e => e.Move("SPX", e.AtPeakEnd));
        var end = episodes.Average(e => e.Move("SPX", e.End));
        Assert.InRange(trough, -0.13, -0.06);
        Assert.True(peakEnd < -0.06, $"the fall by the end of the peak is only {peakEnd:P1}");
        var retraced = (end - trough) / -trough;
        Assert.True(retraced > 0.5, $"only {retraced:P0} of the {trough:P1} fall was retraced");
    }

    [Fact]
    public void After_a_crisis_the_market_recovers_to_baseline_volatility_volumes_and_vix()
    {
        const int Hour = 4 * 3600;
        var simulator = new MarketSimulator(new SimulatorOptions { Seed = 21 });
        var batch = new Tick[simulator.InstrumentCount];
        var spx = SimulationTestKit.IndexOf(simulator, "SPX");
        var vix = SimulationTestKit.IndexOf(simulator, "VIX");
        var calm = SimulationTestKit.StandardDeviation(SimulationTestKit.Returns(simulator, batch, Hour)[spx]);

        simulator.Activate(CrisisPresets.Lehman2008);
        SimulationTestKit.RunFor(simulator, batch, TimeSpan.FromMinutes(3));
        var peak = SimulationTestKit.StandardDeviation(SimulationTestKit.Returns(simulator, batch, 4 * 300)[spx]);
        SimulationTestKit.RunFor(simulator, batch, CrisisPresets.Lehman2008.TotalDuration);
        Assert.Equal(StressPhase.None, simulator.Phase);

        var volume = 0.0;
        var after = SimulationTestKit.StandardDeviation(SimulationTestKit.Returns(simulator, batch, Hour)[spx]);
        for (var k = 0; k < Hour; k++)
        {
            simulator.NextBatch(batch);
            volume += batch[spx].Volume;
        }

        // Calm SPX: 16% a year, 5-minute trading days, 4 Hz. Estimates over an hour have a 0.6% standard error.
        var expected = 0.16 * Math.Sqrt(0.25 / (252.0 * 300.0));
        Assert.InRange(calm / expected, 0.96, 1.04);
        Assert.True(peak > 3.5 * expected, $"peak volatility is only {peak / expected:F1} times calm");
        Assert.InRange(after / expected, 0.96, 1.04);
        Assert.InRange(volume / Hour, 1_250 * 0.96, 1_250 * 1.04);
        Assert.InRange(batch[vix].Price, 9, 25);
    }

    [Fact]
    public void Scaling_durations_stretches_every_phase()
    {
        var slow = CrisisPresets.Covid2020.ScaleDurations(3);

        Assert.Equal(TimeSpan.FromMinutes(3), slow.OnsetDuration);
        Assert.Equal(TimeSpan.FromMinutes(15), slow.Duration);
        Assert.Equal(TimeSpan.FromMinutes(12), slow.RecoveryDuration);
        Assert.Equal(CrisisPresets.Covid2020.SegmentMoves, slow.SegmentMoves);
        Assert.Throws<ArgumentOutOfRangeException>(() => CrisisPresets.Covid2020.ScaleDurations(0));
    }
}
