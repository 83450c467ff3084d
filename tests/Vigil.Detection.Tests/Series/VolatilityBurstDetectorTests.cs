using Vigil.Core.Instruments;
using Vigil.Core.Numerics;
using Vigil.Core.Streaming;
using Vigil.Detection.Series;
using Vigil.Detection.Tests.Support;

namespace Vigil.Detection.Tests.Series;

public sealed class VolatilityBurstDetectorTests
{
    private static readonly VolatilityBurstOptions Options = new(ShortHalfLife: 8, LongHalfLife: 200, MinObservations: 40, FireRatio: 2.0, FullScoreRatio: 4.0);

    /// <summary>
    /// The documented rule, computed plainly: short = weighted mean of r² with weights halving every ShortHalfLife;
    /// long = weighted mean of the squared returns before the latest, each clipped at 2² × the long value before it
    /// (1.2² while short ≥ FireRatio² × long) once MinObservations are in; ratio = √(short / long).
    /// </summary>
    private static double[] ReferenceRatios(ValueKind kind, double[] values, VolatilityBurstOptions options)
    {
        var lambdaShort = Math.Pow(0.5, 1 / options.ShortHalfLife);
        var lambdaLong = Math.Pow(0.5, 1 / options.LongHalfLife);
        var squares = new List<double>();
        var clipped = new List<double>();
        var ratios = new double[values.Length];
        ratios[0] = double.NaN;
        for (var t = 1; t < values.Length; t++)
        {
            var r = kind == ValueKind.Price ? Math.Log(values[t] / values[t - 1]) : values[t] - values[t - 1];
            squares.Add(r * r);
            var shortMean = WeightedMean(squares, lambdaShort);
            var longMean = clipped.Count == 0 ? 0.0 : WeightedMean(clipped, lambdaLong);
            var ready = clipped.Count >= options.MinObservations && longMean > 0;
            ratios[t] = ready ? Math.Sqrt(shortMean / longMean) : double.NaN;
            if (!ready)
            {
                clipped.Add(r * r);
            }
            else
            {
                var clip = shortMean >= options.FireRatio * options.FireRatio * longMean ? 1.2 * 1.2 : 2.0 * 2.0;
                clipped.Add(Math.Min(r * r, clip * longMean));
            }
        }

        return ratios;

        static double WeightedMean(List<double> values, double lambda)
        {
            double weighted = 0, weights = 0, w = 1;
            for (var i = values.Count - 1; i >= 0; i--)
            {
                weighted += w * values[i];
                weights += w;
                w *= lambda;
            }

            return weighted / weights;
        }
    }

    private static double[] Series(ValueKind kind, ulong seed, params (int Length, double Volatility)[] regimes)
    {
        var random = new Xoshiro256(seed);
        var values = new List<double>();
        var value = kind == ValueKind.Price ? 100.0 : 0.0;
        foreach (var (length, volatility) in regimes)
        {
            for (var i = 0; i < length; i++)
            {
                var move = volatility * random.NextGaussian();
                value = kind == ValueKind.Price ? value * Math.Exp(move) : value + move;
                values.Add(value);
            }
        }

        return [.. values];
    }

    [Theory]
    [InlineData(ValueKind.Price)]
    [InlineData(ValueKind.Level)]
    public void Ratio_is_short_over_clipped_long_volatility_as_documented(ValueKind kind)
    {
        // Calm, a burst that trips the tighter clip, calm again.
        var scale = kind == ValueKind.Price ? 0.001 : 0.05;
        var values = Series(kind, 41, (250, scale), (60, 5 * scale), (200, scale));
        if (kind == ValueKind.Level)
        {
            Assert.Contains(values, v => v < 0);
        }

        var expected = ReferenceRatios(kind, values, Options);
        var detector = new VolatilityBurstDetector(kind, Options);
        var fired = 0;
        for (var t = 0; t < values.Length; t++)
        {
            var reading = detector.Update(t, values[t], 0);
            if (double.IsNaN(expected[t]))
            {
                Assert.Equal(DetectorReading.NotReady, reading);
                continue;
            }

            Close.Equal(expected[t], reading.Raw, 1e-9, 0, $"observation {t}");
            Close.Equal(Math.Clamp((expected[t] - 1) / 3, 0, 1), reading.Score, 1e-9, 1e-12);
            Assert.Equal(expected[t] >= 2.0, reading.Fired);
            fired += reading.Fired ? 1 : 0;
        }

        Assert.InRange(fired, 20, 100);
    }

