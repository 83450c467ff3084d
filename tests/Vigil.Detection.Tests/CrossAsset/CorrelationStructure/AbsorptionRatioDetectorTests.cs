using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using Vigil.Core.Instruments;
using Vigil.Core.Numerics;
using Vigil.Core.Streaming;
using Vigil.Detection.CrossAsset;
using Vigil.Testing;

namespace Vigil.Detection.Tests.CrossAsset.CorrelationStructure;

public sealed class AbsorptionRatioDetectorTests
{
    /// <summary>One-factor returns: series i loads <paramref name="calmLoading"/> on a common factor for the first <paramref name="calmSteps"/> steps, then <paramref name="stressLoading"/>.</summary>
    private static List<double[]> FactorReturns(ulong seed, int n, int calmSteps, int stressSteps, double calmLoading, double stressLoading)
    {
        var random = new Xoshiro256(seed);
        var rows = new List<double[]>();
        for (var t = 0; t < calmSteps + stressSteps; t++)
        {
            var b = t < calmSteps ? calmLoading : stressLoading;
            var f = random.NextGaussian();
            var row = new double[n];
            for (var i = 0; i < n; i++)
            {
                row[i] = 0.001 * (1 + (i % 5)) * ((b * f) + (Math.Sqrt(1 - (b * b)) * random.NextGaussian()));
            }

            rows.Add(row);
        }

        return rows;
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 1)]
    [InlineData(6, 2)]
    [InlineData(18, 4)]
    [InlineData(20, 4)]
    [InlineData(21, 5)]
    public void The_top_fifth_is_rounded_up_and_at_least_one(int n, int k) =>
        Assert.Equal(k, AbsorptionRatioDetector.EigenvectorCount(n, 0.2));

    [Fact]
    public void Ratio_of_a_matrix_with_all_correlations_1_is_1()
    {
        const int n = 18;
        var ones = new double[n * n];
        Array.Fill(ones, 1.0);
        var eigenvalues = new double[n];
        new SymmetricEigenvalues(n).Compute(ones, eigenvalues);
        Assert.Equal(1.0, AbsorptionRatioDetector.FractionExplained(eigenvalues, 4), 12);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(18)]
    [InlineData(30)]
    public void Ratio_of_the_identity_is_k_over_n(int n)
    {
        var identity = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            identity[(i * n) + i] = 1.0;
        }

        var eigenvalues = new double[n];
        new SymmetricEigenvalues(n).Compute(identity, eigenvalues);
        var k = AbsorptionRatioDetector.EigenvectorCount(n, 0.2);
        Assert.Equal((double)k / n, AbsorptionRatioDetector.FractionExplained(eigenvalues, k), 12);
    }

    [Fact]
    public void Perfectly_comoving_series_absorb_all_the_variance()
    {
        var random = new Xoshiro256(1);
        var detector = new AbsorptionRatioDetector(10, new AbsorptionRatioOptions(MinObservations: 20, ShortWindow: 5, LongWindow: 50));
        for (var t = 0; t < 100; t++)
        {
            var f = random.NextGaussian();
            var row = new double[10];
            for (var i = 0; i < 10; i++)
            {
                row[i] = 0.001 * (i + 1) * f;  // different scales, correlation 1
            }

            detector.Update(row);
        }

        Assert.Equal(1.0, detector.Ratio, 9);
    }

    [Fact]
    public void Independent_series_absorb_about_k_over_n()
    {
        const int n = 18;
        var detector = new AbsorptionRatioDetector(n, AbsorptionRatioOptions.Daily);
        foreach (var row in FactorReturns(2, n, 3000, 0, 0.0, 0.0))
        {
            detector.Update(row);
        }

        // Sampling noise lifts the top eigenvalues a little above 1 (Marchenko–Pastur); the ratio stays near 4/18.
        Assert.InRange(detector.Ratio, 4.0 / 18, 0.3);
    }

    [Fact]
    public void Ratio_matches_MathNet_eigenvalues_of_an_explicitly_weighted_correlation_matrix()
    {
        const int n = 7, steps = 300;
        const double halfLife = 50;
        var rows = FactorReturns(3, n, steps, 0, 0.6, 0.6);
        var detector = new AbsorptionRatioDetector(n, new AbsorptionRatioOptions(CorrelationHalfLife: halfLife, MinObservations: 10, ShortWindow: 5, LongWindow: 20, EigenInterval: 1));
        foreach (var row in rows)
        {
            detector.Update(row);
        }

        // Weights λ^(age), the weighted mean removed, then the correlation matrix and its eigenvalues by MathNet.
        var lambda = Math.Pow(0.5, 1 / halfLife);
        var weights = new double[steps];
        double weightSum = 0;
        for (var t = 0; t < steps; t++)
        {
            weights[t] = Math.Pow(lambda, steps - 1 - t);
            weightSum += weights[t];
        }

        var mean = new double[n];
        for (var t = 0; t < steps; t++)
        {
            for (var i = 0; i < n; i++)
            {
                mean[i] += weights[t] * rows[t][i] / weightSum;
            }
        }

        var covariance = DenseMatrix.Build.Dense(n, n, (i, j) =>
        {
            double sum = 0;
            for (var t = 0; t < steps; t++)
            {
                sum += weights[t] * (rows[t][i] - mean[i]) * (rows[t][j] - mean[j]);
            }

            return sum;
        });
        var correlation = DenseMatrix.Build.Dense(n, n, (i, j) => covariance[i, j] / Math.Sqrt(covariance[i, i] * covariance[j, j]));
        var eigenvalues = new double[n];
        var evd = correlation.Evd(Symmetricity.Symmetric);
        for (var i = 0; i < n; i++)
        {
            eigenvalues[i] = evd.EigenValues[i].Real;
        }

        Array.Sort(eigenvalues);
        Array.Reverse(eigenvalues);
        var k = AbsorptionRatioDetector.EigenvectorCount(n, 0.2);
        double top = 0;
        for (var i = 0; i < k; i++)
        {
            top += eigenvalues[i];
        }

        Assert.Equal(top / n, detector.Ratio, 9);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(eigenvalues[i], detector.Eigenvalues[i], 9);
        }
    }

    [Fact]
    public void Shift_is_the_short_mean_less_the_long_mean_over_the_long_standard_deviation_of_the_ratio()
    {
        const int n = 6;
        var options = new AbsorptionRatioOptions(CorrelationHalfLife: 30, MinObservations: 10, ShortWindow: 7, LongWindow: 40, EigenInterval: 1);
        var detector = new AbsorptionRatioDetector(n, options);
        var ratios = new List<double>();
        foreach (var row in FactorReturns(4, n, 200, 100, 0.2, 0.8))
        {
            var reading = detector.Update(row);
            if (!double.IsNaN(detector.Ratio))
            {
                ratios.Add(detector.Ratio);
            }

            if (ratios.Count < options.LongWindow)
            {
                Assert.Equal(DetectorReading.NotReady, reading);
                continue;
            }

            var last = ratios.Count - 1;
            double shortMean = 0, longMean = 0, squares = 0;
            for (var s = 0; s < options.ShortWindow; s++)
            {
                shortMean += ratios[last - s] / options.ShortWindow;
            }

            for (var s = 0; s < options.LongWindow; s++)
            {
                longMean += ratios[last - s] / options.LongWindow;
            }

            for (var s = 0; s < options.LongWindow; s++)
            {
                squares += (ratios[last - s] - longMean) * (ratios[last - s] - longMean);
            }

            var expected = (shortMean - longMean) / Math.Sqrt(squares / (options.LongWindow - 1));
            Assert.Equal(expected, reading.Raw, 1e-6);
            Assert.Equal(reading.Raw >= options.FireShift, reading.Fired);
        }
    }

    [Fact]
    public void A_rise_in_common_movement_fires_with_a_large_positive_shift()
    {
        const int n = 18;
        var detector = new AbsorptionRatioDetector(n, AbsorptionRatioOptions.Daily);
        var rows = FactorReturns(5, n, 700, 30, 0.3, 0.9);
        DetectorReading reading = default;
        var calmFired = 0;
        var calmRatio = double.NaN;
        for (var t = 0; t < rows.Count; t++)
        {
            reading = detector.Update(rows[t]);
            if (t < 700 && reading.Fired)
            {
                calmFired++;
            }

            if (t == 699)
            {
                calmRatio = detector.Ratio;
            }
        }

        // With a 250-day half-life a month moves the ratio only a little, but against its own year of variation that
        // is a large shift. The stress days are also in the long window, which caps it; two sigma is well past 1σ.
        Assert.True(reading.Raw > 2, $"shift after a month of stress {reading.Raw}");
        Assert.True(reading.Fired);
        Assert.True(reading.Score > 0.6, $"score {reading.Score}");
        Assert.True(calmFired < 100, $"{calmFired} calm days fired");
        Assert.True(detector.Ratio > calmRatio + 0.03, $"ratio {calmRatio} then {detector.Ratio}");
    }

    [Fact]
    public void Eigenvalues_are_recomputed_every_interval_and_the_ratio_held_in_between()
    {
        var options = new AbsorptionRatioOptions(CorrelationHalfLife: 30, MinObservations: 10, ShortWindow: 5, LongWindow: 20, EigenInterval: 5);
        var detector = new AbsorptionRatioDetector(5, options);
        var changes = new List<int>();
        var previous = double.NaN;
        var rows = FactorReturns(6, 5, 100, 0, 0.5, 0.5);
        for (var t = 0; t < rows.Count; t++)
        {
            detector.Update(rows[t]);
            if (!detector.Ratio.Equals(previous))
            {
                changes.Add(t);
                previous = detector.Ratio;
            }
        }

        // The first ratio at step 9 (the 10th observation), then every fifth step.
        Assert.Equal(9, changes[0]);
        for (var c = 1; c < changes.Count; c++)
        {
            Assert.Equal(5, changes[c] - changes[c - 1]);
        }
    }

    [Fact]
    public void A_missing_return_counts_as_zero()
    {
        var options = new AbsorptionRatioOptions(MinObservations: 10, ShortWindow: 5, LongWindow: 20);
        var withNaN = new AbsorptionRatioDetector(4, options);
        var withZero = new AbsorptionRatioDetector(4, options);
        var rows = FactorReturns(7, 4, 80, 0, 0.5, 0.5);
        for (var t = 0; t < rows.Count; t++)
        {
            var a = (double[])rows[t].Clone();
            var b = (double[])rows[t].Clone();
            if (t % 4 == 1)
            {
                a[2] = double.NaN;
                b[2] = 0;
            }

            Assert.Equal(withZero.Update(b), withNaN.Update(a));
        }
    }

    [Fact]
    public void Snapshot_reports_the_ratio_its_averages_and_the_top_eigenvalues()
    {
        var instruments = DefaultUniverse.CreateRegistry().All;
        var detector = new AbsorptionRatioDetector(instruments, AbsorptionRatioOptions.Daily);
        var before = detector.Snapshot();
        Assert.False(before.IsReady);
        Assert.True(double.IsNaN(before.AbsorptionRatio));
        foreach (var row in FactorReturns(8, instruments.Count, 600, 0, 0.5, 0.5))
        {
            detector.Update(row);
        }

        var snapshot = detector.Snapshot();
        Assert.True(snapshot.IsReady);
        Assert.Equal(600, snapshot.Steps);
        Assert.Equal(AbsorptionRatioDetector.EigenvectorCount(instruments.Count, 0.2), snapshot.EigenvectorCount);
        Assert.Equal(snapshot.EigenvectorCount, snapshot.TopEigenvalues.Count);
        Assert.Equal(detector.Ratio, snapshot.AbsorptionRatio);
        Assert.Equal(detector.Shift, snapshot.Shift);
        Assert.Equal(instruments.Count, snapshot.EigenvalueSum, 9);
        double top = 0;
        foreach (var value in snapshot.TopEigenvalues)
        {
            top += value;
        }

        Assert.Equal(snapshot.AbsorptionRatio, top / snapshot.EigenvalueSum, 12);
        Assert.True(snapshot.TopEigenvalues[0] >= snapshot.TopEigenvalues[1]);
    }

    [Fact]
    public void Reset_starts_over()
    {
        var options = new AbsorptionRatioOptions(MinObservations: 10, ShortWindow: 5, LongWindow: 20);
        var detector = new AbsorptionRatioDetector(4, options);
        var rows = FactorReturns(9, 4, 60, 0, 0.5, 0.5);
        var first = new List<DetectorReading>();
        foreach (var row in rows)
        {
            first.Add(detector.Update(row));
        }

        detector.Reset();
        Assert.False(detector.IsReady);
        Assert.True(double.IsNaN(detector.Ratio));
        for (var t = 0; t < rows.Count; t++)
        {
            Assert.Equal(first[t], detector.Update(rows[t]));
        }
    }

    [Fact]
    public void Invalid_options_are_all_reported_at_once()
    {
        var error = Assert.Throws<ArgumentException>(() => new AbsorptionRatioDetector(5, new AbsorptionRatioOptions(
            CorrelationHalfLife: 0, MinObservations: 1, ShortWindow: 10, LongWindow: 10, EigenInterval: 0, EigenvectorFraction: 1.5, FireShift: 0)));
        foreach (var name in new[] { "CorrelationHalfLife", "MinObservations", "LongWindow", "EigenInterval", "EigenvectorFraction", "FireShift" })
        {
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Update_rejects_a_span_of_the_wrong_length()
    {
        var detector = new AbsorptionRatioDetector(3);
        var error = Assert.Throws<ArgumentException>(() => detector.Update(new double[2]));
        Assert.Equal("returns", error.ParamName);
    }

    [Fact]
    public void Update_does_not_allocate()
    {
        const int n = 18;
        var rows = FactorReturns(10, n, 3000, 0, 0.5, 0.5);
        var detector = new AbsorptionRatioDetector(n, AbsorptionRatioOptions.Daily);
        var bytes = Allocations.Fewest(_ =>
        {
            foreach (var row in rows)
            {
                detector.Update(row);
            }
        });
        Assert.Equal(0, bytes);
    }
}
