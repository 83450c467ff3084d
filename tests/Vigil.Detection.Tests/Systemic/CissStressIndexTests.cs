using Vigil.Core.Instruments;
using Vigil.Core.Numerics;
using Vigil.Detection.Systemic;
using Vigil.Testing;

namespace Vigil.Detection.Tests.Systemic;

public sealed class CissStressIndexTests
{
    private static readonly CissOptions Small = new()
    {
        EcdfWindowLength = 500,
        CmaxWindowLength = 100,
        VolatilityHalfLife = 5,
        MinObservations = 50,
        EcdfSampleInterval = 1,
    };

    private static IReadOnlyList<Instrument> Universe() => DefaultUniverse.CreateRegistry().All;

    /// <summary>Drives a random market: Gaussian returns scaled per step, with a share of instruments not ticking.</summary>
    private sealed class RandomMarket(IReadOnlyList<Instrument> instruments, ulong seed, double missingShare = 0.1)
    {
        private readonly Xoshiro256 _random = new(seed);

        public double[] Returns { get; } = new double[instruments.Count];

        public double[] Levels { get; } = Initial(instruments);

        public void Step(double scale, double drift = 0.0)
        {
            for (var i = 0; i < Returns.Length; i++)
            {
                if (_random.NextDouble() < missingShare)
                {
                    Returns[i] = double.NaN;
                    continue;
                }

                var r = drift + (scale * 0.01 * _random.NextGaussian());
                Returns[i] = r;
                if (instruments[i].ValueKind == ValueKind.Level)
                {
                    Levels[i] += r;
                }
                else if (instruments[i].AssetClass is AssetClass.Credit or AssetClass.Volatility)
                {
                    // Spreads and volatility indices rise in stress: their level follows the scale.
                    Levels[i] = 20 * scale * Math.Exp(0.1 * _random.NextGaussian());
                }
                else
                {
                    Levels[i] *= Math.Exp(r);
                }
            }
        }

        private static double[] Initial(IReadOnlyList<Instrument> instruments)
        {
            var levels = new double[instruments.Count];
            for (var i = 0; i < levels.Length; i++)
            {
                levels[i] = instruments[i].ValueKind == ValueKind.Level ? 4.0 : 100.0;
            }

            return levels;
        }
    }

    [Fact]
    public void The_default_universe_maps_to_the_five_segments_and_leaves_commodities_and_crypto_out()
    {
        var ciss = new CissStressIndex(Universe(), Small);
        var segments = ciss.Snapshot().Segments.ToDictionary(s => s.Segment, s => s.Symbols);
        Assert.Equal(["UST2Y"], segments["MoneyMarket"]);
        Assert.Equal(["UST10Y", "BUND10Y", "IG_CDX", "HY_CDX", "MOVE"], segments["Bonds"]);
        Assert.Equal(["SPX", "NDX", "SX5E", "NKY", "VIX"], segments["Equity"]);
        Assert.Equal(["XLF"], segments["FinancialIntermediaries"]);
        Assert.Equal(["EURUSD", "USDJPY", "GBPUSD"], segments["Fx"]);
        var symbols = ciss.Snapshot().Indicators.Select(i => i.Symbol).ToHashSet();
        Assert.DoesNotContain("GOLD", symbols);
        Assert.DoesNotContain("WTI", symbols);
        Assert.DoesNotContain("BTC", symbols);
    }

    [Fact]
    public void Each_instrument_gives_the_indicators_its_kind_calls_for()
    {
        var indicators = new CissStressIndex(Universe(), Small).Snapshot().Indicators;
        string[] KindsOf(string symbol) => [.. indicators.Where(i => i.Symbol == symbol).Select(i => i.Kind)];
        Assert.Equal(["RealisedVolatility", "Cmax"], KindsOf("SPX"));
        Assert.Equal(["RealisedVolatility", "Cmax"], KindsOf("XLF"));
        Assert.Equal(["RealisedVolatility"], KindsOf("EURUSD"));
        Assert.Equal(["RealisedVolatility"], KindsOf("UST10Y"));
        Assert.Equal(["Level"], KindsOf("VIX"));
        Assert.Equal(["Level"], KindsOf("HY_CDX"));
    }

