using Vigil.Core.Instruments;

namespace Vigil.Storage.Sqlite;

/// <summary>How a <see cref="SqliteStore"/> opens its database.</summary>
public sealed record SqliteStoreOptions
{
    /// <summary>The database file; its folder is created if missing.</summary>
    public required string Path { get; init; }

    /// <summary>
    /// How long a statement waits for another connection's lock before it fails (SQLite's busy timeout); at least
    /// one second in effect, since Microsoft.Data.Sqlite's own retry counts whole seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether each commit waits for the write-ahead log to reach the disk (<c>synchronous=FULL</c>). A write the store
    /// acknowledged then survives a power cut; without it (<c>NORMAL</c>) it survives a crash of the process only.
    /// </summary>
    public bool DurableCommits { get; init; } = true;

    /// <summary>The metadata for <c>dim_asset</c> from a symbol; by default the default universe's (unknown symbols unclassified).</summary>
    public Func<string, InstrumentSpec> DescribeInstrument { get; init; } = symbol => DefaultUniverse.SpecFor(symbol);
}
