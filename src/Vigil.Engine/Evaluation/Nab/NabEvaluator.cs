using Vigil.Core.Streaming;

namespace Vigil.Engine.Evaluation.Nab;

/// <summary>
/// Runs a detector over a NAB corpus and scores it as NAB does: per profile, one global threshold chosen to maximise
/// the corpus score, each file scored at it, and the total normalised against the null and perfect detectors.
/// </summary>
public static class NabEvaluator
{
    /// <summary>The constant anomaly score of NAB's null detector.</summary>
    public const double NullDetectorScore = 0.5;

    /// <summary>Runs a fresh detector over every file of the corpus and scores its readings.</summary>
    /// <param name="corpus">The corpus.</param>
    /// <param name="detectorFactory">Makes one new detector per file.</param>
    /// <param name="progress">Told after each file; optional.</param>
    /// <param name="cancellationToken">Checked between files.</param>
    /// <returns>The detector's result under every profile of the corpus.</returns>
    public static NabReport Run(
        NabCorpus corpus,
        Func<ISeriesDetector> detectorFactory,
        IProgress<NabProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var scores = Detect(corpus, detectorFactory, out var name, progress, cancellationToken);
        return Score(corpus, scores, name);
    }

    /// <summary>
    /// Runs a fresh detector over every file and returns its per-row scores. Rows are fed in file order with volume 0;
    /// a timestamp earlier than the one before it (a clock change in the data) is fed as the one before it, so the
    /// detector sees non-decreasing time while NAB still scores every row.
    /// </summary>
    /// <param name="corpus">The corpus.</param>
    /// <param name="detectorFactory">Makes one new detector per file.</param>
    /// <param name="detectorName">The name of the detectors made.</param>
    /// <param name="progress">Told after each file; optional.</param>
    /// <param name="cancellationToken">Checked between files.</param>
    /// <returns>One array of scores per file, in corpus order.</returns>
    public static double[][] Detect(
        NabCorpus corpus,
        Func<ISeriesDetector> detectorFactory,
        out string detectorName,
        IProgress<NabProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(detectorFactory);
        detectorName = string.Empty;
        var results = new double[corpus.Files.Count][];
        for (var f = 0; f < corpus.Files.Count; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = corpus.Files[f];
            var detector = detectorFactory() ?? throw new InvalidOperationException("The detector factory returned null.");
            detectorName = detector.Name;
            var scores = new double[file.RowCount];
            var timestamps = file.TimestampsNs;
            var values = file.Values;
            var time = long.MinValue;
            for (var i = 0; i < scores.Length; i++)
            {
                time = Math.Max(time, timestamps[i]);
                scores[i] = detector.Update(time, values[i], 0.0).Score;
            }

            results[f] = scores;
            progress?.Report(new NabProgress(f + 1, corpus.Files.Count, file.RelativePath));
        }

        return results;
    }

    /// <summary>Scores given per-row anomaly scores, one array per corpus file, under every profile of the corpus.</summary>
    /// <param name="corpus">The corpus.</param>
    /// <param name="anomalyScores">One array per file in corpus order, one score in [0, 1] per row.</param>
    /// <param name="detectorName">The name to put on the report.</param>
    /// <exception cref="ArgumentException">A count does not match or a score is outside [0, 1].</exception>
    public static NabReport Score(NabCorpus corpus, IReadOnlyList<double[]> anomalyScores, string detectorName)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(anomalyScores);
        Validate(corpus, anomalyScores);
        var profiles = new List<NabProfileResult>(corpus.Profiles.Count);
        foreach (var profile in corpus.Profiles)
        {
            var sweeper = new NabSweeper(profile);
            var points = SweepPoints(corpus, anomalyScores, sweeper);
            var threshold = sweeper.Optimize(points).Threshold;
            var files = ScoreFiles(corpus, anomalyScores, sweeper, threshold, out var total);
            var nullScore = NullScore(corpus, profile);
            var perfect = PerfectScore(corpus, profile);
            profiles.Add(new NabProfileResult(profile, threshold, total, nullScore, perfect,
                NabScoring.Normalise(total, nullScore, perfect), files));
        }

