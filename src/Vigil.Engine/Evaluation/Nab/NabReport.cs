namespace Vigil.Engine.Evaluation.Nab;

/// <summary>A detector's NAB result on a corpus: one entry per cost profile.</summary>
/// <param name="DetectorName">The detector's name.</param>
/// <param name="Profiles">The result under each profile, in the corpus's profile order.</param>
public sealed record NabReport(string DetectorName, IReadOnlyList<NabProfileResult> Profiles)
{
    /// <summary>The result under the named profile.</summary>
    /// <param name="profileName">For example <c>standard</c>.</param>
    /// <exception cref="KeyNotFoundException">No such profile.</exception>
    public NabProfileResult this[string profileName]
    {
        get
        {
            foreach (var profile in Profiles)
            {
                if (string.Equals(profile.Profile.Name, profileName, StringComparison.Ordinal))
                {
                    return profile;
                }
            }

            throw new KeyNotFoundException($"The report has no profile '{profileName}'.");
        }
    }
}

/// <summary>
/// A detector's result under one cost profile: the one global threshold that maximises the corpus score, the raw
/// score S at it (the sum of per-file scores), the null and perfect scores on the same files, and NAB's normalised
/// score 100·(S − S_null)/(S_perfect − S_null).
/// </summary>
/// <param name="Profile">The cost profile.</param>
/// <param name="Threshold">The chosen global anomaly-score threshold.</param>
/// <param name="Score">The raw score S: the sum of the per-file scores at <paramref name="Threshold"/>.</param>
/// <param name="NullScore">S_null: the score of NAB's null detector (a constant 0.5) on the same files.</param>
/// <param name="PerfectScore">S_perfect: the number of windows times the true-positive weight.</param>
/// <param name="NormalisedScore">100·(S − S_null)/(S_perfect − S_null): 0 is the null detector, 100 perfect.</param>
/// <param name="Files">Each file's score and row counts at <paramref name="Threshold"/>.</param>
public sealed record NabProfileResult(
    NabCostProfile Profile,
    double Threshold,
    double Score,
    double NullScore,
    double PerfectScore,
    double NormalisedScore,
    IReadOnlyList<NabFileResult> Files);

/// <summary>One file's NAB score and row counts at the profile's global threshold.</summary>
/// <param name="RelativePath">The file's path under <c>data</c>.</param>
/// <param name="WindowCount">The number of labelled windows in the file.</param>
/// <param name="Score">The file's raw NAB score.</param>
/// <param name="TruePositives">Detected rows inside windows.</param>
/// <param name="TrueNegatives">Undetected rows outside windows.</param>
/// <param name="FalsePositives">Detected rows outside windows.</param>
/// <param name="FalseNegatives">Undetected rows inside windows.</param>
/// <param name="TotalCount">The scored (non-probationary) rows.</param>
public sealed record NabFileResult(
    string RelativePath,
    int WindowCount,
    double Score,
    int TruePositives,
    int TrueNegatives,
    int FalsePositives,
    int FalseNegatives,
    int TotalCount);

/// <summary>How far a NAB run has got.</summary>
/// <param name="FilesDone">Files run so far.</param>
/// <param name="FileCount">Files in the corpus.</param>
/// <param name="RelativePath">The file just finished.</param>
public readonly record struct NabProgress(int FilesDone, int FileCount, string RelativePath);
