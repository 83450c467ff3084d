using Vigil.Engine.Evaluation.Nab;

namespace Vigil.Engine.Tests.Evaluation.Nab;

// A 20-row file: probation is rows 0–2 (floor(0.15·20) = 3) and one window spans rows 8–11 (width 4).
public class NabSweeperTests
{
    private const int Rows = 20;
    private static readonly NabDataFile File = NabFixtures.MinuteFile("synthetic/one_window.csv", Rows, (8, 11));
    private static readonly double MaxTp = NabScoring.ScaledSigmoid(-1.0);

    private static NabThresholdScore Score(NabCostProfile profile, params int[] detected) =>
        new NabSweeper(profile).ScoreDataSet(File, NabFixtures.DetectionsAt(Rows, detected), 1.0);

    [Fact]
    public void Detection_at_a_windows_first_row_earns_the_full_true_positive_weight()
    {
        var result = Score(NabCostProfile.Standard, 8);

        // Position −(11 − 8 + 1)/4 = −1 scores σ(−1), scaled by 1/σ(−1).
        Assert.Equal(1.0, result.Score, 12);
        Assert.Equal(1, result.TruePositives);
        Assert.Equal(3, result.FalseNegatives);
    }

    [Fact]
    public void Only_the_earliest_detection_in_a_window_counts()
    {
        var earliestAlone = Score(NabCostProfile.Standard, 9);
        var withLater = Score(NabCostProfile.Standard, 9, 10, 11);

        // Row 9 sits at −(11 − 9 + 1)/4 = −0.75.
        var expected = NabScoring.ScaledSigmoid(-0.75) / MaxTp;
        Assert.Equal(expected, earliestAlone.Score, 12);
        Assert.Equal(expected, withLater.Score, 12);
        Assert.Equal(3, withLater.TruePositives);
        Assert.True(Score(NabCostProfile.Standard, 11).Score < earliestAlone.Score);
    }

    [Fact]
    public void A_missed_window_costs_the_false_negative_weight()
    {
        Assert.Equal(-1.0, Score(NabCostProfile.Standard).Score);
        Assert.Equal(-2.0, Score(NabCostProfile.RewardLowFalseNegatives).Score);
        Assert.Equal(4, Score(NabCostProfile.Standard).FalseNegatives);
    }

    [Fact]
    public void A_false_positive_before_any_window_costs_the_full_false_positive_weight()
    {
        var standard = Score(NabCostProfile.Standard, 5);
        var lowFp = Score(NabCostProfile.RewardLowFalsePositives, 5);

        Assert.Equal(-1.0 - 0.11, standard.Score, 12);
        Assert.Equal(-1.0 - 0.22, lowFp.Score, 12);
        Assert.Equal(1, standard.FalsePositives);
    }

    [Fact]
    public void A_false_positive_after_a_window_costs_less_the_closer_it_is()
    {
        // Row 12 is |11 − 12|/(4 − 1) = 1/3 of a window past the end; row 19 is 8/3.
        var near = Score(NabCostProfile.Standard, 8, 12);
        var far = Score(NabCostProfile.Standard, 8, 19);

        Assert.Equal(1.0 + (0.11 * NabScoring.ScaledSigmoid(1.0 / 3.0)), near.Score, 12);
        Assert.Equal(1.0 + (0.11 * NabScoring.ScaledSigmoid(8.0 / 3.0)), far.Score, 12);
        Assert.True(near.Score > far.Score);
        Assert.True(near.Score > 1.0 - 0.11);
    }

    [Fact]
    public void Detections_in_the_probationary_period_are_ignored()
    {
        var result = Score(NabCostProfile.Standard, 0, 1, 2);

        Assert.Equal(-1.0, result.Score);
        Assert.Equal(0, result.FalsePositives);
        Assert.Equal(Rows - 3, result.TotalCount);
        Assert.Equal(13, result.TrueNegatives);
    }

    [Fact]
    public void Rows_scoring_at_the_threshold_are_detections_and_rows_below_are_not()
    {
        var scores = new double[Rows];
        scores[9] = 0.6;
        scores[10] = 0.7;
        var sweeper = new NabSweeper(NabCostProfile.Standard);

        // Row 10 sits at −0.5 and row 9 at −0.75 of the window.
        Assert.Equal(-1.0, sweeper.ScoreDataSet(File, scores, 0.71).Score);
        Assert.Equal(NabScoring.ScaledSigmoid(-0.5) / MaxTp, sweeper.ScoreDataSet(File, scores, 0.7).Score, 12);
        Assert.Equal(NabScoring.ScaledSigmoid(-0.5) / MaxTp, sweeper.ScoreDataSet(File, scores, 0.65).Score, 12);
        Assert.Equal(NabScoring.ScaledSigmoid(-0.75) / MaxTp, sweeper.ScoreDataSet(File, scores, 0.6).Score, 12);
    }

    [Fact]
    public void Row_contributions_put_each_windows_result_on_its_first_row_and_sum_to_the_file_score()
    {
        var sweeper = new NabSweeper(NabCostProfile.Standard);
        var scores = NabFixtures.DetectionsAt(Rows, 1, 5, 10, 14);
        var rows = new double[Rows];

        sweeper.ScoreRows(File, scores, 1.0, rows);

        Assert.Equal(0.0, rows[1]);                    // probationary
        Assert.Equal(-0.11, rows[5], 12);              // before any window
        Assert.Equal(NabScoring.ScaledSigmoid(-0.5) / MaxTp, rows[8], 12);
        Assert.Equal(0.0, rows[10]);
        Assert.Equal(0.11 * NabScoring.ScaledSigmoid(1.0), rows[14], 12);
        Assert.Equal(sweeper.ScoreDataSet(File, scores, 1.0).Score, rows.Sum(), 12);
    }

    [Fact]
    public void Sweep_lists_one_row_per_distinct_score_from_the_start_threshold_down()
    {
        var scores = new double[Rows];
        scores[5] = 0.9;
        scores[9] = 0.8;
        var points = new NabAnomalyPoint[Rows];
        var sweeper = new NabSweeper(NabCostProfile.Standard);
        sweeper.CalcSweepScore(File, scores, 0, points);

        var byThreshold = sweeper.CalcScoreByThreshold(points);

        Assert.Equal([1.1, 0.9, 0.8, 0.0], byThreshold.Select(r => r.Threshold));
        Assert.Equal(-1.0, byThreshold[0].Score);
        Assert.Equal(-1.11, byThreshold[1].Score, 12);
        Assert.Equal((NabScoring.ScaledSigmoid(-0.75) / MaxTp) - 0.11, byThreshold[2].Score, 12);
        Assert.Equal(Rows - 3, byThreshold[3].TruePositives + byThreshold[3].FalsePositives);
    }
}