    [Fact]
    public void Ratio_stays_near_one_on_stationary_noise()
    {
        var values = Series(ValueKind.Price, 42, (8_000, 0.001));
        var detector = new VolatilityBurstDetector(ValueKind.Price);
        var ratios = new List<double>();
        for (var t = 0; t < values.Length; t++)
        {
            var reading = detector.Update(t, values[t], 0);
            if (t >= 3_000)
            {
                ratios.Add(reading.Raw);
            }
        }

        Assert.InRange(Reference.Median(ratios), 0.9, 1.15);
        Assert.True(ratios.Count(r => r >= 2.0) < ratios.Count / 200, $"{ratios.Count(r => r >= 2.0)} of {ratios.Count} fired");
    }

    [Fact]
    public void Fires_within_a_few_observations_of_volatility_quadrupling()
    {
        var values = Series(ValueKind.Price, 43, (4_000, 0.001), (100, 0.004));
        var detector = new VolatilityBurstDetector(ValueKind.Price);
        var burst = new List<DetectorReading>();
        for (var t = 0; t < values.Length; t++)
        {
            var reading = detector.Update(t, values[t], 0);
            if (t >= 4_000)
            {
                burst.Add(reading);
            }
        }

        // The short window has half-life 8: by 20 observations in, most of its weight is on the burst.
        Assert.All(burst.Skip(20), r => Assert.True(r.Raw >= 2.0 && r.Fired, $"ratio {r.Raw}"));
        Assert.InRange(Reference.Median(burst.Skip(20).Select(r => r.Raw)), 3.0, 5.0);
    }

    [Fact]
    public void A_long_burst_does_not_drag_the_baseline_up_so_the_calm_after_it_reads_near_one()
    {
        var values = Series(ValueKind.Price, 44, (3_000, 0.001), (500, 0.004), (200, 0.001));
        var detector = new VolatilityBurstDetector(ValueKind.Price);
        double baselineBefore = 0;
        var after = new List<double>();
        for (var t = 0; t < values.Length; t++)
        {
            var reading = detector.Update(t, values[t], 0);
            if (t == 2_999)
            {
                baselineBefore = detector.LongVolatility;
            }
            else if (t == 3_499)
            {
                // An unclipped exponential average over 500 observations at 16× the variance would be about 2.2×
                // the volatility before; the clipped one barely moves.
                Assert.InRange(detector.LongVolatility / baselineBefore, 1.0, 1.15);
            }
            else if (t >= 3_560)
            {
                after.Add(reading.Raw);
            }
        }

        Assert.InRange(Reference.Median(after), 0.85, 1.25);
        Assert.DoesNotContain(after, r => r >= 2.0);
    }

    [Theory]
    [InlineData(2.0, 10_000)]
    [InlineData(4.0, 24_000)]
    public void A_lasting_change_of_regime_is_absorbed_eventually(double multiplier, int observations)
    {
        var values = Series(ValueKind.Price, 45, (3_000, 0.001), (observations, 0.001 * multiplier));
        var detector = new VolatilityBurstDetector(ValueKind.Price);
        var early = new List<double>();
        var late = new List<double>();
        for (var t = 0; t < values.Length; t++)
        {
            var reading = detector.Update(t, values[t], 0);
            if (t >= 3_100 && t < 3_600)
            {
                early.Add(reading.Raw);
            }
            else if (t >= values.Length - 1_000)
            {
                late.Add(reading.Raw);
            }
        }

        Assert.True(Reference.Median(early) > 0.7 * multiplier, $"early median {Reference.Median(early)}");
        Assert.InRange(Reference.Median(late), 0.85, 1.3);
    }