    [Fact]
    public void The_index_stays_in_zero_to_one_and_its_breakdown_adds_up_over_a_random_market()
    {
        var instruments = Universe();
        var ciss = new CissStressIndex(instruments, Small);
        var market = new RandomMarket(instruments, 11);
        var random = new Xoshiro256(12);
        var readySteps = 0;
        for (var t = 0; t < 3000; t++)
        {
            // Regimes of calm and stress so the sub-indices and their correlations move across their range.
            market.Step(scale: (t / 300) % 2 == 0 ? 1.0 : 1.0 + (4 * random.NextDouble()), drift: (t / 300) % 2 == 0 ? 0.0 : -0.005);
            var reading = ciss.Update(market.Returns, market.Levels);
            if (!ciss.IsReady)
            {
                continue;
            }

            readySteps++;
            Assert.InRange(reading.Raw, 0.0, 1.0);
            Assert.Equal(reading.Raw, reading.Score);
            if (t % 97 == 0)
            {
                var breakdown = ciss.Snapshot();
                var contributions = breakdown.Segments.Where(s => s.Included).Sum(s => s.Contribution!.Value);
                Assert.Equal(breakdown.Index!.Value, contributions, 12);
                var squares = breakdown.Segments.Where(s => s.Included).Sum(s => s.WeightedSubIndex!.Value * s.WeightedSubIndex.Value);
                Assert.Equal(breakdown.Index.Value - squares, breakdown.CorrelationPart!.Value, 12);
                foreach (var row in breakdown.Correlations)
                {
                    Assert.All(row, rho => Assert.InRange(rho, -1.0, 1.0));
                }

                // The index is s'Cs of the breakdown's own weighted sub-indices and correlations.
                var s = breakdown.Segments.Where(x => x.Included).Select(x => x.WeightedSubIndex!.Value).ToArray();
                var c = breakdown.Correlations.SelectMany(r => r).ToArray();
                Assert.Equal(breakdown.Index.Value, CissMath.Index(s, c), 12);
            }
        }

        Assert.True(readySteps > 2500, $"ready for {readySteps} steps");
    }

    [Fact]
    public void A_broad_sell_off_after_a_calm_spell_drives_the_index_up()
    {
        var instruments = Universe();
        var ciss = new CissStressIndex(instruments, Small);
        var market = new RandomMarket(instruments, 5, missingShare: 0);
        var calm = new List<double>();
        for (var t = 0; t < 600; t++)
        {
            market.Step(1.0);
            var reading = ciss.Update(market.Returns, market.Levels);
            if (t >= 400)
            {
                calm.Add(reading.Raw);
            }
        }

        double stressed = 0;
        for (var t = 0; t < 30; t++)
        {
            market.Step(5.0, drift: -0.02);
            stressed = ciss.Update(market.Returns, market.Levels).Raw;
        }

        // Every indicator at the top of its history, moving together: the index nears 1, far above its calm level.
        Assert.True(calm.Average() < 0.35, $"calm mean {calm.Average()}");
        Assert.True(stressed > 0.8, $"stressed {stressed}");
        Assert.True(ciss.Update(market.Returns, market.Levels).Fired);
        Assert.True(ciss.CorrelationPart > 0.5, $"correlation part {ciss.CorrelationPart}");
    }

    [Fact]
    public void Cmax_is_the_fall_from_the_highest_price_in_its_window()
    {
        var registry = new InstrumentRegistry([new InstrumentSpec("SPX", "S&P 500", AssetClass.EquityIndex, StressSegment.Equity)]);
        var ciss = new CissStressIndex(registry.All, Small with { CmaxWindowLength = 2, MinObservations = 1 });
        double Cmax() => ciss.Snapshot().Indicators.Single(i => i.Kind == "Cmax").Value!.Value;

        ciss.Update([double.NaN], [100.0]);
        Assert.Equal(0.0, Cmax(), 14);
        ciss.Update([Math.Log(1.1)], [110.0]);
        ciss.Update([Math.Log(0.9)], [99.0]);
        Assert.Equal(1 - (99.0 / 110.0), Cmax(), 14);
        // A two-observation window: 110 has left it, so the maximum is 99.
        ciss.Update([Math.Log(98.0 / 99.0)], [98.0]);
        Assert.Equal(1 - (98.0 / 99.0), Cmax(), 14);
        // A step without a tick keeps the last value.
        ciss.Update([double.NaN], [98.0]);
        Assert.Equal(3, ciss.Snapshot().Indicators.Single(i => i.Kind == "Cmax").Observations - 1);
    }

    [Fact]
    public void Realised_volatility_is_the_root_of_the_ewma_of_squared_changes()
    {
        var registry = new InstrumentRegistry([new InstrumentSpec("UST10Y", "10y", AssetClass.Rates, StressSegment.Bonds, ValueKind.Level)]);
        var ciss = new CissStressIndex(registry.All, Small with { VolatilityHalfLife = 1, MinObservations = 1 });
        ciss.Update([0.1], [4.1]);
        ciss.Update([-0.3], [3.8]);
        // Half-life 1: λ = 0.5; seeded by the first square, then 0.5 · 0.01 + 0.5 · 0.09 = 0.05.
        var value = ciss.Snapshot().Indicators.Single().Value!.Value;
        Assert.Equal(Math.Sqrt(0.05), value, 14);
    }

