namespace Vigil.Detection.Systemic;

/// <summary>
/// The CISS aggregation as pure functions: the index s'·C·s of weighted sub-indices s and a correlation matrix C,
/// each segment's share of it, and the empirical-CDF rank with ties averaged.
/// </summary>
public static class CissMath
{
    /// <summary>
    /// The index s'·C·s (no square root). With s in [0, 1], weights summing to 1 and C a correlation matrix it lies in
    /// [0, (Σ s_i)²] ⊂ [0, 1]: with every correlation 1 it is the squared weighted mean (Σ w_i z_i)², with every
    /// off-diagonal correlation 0 the weighted sum of squares Σ (w_i z_i)².
    /// </summary>
    /// <param name="weightedSubIndices">s: each segment's weight times its sub-index.</param>
    /// <param name="correlation">C, row-major, <c>n × n</c> for <c>n</c> segments.</param>
    /// <returns>s'·C·s.</returns>
    public static double Index(ReadOnlySpan<double> weightedSubIndices, ReadOnlySpan<double> correlation)
    {
        var n = weightedSubIndices.Length;
        CheckSquare(n, correlation.Length);
        double total = 0;
        for (var i = 0; i < n; i++)
        {
            total += weightedSubIndices[i] * RowProduct(weightedSubIndices, correlation.Slice(i * n, n));
        }

        return total;
    }

    /// <summary>
    /// Each segment's contribution w_i s_i · Σ_j C_ij w_j s_j; the contributions sum to <see cref="Index"/>.
    /// </summary>
    /// <param name="weightedSubIndices">s: each segment's weight times its sub-index.</param>
    /// <param name="correlation">C, row-major, <c>n × n</c>.</param>
    /// <param name="destination">Where to write the <c>n</c> contributions.</param>
    /// <returns>Their sum, the index.</returns>
    public static double Contributions(ReadOnlySpan<double> weightedSubIndices, ReadOnlySpan<double> correlation, Span<double> destination)
    {
        var n = weightedSubIndices.Length;
        CheckSquare(n, correlation.Length);
        if (destination.Length < n)
        {
            throw new ArgumentException($"The destination holds {destination.Length} values for {n} segments.", nameof(destination));
        }

        double total = 0;
        for (var i = 0; i < n; i++)
        {
            destination[i] = weightedSubIndices[i] * RowProduct(weightedSubIndices, correlation.Slice(i * n, n));
            total += destination[i];
        }

        return total;
    }

    /// <summary>The part of the index due to correlation: the index less the weighted sum of squares Σ s_i² (what it would be with every correlation 0).</summary>
    /// <param name="index">The index s'·C·s.</param>
    /// <param name="weightedSubIndices">s.</param>
    public static double CorrelationPart(double index, ReadOnlySpan<double> weightedSubIndices)
    {
        double squares = 0;
        foreach (var s in weightedSubIndices)
        {
            squares += s * s;
        }

        return index - squares;
    }

    /// <summary>
    /// The empirical CDF value of an observation with ties given the average rank: (below + (equal + 1) / 2) / count,
    /// in (0, 1]. The observation is one of the <paramref name="count"/> values, so <paramref name="equal"/> counts it.
    /// </summary>
    /// <param name="below">The values strictly below the observation.</param>
    /// <param name="equal">The values equal to it, itself included; at least 1.</param>
    /// <param name="count">All values, itself included.</param>
    public static double AverageRank(int below, int equal, int count)
    {
        if (below < 0 || equal < 1 || below + equal > count)
        {
            throw new ArgumentException($"Inconsistent rank counts: {below} below and {equal} equal of {count}.", nameof(count));
        }

        return (below + ((equal - 1) / 2.0) + 1) / count;
    }

    private static double RowProduct(ReadOnlySpan<double> s, ReadOnlySpan<double> row)
    {
        double sum = 0;
        for (var j = 0; j < s.Length; j++)
        {
            sum += row[j] * s[j];
        }

        return sum;
    }

    private static void CheckSquare(int n, int length)
    {
        if (length != n * n)
        {
            throw new ArgumentException($"The correlation matrix holds {length} values; {n} segments need {n * n}.", "correlation");
        }
    }
}
