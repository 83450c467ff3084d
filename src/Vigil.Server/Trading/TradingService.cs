using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Vigil.Engine.Trading;
using Vigil.Server.Live;
using Vigil.Server.Options;
using Vigil.Storage.Trading;

namespace Vigil.Server.Trading;

/// <summary>
/// Trading runs in the service: restores the <see cref="TradingRunRegistry"/> from the store before the engine starts,
/// hands it to the live view (so warnings reach it on the engine thread, in their market step), writes every audited
/// change to the store in order, and fans changes out to the SSE stream and the webhook.
/// </summary>
/// <remarks>
/// Policy halts happen on the engine thread, which must never wait for a disk: they are queued and written at once by
/// a background writer, and whatever is queued is written before shutdown completes. API commands wait for their
/// writes (<see cref="PersistAsync"/>) before they answer, so an acknowledged halt or resume is on disk.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The stopping source has no timer; the store is disposed in StoppedAsync.")]
internal sealed partial class TradingService(
    ITradingStore store,
    LiveMarket live,
    TradingWebhook webhook,
    IOptions<VigilOptions> options,
    ILogger<TradingService> logger) : IHostedLifecycleService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly Channel<PendingWrite> _writes = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _subscribersGate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _restoreStopping = new();
    private TradingRunRegistry? _registry;
    private Channel<AuditEvent>[] _subscribers = [];
    private Task _writer = Task.CompletedTask;
    private Task _restoring = Task.CompletedTask;
    private long _writeFailures;

    /// <summary>The registry; available once the service has started.</summary>
    public TradingRunRegistry Registry => Volatile.Read(ref _registry) ?? throw new InvalidOperationException("Trading runs are not restored yet.");

    /// <summary>The store, for audit history.</summary>
    public ITradingStore Store => store;

    /// <summary>Failed attempts to write to the store since start (each is retried).</summary>
    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    /// <summary>Whether the runs are restored; until then the runs API answers 503, so no order passes on a guess.</summary>
    public bool IsRestored => Volatile.Read(ref _registry) is not null;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RestoreAsync(cancellationToken);
        }
        catch (Exception e) when (e is not Vigil.Storage.Sqlite.StoreSchemaException and not OperationCanceledException)
        {
            // The service (and its engine) still starts, as with the main store; the runs API stays closed until a
            // background retry has read the halts.
            LogUnavailableAtStart(logger, e.Message);
            _restoring = RestoreLaterAsync(_restoreStopping.Token);
        }
    }

    private async Task RestoreLaterAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RetryDelay, stoppingToken);
                await RestoreAsync(stoppingToken);
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e)
            {
                LogUnavailableAtStart(logger, e.Message);
            }
        }
    }

    private async Task RestoreAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        var state = await store.LoadAsync(cancellationToken);
        var trading = options.Value.Trading;
        var registry = TradingRunRegistry.Restore(state, new HaltPolicyOptions(trading.ReduceAt, trading.HaltAt));
        registry.AuditAppended += OnAuditAppended;
        _writer = Task.Run(() => WriteLoopAsync(_stopping.Token), CancellationToken.None);
        Volatile.Write(ref _registry, registry);
        live.Trading = registry;
        var halted = state.Runs.Count(r => r.State == RunState.Halted);
        LogRestored(logger, state.Runs.Count, halted, state.LastAuditSequence);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        // The engine has stopped: no more policy changes. Write what is queued, then close.
        live.Trading = null;
        await _restoreStopping.CancelAsync();
        await _restoring;
        _writes.Writer.TryComplete();
        lock (_subscribersGate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryComplete();
            }

            _subscribers = [];
        }

        try
        {
            await _writer.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout: stop retrying a store that does not answer.
            await _stopping.CancelAsync();
            LogUnwritten(logger);
        }

        await store.DisposeAsync();
    }

    /// <summary>
    /// Queues <paramref name="runs"/> for the store behind every change already queued, and completes once all of it
    /// is written.
    /// </summary>
    /// <param name="runs">Run snapshots to write (a new registration); may be empty to wait for what is queued.</param>
    /// <param name="cancellationToken">Cancels the wait (the write still happens).</param>
    public Task PersistAsync(IReadOnlyList<TradingRun> runs, CancellationToken cancellationToken)
    {
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_writes.Writer.TryWrite(new PendingWrite(runs, null, written)))
        {
            throw new InvalidOperationException("The service is stopping.");
        }

        return written.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Registers a listener for state changes from now on; the stream ends (completes) if it falls far behind.</summary>
    /// <returns>The listener's queue.</returns>
    public ChannelReader<AuditEvent> Subscribe()
    {
        var channel = Channel.CreateBounded<AuditEvent>(new BoundedChannelOptions(4096) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        lock (_subscribersGate)
        {
            _subscribers = [.. _subscribers, channel];
        }

        return channel.Reader;
    }

    /// <summary>Removes a listener.</summary>
    /// <param name="reader">The queue <see cref="Subscribe"/> returned.</param>
    public void Unsubscribe(ChannelReader<AuditEvent> reader)
    {
        lock (_subscribersGate)
        {
            _subscribers = [.. _subscribers.Where(s => s.Reader != reader)];
        }
    }

    /// <summary>
    /// Every audit event after <paramref name="afterSequence"/> the service knows, oldest first and at most
    /// <paramref name="limit"/>: the store's and the registry's in-memory log, merged by sequence so a store that
    /// lags a moment behind leaves no gap.
    /// </summary>
    public async Task<IReadOnlyList<AuditEvent>> AuditAfterAsync(long afterSequence, int limit, CancellationToken cancellationToken)
    {
        var merged = new SortedDictionary<long, AuditEvent>();
        foreach (var change in await store.GetAuditAfterAsync(afterSequence, limit, cancellationToken))
        {
            merged.TryAdd(change.Sequence, change);
        }

        foreach (var change in Registry.AuditSince(afterSequence))
        {
            merged.TryAdd(change.Sequence, change);
        }

        return [.. merged.Values.Take(limit)];
    }

    // Under the registry's writer lock, on whichever thread made the change (the engine's, for policy changes):
    // only hand the change on.
    private void OnAuditAppended(AuditEvent change)
    {
        var run = _registry?.Get(change.RunId);
        _writes.Writer.TryWrite(new PendingWrite(run is null ? [] : [run], change, null));
        foreach (var subscriber in _subscribers)
        {
            if (!subscriber.Writer.TryWrite(change))
            {
                // Hopelessly behind: its stream ends and the client resumes from its last id.
                subscriber.Writer.TryComplete();
            }
        }

        webhook.Enqueue(change, run);
    }

    private async Task WriteLoopAsync(CancellationToken stoppingToken)
    {
        var runs = new Dictionary<string, TradingRun>(StringComparer.Ordinal);
        var audit = new List<AuditEvent>();
        var waiting = new List<TaskCompletionSource>();
        var reader = _writes.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            while (reader.TryRead(out var pending))
            {
                foreach (var run in pending.Runs)
                {
                    runs[run.Id] = run;
                }

                if (pending.Audit is { } change)
                {
                    audit.Add(change);
                }

                if (pending.Written is { } written)
                {
                    waiting.Add(written);
                }
            }

            while (true)
            {
                try
                {
                    await store.WriteAsync([.. runs.Values], audit, stoppingToken);
                    break;
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    foreach (var written in waiting)
                    {
                        written.TrySetCanceled(stoppingToken);
                    }

                    return;
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref _writeFailures);
                    LogWriteFailed(logger, audit.Count, runs.Count, e.Message);
                    try
                    {
                        await Task.Delay(RetryDelay, stoppingToken);
                    }
                    catch (OperationCanceledException)
                    {
                        foreach (var written in waiting)
                        {
                            written.TrySetCanceled(stoppingToken);
                        }

                        return;
                    }
                }
            }

            foreach (var written in waiting)
            {
                written.TrySetResult();
            }

            runs.Clear();
            audit.Clear();
            waiting.Clear();
        }
    }

    private readonly record struct PendingWrite(IReadOnlyList<TradingRun> Runs, AuditEvent? Audit, TaskCompletionSource? Written);

    [LoggerMessage(Level = LogLevel.Error, Message = "Trading runs cannot be read from the store yet (retrying; the runs API answers 503 meanwhile): {Reason}")]
    private static partial void LogUnavailableAtStart(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored {Runs} trading runs ({Halted} halted); audit continues after sequence {Sequence}")]
    private static partial void LogRestored(ILogger logger, int runs, int halted, long sequence);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing {AuditEvents} trading audit events and {Runs} runs failed, retrying: {Reason}")]
    private static partial void LogWriteFailed(ILogger logger, int auditEvents, int runs, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Shutdown timed out before every trading change was written to the store")]
    private static partial void LogUnwritten(ILogger logger);
}
