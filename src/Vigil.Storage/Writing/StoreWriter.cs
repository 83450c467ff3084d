using System.Diagnostics;
using Vigil.Engine.Live;

namespace Vigil.Storage.Writing;

/// <summary>What a <see cref="StoreWriter"/> has done and holds now.</summary>
/// <param name="BufferedRows">Rows waiting in memory for the next flush.</param>
/// <param name="SpoolFiles">Spool files waiting for the store.</param>
/// <param name="HeldBatches">Batches neither the store nor the spool took, held in memory until one does.</param>
/// <param name="RowsWritten">Rows written to the store so far (from memory and from the spool).</param>
/// <param name="BatchesWritten">Batches written to the store so far.</param>
/// <param name="BatchesSpooled">Batches written to the spool so far.</param>
/// <param name="BatchesReplayed">Spooled batches written to the store so far.</param>
/// <param name="RecordsRejected">Spool records skipped because they could not be read (damaged on disk) so far.</param>
/// <param name="Failures">Failed writes to the store so far.</param>
/// <param name="StoreAvailable">Whether the latest attempt to write to the store succeeded.</param>
/// <param name="LastError">The latest failure's message, or null.</param>
public sealed record StoreWriterStatus(
    long BufferedRows,
    int SpoolFiles,
    int HeldBatches,
    long RowsWritten,
    long BatchesWritten,
    long BatchesSpooled,
    long BatchesReplayed,
    long RecordsRejected,
    long Failures,
    bool StoreAvailable,
    string? LastError);

/// <summary>
/// Takes market steps and warning events off the engine's path and writes them to an <see cref="IStore"/> in batches:
/// every <see cref="StoreWriterOptions.FlushInterval"/>, or at once when <see cref="StoreWriterOptions.BatchSize"/>
/// rows are waiting. When a write fails the batch goes to an append-only spool on disk and the store is retried with
/// backoff; while anything is spooled, new batches queue behind it, so the store receives everything once and in
/// order when it is back (its writes are idempotent, so a batch replayed twice after a crash is harmless). Spooled
/// batches survive a restart and are replayed at the next start. Retention deletes old facts periodically.
/// </summary>
/// <remarks><see cref="Add(MarketUpdate)"/> and <see cref="Add(PublishedWarning)"/> are thread-safe and never wait for the store.</remarks>
public sealed class StoreWriter : IAsyncDisposable
{
    private static readonly StoreWriterObserver NoObserver = new NullObserver();

    private readonly IStore _store;
    private readonly StoreWriterOptions _options;
    private readonly StoreWriterObserver _observer;
    private readonly Spool _spool;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly List<StoreBatch> _held = [];
    private readonly Dictionary<string, int> _replayed = new(StringComparer.Ordinal);
    private List<MarketUpdate> _steps = [];
    private List<PublishedWarning> _warnings = [];
    private List<TaskCompletionSource> _flushWaiters = [];
    private long _bufferedRows;
    private bool _wakeRequested;
    private bool _stopping;
    private Task? _loop;
    private long _retryAtTimestamp;
    private TimeSpan _retryDelay;
    private long _lastRetentionTimestamp;
    private long _newestFactNs = long.MinValue;
    private long _rowsWritten;
    private long _batchesWritten;
    private long _batchesSpooled;
    private long _batchesReplayed;
    private long _recordsRejected;
    private long _failures;
    private volatile bool _storeAvailable = true;
    private volatile string? _lastError;
    private volatile int _spoolFiles;
    private volatile int _heldBatches;

    /// <summary>Creates the writer; call <see cref="StartAsync"/> before adding.</summary>
    /// <param name="store">The store, initialised.</param>
    /// <param name="options">Batching, spooling and retention.</param>
    /// <param name="observer">Told what happens, for logs and metrics; null for nobody.</param>
    public StoreWriter(IStore store, StoreWriterOptions options, StoreWriterObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _store = store;
        _options = options;
        _observer = observer ?? NoObserver;
        _spool = new Spool(options.SpoolDirectory, options.MaxSpoolFileBytes);
        _retryDelay = options.MinRetryDelay;
    }

