namespace Vigil.Engine.Evaluation.Markets;

/// <summary>Pearson and Spearman correlations of paired samples.</summary>
public static class SeriesCorrelation
{
    /// <summary>The Pearson correlation of <paramref name="x"/> and <paramref name="y"/>; NaN with fewer than two pairs or a constant sample.</summary>
    /// <param name="x">The first sample.</param>
    /// <param name="y">The second sample, as long as the first.</param>
    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        CheckLengths(x.Length, y.Length);
        var n = x.Length;
        if (n < 2)
        {
            return double.NaN;
        }

        double meanX = 0, meanY = 0;
        for (var i = 0; i < n; i++)
        {
            meanX += x[i];
            meanY += y[i];
        }

        meanX /= n;
        meanY /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = x[i] - meanX;
            var dy = y[i] - meanY;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }

        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : double.NaN;
    }

    /// <summary>The Spearman rank correlation: the Pearson correlation of the ranks, ties given their average rank.</summary>
    /// <param name="x">The first sample.</param>
    /// <param name="y">The second sample, as long as the first.</param>
    public static double Spearman(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        CheckLengths(x.Length, y.Length);
        return Pearson(Ranks(x), Ranks(y));
    }

    /// <summary>The 1-based ranks of <paramref name="values"/>, ties given their average rank.</summary>
    /// <param name="values">The sample.</param>
    public static double[] Ranks(ReadOnlySpan<double> values)
    {
        var order = new int[values.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var keys = values.ToArray();
        Array.Sort(keys, order);
        var ranks = new double[values.Length];
        var start = 0;
        while (start < keys.Length)
        {
            var end = start;
            while (end + 1 < keys.Length && keys[end + 1] == keys[start])
            {
                end++;
            }

            // Positions start..end (0-based) hold ranks start+1..end+1; each gets their mean.
            var rank = ((start + end) / 2.0) + 1;
            for (var k = start; k <= end; k++)
            {
                ranks[order[k]] = rank;
            }

            start = end + 1;
        }

        return ranks;
    }

    private static void CheckLengths(int xLength, int yLength)
    {
        if (xLength != yLength)
        {
            throw new ArgumentException($"The samples differ in length ({xLength} and {yLength}).", "y");
        }
    }
}
