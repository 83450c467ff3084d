using Vigil.Detection.Univariate;
using Vigil.Engine.Evaluation.Nab;

namespace Vigil.Engine.Tests.Evaluation.Nab;

public class NabScoreboardTests
{
    [Fact]
    public void Table_lists_this_run_then_published_detectors_with_one_column_per_profile()
    {
        var corpus = NabCorpus.Load(NabFixtures.Root);
        var report = NabEvaluator.Run(corpus, () => UnivariateDetectors.Create("windowed-gaussian"));
        var published = NabPublishedScores.Load(NabFixtures.Root).NormaliseAll(corpus);

        var table = NabScoreboard.Format(corpus, [report], published);
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("| detector (6 files) | standard | reward_low_FP_rate | reward_low_FN_rate |", lines[0]);
        Assert.StartsWith("| **windowed-gaussian** (this run) |", lines[2], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("| Windowed Gaussian |", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("| Null | 0.0 | 0.0 | 0.0 |", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_reports_every_profile_with_per_file_counts()
    {
        var corpus = NabCorpus.Load(NabFixtures.Root);
        var progress = new List<NabProgress>();

        var report = NabEvaluator.Run(corpus, () => new WindowedGaussianDetector(), new Progress(progress));

        Assert.Equal("windowed-gaussian", report.DetectorName);
        Assert.Equal(3, report.Profiles.Count);
        Assert.Equal(6, progress.Count);
        var standard = report["standard"];
        Assert.Equal(-13.0, standard.NullScore);
        Assert.Equal(13.0, standard.PerfectScore);
        Assert.Equal(standard.Files.Sum(f => f.Score), standard.Score, 12);
        Assert.All(standard.Files, f => Assert.Equal(
            f.TotalCount, f.TruePositives + f.TrueNegatives + f.FalsePositives + f.FalseNegatives));
    }

    private sealed class Progress(List<NabProgress> seen) : IProgress<NabProgress>
    {
        public void Report(NabProgress value) => seen.Add(value);
    }
}
