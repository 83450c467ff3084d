using System.Globalization;
using System.Text;

namespace Vigil.Engine.Replay;

/// <summary>
/// What a replay read so far: rows, ticks, missing values and rejections. It is updated as the source is read and is
/// final once <see cref="ReplaySource.ReadAsync"/> has returned 0.
/// </summary>
public sealed class ReplaySummary
{
    private static readonly int ReasonCount = Enum.GetValues<RejectReason>().Length;

    private readonly long[] _rejectionsByReason = new long[ReasonCount];
    private readonly List<ReplayRejection> _samples = [];
    private readonly int _maxSamples;

    internal ReplaySummary(string filePath, ReplayFormat format, bool newestFirst, int maxSamples)
    {
        FilePath = filePath;
        Format = format;
        NewestFirst = newestFirst;
        _maxSamples = maxSamples;
    }

    /// <summary>The file, as it was named when opened.</summary>
    public string FilePath { get; }

    /// <summary>The file's format (never <see cref="ReplayFormat.Auto"/>).</summary>
    public ReplayFormat Format { get; }

    /// <summary>Whether the file lists rows newest first and is therefore replayed from its last line up.</summary>
    public bool NewestFirst { get; }

    /// <summary>Data rows read: non-empty lines after the header.</summary>
    public long RowsRead { get; internal set; }

    /// <summary>Ticks handed to the reader.</summary>
    public long TicksEmitted { get; internal set; }

    /// <summary>Values that are absent (an empty cell, FRED's <c>.</c>, Yahoo's <c>null</c>): skipped and not rejections.</summary>
    public long MissingValues { get; internal set; }

    /// <summary>Rejections of every reason.</summary>
    public long Rejections { get; private set; }

    /// <summary>The first <see cref="ReplayOptions.MaxRejectionSamples"/> rejections, in file order of discovery.</summary>
    public IReadOnlyList<ReplayRejection> Samples => _samples;

    /// <summary>The number of rejections for <paramref name="reason"/>.</summary>
    /// <param name="reason">The reason.</param>
    public long RejectionsFor(RejectReason reason) =>
        (uint)reason < (uint)_rejectionsByReason.Length ? _rejectionsByReason[(int)reason] : 0;

    /// <summary>A one-paragraph account: counts, rejections by reason and the sampled rejections.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{FilePath} ({Format}{(NewestFirst ? ", newest first" : string.Empty)}): ");
        text.Append(CultureInfo.InvariantCulture, $"{RowsRead} rows, {TicksEmitted} ticks, {MissingValues} missing, {Rejections} rejected");
        for (var i = 0; i < _rejectionsByReason.Length; i++)
        {
            if (_rejectionsByReason[i] > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"; {(RejectReason)i} {_rejectionsByReason[i]}");
            }
        }

        foreach (var sample in _samples)
        {
            text.AppendLine().Append("  ").Append(sample);
        }

        return text.ToString();
    }

    /// <summary>Counts a rejection and tells whether its details should be kept.</summary>
    internal bool Count(RejectReason reason)
    {
        Rejections++;
        _rejectionsByReason[(int)reason]++;
        return _samples.Count < _maxSamples;
    }

    internal void AddSample(ReplayRejection rejection) => _samples.Add(rejection);
}
