using System.Text.Json;

namespace Vigil.Engine.Evaluation.Nab;

/// <summary>One file and profile of the reference check: the published score and counts against the port's.</summary>
/// <param name="Profile">The profile's name.</param>
/// <param name="RelativePath">The file's path under <c>data</c>.</param>
/// <param name="Threshold">The published global threshold used.</param>
/// <param name="Expected">The published result.</param>
/// <param name="Actual">The port's result at the same threshold.</param>
/// <param name="MaxRowScoreDifference">The largest difference between NAB's per-row S(t) column and the port's <see cref="NabSweeper.ScoreRows"/>.</param>
/// <param name="Matches">Whether the scores agree to 1e-9 and every count is equal.</param>
public sealed record NabReferenceCheckRow(
    string Profile,
    string RelativePath,
    double Threshold,
    NabPublishedFileScore Expected,
    NabThresholdScore Actual,
    double MaxRowScoreDifference,
    bool Matches);

/// <summary>The outcome of a reference check: one row per file and profile.</summary>
/// <param name="Detector">NAB's name of the detector whose output was rescored.</param>
/// <param name="Rows">One row per published file and profile.</param>
public sealed record NabReferenceCheckResult(string Detector, IReadOnlyList<NabReferenceCheckRow> Rows)
{
    /// <summary>The rows whose score and counts were reproduced.</summary>
    public int MatchedCount
    {
        get
        {
            var count = 0;
            foreach (var row in Rows)
            {
                count += row.Matches ? 1 : 0;
            }

            return count;
        }
    }

    /// <summary>Whether every published per-file score was reproduced (and there was at least one).</summary>
    public bool AllMatch => Rows.Count > 0 && MatchedCount == Rows.Count;

    /// <summary>The largest per-row difference between NAB's S(t) columns and the port's per-row contributions.</summary>
    public double MaxRowScoreDifference
    {
        get
        {
            var max = 0.0;
            foreach (var row in Rows)
            {
                max = Math.Max(max, row.MaxRowScoreDifference);
            }

            return max;
        }
    }
}

/// <summary>
/// Checks the scorer port against NAB itself: NAB's own per-row output of a detector
/// (<c>reference/&lt;detector&gt;/&lt;category&gt;/&lt;detector&gt;_&lt;file&gt;.csv</c>, or the same under NAB's
/// <c>results</c>, column <c>anomaly_score</c>), scored
/// at the detector's published threshold (<c>config/thresholds.json</c>), must reproduce every published per-file
/// score and count (<c>reference/per_file_scores/&lt;detector&gt;</c>), and the port's per-row contributions must equal
/// NAB's <c>S(t)_&lt;profile&gt;</c> columns.
/// </summary>
public static class NabReferenceCheck
{
    /// <summary>The largest score difference accepted: NAB prints per-file scores to 12 significant digits.</summary>
    public const double Tolerance = 1e-9;