    [Fact]
    public void A_segment_without_instruments_is_left_out_and_the_other_weights_renormalised()
    {
        var specs = DefaultUniverse.Instruments.Where(s => s.Segment != StressSegment.Fx).ToList();
        var instruments = new InstrumentRegistry(specs).All;
        var ciss = new CissStressIndex(instruments, Small with { SegmentWeights = [0.15, 0.15, 0.25, 0.30, 0.15] });
        Assert.False(ciss.IsIncluded(CissSegment.Fx));
        Assert.Equal(0.0, ciss.WeightOf(CissSegment.Fx));
        Assert.Equal(0.30 / 0.85, ciss.WeightOf(CissSegment.FinancialIntermediaries), 14);
        var market = new RandomMarket(instruments, 3);
        for (var t = 0; t < 200; t++)
        {
            market.Step(1.0);
            ciss.Update(market.Returns, market.Levels);
        }

        var breakdown = ciss.Snapshot();
        Assert.True(breakdown.IsReady);
        Assert.True(breakdown.WeightsRenormalised);
        Assert.Equal(4, breakdown.CorrelationSegments.Count);
        Assert.Equal(4, breakdown.Correlations.Count);
        var fx = breakdown.Segments.Single(s => s.Segment == "Fx");
        Assert.False(fx.Included);
        Assert.Null(fx.Contribution);
        Assert.Equal(1.0, breakdown.Segments.Sum(s => s.Weight), 14);
    }

    [Fact]
    public void It_is_not_ready_until_every_included_segment_has_a_ready_indicator()
    {
        var instruments = Universe();
        var ciss = new CissStressIndex(instruments, Small);
        var market = new RandomMarket(instruments, 9, missingShare: 0);
        for (var t = 0; t < 40; t++)
        {
            market.Step(1.0);
            Assert.Equal(0.0, ciss.Update(market.Returns, market.Levels).Score);
        }

        Assert.False(ciss.IsReady);
        Assert.Null(ciss.Snapshot().Index);
        for (var t = 0; t < 20; t++)
        {
            market.Step(1.0);
            ciss.Update(market.Returns, market.Levels);
        }

        Assert.True(ciss.IsReady);
        ciss.Reset();
        Assert.False(ciss.IsReady);
        Assert.All(ciss.Snapshot().Indicators, i => Assert.Equal(0, i.Observations));
    }

    [Fact]
    public void With_a_sample_interval_one_observation_in_that_many_enters_the_window_and_every_one_is_ranked()
    {
        var registry = new InstrumentRegistry([new InstrumentSpec("VIX", "VIX", AssetClass.Volatility, StressSegment.Volatility)]);
        var ciss = new CissStressIndex(registry.All, Small with { EcdfSampleInterval = 3, MinObservations = 1 });
        Assert.Equal(3, ciss.WarmUpPeriod);
        // Levels 1..10: the first always enters, then every third (observations 3, 6, 9 for indicator 0).
        for (var t = 1; t <= 10; t++)
        {
            ciss.Update([t == 1 ? double.NaN : 1.0], [t]);
        }

        var indicator = ciss.Snapshot().Indicators.Single();
        Assert.Equal(4, indicator.Observations);
        // The window holds 1, 4, 7, 10 and the last level, 10, entered it: ranked highest of the four, tied with none.
        Assert.Equal(1.0, indicator.Transformed!.Value, 14);
        ciss.Update([1.0], [5.0]);
        // 5 is not entered: among {1, 4, 7, 10} plus itself it ranks third of five.
        Assert.Equal(0.6, ciss.Snapshot().Indicators.Single().Transformed!.Value, 14);
        Assert.Equal(4, ciss.Snapshot().Indicators.Single().Observations);
    }

    [Fact]
    public void Invalid_options_are_reported_all_at_once()
    {
        var options = new CissOptions
        {
            SegmentWeights = [0.2, 0.2],
            EcdfWindowLength = 1,
            CorrelationLambda = 1.0,
            StressThreshold = 0,
        };
        var e = Assert.Throws<ArgumentException>(() => new CissStressIndex(Universe(), options));
        Assert.Contains("SegmentWeights must hold 5 values (got 2)", e.Message, StringComparison.Ordinal);
        Assert.Contains("EcdfWindowLength", e.Message, StringComparison.Ordinal);
        Assert.Contains("CorrelationLambda", e.Message, StringComparison.Ordinal);
        Assert.Contains("StressThreshold", e.Message, StringComparison.Ordinal);
        Assert.Contains("MinObservations", e.Message, StringComparison.Ordinal);
        Assert.Empty(CissOptions.Daily.Validate());
        Assert.Empty(new CissOptions().Validate());
    }

    [Fact]
    public void Spans_of_the_wrong_length_are_rejected()
    {
        var ciss = new CissStressIndex(Universe(), Small);
        var e = Assert.Throws<ArgumentException>(() => ciss.Update(new double[3], new double[18]));
        Assert.Equal("returns", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => ciss.Update(new double[18], new double[3]));
        Assert.Equal("levels", e.ParamName);
    }

    [Fact]
    public void Update_allocates_nothing()
    {
        var instruments = Universe();
        var ciss = new CissStressIndex(instruments, Small);
        var market = new RandomMarket(instruments, 21);
        var returns = new double[3000][];
        var levels = new double[3000][];
        for (var t = 0; t < returns.Length; t++)
        {
            market.Step(t % 500 < 250 ? 1.0 : 3.0);
            returns[t] = (double[])market.Returns.Clone();
            levels[t] = (double[])market.Levels.Clone();
        }

        var allocated = Allocations.Fewest(_ =>
        {
            for (var t = 0; t < returns.Length; t++)
            {
                ciss.Update(returns[t], levels[t]);
            }
        });
        Assert.Equal(0, allocated);
    }
}
