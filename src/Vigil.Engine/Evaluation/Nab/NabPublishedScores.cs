using System.Globalization;

namespace Vigil.Engine.Evaluation.Nab;

/// <summary>One published per-file NAB result (a row of <c>reference/per_file_scores/&lt;detector&gt;/*_scores.csv</c>).</summary>
/// <param name="Detector">NAB's name for the detector, for example <c>windowedGaussian</c>.</param>
/// <param name="Profile">The cost profile's name.</param>
/// <param name="RelativePath">The data file's path under <c>data</c>.</param>
/// <param name="Threshold">The detector's global threshold for the profile.</param>
/// <param name="Score">The file's raw NAB score.</param>
/// <param name="TruePositives">Detected rows inside windows.</param>
/// <param name="TrueNegatives">Undetected rows outside windows.</param>
/// <param name="FalsePositives">Detected rows outside windows.</param>
/// <param name="FalseNegatives">Undetected rows inside windows.</param>
/// <param name="TotalCount">The number of rows in the file, as NAB writes it.</param>
public sealed record NabPublishedFileScore(
    string Detector,
    string Profile,
    string RelativePath,
    double Threshold,
    double Score,
    int TruePositives,
    int TrueNegatives,
    int FalsePositives,
    int FalseNegatives,
    int TotalCount);

/// <summary>A published detector's NAB result under one profile, restricted to the files of a corpus.</summary>
/// <param name="Profile">The cost profile.</param>
/// <param name="Score">The sum of the published per-file scores over the covered files.</param>
/// <param name="NullScore">S_null over the covered files.</param>
/// <param name="PerfectScore">S_perfect over the covered files.</param>
/// <param name="NormalisedScore">100·(S − S_null)/(S_perfect − S_null).</param>
/// <param name="FilesCovered">The corpus files the detector has a published score for.</param>
/// <param name="FileCount">The files in the corpus.</param>
public sealed record NabPublishedProfileResult(
    NabCostProfile Profile,
    double Score,
    double NullScore,
    double PerfectScore,
    double NormalisedScore,
    int FilesCovered,
    int FileCount);

/// <summary>A published detector's results under every profile of a corpus, restricted to that corpus's files.</summary>
/// <param name="Detector">NAB's name for the detector.</param>
/// <param name="DisplayName">The name NAB's scoreboard uses, for example <c>Numenta HTM</c>.</param>
/// <param name="Profiles">One result per profile, in the corpus's profile order.</param>
public sealed record NabPublishedResult(string Detector, string DisplayName, IReadOnlyList<NabPublishedProfileResult> Profiles)
{
    /// <summary>Whether every corpus file has a published score under every profile.</summary>
    public bool IsComplete
    {
        get
        {
            foreach (var profile in Profiles)
            {
                if (profile.FilesCovered != profile.FileCount)
                {
                    return false;
                }
            }

            return true;
        }
    }
}

/// <summary>
/// NAB's published per-file scores for every detector (<c>reference/per_file_scores</c>), to compare a detector with
/// the published ones on exactly the files evaluated.
/// </summary>
public sealed class NabPublishedScores
{
    private readonly Dictionary<(string Detector, string Profile, string Path), NabPublishedFileScore> _byKey;

    /// <summary>Creates the set from rows already read.</summary>
    /// <param name="rows">The published rows.</param>
    public NabPublishedScores(IReadOnlyList<NabPublishedFileScore> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Rows = rows;
        _byKey = new Dictionary<(string, string, string), NabPublishedFileScore>();
        var detectors = new List<string>();
        foreach (var row in rows)
        {
            _byKey[(row.Detector, row.Profile, row.RelativePath)] = row;
            if (!detectors.Contains(row.Detector))
            {
                detectors.Add(row.Detector);
            }
        }

        detectors.Sort(StringComparer.Ordinal);
        Detectors = detectors;
    }

    /// <summary>Every published row.</summary>
    public IReadOnlyList<NabPublishedFileScore> Rows { get; }

    /// <summary>NAB's names of the detectors present, in ordinal order.</summary>
    public IReadOnlyList<string> Detectors { get; }