        return new NabReport(detectorName, profiles);
    }

    /// <summary>
    /// Scores given per-row anomaly scores at a fixed threshold under one profile (NAB's scoring step with a known
    /// threshold, as in <c>config/thresholds.json</c>).
    /// </summary>
    /// <param name="corpus">The corpus.</param>
    /// <param name="anomalyScores">One array per file in corpus order.</param>
    /// <param name="profile">The cost profile.</param>
    /// <param name="threshold">Rows scoring at or above it are detections.</param>
    public static NabProfileResult ScoreAtThreshold(NabCorpus corpus, IReadOnlyList<double[]> anomalyScores, NabCostProfile profile, double threshold)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(anomalyScores);
        ArgumentNullException.ThrowIfNull(profile);
        Validate(corpus, anomalyScores);
        var files = ScoreFiles(corpus, anomalyScores, new NabSweeper(profile), threshold, out var total);
        var nullScore = NullScore(corpus, profile);
        var perfect = PerfectScore(corpus, profile);
        return new NabProfileResult(profile, threshold, total, nullScore, perfect, NabScoring.Normalise(total, nullScore, perfect), files);
    }

    /// <summary>
    /// S_null: the score NAB's null detector (a constant 0.5 on every row) gets on the corpus, through the same
    /// threshold optimisation and scoring; it comes to −FN weight per window outside the probationary period.
    /// </summary>
    /// <param name="corpus">The corpus.</param>
    /// <param name="profile">The cost profile.</param>
    public static double NullScore(NabCorpus corpus, NabCostProfile profile)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(profile);
        var constant = new double[corpus.Files.Count][];
        for (var f = 0; f < constant.Length; f++)
        {
            constant[f] = new double[corpus.Files[f].RowCount];
            Array.Fill(constant[f], NullDetectorScore);
        }

        var sweeper = new NabSweeper(profile);
        var threshold = sweeper.Optimize(SweepPoints(corpus, constant, sweeper)).Threshold;
        ScoreFiles(corpus, constant, sweeper, threshold, out var total);
        return total;
    }

    /// <summary>S_perfect as NAB's normaliser computes it: the number of labelled windows times the TP weight.</summary>
    /// <param name="corpus">The corpus.</param>
    /// <param name="profile">The cost profile.</param>
    public static double PerfectScore(NabCorpus corpus, NabCostProfile profile)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(profile);
        return corpus.WindowCount * profile.TruePositiveWeight;
    }

    private static NabAnomalyPoint[] SweepPoints(NabCorpus corpus, IReadOnlyList<double[]> anomalyScores, NabSweeper sweeper)
    {
        var points = new NabAnomalyPoint[corpus.RowCount];
        var offset = 0;
        var windowId = 0;
        for (var f = 0; f < corpus.Files.Count; f++)
        {
            var file = corpus.Files[f];
            sweeper.CalcSweepScore(file, anomalyScores[f], windowId, points.AsSpan(offset, file.RowCount));
            offset += file.RowCount;
            windowId += file.Windows.Count;
        }

        return points;
    }

    private static List<NabFileResult> ScoreFiles(
        NabCorpus corpus, IReadOnlyList<double[]> anomalyScores, NabSweeper sweeper, double threshold, out double total)
    {
        var files = new List<NabFileResult>(corpus.Files.Count);
        total = 0.0;
        for (var f = 0; f < corpus.Files.Count; f++)
        {
            var file = corpus.Files[f];
            var row = sweeper.ScoreDataSet(file, anomalyScores[f], threshold);
            total += row.Score;
            files.Add(new NabFileResult(file.RelativePath, file.Windows.Count, row.Score,
                row.TruePositives, row.TrueNegatives, row.FalsePositives, row.FalseNegatives, row.TotalCount));
        }

        return files;
    }

    private static void Validate(NabCorpus corpus, IReadOnlyList<double[]> anomalyScores)
    {
        if (anomalyScores.Count != corpus.Files.Count)
        {
            throw new ArgumentException($"{anomalyScores.Count} score arrays for {corpus.Files.Count} files.", nameof(anomalyScores));
        }

        for (var f = 0; f < anomalyScores.Count; f++)
        {
            var file = corpus.Files[f];
            var scores = anomalyScores[f] ?? throw new ArgumentException($"{file.RelativePath}: no scores.", nameof(anomalyScores));
            if (scores.Length != file.RowCount)
            {
                throw new ArgumentException($"{file.RelativePath}: {scores.Length} scores for {file.RowCount} rows.", nameof(anomalyScores));
            }

            for (var i = 0; i < scores.Length; i++)
            {
                // NAB requires 0 <= score <= 1 (which also rules out NaN).
                if (!(scores[i] >= 0.0 && scores[i] <= 1.0))
                {
                    throw new ArgumentException($"{file.RelativePath}, row {i}: anomaly score {scores[i]} is outside [0, 1].", nameof(anomalyScores));
                }
            }
        }
    }
}
