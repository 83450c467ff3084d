using Vigil.Core.Numerics;
using Vigil.Detection.Ensemble;
using Vigil.Detection.Tests.Support;

namespace Vigil.Detection.Tests.Ensemble;

public sealed class DetectorEnsembleTests
{
    // Every value kept (stride 1), a window longer than any test, ready at 8 values.
    private static readonly TailCalibratorOptions Calibration = new(WindowLength: 512, Stride: 1, MinHistory: 8);

    private static readonly EnsembleMember[] Members = [new("A", 1.0), new("B", 2.0), new("C", 0.5)];

    /// <summary>The calibrated score of <paramref name="x"/> against <paramref name="history"/>, computed plainly.</summary>
    private static double NaiveScore(List<double> history, double x)
    {
        if (history.Count < Calibration.MinHistory)
        {
            return 0.0;
        }

        var atOrAbove = history.Count(h => h >= x);
        var p = (atOrAbove + 1.0) / (history.Count + 1.0);
        return -Math.Log(p) / Math.Log(Calibration.WindowLength + 1.0);
    }

    [Fact]
    public void A_confirming_member_lifts_the_composite_when_above_the_primary_mean_and_never_lowers_it()
    {
        var plain = new DetectorEnsemble([new("A", 1.0), new("B", 1.0)], Calibration);
        var withConfirming = new DetectorEnsemble([new("A", 1.0), new("B", 1.0), new("SLOW", 1.0, Confirming: true)], Calibration);
        var random = new Xoshiro256(5);
        var lifted = 0;
        for (var step = 0; step < 400; step++)
        {
            double a = random.NextGaussian(), b = random.NextGaussian(), slow = random.NextGaussian();
            plain.Update([a, b]);
            withConfirming.Update([a, b, slow]);
            Assert.Equal(plain.IsReady, withConfirming.IsReady);
            if (!plain.IsReady)
            {
                continue;
            }

            var primaryMean = plain.Composite;
            var slowScore = withConfirming.Scores[2];
            if (slowScore > primaryMean)
            {
                // Counted: the mean of all three, and its contribution is its share.
                Assert.Equal((plain.Scores[0] + plain.Scores[1] + slowScore) / 3.0, withConfirming.Composite, 12);
                Assert.True(withConfirming.Composite > primaryMean);
                Assert.Equal(slowScore / 3.0, withConfirming.Contributions[2], 12);
                lifted++;
            }
            else
            {
                // Not counted: the composite is the primaries' alone and the slow member contributes nothing.
                Assert.Equal(primaryMean, withConfirming.Composite, 12);
                Assert.Equal(0.0, withConfirming.Contributions[2]);
            }

            Assert.Equal(withConfirming.Composite, withConfirming.Contributions.ToArray().Sum(), 12);
        }

        Assert.InRange(lifted, 50, 350);
    }

