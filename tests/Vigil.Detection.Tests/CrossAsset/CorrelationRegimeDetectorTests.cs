using Vigil.Core.Numerics;
using Vigil.Core.Streaming;
using Vigil.Detection.CrossAsset;
using Vigil.Detection.Tests.Support;

namespace Vigil.Detection.Tests.CrossAsset;

public sealed class CorrelationRegimeDetectorTests
{
    /// <summary>
    /// Returns with one common factor: series i loads <paramref name="calmLoadings"/>[i] on it for the first
    /// <paramref name="calmSteps"/> steps and <paramref name="stressLoadings"/>[i] after, with unit total variance
    /// (times a per-series scale, which the detector's normalisation must remove).
    /// </summary>
    private static List<double[]> FactorReturns(ulong seed, int calmSteps, int stressSteps, double[] calmLoadings, double[] stressLoadings)
    {
        var random = new Xoshiro256(seed);
        var returns = new List<double[]>();
        for (var t = 0; t < calmSteps + stressSteps; t++)
        {
            var loadings = t < calmSteps ? calmLoadings : stressLoadings;
            var factor = random.NextGaussian();
            var row = new double[loadings.Length];
            for (var i = 0; i < row.Length; i++)
            {
                var b = loadings[i];
                row[i] = (0.001 * (i + 1)) * ((b * factor) + (Math.Sqrt(1 - (b * b)) * random.NextGaussian()));
            }

            returns.Add(row);
        }

        return returns;
    }

    /// <summary>
    /// The documented computation done plainly with explicit weights: each return divided by the root of the
    /// exponentially weighted mean of its earlier squares (short half-life; 0 for the first), then short and long
    /// zero-mean exponentially weighted correlations over the first steps.
    /// </summary>
    private sealed class NaiveReference
    {
        private readonly List<double[]> _normalised = [];

        public NaiveReference(List<double[]> returns, CorrelationRegimeOptions options)
        {
            Options = options;
            var n = returns[0].Length;
            var lambda = Math.Pow(0.5, 1 / options.ShortHalfLife);
            for (var t = 0; t < returns.Count; t++)
            {
                _normalised.Add(new double[n]);
            }

            for (var i = 0; i < n; i++)
            {
                // The weighted sums of earlier squares, kept as explicit sums over k < t.
                for (var t = 0; t < returns.Count; t++)
                {
                    double weighted = 0, weights = 0, w = 1;
                    for (var k = t - 1; k >= 0; k--)
                    {
                        weighted += w * returns[k][i] * returns[k][i];
                        weights += w;
                        w *= lambda;
                    }

                    var variance = weights > 0 ? weighted / weights : 0.0;
                    _normalised[t][i] = variance > 0 ? returns[t][i] / Math.Sqrt(variance) : 0.0;
                }
            }
        }

        public CorrelationRegimeOptions Options { get; }

        /// <summary>The short and long correlation of pair (i, j) after the first <paramref name="count"/> steps.</summary>
        public (double Short, double Long) Correlations(int count, int i, int j) =>
            (Correlation(count, i, j, Options.ShortHalfLife), Correlation(count, i, j, Options.LongHalfLife));

        /// <summary>The pairs that broke after <paramref name="count"/> steps, largest change first.</summary>
        public List<CorrelationBreak> Breaks(int count)
        {
            var n = _normalised[0].Length;
            var breaks = new List<CorrelationBreak>();
            for (var i = 0; i < n; i++)
            {
                for (var j = i + 1; j < n; j++)
                {
                    var (current, baseline) = Correlations(count, i, j);
                    if (Math.Abs(current - baseline) >= Options.BreakThreshold)
                    {
                        breaks.Add(new CorrelationBreak(i, j, baseline, current));
                    }
                }
            }

            return [.. breaks.OrderByDescending(b => Math.Abs(b.Change))];
        }

        private double Correlation(int count, int i, int j, double halfLife)
        {
            var lambda = Math.Pow(0.5, 1 / halfLife);
            double sij = 0, sii = 0, sjj = 0, w = 1;
            for (var t = count - 1; t >= 0; t--)
            {
                var x = _normalised[t];
                sij += w * x[i] * x[j];
                sii += w * x[i] * x[i];
                sjj += w * x[j] * x[j];
                w *= lambda;
            }

            return sii > 0 && sjj > 0 ? sij / Math.Sqrt(sii * sjj) : 0.0;
        }
    }

