namespace Vigil.Engine.Evaluation.Nab;

/// <summary>
/// One NAB data file: every row in file order (NAB scores by row, so repeated or out-of-order timestamps are kept)
/// and its labelled anomaly windows.
/// </summary>
public sealed class NabDataFile
{
    /// <summary>Creates a data file from its rows and windows, checking that the windows lie on its rows.</summary>
    /// <param name="relativePath">The path under NAB's <c>data</c> folder with forward slashes, for example <c>realKnownCause/nyc_taxi.csv</c>.</param>
    /// <param name="timestampsNs">Each row's timestamp in nanoseconds since the Unix epoch.</param>
    /// <param name="values">Each row's value; as long as <paramref name="timestampsNs"/>.</param>
    /// <param name="windows">The windows in time order, non-overlapping, each on rows of this file.</param>
    public NabDataFile(string relativePath, long[] timestampsNs, double[] values, IReadOnlyList<NabWindow> windows)
    {
        ArgumentException.ThrowIfNullOrEmpty(relativePath);
        ArgumentNullException.ThrowIfNull(timestampsNs);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(windows);
        if (timestampsNs.Length != values.Length)
        {
            throw new ArgumentException($"{relativePath}: {timestampsNs.Length} timestamps but {values.Length} values.", nameof(values));
        }

        var previousEnd = -1;
        foreach (var w in windows)
        {
            if (w.StartRow <= previousEnd || w.EndRow < w.StartRow || w.EndRow >= values.Length
                || timestampsNs[w.StartRow] != w.StartNs || timestampsNs[w.EndRow] != w.EndNs)
            {
                throw new ArgumentException($"{relativePath}: window rows {w.StartRow}..{w.EndRow} do not lie in order on the file's rows.", nameof(windows));
            }

            previousEnd = w.EndRow;
        }

        RelativePath = relativePath;
        TimestampsNs = timestampsNs;
        Values = values;
        Windows = windows;
    }

    /// <summary>The path under NAB's <c>data</c> folder with forward slashes, for example <c>realKnownCause/nyc_taxi.csv</c>.</summary>
    public string RelativePath { get; }

    /// <summary>Each row's timestamp in nanoseconds since the Unix epoch, in file order.</summary>
    public long[] TimestampsNs { get; }

    /// <summary>Each row's value, in file order.</summary>
    public double[] Values { get; }

    /// <summary>The labelled anomaly windows in time order.</summary>
    public IReadOnlyList<NabWindow> Windows { get; }

    /// <summary>The number of rows.</summary>
    public int RowCount => Values.Length;

    /// <summary>The category folder, for example <c>realKnownCause</c>; empty when the file sits at the top.</summary>
    public string Category
    {
        get
        {
            var slash = RelativePath.LastIndexOf('/');
            return slash < 0 ? string.Empty : RelativePath[..slash];
        }
    }

    /// <summary>The file name, for example <c>nyc_taxi.csv</c>.</summary>
    public string FileName => RelativePath[(RelativePath.LastIndexOf('/') + 1)..];

    /// <inheritdoc/>
    public override string ToString() => RelativePath;
}