    [Fact]
    public void Readiness_depends_on_primary_members_and_an_ensemble_of_only_confirming_members_is_rejected()
    {
        var ensemble = new DetectorEnsemble([new("A", 1.0), new("SLOW", 5.0, Confirming: true)], Calibration);
        for (var step = 0; step < 20; step++)
        {
            // The confirming member has history; the primary has none, so nothing is ready.
            ensemble.Update([double.NaN, step]);
            Assert.False(ensemble.IsReady);
            Assert.Equal(0.0, ensemble.Composite);
        }

        var e = Assert.Throws<ArgumentException>(() => new DetectorEnsemble([new("SLOW", 1.0, Confirming: true)], Calibration));
        Assert.Contains("primary", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Composite_is_the_weighted_mean_of_calibrated_scores_over_ready_members()
    {
        var ensemble = new DetectorEnsemble(Members, Calibration);
        var random = new Xoshiro256(71);
        var histories = new List<double>[] { [], [], [] };
        var raw = new double[3];
        for (var step = 0; step < 300; step++)
        {
            for (var i = 0; i < 3; i++)
            {
                // Member C has no value for the first 50 steps, then now and then.
                raw[i] = i == 2 && (step < 50 || step % 7 == 0) ? double.NaN : random.NextGaussian();
            }

            ensemble.Update(raw);

            double weighted = 0, readyWeight = 0;
            var scores = new double[3];
            for (var i = 0; i < 3; i++)
            {
                if (double.IsNaN(raw[i]))
                {
                    continue;
                }

                scores[i] = NaiveScore(histories[i], raw[i]);
                if (histories[i].Count >= Calibration.MinHistory)
                {
                    weighted += Members[i].Weight * scores[i];
                    readyWeight += Members[i].Weight;
                }

                histories[i].Add(raw[i]);
            }

            var ready = readyWeight >= 0.5 * 3.5;
            Assert.Equal(ready, ensemble.IsReady);
            Close.Equal(ready ? weighted / readyWeight : 0.0, ensemble.Composite, 1e-12, 1e-15, $"step {step}");
            for (var i = 0; i < 3; i++)
            {
                Close.Equal(scores[i], ensemble.Scores[i], 1e-12, 1e-15);
                Assert.Equal(raw[i], ensemble.RawValues[i]);
            }

            Assert.InRange(ensemble.Composite, 0.0, 1.0);
        }
    }

    [Fact]
    public void Contributions_add_up_to_the_composite_and_are_each_members_weighted_share()
    {
        var ensemble = new DetectorEnsemble(Members, Calibration);
        var random = new Xoshiro256(72);
        for (var step = 0; step < 200; step++)
        {
            double[] raw = [random.NextGaussian(), random.NextGaussian(), step % 3 == 0 ? double.NaN : random.NextGaussian()];
            ensemble.Update(raw);
            var sum = 0.0;
            foreach (var c in ensemble.Contributions)
            {
                sum += c;
            }

            Close.Equal(ensemble.Composite, sum, 1e-12, 1e-15, $"step {step}");
            if (ensemble.IsReady && double.IsNaN(raw[2]))
            {
                Assert.Equal(0.0, ensemble.Contributions[2]);
                // Over A and B alone (weights 1 and 2).
                Close.Equal(2 * ensemble.Scores[1] / 3.0, ensemble.Contributions[1], 1e-12, 1e-15);
            }
        }
    }

    [Fact]
    public void Not_ready_while_ready_members_hold_less_than_half_the_weight()
    {
        // A and B hold 3 of 8.5; D alone holds 5.5 but never has a value.
        var ensemble = new DetectorEnsemble([.. Members, new EnsembleMember("D", 5.0)], Calibration);
        var random = new Xoshiro256(73);
        for (var step = 0; step < 100; step++)
        {
            ensemble.Update([random.NextGaussian(), random.NextGaussian(), random.NextGaussian(), double.NaN]);
            Assert.False(ensemble.IsReady);
            Assert.Equal(0.0, ensemble.Composite);
            foreach (var c in ensemble.Contributions)
            {
                Assert.Equal(0.0, c);
            }
        }
    }

    [Fact]
    public void Updates_that_do_not_learn_leave_the_histories_unchanged()
    {
        var learning = new DetectorEnsemble(Members, Calibration);
        var twin = new DetectorEnsemble(Members, Calibration);
        var random = new Xoshiro256(74);
        for (var step = 0; step < 400; step++)
        {
            double[] raw = [random.NextGaussian(), random.NextGaussian(), random.NextGaussian()];
            if (step % 5 == 4)
            {
                // A crisis value the twin never sees; it must not shift what later values are judged against.
                learning.Update([raw[0] + 10, raw[1] + 10, raw[2] + 10], learn: false);
                Assert.True(!learning.IsReady || learning.Composite > 0.3);
                continue;
            }

            learning.Update(raw);
            twin.Update(raw);
            Assert.Equal(twin.Composite, learning.Composite);
            Assert.Equal(twin.Scores.ToArray(), learning.Scores.ToArray());
        }
    }

    [Fact]
    public void Invalid_members_are_rejected_with_every_problem_listed()
    {
        EnsembleMember[] members = [new("A", 1.0), new("A", -1.0), new("B", double.NaN), new("C", double.PositiveInfinity)];
        var e = Assert.Throws<ArgumentException>(() => new DetectorEnsemble(members, new TailCalibratorOptions(WindowLength: 4, Stride: 0, MinHistory: 2)));
        Assert.Contains("'A' appears twice", e.Message, StringComparison.Ordinal);
        Assert.Contains("weight of 'A'", e.Message, StringComparison.Ordinal);
        Assert.Contains("weight of 'B'", e.Message, StringComparison.Ordinal);
        Assert.Contains("weight of 'C'", e.Message, StringComparison.Ordinal);
        Assert.Contains("at least one primary (not confirming) detector must have a positive weight", e.Message, StringComparison.Ordinal);
        Assert.Contains("Calibration.WindowLength", e.Message, StringComparison.Ordinal);
        Assert.Contains("Calibration.Stride", e.Message, StringComparison.Ordinal);
        Assert.Contains("Calibration.MinHistory", e.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentException>(() => new DetectorEnsemble([new("A", 0.0), new("B", 0.0)]));
        Assert.Throws<ArgumentException>(() => new DetectorEnsemble([]));
        Assert.Throws<ArgumentNullException>(() => new DetectorEnsemble(null!));
    }

    [Fact]
    public void Validate_lists_the_member_problems_without_building_an_ensemble()
    {
        Assert.Empty(DetectorEnsemble.Validate(Members));
        var errors = DetectorEnsemble.Validate([new("A", -1.0), new("A", double.NaN)]);
        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.Contains("appears twice", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("positive weight", StringComparison.Ordinal));
    }

    [Fact]
    public void A_zero_weight_member_is_scored_but_does_not_move_the_composite()
    {
        var with = new DetectorEnsemble([new("A", 1.0), new("Z", 0.0)], Calibration);
        var without = new DetectorEnsemble([new("A", 1.0)], Calibration);
        var random = new Xoshiro256(75);
        for (var step = 0; step < 100; step++)
        {
            var a = random.NextGaussian();
            with.Update([a, 100 * random.NextGaussian()]);
            without.Update([a]);
            Assert.Equal(without.Composite, with.Composite);
            Assert.Equal(0.0, with.Contributions[1]);
        }

        Assert.True(with.Scores[1] >= 0);
    }

    [Fact]
    public void Raw_values_of_the_wrong_length_are_rejected()
    {
        var ensemble = new DetectorEnsemble(Members, Calibration);
        Assert.Throws<ArgumentException>(() => ensemble.Update([1.0, 2.0]));
        Assert.Throws<ArgumentException>(() => ensemble.Update([1.0, 2.0, 3.0, 4.0]));
    }

    [Fact]
    public void Index_of_finds_members_by_name()
    {
        var ensemble = new DetectorEnsemble(Members, Calibration);
        Assert.Equal(0, ensemble.IndexOf("A"));
        Assert.Equal(2, ensemble.IndexOf("C"));
        Assert.Equal(-1, ensemble.IndexOf("a"));
        Assert.Equal(Members, ensemble.Members);
    }

    [Fact]
    public void Reset_forgets_every_history()
    {
        var ensemble = new DetectorEnsemble(Members, Calibration);
        var fresh = new DetectorEnsemble(Members, Calibration);
        var random = new Xoshiro256(76);
        for (var step = 0; step < 50; step++)
        {
            ensemble.Update([random.NextGaussian(), random.NextGaussian(), random.NextGaussian()]);
        }

        ensemble.Reset();
        Assert.False(ensemble.IsReady);
        Assert.Equal(0.0, ensemble.Composite);
        Assert.All(ensemble.RawValues.ToArray(), v => Assert.True(double.IsNaN(v)));
        for (var step = 0; step < 50; step++)
        {
            double[] raw = [random.NextGaussian(), random.NextGaussian(), random.NextGaussian()];
            ensemble.Update(raw);
            fresh.Update(raw);
            Assert.Equal(fresh.Composite, ensemble.Composite);
        }
    }

    [Fact]
    public void Update_allocates_nothing()
    {
        var ensemble = new DetectorEnsemble(Members);
        var random = new Xoshiro256(77);
        var raw = new double[3];
        double sink = 0;
        var allocated = Allocations.Fewest(_ =>
        {
            for (var step = 0; step < 5_000; step++)
            {
                raw[0] = random.NextGaussian();
                raw[1] = random.NextGaussian();
                raw[2] = step % 4 == 0 ? double.NaN : random.NextGaussian();
                ensemble.Update(raw, learn: step % 10 != 0);
                sink += ensemble.Composite;
            }
        });

        Assert.Equal(0, allocated);
        Assert.True(sink > 0);
    }
}
