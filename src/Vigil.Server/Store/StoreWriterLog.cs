using Vigil.Server.Metrics;
using Vigil.Storage.Writing;

namespace Vigil.Server.Store;

/// <summary>Logs and counts what the store writer reports (the library does not log; the host does).</summary>
internal sealed partial class StoreWriterLog(VigilMetrics metrics, ILogger<StoreWriter> logger) : StoreWriterObserver
{
    public override void OnWritten(StoreWriteResult result)
    {
        metrics.StoreRows.Add(result.Facts, new KeyValuePair<string, object?>("table", "fact_market_metrics"));
        metrics.StoreRows.Add(result.Steps, new KeyValuePair<string, object?>("table", "market_steps"));
        metrics.StoreRows.Add(result.DetectorScores, new KeyValuePair<string, object?>("table", "step_detector_scores"));
        metrics.StoreRows.Add(result.WarningEvents, new KeyValuePair<string, object?>("table", "warning_events"));
    }

    public override void OnWriteFailed(Exception error, TimeSpan retryIn)
    {
        metrics.StoreFailures.Add(1);
        LogWriteFailed(logger, retryIn.TotalMilliseconds, error.Message);
    }

    public override void OnSpooled(int rows, string file)
    {
        metrics.StoreSpooled.Add(1);
        LogSpooled(logger, rows, file);
    }

    public override void OnSpoolFailed(Exception error) => LogSpoolFailed(logger, error.Message);

    public override void OnSpoolReplayed(string file, int batches) => LogReplayed(logger, file, batches);

    public override void OnSpoolRecordUnreadable(string file, int line, Exception error) => LogUnreadable(logger, file, line, error.Message);

    public override void OnRetention(long cutoffNs, long deleted)
    {
        if (deleted > 0)
        {
            LogRetention(logger, deleted, cutoffNs);
        }
    }

    public override void OnRetentionFailed(Exception error) => LogRetentionFailed(logger, error.Message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Store write failed; the batch goes to the spool and the store is retried in {RetryMs} ms: {Reason}")]
    private static partial void LogWriteFailed(ILogger logger, double retryMs, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Spooled {Rows} rows to {File}")]
    private static partial void LogSpooled(ILogger logger, int rows, string file);

    [LoggerMessage(Level = LogLevel.Error, Message = "The spool could not take a batch either; it is held in memory and retried: {Reason}")]
    private static partial void LogSpoolFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed spool file {File} ({Batches} batches) into the store and deleted it")]
    private static partial void LogReplayed(ILogger logger, string file, int batches);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rejected spool record {File}:{Line}: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string file, int line, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention deleted {Deleted} fact rows with event time before {CutoffNs} ns")]
    private static partial void LogRetention(ILogger logger, long deleted, long cutoffNs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention failed; it runs again later: {Reason}")]
    private static partial void LogRetentionFailed(ILogger logger, string reason);
}
