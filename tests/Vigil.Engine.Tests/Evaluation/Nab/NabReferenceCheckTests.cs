using Vigil.Engine.Evaluation.Nab;

namespace Vigil.Engine.Tests.Evaluation.Nab;

public class NabReferenceCheckTests
{
    [Fact]
    public void Rescoring_nabs_windowed_gaussian_output_reproduces_every_published_per_file_score()
    {
        var result = NabReferenceCheck.Run(NabFixtures.Root);

        // Six files under three profiles.
        Assert.Equal(18, result.Rows.Count);
        Assert.All(result.Rows, row =>
        {
            Assert.True(row.Matches, $"{row.Profile} {row.RelativePath}: published {row.Expected.Score}, port {row.Actual.Score}");
            Assert.Equal(row.Expected.Score, row.Actual.Score, 9);
            Assert.Equal(row.Expected.FalsePositives, row.Actual.FalsePositives);
            Assert.Equal(row.Expected.TruePositives, row.Actual.TruePositives);
        });
        Assert.True(result.AllMatch);
        Assert.True(result.MaxRowScoreDifference < 1e-9);
    }

    [Fact]
    public void Check_covers_a_file_with_several_windows_and_one_without_anomalies()
    {
        var result = NabReferenceCheck.Run(NabFixtures.Root);

        var fourWindows = result.Rows.Single(r => r.Profile == "standard" && r.RelativePath == NabFixtures.FourWindows);
        var noAnomalies = result.Rows.Single(r => r.Profile == "standard" && r.RelativePath == NabFixtures.NoAnomalies);
        // Published: exchange-4_cpm scores 1.27471036268 with 4 TP rows and 3 FP rows at threshold 1.0.
        Assert.Equal(1.27471036268, fourWindows.Actual.Score, 10);
        Assert.Equal((4, 3), (fourWindows.Actual.TruePositives, fourWindows.Actual.FalsePositives));
        Assert.Equal(0.0, noAnomalies.Actual.Score);
    }

    [Fact]
    public void A_wrong_score_is_reported_as_a_mismatch()
    {
        var corpus = NabCorpus.Load(NabFixtures.Root);
        var file = corpus.Find(NabFixtures.FourWindows)!;
        var scores = NabReferenceCheck.ReadReferenceScores(NabFixtures.Root, "windowedGaussian", file);
        var sweeper = new NabSweeper(NabCostProfile.Standard);
        var published = NabPublishedScores.Load(NabFixtures.Root).Find("windowedGaussian", "standard", file.RelativePath)!;

        Array.Fill(scores, 0.0, file.Windows[0].StartRow, file.Windows[0].RowCount);

        Assert.NotEqual(published.Score, sweeper.ScoreDataSet(file, scores, 1.0).Score, 6);
    }

    [Fact]
    public void Published_null_scores_equal_the_computed_null_score_on_the_same_files()
    {
        var corpus = NabCorpus.Load(NabFixtures.Root);
        var published = NabPublishedScores.Load(NabFixtures.Root);

        foreach (var profile in corpus.Profiles)
        {
            var nullSum = corpus.Files.Sum(f => published.Find("null", profile.Name, f.RelativePath)!.Score);
            Assert.Equal(nullSum, NabEvaluator.NullScore(corpus, profile));
        }

        // 13 windows over the six files.
        Assert.Equal(-13.0, NabEvaluator.NullScore(corpus, NabCostProfile.Standard));
        Assert.Equal(-26.0, NabEvaluator.NullScore(corpus, NabCostProfile.RewardLowFalseNegatives));
    }

    [Fact]
    public void Published_detector_is_normalised_over_the_evaluated_files_only()
    {
        var corpus = NabCorpus.Load(NabFixtures.Root);
        var published = NabPublishedScores.Load(NabFixtures.Root);

        var wg = published.Normalise("windowedGaussian", corpus);

        var standard = wg.Profiles[0];
        var expectedSum = corpus.Files.Sum(f => published.Find("windowedGaussian", "standard", f.RelativePath)!.Score);
        Assert.True(wg.IsComplete);
        Assert.Equal("Windowed Gaussian", wg.DisplayName);
        Assert.Equal(expectedSum, standard.Score, 12);
        Assert.Equal(100 * (expectedSum + 13) / (13 + 13), standard.NormalisedScore, 9);
    }

    [Fact]
    public void Rescoring_nabs_output_with_a_fresh_threshold_search_matches_or_beats_the_published_threshold()
    {
        var corpus = NabCorpus.Load(NabFixtures.Root);
        var scores = corpus.Files.Select(f => NabReferenceCheck.ReadReferenceScores(NabFixtures.Root, "windowedGaussian", f)).ToArray();

        var optimised = NabEvaluator.Score(corpus, scores, "windowedGaussian");
        var atPublished = NabEvaluator.ScoreAtThreshold(corpus, scores, NabCostProfile.Standard, 1.0);

        Assert.True(optimised["standard"].Score >= atPublished.Score - 1e-12);
    }
}
