namespace Vigil.Engine.Evaluation.Nab;

/// <summary>
/// A port of NAB's <c>Sweeper</c> (<c>nab/sweeper.py</c> at numenta/NAB ea702d75): it weighs every row by what a
/// detection there would be worth, then sweeps the threshold down through every distinct anomaly score, keeping only
/// the earliest detection in each window, so that one pass gives the score at every threshold.
/// </summary>
public sealed class NabSweeper
{
    private const double InitialThreshold = 1.1;

    private readonly NabCostProfile _profile;
    private readonly double _probationaryFraction;

    /// <summary>Creates a sweeper for one cost profile.</summary>
    /// <param name="profile">The cost profile.</param>
    /// <param name="probationaryFraction">The unscored fraction at the start of each file, in [0, 1); NAB uses 0.15.</param>
    public NabSweeper(NabCostProfile profile, double probationaryFraction = NabScoring.ProbationaryFraction)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (!(probationaryFraction >= 0 && probationaryFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probationaryFraction), probationaryFraction, "Must be in [0, 1).");
        }

        _profile = profile;
        _probationaryFraction = probationaryFraction;
    }

    /// <summary>The cost profile the sweeper weighs rows by.</summary>
    public NabCostProfile Profile => _profile;

    /// <summary>
    /// Weighs each row of a file (NAB's <c>calcSweepScore</c>). Inside a window a detection is worth
    /// TP·σ(−(right − i + 1)/width)/σ(−1); outside, FP·σ(|i − previous right|/(previous width − 1)), or −FP before the
    /// first window, where σ is <see cref="NabScoring.ScaledSigmoid"/>.
    /// </summary>
    /// <param name="file">The data file, for its windows and row count.</param>
    /// <param name="anomalyScores">One anomaly score per row of <paramref name="file"/>.</param>
    /// <param name="firstWindowId">The id given to the file's first window; later windows count up from it.</param>
    /// <param name="destination">Receives one point per row; at least as long as the file.</param>
    public void CalcSweepScore(NabDataFile file, ReadOnlySpan<double> anomalyScores, int firstWindowId, Span<NabAnomalyPoint> destination)
    {
        ArgumentNullException.ThrowIfNull(file);
        var rows = file.RowCount;
        if (anomalyScores.Length != rows)
        {
            throw new ArgumentException($"{file.RelativePath}: {anomalyScores.Length} anomaly scores for {rows} rows.", nameof(anomalyScores));
        }

        if (destination.Length < rows)
        {
            throw new ArgumentException("The destination is shorter than the file.", nameof(destination));
        }

        var maxTruePositive = NabScoring.ScaledSigmoid(-1.0);
        var probationaryLength = NabScoring.ProbationaryLength(rows, _probationaryFraction);
        var windows = file.Windows;
        var nextWindow = 0;
        var inWindow = false;
        var windowId = 0;
        double windowWidth = 0;
        var windowRight = 0;
        double previousWidth = 0;
        var previousRight = -1;

        for (var i = 0; i < rows; i++)
        {
            if (nextWindow < windows.Count && i == windows[nextWindow].StartRow)
            {
                var w = windows[nextWindow];
                inWindow = true;
                windowId = firstWindowId + nextWindow;
                windowRight = w.EndRow;
                windowWidth = w.RowCount;
                nextWindow++;
            }

            double weighted;
            if (inWindow)
            {
                var position = -(windowRight - i + 1) / windowWidth;
                weighted = NabScoring.ScaledSigmoid(position) * _profile.TruePositiveWeight / maxTruePositive;
            }
            else if (previousRight < 0)
            {
                // No window yet: scored as a false positive very far from any window.
                weighted = -1.0 * _profile.FalsePositiveWeight;
            }
            else
            {
                var position = Math.Abs(previousRight - i) / (previousWidth - 1);
                weighted = NabScoring.ScaledSigmoid(position) * _profile.FalsePositiveWeight;
            }

            var id = i < probationaryLength ? NabAnomalyPoint.Probationary
                : inWindow ? windowId : NabAnomalyPoint.OutsideWindow;
            destination[i] = new NabAnomalyPoint(anomalyScores[i], weighted, id);

            if (inWindow && i == windowRight)
            {
                previousRight = i;
                previousWidth = windowWidth;
                inWindow = false;
            }
        }
    }

    /// <summary>
    /// NAB's <c>calcScoreByThreshold</c>: the score at every distinct anomaly score, from the start threshold 1.1 (no
    /// detections) downwards, over points of one file or of many files put together. Only the earliest (largest)
    /// detection in each window counts; every detection outside windows adds its (negative) weight.
    /// </summary>
    /// <param name="points">Points from <see cref="CalcSweepScore"/>; window ids must be unique across files.</param>
    /// <returns>Scores by strictly decreasing threshold; a row at threshold t counts detections scoring t or more.</returns>
    public List<NabThresholdScore> CalcScoreByThreshold(ReadOnlySpan<NabAnomalyPoint> points)
    {
        var results = new List<NabThresholdScore>();
        Sweep(points, results, out _);
        return results;
    }

    /// <summary>
    /// NAB's optimiser: the threshold with the highest score over all the points; ties go to the higher threshold, as
    /// NAB's stable sort leaves them.
    /// </summary>
    /// <param name="points">Points from <see cref="CalcSweepScore"/> of every file, window ids unique across files.</param>
    public NabThresholdScore Optimize(ReadOnlySpan<NabAnomalyPoint> points)
    {
        Sweep(points, null, out var best);
        return best;
    }

    /// <summary>
    /// NAB's <c>scoreDataSet</c>: the score of one file at a given threshold (the sweep row at the threshold, or at the
    /// lowest swept threshold above it).
    /// </summary>
    /// <param name="file">The data file.</param>
    /// <param name="anomalyScores">One anomaly score per row.</param>
    /// <param name="threshold">Rows scoring at or above it are detections.</param>
    public NabThresholdScore ScoreDataSet(NabDataFile file, ReadOnlySpan<double> anomalyScores, double threshold)
    {
        ArgumentNullException.ThrowIfNull(file);
        var points = new NabAnomalyPoint[file.RowCount];
        CalcSweepScore(file, anomalyScores, 0, points);
        var byThreshold = CalcScoreByThreshold(points);
        return Select(byThreshold, threshold);
    }

    /// <summary>
    /// Each row's contribution to a file's score at a threshold, as NAB writes it in the <c>S(t)_&lt;profile&gt;</c> column
    /// of a results file: each window's result (the weight of its earliest detection, or −FN weight when it has none)
    /// on the window's first row, the (negative) weight of every detection outside windows after the probationary
    /// period on its own row, and 0 elsewhere, so that the rows sum to the file's score.
    /// </summary>
    /// <param name="file">The data file.</param>
    /// <param name="anomalyScores">One anomaly score per row.</param>
    /// <param name="threshold">Rows scoring at or above it are detections.</param>
    /// <param name="destination">Receives one value per row; at least as long as the file.</param>
    public void ScoreRows(NabDataFile file, ReadOnlySpan<double> anomalyScores, double threshold, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(file);
        var points = new NabAnomalyPoint[file.RowCount];
        CalcSweepScore(file, anomalyScores, 0, points);
        var windowResults = new double[file.Windows.Count];
        Array.Fill(windowResults, double.NaN);
        for (var i = 0; i < points.Length; i++)
        {
            var point = points[i];
            var value = 0.0;
            if (point.WindowId != NabAnomalyPoint.Probationary && point.AnomalyScore >= threshold)
            {
                if (point.WindowId == NabAnomalyPoint.OutsideWindow)
                {
                    value = point.SweepScore;
                }
                else if (double.IsNaN(windowResults[point.WindowId]))
                {
                    // Rows run forward, so the first detection met in a window is its earliest.
                    windowResults[point.WindowId] = point.SweepScore;
                }
            }

            destination[i] = value;
        }

        for (var w = 0; w < windowResults.Length; w++)
        {
            var result = windowResults[w];
            destination[file.Windows[w].StartRow] = double.IsNaN(result) ? -_profile.FalseNegativeWeight : result;
        }
    }

    /// <summary>Picks the sweep row that applies at <paramref name="threshold"/>, as NAB's <c>scoreDataSet</c> does.</summary>
    /// <param name="byThreshold">Rows by strictly decreasing threshold, from <see cref="CalcScoreByThreshold"/>.</param>
    /// <param name="threshold">The threshold.</param>
    public static NabThresholdScore Select(IReadOnlyList<NabThresholdScore> byThreshold, double threshold)
    {
        ArgumentNullException.ThrowIfNull(byThreshold);
        if (byThreshold.Count == 0)
        {
            throw new ArgumentException("No sweep rows to select from.", nameof(byThreshold));
        }

        for (var i = 0; i < byThreshold.Count; i++)
        {
            var row = byThreshold[i];
            if (row.Threshold == threshold)
            {
                return row;
            }

            if (row.Threshold < threshold)
            {
                // The previous row holds exactly the detections scoring at or above the threshold. NAB has no row to
                // return when even the first threshold is below it; the first row (no detections) is that answer.
                return byThreshold[Math.Max(0, i - 1)];
            }
        }

        // Below every swept threshold: every row is a detection, which is the last row. (NAB fails here.)
        return byThreshold[^1];
    }

    private void Sweep(ReadOnlySpan<NabAnomalyPoint> points, List<NabThresholdScore>? results, out NabThresholdScore best)
    {
        // NAB sorts the scorable (non-probationary) points by anomaly score, descending, with a stable sort: ties keep
        // their original order, which the index in the key reproduces.
        var scorable = 0;
        var maxWindowId = -1;
        foreach (var point in points)
        {
            if (point.WindowId != NabAnomalyPoint.Probationary)
            {
                scorable++;
                maxWindowId = Math.Max(maxWindowId, point.WindowId);
            }
        }

        var keys = new double[scorable];
        var order = new int[scorable];
        var k = 0;
        for (var i = 0; i < points.Length; i++)
        {
            if (points[i].WindowId != NabAnomalyPoint.Probationary)
            {
                // Negated for a descending sort; adding 0.0 turns −0.0 into 0.0.
                keys[k] = -points[i].AnomalyScore + 0.0;
                order[k++] = i;
            }
        }

        SortStable(keys, order);

        // NAB keeps one score part for false positives and one per window (starting at −FN, raised to the best
        // detection in it), and sums them in the order the windows first appear in the sorted list; the same order is
        // kept here so that the sums round as NAB's do.
        var slotOfWindow = new int[maxWindowId + 1];
        Array.Fill(slotOfWindow, -1);
        var partCount = 1;
        var tn = 0;
        var fn = 0;
        foreach (var index in order)
        {
            var windowId = points[index].WindowId;
            if (windowId >= 0)
            {
                fn++;
                if (slotOfWindow[windowId] < 0)
                {
                    slotOfWindow[windowId] = partCount++;
                }
            }
            else
            {
                tn++;
            }
        }

        var parts = new double[partCount];
        Array.Fill(parts, -_profile.FalseNegativeWeight);
        parts[0] = 0.0;
        var tp = 0;
        var fp = 0;
        var threshold = InitialThreshold;
        var bestRow = default(NabThresholdScore);
        var haveBest = false;

        foreach (var index in order)
        {
            var point = points[index];
            if (point.AnomalyScore != threshold)
            {
                Emit(new NabThresholdScore(threshold, Sum(parts), tp, tn, fp, fn, tp + tn + fp + fn));
                threshold = point.AnomalyScore;
            }

            if (point.WindowId >= 0)
            {
                tp++;
                fn--;
                var slot = slotOfWindow[point.WindowId];
                parts[slot] = Math.Max(parts[slot], point.SweepScore);
            }
            else
            {
                fp++;
                tn--;
                parts[0] += point.SweepScore;
            }
        }

        Emit(new NabThresholdScore(threshold, Sum(parts), tp, tn, fp, fn, tp + tn + fp + fn));
        best = bestRow;

        void Emit(NabThresholdScore row)
        {
            results?.Add(row);
            // Strictly greater: among equal scores the first (highest) threshold stays, as after NAB's stable sort.
            if (!haveBest || row.Score > bestRow.Score)
            {
                bestRow = row;
                haveBest = true;
            }
        }
    }

    // Sorts by key, and equal keys by item, which is the order a stable sort of items already in ascending order gives.
    private static void SortStable(double[] keys, int[] items)
    {
        Array.Sort(keys, items);
        var start = 0;
        for (var i = 1; i <= keys.Length; i++)
        {
            if (i == keys.Length || keys[i] != keys[start])
            {
                if (i - start > 1)
                {
                    Array.Sort(items, start, i - start);
                }

                start = i;
            }
        }
    }

    private static double Sum(double[] parts)
    {
        // Python's sum(): left to right from 0.
        var sum = 0.0;
        foreach (var part in parts)
        {
            sum += part;
        }

        return sum;
    }
}
