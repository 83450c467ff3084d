using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using Vigil.Core.Numerics;
using Vigil.Core.Streaming;
using Vigil.Detection.CrossAsset;
using Vigil.Testing;

namespace Vigil.Detection.Tests.CrossAsset.CorrelationStructure;

public sealed class TurbulenceDetectorTests
{
    /// <summary>Gaussian returns with covariance A·Aᵀ for a fixed random mixing matrix A (so the series correlate) and a per-series scale.</summary>
    private static List<double[]> CorrelatedGaussian(ulong seed, int n, int steps)
    {
        var random = new Xoshiro256(seed);
        var mixing = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                mixing[(i * n) + j] = i == j ? 1.0 : 0.6 * random.NextGaussian();
            }
        }

        var rows = new List<double[]>(steps);
        var z = new double[n];
        for (var t = 0; t < steps; t++)
        {
            for (var i = 0; i < n; i++)
            {
                z[i] = random.NextGaussian();
            }

            var row = new double[n];
            for (var i = 0; i < n; i++)
            {
                double sum = 0;
                for (var j = 0; j <= i; j++)
                {
                    sum += mixing[(i * n) + j] * z[j];
                }

                row[i] = 0.001 * (i + 1) * sum;
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The textbook computation with MathNet: sample mean and covariance of rows [t − w, t), an explicit inverse.</summary>
    private static (double D, double Magnitude) Reference(List<double[]> rows, int t, int w)
    {
        var n = rows[0].Length;
        var window = DenseMatrix.Build.Dense(w, n, (s, i) => rows[t - w + s][i]);
        var mean = window.ColumnSums() / w;
        var centred = DenseMatrix.Build.Dense(w, n, (s, i) => window[s, i] - mean[i]);
        var covariance = centred.TransposeThisAndMultiply(centred) / (w - 1);
        var deviation = DenseVector.Build.Dense(n, i => rows[t][i] - mean[i]);
        var d = deviation * covariance.Inverse() * deviation;
        double magnitude = 0;
        for (var i = 0; i < n; i++)
        {
            magnitude += deviation[i] * deviation[i] / covariance[i, i];
        }

        return (d, magnitude);
    }

    [Fact]
    public void Turbulence_matches_the_textbook_Mahalanobis_distance_against_the_previous_window()
    {
        const int n = 6, w = 40;
        var rows = CorrelatedGaussian(1, n, 200);
        var detector = new TurbulenceDetector(n, new TurbulenceOptions(WindowLength: w));
        for (var t = 0; t < rows.Count; t++)
        {
            var reading = detector.Update(rows[t]);
            if (t < w)
            {
                Assert.True(double.IsNaN(reading.Raw));
                continue;
            }

            var (d, magnitude) = Reference(rows, t, w);
            Assert.Equal(d, detector.Turbulence, d * 1e-8);
            Assert.Equal(d / n, reading.Raw, d * 1e-8);
            Assert.Equal(magnitude, detector.MagnitudeSurprise, magnitude * 1e-8);
            Assert.Equal(d / magnitude, detector.CorrelationSurprise, 1e-8);
        }
    }

    [Fact]
    public void The_rolling_update_does_not_drift_over_a_long_run()
    {
        // 200,000 add-and-evict updates of a 50-step window, with a level shift halfway: the last step still
        // matches the textbook computation over its own window.
        const int n = 4, w = 50, steps = 200_000;
        var rows = CorrelatedGaussian(23, n, steps);
        for (var t = steps / 2; t < steps; t++)
        {
            for (var i = 0; i < n; i++)
            {
                rows[t][i] += 0.05;
            }
        }

        var detector = new TurbulenceDetector(n, new TurbulenceOptions(WindowLength: w));
        foreach (var row in rows)
        {
            detector.Update(row);
        }

        var (d, magnitude) = Reference(rows, steps - 1, w);
        Assert.Equal(d, detector.Turbulence, d * 1e-7);
        Assert.Equal(magnitude, detector.MagnitudeSurprise, magnitude * 1e-7);
    }

    [Fact]
    public void Turbulence_of_iid_Gaussian_returns_averages_the_chi_square_mean_corrected_for_the_estimated_window()
    {
        // Against the window's own sample mean and covariance, E[d] = n·(1 + 1/W)·(W − 1)/(W − n − 2) (Hotelling),
        // within 2% of the chi-square mean n here; the statistic's standard error over these steps is about 0.04.
        const int n = 8, w = 500, steps = 20_500;
        var rows = CorrelatedGaussian(42, n, steps);
        var detector = new TurbulenceDetector(n, new TurbulenceOptions(WindowLength: w));
        double sum = 0;
        var count = 0;
        foreach (var row in rows)
        {
            var reading = detector.Update(row);
            if (!double.IsNaN(reading.Raw))
            {
                sum += detector.Turbulence;
                count++;
            }
        }

        var expected = n * (1.0 + (1.0 / w)) * (w - 1.0) / (w - n - 2.0);
        Assert.Equal(steps - w, count);
        Assert.InRange(sum / count, expected - 0.15, expected + 0.15);
        Assert.InRange(sum / count, n - 0.5, n + 0.5);
    }

    [Fact]
    public void An_outlier_is_scored_against_a_window_without_itself_and_joins_the_window_for_the_next_step()
    {
        const int n = 4, w = 100;
        var rows = CorrelatedGaussian(5, n, w + 3);
        rows[w] = [0.5, -0.5, 0.5, -0.5];  // hundreds of standard deviations
        var detector = new TurbulenceDetector(n, new TurbulenceOptions(WindowLength: w));
        for (var t = 0; t < w; t++)
        {
            detector.Update(rows[t]);
        }

        detector.Update(rows[w]);
        var (outlierD, _) = Reference(rows, w, w);
        Assert.Equal(outlierD, detector.Turbulence, outlierD * 1e-8);
        // Had the outlier been in its own window, d could not exceed (W − 1)²/W ≈ 98 (a leverage bound).
        Assert.True(detector.Turbulence > 1e4, $"outlier turbulence {detector.Turbulence}");
        Assert.True(detector.Snapshot().HistoricalPercentile == 1.0);

        detector.Update(rows[w + 1]);
        var (nextD, _) = Reference(rows, w + 1, w);
        Assert.Equal(nextD, detector.Turbulence, nextD * 1e-8);
        // The outlier now inflates the window's covariance, so an ordinary step looks far calmer than before.
        var withoutOutlier = new TurbulenceDetector(n, new TurbulenceOptions(WindowLength: w));
        for (var t = 0; t < w; t++)
        {
            withoutOutlier.Update(rows[t]);
        }

        withoutOutlier.Update(rows[w + 1]);
        Assert.True(detector.Turbulence < withoutOutlier.Turbulence, $"{detector.Turbulence} vs {withoutOutlier.Turbulence}");
    }

    [Fact]
    public void Correlation_surprise_exceeds_1_when_moves_break_the_usual_correlation_and_not_when_they_follow_it()
    {
        // Two series with correlation 0.9.
        const int w = 1000;
        var random = new Xoshiro256(11);
        var detector = new TurbulenceDetector(2, new TurbulenceOptions(WindowLength: w));
        for (var t = 0; t < w; t++)
        {
            var f = random.NextGaussian();
            detector.Update([0.01 * f, 0.01 * ((0.9 * f) + (Math.Sqrt(1 - 0.81) * random.NextGaussian()))]);
        }

        // Both down two sigma: as the correlation says. d ≈ 2·4/1.9 ≈ 4.2, magnitude ≈ 8.
        detector.Update([-0.02, -0.02]);
        var following = detector.CorrelationSurprise;
        var followingMagnitude = detector.MagnitudeSurprise;
        Assert.InRange(following, 0.4, 0.7);

        // The same magnitude but opposite signs: d ≈ 2·4/0.1 ≈ 80, so the surprise is about 10.
        detector.Update([-0.02, 0.02]);
        Assert.InRange(detector.CorrelationSurprise, 6.0, 15.0);
        Assert.Equal(followingMagnitude, detector.MagnitudeSurprise, followingMagnitude * 0.05);
    }

    [Fact]
    public void Correlation_surprise_is_about_1_on_average_when_returns_follow_their_usual_correlations()
    {
        const int n = 6, w = 500;
        var detector = new TurbulenceDetector(n, new TurbulenceOptions(WindowLength: w));
        double turbulence = 0, magnitude = 0;
        foreach (var row in CorrelatedGaussian(13, n, 10_500))
        {
            if (!double.IsNaN(detector.Update(row).Raw))
            {
                turbulence += detector.Turbulence;
                magnitude += detector.MagnitudeSurprise;
            }
        }

        Assert.InRange(turbulence / magnitude, 0.95, 1.08);
    }

    [Fact]
    public void A_missing_return_counts_as_zero()
    {
        var rows = CorrelatedGaussian(3, 3, 80);
        var withNaN = new TurbulenceDetector(3, new TurbulenceOptions(WindowLength: 20));
        var withZero = new TurbulenceDetector(3, new TurbulenceOptions(WindowLength: 20));
        for (var t = 0; t < rows.Count; t++)
        {
            var a = (double[])rows[t].Clone();
            var b = (double[])rows[t].Clone();
            if (t % 3 == 0)
            {
                a[1] = double.NaN;
                b[1] = 0.0;
            }

            Assert.Equal(withZero.Update(b), withNaN.Update(a));
        }
    }

    [Fact]
    public void A_series_that_never_moves_is_handled_with_a_ridge_and_adds_nothing()
    {
        var rows = CorrelatedGaussian(4, 3, 60);
        var flat = new TurbulenceDetector(4, new TurbulenceOptions(WindowLength: 20));
        var plain = new TurbulenceDetector(3, new TurbulenceOptions(WindowLength: 20));
        foreach (var row in rows)
        {
            var reading = flat.Update([row[0], row[1], row[2], 0.0]);
            var reference = plain.Update(row);
            if (!double.IsNaN(reference.Raw))
            {
                Assert.True(flat.Ridge > 0);
                Assert.Equal(plain.Turbulence, flat.Turbulence, plain.Turbulence * 1e-4);
                Assert.True(double.IsFinite(reading.Raw));
            }
        }
    }

    [Fact]
    public void Readings_fire_past_the_chi_square_quantile_and_score_by_its_distribution()
    {
        const int n = 5;
        var detector = new TurbulenceDetector(n, new TurbulenceOptions(WindowLength: 300, FireConfidence: 0.99));
        Assert.Equal(MathNet.Numerics.Distributions.ChiSquared.InvCDF(n, 0.99), detector.FireThreshold, 1e-9);
        var rows = CorrelatedGaussian(8, n, 2000);
        foreach (var row in rows)
        {
            var reading = detector.Update(row);
            if (!double.IsNaN(reading.Raw))
            {
                Assert.Equal(detector.Turbulence >= detector.FireThreshold, reading.Fired);
                Assert.Equal(MathNet.Numerics.Distributions.ChiSquared.CDF(n, detector.Turbulence), reading.Score, 1e-9);
            }
        }
    }

    [Fact]
    public void Snapshot_reports_the_latest_figures_and_standardised_moves()
    {
        var instruments = Vigil.Core.Instruments.DefaultUniverse.CreateRegistry().All;
        var n = instruments.Count;
        var detector = new TurbulenceDetector(instruments, TurbulenceOptions.Daily);
        Assert.False(detector.Snapshot().IsReady);
        foreach (var row in CorrelatedGaussian(21, n, 400))
        {
            detector.Update(row);
        }

        var snapshot = detector.Snapshot();
        Assert.True(snapshot.IsReady);
        Assert.Equal(400, snapshot.Steps);
        Assert.Equal(detector.Turbulence, snapshot.Turbulence);
        Assert.Equal(detector.Turbulence / n, snapshot.TurbulencePerInstrument, 1e-12);
        Assert.Equal(detector.CorrelationSurprise, snapshot.CorrelationSurprise);
        Assert.InRange(snapshot.HistoricalPercentile, 0.0, 1.0);
        Assert.Equal(n, snapshot.Instruments.Count);
        Assert.Equal(instruments[0].Symbol, snapshot.Instruments[0].Symbol);
        double sumSquares = 0;
        foreach (var item in snapshot.Instruments)
        {
            sumSquares += item.StandardisedMove * item.StandardisedMove;
        }

        Assert.Equal(snapshot.MagnitudeSurprise, sumSquares, 1e-9 * sumSquares);
    }

    [Fact]
    public void Reset_forgets_the_window()
    {
        var rows = CorrelatedGaussian(2, 3, 50);
        var detector = new TurbulenceDetector(3, new TurbulenceOptions(WindowLength: 20));
        var first = new List<DetectorReading>();
        foreach (var row in rows)
        {
            first.Add(detector.Update(row));
        }

        detector.Reset();
        Assert.False(detector.IsReady);
        for (var t = 0; t < rows.Count; t++)
        {
            Assert.Equal(first[t], detector.Update(rows[t]));
        }
    }

    [Fact]
    public void Invalid_options_are_all_reported_at_once()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new TurbulenceDetector(10, new TurbulenceOptions(WindowLength: 11, FireConfidence: 1.5, RidgeFraction: 0)));
        Assert.Contains("WindowLength", error.Message, StringComparison.Ordinal);
        Assert.Contains("FireConfidence", error.Message, StringComparison.Ordinal);
        Assert.Contains("RidgeFraction", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_rejects_a_span_of_the_wrong_length()
    {
        var detector = new TurbulenceDetector(3, new TurbulenceOptions(WindowLength: 20));
        var error = Assert.Throws<ArgumentException>(() => detector.Update(new double[4]));
        Assert.Equal("returns", error.ParamName);
    }

    [Fact]
    public void Update_does_not_allocate()
    {
        const int n = 18;
        var rows = CorrelatedGaussian(17, n, 4000);
        var detector = new TurbulenceDetector(n, TurbulenceOptions.Daily);
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