    /// <summary>
    /// Loads every <c>&lt;detector&gt;/&lt;detector&gt;_&lt;profile&gt;_scores.csv</c> under
    /// <c>reference/per_file_scores</c> of a NAB root or, failing that, under NAB's own <c>results</c> folder; a
    /// <c>Totals</c> row is skipped.
    /// </summary>
    /// <param name="dataDir">The NAB root.</param>
    /// <exception cref="DirectoryNotFoundException">Neither folder exists.</exception>
    /// <exception cref="InvalidDataException">A file is malformed.</exception>
    public static NabPublishedScores Load(string dataDir)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDir);
        var folder = Path.Combine(dataDir, "reference", "per_file_scores");
        if (!Directory.Exists(folder))
        {
            folder = Path.Combine(dataDir, "results");
        }

        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"No published NAB scores under {dataDir} (reference/per_file_scores or results).");
        }

        var paths = new List<string>(Directory.EnumerateFiles(folder, "*_scores.csv", SearchOption.AllDirectories));
        paths.Sort(StringComparer.Ordinal);
        var rows = new List<NabPublishedFileScore>();
        foreach (var path in paths)
        {
            ReadScoresCsv(path, rows);
        }

        return new NabPublishedScores(rows);
    }

    /// <summary>The published row for a detector, profile and file, or null.</summary>
    /// <param name="detector">NAB's name for the detector.</param>
    /// <param name="profile">The profile's name.</param>
    /// <param name="relativePath">The file's path under <c>data</c>.</param>
    public NabPublishedFileScore? Find(string detector, string profile, string relativePath) =>
        _byKey.TryGetValue((detector, profile, relativePath), out var row) ? row : null;

    /// <summary>
    /// A published detector's normalised score restricted to the corpus files it has scores for: the sum of its
    /// per-file scores, normalised with S_null and S_perfect over the same files, as NAB's normaliser does for the
    /// whole corpus (S_null the null detector's total, S_perfect windows × TP weight).
    /// </summary>
    /// <param name="detector">NAB's name for the detector.</param>
    /// <param name="corpus">The corpus evaluated.</param>
    public NabPublishedResult Normalise(string detector, NabCorpus corpus)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(corpus);
        var profiles = new List<NabPublishedProfileResult>(corpus.Profiles.Count);
        foreach (var profile in corpus.Profiles)
        {
            var covered = new List<NabDataFile>();
            var score = 0.0;
            foreach (var file in corpus.Files)
            {
                if (Find(detector, profile.Name, file.RelativePath) is { } row)
                {
                    covered.Add(file);
                    score += row.Score;
                }
            }

            var sub = new NabCorpus(covered, [profile]);
            var nullScore = NabEvaluator.NullScore(sub, profile);
            var perfect = NabEvaluator.PerfectScore(sub, profile);
            profiles.Add(new NabPublishedProfileResult(profile, score, nullScore, perfect,
                covered.Count == 0 ? double.NaN : NabScoring.Normalise(score, nullScore, perfect), covered.Count, corpus.Files.Count));
        }

        return new NabPublishedResult(detector, DisplayName(detector), profiles);
    }

    /// <summary>Every published detector normalised on the corpus's files, best standard-profile score first.</summary>
    /// <param name="corpus">The corpus evaluated.</param>
    public List<NabPublishedResult> NormaliseAll(NabCorpus corpus)
    {
        var results = new List<NabPublishedResult>(Detectors.Count);
        foreach (var detector in Detectors)
        {
            results.Add(Normalise(detector, corpus));
        }

        results.Sort((a, b) => First(b).CompareTo(First(a)));
        return results;

        static double First(NabPublishedResult r) => r.Profiles.Count > 0 && !double.IsNaN(r.Profiles[0].NormalisedScore)
            ? r.Profiles[0].NormalisedScore : double.NegativeInfinity;
    }

    /// <summary>The scoreboard name of a NAB detector (for example <c>numenta</c> is <c>Numenta HTM</c>); unknown names pass through.</summary>
    /// <param name="detector">NAB's name for the detector.</param>
    public static string DisplayName(string detector) => detector switch
    {
        "ARTime" => "ARTime",
        "numenta" => "Numenta HTM",
        "numentaTM" => "Numenta TM",
        "htmjava" => "HTM Java",
        "contextOSE" => "CAD OSE",
        "earthgeckoSkyline" => "earthgecko Skyline",
        "knncad" => "KNN CAD",
        "relativeEntropy" => "Relative Entropy",
        "randomCutForest" => "Random Cut Forest",
        "twitterADVec" => "Twitter ADVec",
        "windowedGaussian" => "Windowed Gaussian",
        "skyline" => "Etsy Skyline",
        "bayesChangePt" => "Bayesian Changepoint",
        "expose" => "EXPoSE",
        "random" => "Random",
        "null" => "Null",
        _ => detector,
    };

    private static void ReadScoresCsv(string path, List<NabPublishedFileScore> rows)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine() ?? throw new InvalidDataException($"{path}: empty.");
        var columns = header.Split(',');
        int Column(string name)
        {
            var index = Array.IndexOf(columns, name);
            return index >= 0 ? index : throw new InvalidDataException($"{path}: no {name} column.");
        }

        int detector = Column("Detector"), profile = Column("Profile"), file = Column("File"), threshold = Column("Threshold"),
            score = Column("Score"), tp = Column("TP"), tn = Column("TN"), fp = Column("FP"), fn = Column("FN"), total = Column("Total_Count");
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var fields = line.Split(',');
            if (line.Length == 0 || fields.Length < columns.Length || fields[detector] == "Totals" || fields[file].Length == 0)
            {
                continue;
            }

            try
            {
                rows.Add(new NabPublishedFileScore(fields[detector], fields[profile], fields[file],
                    ParseDouble(fields[threshold]), ParseDouble(fields[score]), ParseCount(fields[tp]), ParseCount(fields[tn]),
                    ParseCount(fields[fp]), ParseCount(fields[fn]), ParseCount(fields[total])));
            }
            catch (FormatException e)
            {
                throw new InvalidDataException($"{path}, line {lineNumber}: {e.Message}", e);
            }
        }
    }

    internal static double ParseDouble(string text) =>
        double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    // pandas may write integer counts as floats (for example 3.0).
    private static int ParseCount(string text) => checked((int)ParseDouble(text));
}
