namespace Vigil.Engine.Evaluation.Nab;

/// <summary>
/// One labelled anomaly window of a data file, inclusive at both ends, with the rows its limits fall on.
/// </summary>
/// <param name="StartNs">The first timestamp of the window, in nanoseconds since the Unix epoch.</param>
/// <param name="EndNs">The last timestamp of the window, in nanoseconds since the Unix epoch.</param>
/// <param name="StartRow">The zero-based row whose timestamp is <paramref name="StartNs"/>.</param>
/// <param name="EndRow">The zero-based row whose timestamp is <paramref name="EndNs"/>; at least <paramref name="StartRow"/>.</param>
public readonly record struct NabWindow(long StartNs, long EndNs, int StartRow, int EndRow)
{
    /// <summary>The number of rows in the window.</summary>
    public int RowCount => EndRow - StartRow + 1;
}