    [Fact]
    public void Breaks_and_changes_match_a_plain_computation_of_the_documented_statistics()
    {
        var options = new CorrelationRegimeOptions(ShortHalfLife: 10, LongHalfLife: 100, BreakThreshold: 0.3, MinObservations: 50);
        var returns = FactorReturns(81, 250, 150, [0.2, 0.2, 0.2, 0.2], [0.9, 0.9, 0.7, 0.0]);
        var reference = new NaiveReference(returns, options);
        var detector = new CorrelationRegimeDetector(4, options);
        var sawBreaks = false;
        for (var t = 0; t < returns.Count; t++)
        {
            var reading = detector.Update(returns[t]);
            if (t + 1 < options.MinObservations || t % 10 != 0)
            {
                continue;
            }

            double sumAbs = 0, sum = 0;
            for (var i = 0; i < 4; i++)
            {
                for (var j = i + 1; j < 4; j++)
                {
                    var (current, baseline) = reference.Correlations(t + 1, i, j);
                    sumAbs += Math.Abs(current - baseline);
                    sum += current;
                }
            }

            var breaks = reference.Breaks(t + 1).Count;
            Assert.Equal(breaks, detector.Breaks);
            Close.Equal(sumAbs / 6, detector.MeanAbsoluteChange, 1e-9, 1e-12, $"step {t}");
            Close.Equal(sum / 6, detector.MeanCorrelation, 1e-9, 1e-12, $"step {t}");
            Close.Equal(sumAbs / 6, reading.Raw, 1e-9, 1e-12);
            Close.Equal(Math.Min(1.0, sumAbs / 6 / 0.5), reading.Score, 1e-9, 1e-12);
            Assert.Equal(breaks > 0, reading.Fired);
            sawBreaks |= breaks >= 3;
        }

        Assert.True(sawBreaks);
    }

    [Fact]
    public void Switching_from_independent_to_strongly_correlated_series_raises_breaks_and_the_mean_change()
    {
        var calm = new double[6];
        var stress = new double[] { 0.9, 0.9, 0.9, 0.9, 0.9, 0.9 };
        var returns = FactorReturns(82, 4_000, 300, calm, stress);
        var detector = new CorrelationRegimeDetector(6);
        var calmBreaks = new List<double>();
        var calmChange = new List<double>();
        for (var t = 0; t < returns.Count; t++)
        {
            detector.Update(returns[t]);
            if (t >= 3_000 && t < 4_000)
            {
                calmBreaks.Add(detector.Breaks);
                calmChange.Add(detector.MeanAbsoluteChange);
            }
            else if (t == 4_150)
            {
                Assert.Equal(15, detector.Breaks);
                Assert.True(detector.MeanAbsoluteChange > 0.5, $"mean change {detector.MeanAbsoluteChange}");
                Assert.True(detector.MeanCorrelation > 0.6, $"mean correlation {detector.MeanCorrelation}");
            }
        }

        Assert.True(calmBreaks.Average() < 0.5, $"calm breaks {calmBreaks.Average()}");
        Assert.True(calmChange.Max() < 0.25, $"calm change {calmChange.Max()}");
        Assert.Equal(15, detector.Breaks);
    }

    [Fact]
    public void Copy_breaks_lists_the_broken_pairs_with_baseline_and_current_largest_change_first()
    {
        var options = new CorrelationRegimeOptions(ShortHalfLife: 20, LongHalfLife: 500, BreakThreshold: 0.3, MinObservations: 100);
        var returns = FactorReturns(83, 1_500, 120, new double[5], [0.95, 0.95, 0.7, 0.0, 0.0]);
        var reference = new NaiveReference(returns, options);
        var detector = new CorrelationRegimeDetector(5, options);
        foreach (var r in returns)
        {
            detector.Update(r);
        }

        var expected = reference.Breaks(returns.Count);
        Assert.InRange(expected.Count, 3, 6);
        Assert.Equal((0, 1), (expected[0].First, expected[0].Second));
        Assert.Equal(expected.Count, detector.Breaks);

        var destination = new CorrelationBreak[10];
        var written = detector.CopyBreaksTo(destination);
        Assert.Equal(expected.Count, written);
        for (var k = 0; k < written; k++)
        {
            Assert.Equal((expected[k].First, expected[k].Second), (destination[k].First, destination[k].Second));
            Close.Equal(expected[k].Baseline, destination[k].Baseline, 1e-9, 1e-12);
            Close.Equal(expected[k].Current, destination[k].Current, 1e-9, 1e-12);
        }

        Assert.True(destination[0].Current > 0.7 && Math.Abs(destination[0].Baseline) < 0.2);

        var one = new CorrelationBreak[1];
        Assert.Equal(1, detector.CopyBreaksTo(one));
        Assert.Equal(destination[0], one[0]);

        var two = new CorrelationBreak[2];
        Assert.Equal(2, detector.CopyBreaksTo(two));
        Assert.Equal(destination.AsSpan(0, 2).ToArray(), two);

        Assert.Equal(0, detector.CopyBreaksTo([]));
    }

