using Vigil.Core.Instruments;
using Vigil.Core.Numerics;
using Vigil.Detection.Risk.Credit;
using Vigil.Testing;

namespace Vigil.Detection.Tests.Risk.Credit;

public sealed class SystemicCreditMonitorTests
{
    private static readonly IReadOnlyList<Instrument> Universe = DefaultUniverse.CreateRegistry().All;
    private static readonly int Spx = IndexOf("SPX");
    private static readonly int Xlf = IndexOf("XLF");

    private static readonly CreditRiskOptions Small = new()
    {
        VolatilityHalfLife = 200,
        BetaHalfLife = 400,
        StepsPerYear = 252,
        MinObservations = 50,
    };

    [Fact]
    public void Invalid_options_are_all_reported_at_once()
    {
        var options = new CreditRiskOptions
        {
            Institutions = [new("JPM", -1, 100, 10, ProxyBeta: 0), new("jpm", 10, 100, 10)],
            LongTermDebtWeight = 1.5,
            CapitalRatio = 0,
            MinObservations = 1,
        };

        var error = Assert.Throws<ArgumentException>(() => new SystemicCreditMonitor(Universe, options));

        Assert.Contains("Institutions[0].MarketCap", error.Message, StringComparison.Ordinal);
        Assert.Contains("Institutions[0].ProxyBeta", error.Message, StringComparison.Ordinal);
        Assert.Contains("duplicate", error.Message, StringComparison.Ordinal);
        Assert.Contains("LongTermDebtWeight", error.Message, StringComparison.Ordinal);
        Assert.Contains("CapitalRatio", error.Message, StringComparison.Ordinal);
        Assert.Contains("MinObservations", error.Message, StringComparison.Ordinal);
        Assert.Equal(6, options.Validate().Count);
    }

