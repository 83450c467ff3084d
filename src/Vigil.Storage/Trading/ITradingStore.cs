using Vigil.Engine.Trading;

namespace Vigil.Storage.Trading;

/// <summary>
/// Where trading runs and their audit log survive a restart. Writes are idempotent: an audit event is keyed by its
/// sequence number (writing it again changes nothing) and a run by its id (the latest snapshot wins).
/// </summary>
public interface ITradingStore : IAsyncDisposable
{
    /// <summary>Opens the store and brings its schema up to date; call once before anything else.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes run snapshots and audit events in one transaction.</summary>
    /// <param name="runs">Run snapshots to insert or replace, by id.</param>
    /// <param name="audit">Audit events to append; ones already stored (same sequence) are skipped.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task WriteAsync(IReadOnlyList<TradingRun> runs, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken = default);

    /// <summary>
    /// What a registry restarts from: every run and the last audit sequence. Warnings are not restored: they belong
    /// to the engine run that raised them, and a restarted engine raises its own.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The state, with <see cref="Vigil.Engine.Warnings.Severity.None"/> as the warning in force.</returns>
    Task<TradingRegistryState> LoadAsync(CancellationToken cancellationToken = default);

    /// <summary>Audit events after <paramref name="afterSequence"/>, oldest first.</summary>
    /// <param name="afterSequence">The last sequence the caller has seen (0 for the first page).</param>
    /// <param name="limit">The most events to return, 1 to <see cref="SqliteTradingStore.MaxAuditPerPage"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The events.</returns>
    Task<IReadOnlyList<AuditEvent>> GetAuditAfterAsync(long afterSequence, int limit, CancellationToken cancellationToken = default);
}
