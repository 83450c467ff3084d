using Vigil.Engine.Bus;
using Vigil.Engine.Live;
using Vigil.Storage;
using Vigil.Storage.Sqlite;
using Vigil.Storage.Writing;

namespace Vigil.Server.Store;

/// <summary>
/// Runs the store for the life of the service. Before any hosted service starts it migrates the store, starts the
/// writer (which replays what a previous run spooled) and subscribes to the bus, so the writer sees the engine's first
/// step. A store that cannot be opened at start (locked by another process, its disk unavailable) does not stop the
/// service: the writer spools until a background retry opens it. A schema from a newer build does stop it. After every hosted service has stopped (the engine included) it drains the subscriptions and stops the
/// writer, which flushes what is buffered to the store or, if the store is unavailable, to the spool.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The stopping source has no timer, so there is nothing to release; disposing it raced the host's last lifecycle call.")]
internal sealed partial class StoreHost(IStore store, StoreWriter writer, IBus bus, ILogger<StoreHost> logger) : IHostedLifecycleService
{
    // The writer only buffers in memory, so these never fill while the service is healthy; if they do, the engine
    // still never waits (drop-oldest), and the drops show in the bus counters.
    private const int MarketCapacity = 16_384;
    private const int WarningCapacity = 4_096;

    // Never disposed (see the class's suppression): the host may dispose its services before StoppedAsync runs
    // (a factory torn down while starting), which must still be able to cancel.
    private readonly CancellationTokenSource _stopping = new();
    private IBusSubscription<MarketUpdate>? _market;
    private IBusSubscription<PublishedWarning>? _warnings;
    private static readonly TimeSpan InitializeRetryDelay = TimeSpan.FromSeconds(2);

    private Task _pumps = Task.CompletedTask;

    private Task _initializing = Task.CompletedTask;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.InitializeAsync(cancellationToken);
        }
        catch (Exception e) when (e is not StoreSchemaException and not OperationCanceledException)
        {
            LogUnavailableAtStart(logger, e.Message);
            _initializing = InitializeLaterAsync(_stopping.Token);
        }

        await writer.StartAsync(cancellationToken);
        _market = bus.Subscribe(LiveTopics.Market, new SubscriptionOptions<MarketUpdate>
        {
            Name = "store",
            Capacity = MarketCapacity,
            Policy = BackpressurePolicy.DropOldest,
        });
        _warnings = bus.Subscribe(LiveTopics.Warnings, new SubscriptionOptions<PublishedWarning>
        {
            Name = "store",
            Capacity = WarningCapacity,
            Policy = BackpressurePolicy.DropOldest,
        });
        _pumps = Task.WhenAll(PumpAsync(_market, writer.Add), PumpAsync(_warnings, writer.Add));
        LogStarted(logger, writer.SpoolDirectory, writer.Status.SpoolFiles);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        // The engine has stopped publishing: take what is left in the subscriptions, then flush and stop the writer.
        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_pumps, _initializing).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }

        Drain(_market);
        Drain(_warnings);
        await writer.StopAsync(cancellationToken);
        var status = writer.Status;
        LogStopped(logger, status.RowsWritten, status.BatchesSpooled, status.SpoolFiles);
        if (_market is not null)
        {
            await _market.DisposeAsync();
        }

        if (_warnings is not null)
        {
            await _warnings.DisposeAsync();
        }
    }

    private async Task InitializeLaterAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(InitializeRetryDelay, cancellationToken);
            try
            {
                await store.InitializeAsync(cancellationToken);
                LogInitializedLate(logger);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogStillUnavailable(logger, e.Message);
            }
        }
    }

    private void Drain<T>(IBusSubscription<T>? subscription)
    {
        while (subscription is not null && subscription.TryRead(out var message))
        {
            Add(message);
        }
    }

    private void Add<T>(T message)
    {
        switch (message)
        {
            case MarketUpdate update:
                writer.Add(update);
                break;
            case PublishedWarning warning:
                writer.Add(warning);
                break;
        }
    }

    private async Task PumpAsync<T>(IBusSubscription<T> subscription, Action<T> add)
    {
        try
        {
            while (await subscription.WaitToReadAsync(_stopping.Token))
            {
                while (subscription.TryRead(out var message))
                {
                    add(message);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogPumpFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Store ready; spool at {SpoolDirectory} ({SpoolFiles} files waiting)")]
    private static partial void LogStarted(ILogger logger, string spoolDirectory, int spoolFiles);

    [LoggerMessage(Level = LogLevel.Information, Message = "Store writer stopped: {Rows} rows written, {Spooled} batches spooled, {SpoolFiles} spool files waiting")]
    private static partial void LogStopped(ILogger logger, long rows, long spooled, int spoolFiles);

    [LoggerMessage(Level = LogLevel.Error, Message = "The store could not be opened at start; writes go to the spool until it can: {Reason}")]
    private static partial void LogUnavailableAtStart(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The store still cannot be opened: {Reason}")]
    private static partial void LogStillUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The store is open; the spool is replayed into it")]
    private static partial void LogInitializedLate(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "The store's bus reader failed; writes stop until restart")]
    private static partial void LogPumpFailed(ILogger logger, Exception error);
}
