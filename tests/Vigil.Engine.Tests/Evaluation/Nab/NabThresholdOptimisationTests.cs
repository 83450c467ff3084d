using Vigil.Engine.Evaluation.Nab;

namespace Vigil.Engine.Tests.Evaluation.Nab;

// Two 20-row files (probation rows 0–2). File A has a window on rows 8–11; file B has none.
public class NabThresholdOptimisationTests
{
    private static readonly NabDataFile WithWindow = NabFixtures.MinuteFile("synthetic/a.csv", 20, (8, 11));
    private static readonly NabDataFile WithoutWindow = NabFixtures.MinuteFile("synthetic/b.csv", 20);
    private static readonly NabCorpus Corpus = new([WithWindow, WithoutWindow], NabCostProfile.All);

    private static double[][] Scores()
    {
        var a = new double[20];
        var b = new double[20];
        Array.Fill(a, 0.1);
        Array.Fill(b, 0.1);
        a[8] = 0.7;   // the anomaly, at the window's first row
        b[5] = 0.8;   // two false positives that outscore it
        b[6] = 0.9;
        return [a, b];
    }

    [Fact]
    public void The_global_threshold_maximises_the_corpus_score()
    {
        // Thresholds: 1.1 → −1 (window missed); 0.9 → −1.11; 0.8 → −1.22; 0.7 → 1 − 0.22 = 0.78;
        // 0.1 → every row detected, 31 false positives. The best is 0.7.
        var report = NabEvaluator.Score(Corpus, Scores(), "constructed");
        var standard = report["standard"];

        Assert.Equal(0.7, standard.Threshold);
        Assert.Equal(0.78, standard.Score, 12);
        Assert.Equal(-1.0, standard.NullScore);
        Assert.Equal(1.0, standard.PerfectScore);
        Assert.Equal(100 * (0.78 + 1) / 2, standard.NormalisedScore, 9);
        Assert.Equal([1.0, -0.22], standard.Files.Select(f => Math.Round(f.Score, 12)));
    }

    [Fact]
    public void A_costlier_false_positive_profile_can_move_the_threshold_up()
    {
        // With FP weight 1.5, catching the anomaly at 0.7 brings two false positives: 1 − 3 = −2, worse than the −1
        // of detecting nothing, so the best threshold is the start threshold 1.1.
        var pricey = new NabCostProfile("pricey", 1.0, 1.5, 1.0, 1.0);
        var corpus = new NabCorpus([WithWindow, WithoutWindow], [pricey]);

        var result = NabEvaluator.Score(corpus, Scores(), "constructed")["pricey"];

        Assert.Equal(1.1, result.Threshold);
        Assert.Equal(-1.0, result.Score);
        Assert.Equal(0.0, result.NormalisedScore, 12);
    }

    [Fact]
    public void Ties_go_to_the_higher_threshold()
    {
        // A later detection in the same window adds nothing, so thresholds 0.9 and 0.8 both score 1.
        var a = new double[20];
        a[8] = 0.9;
        a[9] = 0.8;
        var points = new NabAnomalyPoint[40];
        var sweeper = new NabSweeper(NabCostProfile.Standard);
        sweeper.CalcSweepScore(WithWindow, a, 0, points.AsSpan(0, 20));
        sweeper.CalcSweepScore(WithoutWindow, new double[20], 1, points.AsSpan(20, 20));

        var byThreshold = sweeper.CalcScoreByThreshold(points);
        var best = sweeper.Optimize(points);

        Assert.Equal(byThreshold[1].Score, byThreshold[2].Score);
        Assert.Equal(0.9, best.Threshold);
        Assert.Equal(1.0, best.Score, 12);
    }

    [Fact]
    public void Null_score_is_minus_the_false_negative_weight_per_window()
    {
        // Files long enough that flagging every row (the null detector's only other threshold) costs more than it earns.
        var corpus = new NabCorpus(
            [NabFixtures.MinuteFile("synthetic/c.csv", 400, (100, 120)), NabFixtures.MinuteFile("synthetic/d.csv", 400, (150, 170), (300, 320))],
            NabCostProfile.All);

        Assert.Equal(-3.0, NabEvaluator.NullScore(corpus, NabCostProfile.Standard));
        Assert.Equal(-6.0, NabEvaluator.NullScore(corpus, NabCostProfile.RewardLowFalseNegatives));
        Assert.Equal(3.0, NabEvaluator.PerfectScore(corpus, NabCostProfile.Standard));
    }

    [Fact]
    public void Scores_outside_zero_to_one_are_rejected()
    {
        var scores = Scores();
        scores[1][3] = 1.5;

        Assert.Throws<ArgumentException>(() => NabEvaluator.Score(Corpus, scores, "bad"));
    }
}
