using System.Globalization;
using System.Text;

namespace Vigil.Engine.Evaluation.Nab;

/// <summary>A row of NAB's published scoreboard: normalised scores on the whole 58-file corpus.</summary>
/// <param name="Detector">The detector's scoreboard name.</param>
/// <param name="Standard">The standard profile's score.</param>
/// <param name="RewardLowFalsePositives">The reward-low-FP profile's score.</param>
/// <param name="RewardLowFalseNegatives">The reward-low-FN profile's score.</param>
public sealed record NabScoreboardEntry(string Detector, double Standard, double RewardLowFalsePositives, double RewardLowFalseNegatives);

/// <summary>Formats NAB results as a Markdown table, with the published detectors on the same files for comparison.</summary>
public static class NabScoreboard
{
    /// <summary>NAB's published scoreboard on its whole 58-file corpus (numenta/NAB ea702d75 README), best first.</summary>
    public static IReadOnlyList<NabScoreboardEntry> PublishedWholeCorpus { get; } =
    [
        new("ARTime", 74.9, 65.1, 80.4),
        new("Numenta HTM", 70.5, 62.6, 75.2),
        new("CAD OSE", 69.9, 67.0, 73.2),
        new("earthgecko Skyline", 58.2, 46.2, 63.9),
        new("KNN CAD", 58.0, 43.4, 64.8),
        new("Relative Entropy", 54.6, 47.6, 58.8),
        new("Random Cut Forest", 51.7, 38.4, 59.7),
        new("Twitter ADVec", 47.1, 33.6, 53.5),
        new("Windowed Gaussian", 39.6, 20.9, 47.4),
        new("Etsy Skyline", 35.7, 27.1, 44.5),
        new("Bayesian Changepoint", 17.7, 3.2, 32.2),
        new("Null", 0.0, 0.0, 0.0),
    ];

    /// <summary>
    /// A Markdown table of normalised scores, one column per profile of the corpus: the given reports first (marked
    /// "this run"), then the published detectors restricted to the same files, each group best standard score first.
    /// A published detector without scores for every file is marked with the number of files it covers.
    /// </summary>
    /// <param name="corpus">The corpus the reports were run on.</param>
    /// <param name="reports">Results of this run.</param>
    /// <param name="published">Published results normalised on the same corpus (<see cref="NabPublishedScores.NormaliseAll"/>); may be empty.</param>
    public static string Format(NabCorpus corpus, IEnumerable<NabReport> reports, IEnumerable<NabPublishedResult> published)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(published);
        var builder = new StringBuilder();
        builder.Append("| detector (").Append(corpus.Files.Count.ToString(CultureInfo.InvariantCulture)).Append(" files) |");
        foreach (var profile in corpus.Profiles)
        {
            builder.Append(' ').Append(profile.Name).Append(" |");
        }

        builder.AppendLine();
        builder.Append("|---|");
        foreach (var _ in corpus.Profiles)
        {
            builder.Append("---:|");
        }

        builder.AppendLine();

        var ours = new List<NabReport>(reports);
        ours.Sort((a, b) => First(b.Profiles).CompareTo(First(a.Profiles)));
        foreach (var report in ours)
        {
            builder.Append("| **").Append(report.DetectorName).Append("** (this run) |");
            foreach (var profile in corpus.Profiles)
            {
                AppendScore(builder, Find(report.Profiles, profile.Name)?.NormalisedScore);
            }

            builder.AppendLine();
        }

        var theirs = new List<NabPublishedResult>(published);
        theirs.Sort((a, b) => First(b.Profiles).CompareTo(First(a.Profiles)));
        foreach (var result in theirs)
        {
            builder.Append("| ").Append(result.DisplayName);
            if (!result.IsComplete && result.Profiles.Count > 0)
            {
                builder.Append(" (").Append(result.Profiles[0].FilesCovered.ToString(CultureInfo.InvariantCulture)).Append(" files only)");
            }

            builder.Append(" |");
            foreach (var profile in corpus.Profiles)
            {
                AppendScore(builder, Find(result.Profiles, profile.Name)?.NormalisedScore);
            }

            builder.AppendLine();
        }

        return builder.ToString();
    }

    private static void AppendScore(StringBuilder builder, double? score) =>
        builder.Append(' ').Append(score is { } s && !double.IsNaN(s) ? s.ToString("F1", CultureInfo.InvariantCulture) : "–").Append(" |");

    private static NabProfileResult? Find(IReadOnlyList<NabProfileResult> profiles, string name)
    {
        foreach (var p in profiles)
        {
            if (p.Profile.Name == name)
            {
                return p;
            }
        }

        return null;
    }

    private static NabPublishedProfileResult? Find(IReadOnlyList<NabPublishedProfileResult> profiles, string name)
    {
        foreach (var p in profiles)
        {
            if (p.Profile.Name == name)
            {
                return p;
            }
        }

        return null;
    }

    private static double First(IReadOnlyList<NabProfileResult> profiles) =>
        profiles.Count > 0 && !double.IsNaN(profiles[0].NormalisedScore) ? profiles[0].NormalisedScore : double.NegativeInfinity;

    private static double First(IReadOnlyList<NabPublishedProfileResult> profiles) =>
        profiles.Count > 0 && !double.IsNaN(profiles[0].NormalisedScore) ? profiles[0].NormalisedScore : double.NegativeInfinity;
}