    [Fact]
    public void Ready_after_warm_up_period_observations()
    {
        var detector = new VolatilityBurstDetector(ValueKind.Price, Options);
        Assert.Equal(Options.MinObservations + 1, detector.WarmUpPeriod);
        var values = Series(ValueKind.Price, 46, (100, 0.001));
        for (var t = 0; t < detector.WarmUpPeriod; t++)
        {
            Assert.False(detector.IsReady);
            Assert.Equal(DetectorReading.NotReady, detector.Update(t, values[t], 0));
        }

        Assert.True(detector.IsReady);
        Assert.False(double.IsNaN(detector.Update(99, values[detector.WarmUpPeriod], 0).Raw));
    }

    [Fact]
    public void A_flat_series_never_becomes_ready()
    {
        var detector = new VolatilityBurstDetector(ValueKind.Price, Options);
        for (var t = 0; t < 500; t++)
        {
            Assert.Equal(DetectorReading.NotReady, detector.Update(t, 10.0, 1));
        }

        Assert.False(detector.IsReady);
    }

    [Fact]
    public void Reset_returns_to_the_initial_state()
    {
        var used = new VolatilityBurstDetector(ValueKind.Price, Options);
        foreach (var v in Series(ValueKind.Price, 47, (300, 0.01)))
        {
            used.Update(0, v, 0);
        }

        used.Reset();
        Assert.False(used.IsReady);
        Assert.Equal(DetectorReading.NotReady, used.Current);
        var fresh = new VolatilityBurstDetector(ValueKind.Price, Options);
        var values = Series(ValueKind.Price, 48, (300, 0.001), (50, 0.005));
        for (var t = 0; t < values.Length; t++)
        {
            Assert.Equal(fresh.Update(t, values[t], 0), used.Update(t, values[t], 0));
        }
    }

    [Fact]
    public void Scores_stay_within_zero_and_one()
    {
        var values = Series(ValueKind.Price, 49, (1_000, 0.001), (200, 0.02), (1_000, 0.0001), (200, 0.001));
        var detector = new VolatilityBurstDetector(ValueKind.Price, Options);
        for (var t = 0; t < values.Length; t++)
        {
            Assert.InRange(detector.Update(t, values[t], 0).Score, 0.0, 1.0);
        }
    }

    [Fact]
    public void Invalid_options_report_every_problem_at_once()
    {
        var options = new VolatilityBurstOptions(ShortHalfLife: 0, LongHalfLife: 0, MinObservations: 1, FireRatio: 1, FullScoreRatio: 0.5);
        Assert.Equal(5, options.Validate().Count);
        var e = Assert.Throws<ArgumentException>(() => new VolatilityBurstDetector(ValueKind.Price, options));
        foreach (var name in new[] { "ShortHalfLife", "LongHalfLife", "MinObservations", "FireRatio", "FullScoreRatio" })
        {
            Assert.Contains(name, e.Message, StringComparison.Ordinal);
        }

        Assert.Empty(new VolatilityBurstOptions().Validate());
    }

    [Fact]
    public void Update_allocates_nothing_after_warm_up()
    {
        const int chunk = 10_000;
        var detector = new VolatilityBurstDetector(ValueKind.Price);
        var values = Series(ValueKind.Price, 50, (5 * chunk, 0.001));
        double sink = 0;
        var allocated = Allocations.Fewest(run =>
        {
            for (var i = run * chunk; i < (run + 1) * chunk; i++)
            {
                sink += detector.Update(i, values[i], 0).Score;
            }
        });

        Assert.Equal(0, allocated);
        Assert.True(double.IsFinite(sink));
    }
}