    [Fact]
    public void Symbols_missing_from_the_universe_are_all_reported()
    {
        var options = new CreditRiskOptions
        {
            MarketSymbol = "NOPE",
            Institutions = [new("WFC", 100, 1000, 100, EquitySymbol: "WFC"), new("JPM", 100, 1000, 100)],
        };

        var error = Assert.Throws<ArgumentException>(() => new SystemicCreditMonitor(Universe, options));

        Assert.Contains("MarketSymbol 'NOPE'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'WFC'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_and_daily_options_are_valid()
    {
        Assert.Empty(new CreditRiskOptions().Validate());
        Assert.Empty(CreditRiskOptions.Daily.Validate());
        Assert.Equal(["JPM", "GS", "BAC", "C", "MS"], CreditRiskOptions.DefaultInstitutions.Select(i => i.Name));
    }

    [Fact]
    public void Stand_in_equity_follows_xlf_scaled_by_its_beta()
    {
        var monitor = new SystemicCreditMonitor(Universe, Small);
        var returns = Steps();
        returns[Xlf] = Math.Log(0.8);

        monitor.Update(returns, Levels());
        var report = monitor.Snapshot();

        var jpm = report.Institutions.Single(i => i.Name == "JPM");
        var c = report.Institutions.Single(i => i.Name == "C");
        Assert.True(jpm.ModelledFromProxy);
        Assert.Equal("XLF", jpm.EquitySymbol);
        Assert.Equal(490_000 * 0.8, jpm.EquityValue, 1e-6);
        Assert.Equal(98_000 * Math.Pow(0.8, 1.4), c.EquityValue, 1e-6);
    }

    [Fact]
    public void Srisk_is_the_formula_per_institution_and_the_aggregate_is_their_sum()
    {
        var monitor = new SystemicCreditMonitor(Universe, Small);
        Feed(monitor, 500, seed: 1, xlfBetaToSpx: 1.2);

        var report = monitor.Snapshot();

        foreach (var row in report.Institutions)
        {
            Assert.Equal(Srisk.Lrmes(row.Beta!.Value), row.Lrmes, 12);
            Assert.Equal(Srisk.Compute(row.Liabilities, row.EquityValue, row.Lrmes), row.Srisk, 6);
        }

        Assert.Equal(report.Institutions.Sum(i => i.Srisk), report.AggregateSrisk, 6);
        Assert.Equal(1.0, report.Institutions.Sum(i => i.SriskShare), 12);
        Assert.Equal(report.AggregateSrisk / report.TotalEquity, report.SriskToEquity!.Value, 12);
        Assert.Equal(monitor.AggregateSrisk, report.AggregateSrisk, 6);
    }

    [Fact]
    public void Beta_against_the_market_is_the_stand_in_multiple_times_xlf_beta()
    {
        var monitor = new SystemicCreditMonitor(Universe, Small with { BetaHalfLife = 5_000 });
        Feed(monitor, 20_000, seed: 2, xlfBetaToSpx: 1.2);

        var report = monitor.Snapshot();

        Assert.Equal(1.2, report.Institutions.Single(i => i.Name == "JPM").Beta!.Value, 0.05);
        Assert.Equal(1.4 * 1.2, report.Institutions.Single(i => i.Name == "C").Beta!.Value, 0.07);
    }

    [Fact]
    public void Snapshot_solves_merton_consistently_with_the_annualised_equity_volatility()
    {
        var monitor = new SystemicCreditMonitor(Universe, Small with { VolatilityHalfLife = 5_000 });
        Feed(monitor, 20_000, seed: 3, xlfBetaToSpx: 1.0);

        var report = monitor.Snapshot();

        Assert.True(report.IsReady);
        foreach (var row in report.Institutions)
        {
            Assert.NotNull(row.SolverStatus);
            Assert.NotEqual(MertonSolveStatus.NotConverged, row.SolverStatus);
            // Daily XLF volatility is 0.015 per step with StepsPerYear 252: σ_E ≈ ProxyBeta·0.015·√252.
            var institution = CreditRiskOptions.DefaultInstitutions.Single(i => i.Name == row.Name);
            Assert.Equal(institution.ProxyBeta * 0.015 * Math.Sqrt(252), row.EquityVolatility!.Value, 0.02);
            Assert.Equal(row.EquityValue, MertonModel.EquityValue(row.AssetValue!.Value, row.AssetVolatility!.Value, row.DefaultPoint, 0.04, 1), 1e-6 * row.EquityValue);
            Assert.Equal(MertonModel.DistanceToDefault(row.AssetValue.Value, row.AssetVolatility.Value, row.DefaultPoint, 0.04, 1), row.DistanceToDefault!.Value, 12);
            Assert.InRange(row.ProbabilityOfDefault!.Value, 0, 1);
        }

        Assert.Equal(report.Institutions.Min(i => i.DistanceToDefault), report.MinDistanceToDefault);
        Assert.Equal(report.Institutions.MinBy(i => i.DistanceToDefault)!.Name, report.Weakest);
    }

    [Fact]
    public void A_financials_crash_raises_the_reading_and_lowers_distance_to_default()
    {
        var monitor = new SystemicCreditMonitor(Universe, Small);
        Feed(monitor, 300, seed: 4, xlfBetaToSpx: 1.0);
        var before = monitor.Snapshot();
        var calm = monitor.Update(Steps(), Levels());

        var reading = calm;
        var returns = Steps();
        for (var i = 0; i < 20; i++)
        {
            returns[Spx] = -0.02;
            returns[Xlf] = -0.04;
            reading = monitor.Update(returns, Levels());
        }

        var after = monitor.Snapshot();
        Assert.True(reading.Raw > calm.Raw, $"raw {reading.Raw} after the crash, {calm.Raw} before");
        Assert.True(reading.Score > calm.Score);
        Assert.True(after.AggregateSrisk > before.AggregateSrisk);
        Assert.True(after.MinDistanceToDefault < before.MinDistanceToDefault);
    }

    [Fact]
    public void An_institution_with_its_own_symbol_and_shares_is_valued_at_shares_times_price()
    {
        var options = Small with { Institutions = [new("NDXCO", 1_000, 5_000, 1_000, EquitySymbol: "NDX", SharesOutstanding: 2.0)] };
        var monitor = new SystemicCreditMonitor(Universe, options);
        var levels = Levels();
        levels[IndexOf("NDX")] = 15_000;
        var returns = Steps();
        returns[IndexOf("NDX")] = 0.01;

        monitor.Update(returns, levels);

        var row = Assert.Single(monitor.Snapshot().Institutions);
        Assert.False(row.ModelledFromProxy);
        Assert.Equal(30_000, row.EquityValue);
        Assert.Equal(5_500, row.DefaultPoint);
        Assert.Equal(6_000, row.Liabilities);
    }

    [Fact]
    public void Not_ready_during_warm_up_and_again_after_reset()
    {
        var monitor = new SystemicCreditMonitor(Universe, Small);
        for (var i = 0; i < 49; i++)
        {
            Assert.True(double.IsNaN(monitor.Update(Steps(), Levels()).Raw));
        }

        Assert.False(monitor.IsReady);
        Assert.False(double.IsNaN(monitor.Update(Steps(), Levels()).Raw));
        Assert.True(monitor.IsReady);

        monitor.Reset();
        Assert.False(monitor.IsReady);
        Assert.Equal(490_000, monitor.Snapshot().Institutions[0].EquityValue);
    }

    [Fact]
    public void Missing_returns_leave_equity_unchanged()
    {
        var monitor = new SystemicCreditMonitor(Universe, Small);
        var returns = Steps();
        returns[Xlf] = double.NaN;
        returns[Spx] = double.NaN;

        monitor.Update(returns, Levels());

        Assert.Equal(490_000, monitor.Snapshot().Institutions[0].EquityValue);
        Assert.Null(monitor.Snapshot().Institutions[0].Beta);
    }

    [Fact]
    public void Snapshot_serialises_with_default_json_options_before_and_after_warm_up()
    {
        var monitor = new SystemicCreditMonitor(Universe, Small);
        var before = System.Text.Json.JsonSerializer.Serialize(monitor.Snapshot());
        Feed(monitor, 300, seed: 6, xlfBetaToSpx: 1.0);
        var after = System.Text.Json.JsonSerializer.Serialize(monitor.Snapshot());

        Assert.Contains("\"AssetValue\":null", before, StringComparison.Ordinal);
        Assert.Contains("\"DistanceToDefault\":", after, StringComparison.Ordinal);
        Assert.DoesNotContain("\"DistanceToDefault\":null", after, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_rejects_spans_of_the_wrong_length()
    {
        var monitor = new SystemicCreditMonitor(Universe, Small);

        Assert.Throws<ArgumentException>(() => monitor.Update(new double[3], new double[3]));
    }

    [Fact]
    public void Update_does_not_allocate()
    {
        var monitor = new SystemicCreditMonitor(Universe);
        var rng = new Xoshiro256(5);
        var returns = new double[Universe.Count];
        var levels = Levels();

        var bytes = Allocations.Fewest(_ =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                returns[Spx] = 0.0005 * rng.NextGaussian();
                returns[Xlf] = (1.2 * returns[Spx]) + (0.0004 * rng.NextGaussian());
                monitor.Update(returns, levels);
            }
        });

        Assert.Equal(0, bytes);
    }

    private static void Feed(SystemicCreditMonitor monitor, int steps, int seed, double xlfBetaToSpx)
    {
        var rng = new Xoshiro256((ulong)seed);
        var returns = Steps();
        var levels = Levels();
        var idiosyncratic = Math.Sqrt(Math.Max(0, (0.015 * 0.015) - (xlfBetaToSpx * xlfBetaToSpx * 0.01 * 0.01)));
        for (var i = 0; i < steps; i++)
        {
            returns[Spx] = 0.01 * rng.NextGaussian();
            returns[Xlf] = (xlfBetaToSpx * returns[Spx]) + (idiosyncratic * rng.NextGaussian());
            monitor.Update(returns, levels);
        }
    }

    private static double[] Steps() => new double[Universe.Count];

    private static double[] Levels()
    {
        var levels = new double[Universe.Count];
        Array.Fill(levels, 100.0);
        return levels;
    }

    private static int IndexOf(string symbol)
    {
        for (var i = 0; i < Universe.Count; i++)
        {
            if (Universe[i].Symbol == symbol)
            {
                return i;
            }
        }

        throw new InvalidOperationException(symbol);
    }
}