    /// <summary>The spool's folder.</summary>
    public string SpoolDirectory => _spool.Directory;

    /// <summary>What the writer has done and holds now.</summary>
    public StoreWriterStatus Status => new(
        Interlocked.Read(ref _bufferedRows),
        _spoolFiles,
        _heldBatches,
        Interlocked.Read(ref _rowsWritten),
        Interlocked.Read(ref _batchesWritten),
        Interlocked.Read(ref _batchesSpooled),
        Interlocked.Read(ref _batchesReplayed),
        Interlocked.Read(ref _recordsRejected),
        Interlocked.Read(ref _failures),
        _storeAvailable,
        _lastError);

    /// <summary>Finds what a previous run left in the spool (replayed first) and starts the writing loop.</summary>
    /// <param name="cancellationToken">Unused; the loop runs until <see cref="StopAsync"/>.</param>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_loop is not null || _stopping)
            {
                throw new InvalidOperationException("The store writer has already been started.");
            }

            _spool.Load();
            _spoolFiles = _spool.Files.Count;
            _lastRetentionTimestamp = Stopwatch.GetTimestamp();
            _loop = Task.Run(RunAsync, CancellationToken.None);
            if (!_spool.IsEmpty)
            {
                Wake();
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Buffers a market step (its facts, its step row and its detector scores).</summary>
    /// <param name="update">The step.</param>
    /// <exception cref="InvalidOperationException">The writer has stopped.</exception>
    public void Add(MarketUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        lock (_gate)
        {
            ThrowIfStopped();
            _steps.Add(update);
            Buffered(RowsOf(update));
        }
    }

    /// <summary>Buffers a warning event.</summary>
    /// <param name="warning">The event.</param>
    /// <exception cref="InvalidOperationException">The writer has stopped.</exception>
    public void Add(PublishedWarning warning)
    {
        ArgumentNullException.ThrowIfNull(warning);
        lock (_gate)
        {
            ThrowIfStopped();
            _warnings.Add(warning);
            Buffered(1);
        }
    }

    /// <summary>
    /// Writes what is buffered now, without waiting for the interval. Completes once it reached the store or the
    /// spool (and, while anything is spooled, after one attempt to replay the spool if a retry is due).
    /// </summary>
    /// <param name="cancellationToken">Stops the wait (not the flush).</param>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_loop is null || _stopping)
            {
                throw new InvalidOperationException("The store writer is not running.");
            }

            _flushWaiters.Add(waiter);
            Wake();
        }

        return waiter.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Stops taking rows, writes everything buffered (spooling it if the store is unavailable) and ends the loop.
    /// Safe to call more than once.
    /// </summary>
    /// <param name="cancellationToken">Stops the wait (the loop still finishes its last flush).</param>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        Task? loop;
        lock (_gate)
        {
            _stopping = true;
            loop = _loop;
            Wake();
        }

        if (loop is not null)
        {
            await loop.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Stops the writer as <see cref="StopAsync"/> does.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _wake.Dispose();
    }

    private static int RowsOf(MarketUpdate update) => 1 + update.Instruments.Count + update.Detectors.Count;

    private void Buffered(int rows)
    {
        var total = Interlocked.Add(ref _bufferedRows, rows);
        if (total >= _options.BatchSize)
        {
            Wake();
        }
    }

    private void Wake()
    {
        // Called under _gate: one pending wake is enough, however many rows arrive before the loop takes it.
        if (!_wakeRequested)
        {
            _wakeRequested = true;
            _wake.Release();
        }
    }

    private void ThrowIfStopped()
    {
        if (_stopping)
        {
            throw new InvalidOperationException("The store writer has stopped and takes no more rows.");
        }
    }

