using Vigil.Core.Instruments;

namespace Vigil.Engine.Replay;

/// <summary>How a replay file is read.</summary>
public sealed record ReplayOptions
{
    /// <summary>The default options: format detected, lenient, 100 rejection samples.</summary>
    public static ReplayOptions Default { get; } = new();

    /// <summary>The file's layout; <see cref="ReplayFormat.Auto"/> detects it from the header.</summary>
    public ReplayFormat Format { get; init; } = ReplayFormat.Auto;

    /// <summary>Whether the first rejection throws a <see cref="ReplayException"/> instead of being counted and skipped.</summary>
    public bool Strict { get; init; }

    /// <summary>How many rejections keep their details in <see cref="ReplaySummary.Samples"/>; all are counted. At least 0.</summary>
    public int MaxRejectionSamples { get; init; } = 100;

    /// <summary>
    /// The symbol of the single series in a FRED, NAB or Yahoo file; null uses the file name without its extensions.
    /// Ignored by the long and wide formats, whose symbols come from the file.
    /// </summary>
    public string? Symbol { get; init; }

    /// <summary>Renames wide-format columns to symbols (header name → symbol, case-insensitive); unmapped columns keep their names.</summary>
    public IReadOnlyDictionary<string, string>? ColumnSymbols { get; init; }

    /// <summary>
    /// The value kind of symbols that are not in <see cref="DefaultUniverse"/>; null uses the format's default:
    /// <see cref="ValueKind.Price"/> for long and Yahoo files, <see cref="ValueKind.Level"/> for FRED, NAB and wide
    /// files (rates, spreads, indices and measurements that may be zero or negative).
    /// </summary>
    public ValueKind? ValueKind { get; init; }

    /// <summary>
    /// Symbols (case-insensitive) whose values are levels of any sign whatever the format's default: the indicator
    /// series of a replay (sentiment scores, spreads), which <see cref="IndicatorRouter"/> sends to the engine's
    /// indicator book.
    /// </summary>
    public IReadOnlyCollection<string>? LevelSymbols { get; init; }

    /// <summary>The spec a symbol the file introduces gets: a level for <see cref="LevelSymbols"/>, else the built-in or default kind.</summary>
    internal Core.Instruments.InstrumentSpec SpecFor(string symbol, Core.Instruments.ValueKind kind)
    {
        var spec = Core.Instruments.DefaultUniverse.SpecFor(symbol, kind);
        return LevelSymbols is not null && LevelSymbols.Contains(symbol, StringComparer.OrdinalIgnoreCase)
            ? spec with { ValueKind = Core.Instruments.ValueKind.Level }
            : spec;
    }
}
