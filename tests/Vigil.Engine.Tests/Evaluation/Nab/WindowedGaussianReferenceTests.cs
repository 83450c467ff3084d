using Vigil.Detection.Univariate;
using Vigil.Engine.Evaluation.Nab;

namespace Vigil.Engine.Tests.Evaluation.Nab;

public class WindowedGaussianReferenceTests
{
    private static readonly NabCorpus Corpus = NabCorpus.Load(NabFixtures.Root);

    [Theory]
    [InlineData(NabFixtures.FourWindows)]
    [InlineData(NabFixtures.RepeatedTimestamp)]
    [InlineData(NabFixtures.NoAnomalies)]
    [InlineData(NabFixtures.LongerThanWindow)]
    public void Reproduces_nabs_per_row_anomaly_scores(string relativePath)
    {
        var file = Corpus.Find(relativePath)!;
        var expected = NabReferenceCheck.ReadReferenceScores(NabFixtures.Root, "windowedGaussian", file);
        var detector = new WindowedGaussianDetector();

        for (var i = 0; i < file.RowCount; i++)
        {
            var actual = detector.Update(file.TimestampsNs[i], file.Values[i], 0).Score;
            // NAB publishes 12 significant digits.
            Assert.True(Math.Abs(actual - expected[i]) < 2e-12, $"row {i}: NAB {expected[i]}, port {actual}");
        }
    }

    [Fact]
    public void Scoring_the_port_at_nabs_threshold_reproduces_the_published_per_file_scores()
    {
        var published = NabPublishedScores.Load(NabFixtures.Root);
        var scores = NabEvaluator.Detect(Corpus, () => new WindowedGaussianDetector(), out var name);

        // NAB scores the 12-digit values it wrote, so round the same way before applying its threshold of 1.0.
        foreach (var fileScores in scores)
        {
            for (var i = 0; i < fileScores.Length; i++)
            {
                fileScores[i] = double.Parse(fileScores[i].ToString("G12", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        var result = NabEvaluator.ScoreAtThreshold(Corpus, scores, NabCostProfile.Standard, 1.0);

        Assert.Equal("windowed-gaussian", name);
        foreach (var file in result.Files)
        {
            Assert.Equal(published.Find("windowedGaussian", "standard", file.RelativePath)!.Score, file.Score, 9);
        }
    }
}