    /// <summary>Runs the check on a NAB root holding data, labels, config and reference.</summary>
    /// <param name="dataDir">The NAB root.</param>
    /// <param name="detector">NAB's name of the detector whose reference output is present; <c>windowedGaussian</c> by default.</param>
    /// <exception cref="FileNotFoundException">A reference or threshold file is missing.</exception>
    /// <exception cref="InvalidDataException">A reference file is malformed.</exception>
    public static NabReferenceCheckResult Run(string dataDir, string detector = "windowedGaussian")
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDir);
        ArgumentException.ThrowIfNullOrEmpty(detector);
        var corpus = NabCorpus.Load(dataDir);
        var published = NabPublishedScores.Load(dataDir);
        var thresholds = ReadThresholds(Path.Combine(dataDir, "config", "thresholds.json"), detector);

        var outputs = new List<ReferenceOutput>(corpus.Files.Count);
        foreach (var file in corpus.Files)
        {
            outputs.Add(ReadReferenceOutput(dataDir, detector, file, corpus.Profiles));
        }

        var rows = new List<NabReferenceCheckRow>();
        foreach (var profile in corpus.Profiles)
        {
            if (!thresholds.TryGetValue(profile.Name, out var threshold))
            {
                throw new InvalidDataException($"config/thresholds.json has no {detector} threshold for {profile.Name}.");
            }

            var sweeper = new NabSweeper(profile);
            for (var f = 0; f < corpus.Files.Count; f++)
            {
                var file = corpus.Files[f];
                if (published.Find(detector, profile.Name, file.RelativePath) is not { } expected)
                {
                    continue;
                }

                var output = outputs[f];
                var actual = sweeper.ScoreDataSet(file, output.AnomalyScores, threshold);
                var rowDifference = RowDifference(sweeper, file, output, profile.Name, threshold);
                var matches = Math.Abs(actual.Score - expected.Score) <= Tolerance
                    && actual.TruePositives == expected.TruePositives && actual.TrueNegatives == expected.TrueNegatives
                    && actual.FalsePositives == expected.FalsePositives && actual.FalseNegatives == expected.FalseNegatives
                    && rowDifference <= Tolerance;
                rows.Add(new NabReferenceCheckRow(profile.Name, file.RelativePath, threshold, expected, actual, rowDifference, matches));
            }
        }

        return new NabReferenceCheckResult(detector, rows);
    }

    /// <summary>Reads the <c>anomaly_score</c> column of NAB's per-row output of a detector for one data file.</summary>
    /// <param name="dataDir">The NAB root.</param>
    /// <param name="detector">NAB's name of the detector.</param>
    /// <param name="file">The data file.</param>
    /// <returns>One score per row of the data file.</returns>
    public static double[] ReadReferenceScores(string dataDir, string detector, NabDataFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return ReadReferenceOutput(dataDir, detector, file, []).AnomalyScores;
    }

    private static double RowDifference(NabSweeper sweeper, NabDataFile file, ReferenceOutput output, string profile, double threshold)
    {
        if (!output.RowScores.TryGetValue(profile, out var expected))
        {
            return 0.0;
        }

        var rows = new double[file.RowCount];
        sweeper.ScoreRows(file, output.AnomalyScores, threshold, rows);
        var max = 0.0;
        for (var i = 0; i < rows.Length; i++)
        {
            max = Math.Max(max, Math.Abs(rows[i] - expected[i]));
        }

        return max;
    }

    private static ReferenceOutput ReadReferenceOutput(string dataDir, string detector, NabDataFile file, IReadOnlyList<NabCostProfile> profiles)
    {
        var name = detector + "_" + file.FileName;
        var path = Path.Combine(dataDir, "reference", detector, file.Category, name);
        if (!File.Exists(path))
        {
            // NAB's own layout keeps per-row results under results/.
            path = Path.Combine(dataDir, "results", detector, file.Category, name);
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No reference output for {file.RelativePath} at {path}.", path);
        }

        using var reader = new StreamReader(path);
        var columns = (reader.ReadLine() ?? throw new InvalidDataException($"{path}: empty.")).Split(',');
        var scoreColumn = Array.IndexOf(columns, "anomaly_score");
        if (scoreColumn < 0)
        {
            throw new InvalidDataException($"{path}: no anomaly_score column.");
        }

        var profileColumns = new List<(string Profile, int Column, double[] Values)>();
        foreach (var profile in profiles)
        {
            var column = Array.IndexOf(columns, "S(t)_" + profile.Name);
            if (column >= 0)
            {
                profileColumns.Add((profile.Name, column, new double[file.RowCount]));
            }
        }

        var scores = new double[file.RowCount];
        var row = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (row >= scores.Length)
            {
                throw new InvalidDataException($"{path}: more rows than {file.RelativePath} ({file.RowCount}).");
            }

            var fields = line.Split(',');
            try
            {
                scores[row] = NabPublishedScores.ParseDouble(fields[scoreColumn]);
                foreach (var (_, column, values) in profileColumns)
                {
                    values[row] = NabPublishedScores.ParseDouble(fields[column]);
                }
            }
            catch (Exception e) when (e is FormatException or IndexOutOfRangeException)
            {
                throw new InvalidDataException($"{path}, row {row + 1}: '{line}' is malformed.", e);
            }

            row++;
        }

        if (row != scores.Length)
        {
            throw new InvalidDataException($"{path}: {row} rows for {file.RowCount} in {file.RelativePath}.");
        }

        var rowScores = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var (profile, _, values) in profileColumns)
        {
            rowScores[profile] = values;
        }

        return new ReferenceOutput(scores, rowScores);
    }

    private static Dictionary<string, double> ReadThresholds(string path, string detector)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No NAB thresholds file at {path}.", path);
        }

        using var stream = File.OpenRead(path);
        using var document = NabCorpus.ParseJson(stream, path);
        if (!document.RootElement.TryGetProperty(detector, out var byProfile) || byProfile.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{path}: no thresholds for {detector}.");
        }

        var thresholds = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var profile in byProfile.EnumerateObject())
        {
            if (profile.Value.TryGetProperty("threshold", out var threshold) && threshold.ValueKind == JsonValueKind.Number)
            {
                thresholds[profile.Name] = threshold.GetDouble();
            }
        }

        return thresholds;
    }

    private sealed record ReferenceOutput(double[] AnomalyScores, Dictionary<string, double[]> RowScores);
}