    private bool HasBacklog => !_spool.IsEmpty || _held.Count > 0;

    private async Task RunAsync()
    {
        while (true)
        {
            await _wake.WaitAsync(_options.FlushInterval);
            bool stopping;
            List<TaskCompletionSource> waiters;
            List<StoreBatch> batches;
            lock (_gate)
            {
                _wakeRequested = false;
                stopping = _stopping;
                waiters = _flushWaiters;
                _flushWaiters = [];
                batches = TakeBuffer();
            }

            try
            {
                await DrainAsync(batches);
                if (!stopping)
                {
                    await RetainAsync();
                }
            }
            catch (Exception e)
            {
                // A fault here is a bug, not an outage: report it and keep the loop (and the data) alive.
                Failed(e);
            }
            finally
            {
                UpdateCounts();
                foreach (var waiter in waiters)
                {
                    waiter.TrySetResult();
                }
            }

            if (stopping)
            {
                return;
            }
        }
    }

    /// <summary>Takes the buffer as batches of at most <see cref="StoreWriterOptions.BatchSize"/> rows. Under _gate.</summary>
    private List<StoreBatch> TakeBuffer()
    {
        var batches = new List<StoreBatch>();
        if (_steps.Count == 0 && _warnings.Count == 0)
        {
            return batches;
        }

        var steps = _steps;
        var warnings = _warnings;
        _steps = [];
        _warnings = [];
        Interlocked.Exchange(ref _bufferedRows, 0);

        // Warnings are few: they ride with the first batch. Steps are split so no transaction exceeds the batch size.
        var chunk = new List<MarketUpdate>();
        var rows = warnings.Count;
        var first = true;
        foreach (var step in steps)
        {
            var stepRows = RowsOf(step);
            if (chunk.Count > 0 && rows + stepRows > _options.BatchSize)
            {
                batches.Add(new StoreBatch(chunk, first ? warnings : []));
                first = false;
                chunk = [];
                rows = 0;
            }

            chunk.Add(step);
            rows += stepRows;
        }

        batches.Add(new StoreBatch(chunk, first ? warnings : []));
        return batches;
    }

    private async Task DrainAsync(List<StoreBatch> batches)
    {
        if (HasBacklog)
        {
            // Something is already spooled: new batches queue behind it so the store sees everything in order.
            foreach (var batch in batches)
            {
                SpoolOrHold(batch);
            }

            if (RetryDue())
            {
                await ReplayAsync();
            }

            return;
        }

        for (var i = 0; i < batches.Count; i++)
        {
            if (!await TryWriteAsync(batches[i], fromSpool: false))
            {
                for (var j = i; j < batches.Count; j++)
                {
                    SpoolOrHold(batches[j]);
                }

                return;
            }
        }
    }