    [Fact]
    public void Copy_breaks_into_a_short_destination_keeps_the_largest_of_many()
    {
        var options = new CorrelationRegimeOptions(ShortHalfLife: 20, LongHalfLife: 500, BreakThreshold: 0.3, MinObservations: 100);
        var loadings = new double[] { 0.95, 0.9, 0.85, 0.8, 0.75, 0.95, 0.9, 0.85 };
        var returns = FactorReturns(84, 1_500, 150, new double[8], loadings);
        var reference = new NaiveReference(returns, options);
        var detector = new CorrelationRegimeDetector(8, options);
        foreach (var r in returns)
        {
            detector.Update(r);
        }

        var expected = reference.Breaks(returns.Count);
        Assert.True(expected.Count >= 20, $"{expected.Count} breaks");
        var five = new CorrelationBreak[5];
        Assert.Equal(5, detector.CopyBreaksTo(five));
        for (var k = 0; k < 5; k++)
        {
            Assert.Equal((expected[k].First, expected[k].Second), (five[k].First, five[k].Second));
        }

        var all = new CorrelationBreak[28];
        Assert.Equal(expected.Count, detector.CopyBreaksTo(all));
        for (var k = 1; k < expected.Count; k++)
        {
            Assert.True(Math.Abs(all[k - 1].Change) >= Math.Abs(all[k].Change));
        }
    }

    [Fact]
    public void Not_ready_before_min_observations()
    {
        var options = new CorrelationRegimeOptions(MinObservations: 30);
        var detector = new CorrelationRegimeDetector(3, options);
        Assert.Equal(30, detector.WarmUpPeriod);
        Assert.Equal(3, detector.Dimension);
        var returns = FactorReturns(85, 40, 0, [0.9, 0.9, 0.9], []);
        for (var t = 0; t < 29; t++)
        {
            Assert.Equal(DetectorReading.NotReady, detector.Update(returns[t]));
            Assert.False(detector.IsReady);
            Assert.Equal(0, detector.Breaks);
            Assert.Equal(0, detector.CopyBreaksTo(new CorrelationBreak[3]));
        }

        Assert.False(double.IsNaN(detector.Update(returns[29]).Raw));
        Assert.True(detector.IsReady);
    }

    [Fact]
    public void Reset_returns_to_the_initial_state()
    {
        var options = new CorrelationRegimeOptions(ShortHalfLife: 10, LongHalfLife: 100, MinObservations: 20);
        var used = new CorrelationRegimeDetector(3, options);
        foreach (var r in FactorReturns(86, 100, 100, [0, 0, 0], [0.9, 0.9, 0.9]))
        {
            used.Update(r);
        }

        used.Reset();
        Assert.False(used.IsReady);
        Assert.Equal(0, used.Breaks);
        Assert.Equal(0.0, used.MeanAbsoluteChange);
        var fresh = new CorrelationRegimeDetector(3, options);
        foreach (var r in FactorReturns(87, 100, 50, [0.3, 0.3, 0.3], [0.9, 0.9, 0.0]))
        {
            Assert.Equal(fresh.Update(r), used.Update(r));
            Assert.Equal(fresh.Breaks, used.Breaks);
        }
    }

    [Fact]
    public void Mismatched_dimensions_and_invalid_options_are_rejected()
    {
        var detector = new CorrelationRegimeDetector(4);
        Assert.Throws<ArgumentException>(() => detector.Update(new double[3]));
        Assert.Throws<ArgumentException>(() => detector.Update(new double[5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CorrelationRegimeDetector(1));

        var options = new CorrelationRegimeOptions(ShortHalfLife: 0, LongHalfLife: -1, BreakThreshold: 2, MinObservations: 1);
        Assert.Equal(4, options.Validate().Count);
        var e = Assert.Throws<ArgumentException>(() => new CorrelationRegimeDetector(4, options));
        foreach (var name in new[] { "ShortHalfLife", "LongHalfLife", "BreakThreshold", "MinObservations" })
        {
            Assert.Contains(name, e.Message, StringComparison.Ordinal);
        }

        Assert.Empty(new CorrelationRegimeOptions().Validate());
    }

    [Fact]
    public void Update_and_copy_breaks_allocate_nothing()
    {
        const int chunk = 800;
        var returns = FactorReturns(88, 400, 3_600, new double[18], [.. Enumerable.Repeat(0.9, 18)]);
        var detector = new CorrelationRegimeDetector(18);
        var destination = new CorrelationBreak[5];
        var written = 0;
        var allocated = Allocations.Fewest(run =>
        {
            for (var t = run * chunk; t < (run + 1) * chunk; t++)
            {
                detector.Update(returns[t]);
                written += detector.CopyBreaksTo(destination);
            }
        });

        Assert.Equal(0, allocated);
        Assert.True(written > 0);
    }
}
