namespace Vigil.Engine.Evaluation.Nab;

/// <summary>NAB's scoring formulas (a port of <c>nab/sweeper.py</c> at numenta/NAB ea702d75).</summary>
public static class NabScoring
{
    /// <summary>The fraction of each file NAB leaves unscored at its start: 0.15.</summary>
    public const double ProbationaryFraction = 0.15;

    /// <summary>
    /// The scaled sigmoid 2/(1 + e^(5y)) − 1 of a relative position y: −1 is a window's left edge (0.98661), 0 one row
    /// past its right edge (0), and positive positions are false positives after a window, reaching −1 beyond 3.
    /// </summary>
    /// <param name="relativePosition">The position relative to a window, in window widths.</param>
    /// <returns>The unweighted score, in (−1, 1).</returns>
    public static double ScaledSigmoid(double relativePosition)
    {
        if (relativePosition > 3.0)
        {
            // A false positive well after any window.
            return -1.0;
        }

        return (2.0 * Sigmoid(-5.0 * relativePosition)) - 1.0;
    }

    /// <summary>
    /// The number of rows at the start of a file that NAB does not score: min(⌊0.15·rows⌋, 0.15·5000 = 750).
    /// </summary>
    /// <param name="rowCount">The number of rows in the file; non-negative.</param>
    /// <param name="probationaryFraction">The unscored fraction; NAB uses 0.15.</param>
    public static int ProbationaryLength(int rowCount, double probationaryFraction = ProbationaryFraction)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        // NAB compares the row index against min(floor(p·n), p·5000); the second bound is 750.0 for p = 0.15, so
        // rounding it up gives the same first scored row.
        var byFraction = Math.Floor(probationaryFraction * rowCount);
        var cap = probationaryFraction * 5000;
        return (int)Math.Ceiling(Math.Min(byFraction, cap));
    }

    /// <summary>NAB's normalised score 100·(S − S_null)/(S_perfect − S_null); NaN when S_perfect equals S_null.</summary>
    /// <param name="score">The detector's raw score S.</param>
    /// <param name="nullScore">The null detector's raw score S_null on the same files.</param>
    /// <param name="perfectScore">The perfect raw score S_perfect (windows × TP weight) on the same files.</param>
    public static double Normalise(double score, double nullScore, double perfectScore)
    {
        var range = perfectScore - nullScore;
        return range == 0 ? double.NaN : 100.0 * (score - nullScore) / range;
    }

    private static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));
}