    private async Task<bool> TryWriteAsync(StoreBatch batch, bool fromSpool)
    {
        if (batch.IsEmpty)
        {
            return true;
        }

        try
        {
            await _store.WriteAsync(batch, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Failed(e);
            return false;
        }

        var facts = 0;
        var detectors = 0;
        foreach (var step in batch.Steps)
        {
            facts += step.Instruments.Count;
            detectors += step.Detectors.Count;
            if (step.TimestampNs > _newestFactNs)
            {
                _newestFactNs = step.TimestampNs;
            }
        }

        var result = new StoreWriteResult(facts, batch.Steps.Count, detectors, batch.Warnings.Count, fromSpool);
        Interlocked.Add(ref _rowsWritten, result.Rows);
        Interlocked.Increment(ref _batchesWritten);
        if (fromSpool)
        {
            Interlocked.Increment(ref _batchesReplayed);
        }

        _storeAvailable = true;
        _retryDelay = _options.MinRetryDelay;
        Notify(o => o.OnWritten(result));
        return true;
    }

    private void Failed(Exception error)
    {
        Interlocked.Increment(ref _failures);
        _storeAvailable = false;
        _lastError = error.Message;
        var wait = _retryDelay;
        _retryAtTimestamp = Stopwatch.GetTimestamp() + (long)(wait.TotalSeconds * Stopwatch.Frequency);
        var doubled = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, _options.MaxRetryDelay.Ticks));
        _retryDelay = doubled;
        Notify(o => o.OnWriteFailed(error, wait));
    }

    private bool RetryDue() => Stopwatch.GetTimestamp() >= _retryAtTimestamp;

    private void SpoolOrHold(StoreBatch batch)
    {
        if (!batch.IsEmpty)
        {
            _held.Add(batch);
        }

        // Earlier held batches go first, so the spool keeps the order they arrived in.
        while (_held.Count > 0)
        {
            var next = _held[0];
            string file;
            try
            {
                file = _spool.Append(new SpoolRecord(SpoolRecord.CurrentVersion, [.. next.Steps], [.. next.Warnings]));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Notify(o => o.OnSpoolFailed(e));
                return;
            }

            _held.RemoveAt(0);
            Interlocked.Increment(ref _batchesSpooled);
            var rows = next.Warnings.Count;
            foreach (var step in next.Steps)
            {
                rows += RowsOf(step);
            }

            Notify(o => o.OnSpooled(rows, file));
        }
    }

    /// <summary>Writes the spool to the store, oldest first, deleting each file once all of it is in; then the held batches.</summary>
    private async Task ReplayAsync()
    {
        _spool.Seal();
        foreach (var file in _spool.Files.ToArray())
        {
            List<(int Line, SpoolRecord? Record, Exception? Error)> records;
            try
            {
                records = Spool.Read(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Failed(e);
                return;
            }

            // Records already written in this run are skipped; after a restart they are written again, harmlessly.
            var done = _replayed.GetValueOrDefault(file);
            var batches = 0;
            foreach (var (line, record, error) in records)
            {
                if (line <= done)
                {
                    continue;
                }

                if (record is null)
                {
                    Interlocked.Increment(ref _recordsRejected);
                    Notify(o => o.OnSpoolRecordUnreadable(file, line, error!));
                }
                else if (!await TryWriteAsync(new StoreBatch(record.Steps, record.Warnings), fromSpool: true))
                {
                    return;
                }

                _replayed[file] = line;
                batches++;
            }

            try
            {
                _spool.Delete(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Failed(e);
                return;
            }

            _replayed.Remove(file);
            _spoolFiles = _spool.Files.Count;
            Notify(o => o.OnSpoolReplayed(file, batches));
        }

        while (_held.Count > 0)
        {
            if (!await TryWriteAsync(_held[0], fromSpool: false))
            {
                return;
            }

            _held.RemoveAt(0);
        }
    }

    private async Task RetainAsync()
    {
        if (_options.FactRetentionHours <= 0 || _newestFactNs == long.MinValue || HasBacklog
            || Stopwatch.GetElapsedTime(_lastRetentionTimestamp) < _options.RetentionInterval)
        {
            return;
        }

        _lastRetentionTimestamp = Stopwatch.GetTimestamp();
        var cutoff = _newestFactNs - (long)(_options.FactRetentionHours * TimeBucket.NsPerHour);
        try
        {
            var deleted = await _store.DeleteFactsBeforeAsync(cutoff, CancellationToken.None);
            Notify(o => o.OnRetention(cutoff, deleted));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Notify(o => o.OnRetentionFailed(e));
        }
    }

    private void UpdateCounts()
    {
        _spoolFiles = _spool.Files.Count;
        _heldBatches = _held.Count;
    }

    private void Notify(Action<StoreWriterObserver> report)
    {
        try
        {
            report(_observer);
        }
        catch (Exception)
        {
            // The observer is the host's logging; if it fails there is nowhere left to report, and writing goes on.
        }
    }

    private sealed class NullObserver : StoreWriterObserver;
}
