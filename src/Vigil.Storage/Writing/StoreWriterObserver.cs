namespace Vigil.Storage.Writing;

/// <summary>Rows one write put in the store, by table.</summary>
/// <param name="Facts">Rows of <c>fact_market_metrics</c>.</param>
/// <param name="Steps">Rows of <c>market_steps</c>.</param>
/// <param name="DetectorScores">Rows of <c>step_detector_scores</c>.</param>
/// <param name="WarningEvents">Warning events (rows of <c>warning_events</c>).</param>
/// <param name="FromSpool">Whether the batch came back from the spool.</param>
public readonly record struct StoreWriteResult(int Facts, int Steps, int DetectorScores, int WarningEvents, bool FromSpool)
{
    /// <summary>Every row.</summary>
    public int Rows => Facts + Steps + DetectorScores + WarningEvents;
}

/// <summary>
/// What a <see cref="StoreWriter"/> reports as it works, for the host to log and count (library code does not log).
/// Called on the writer's loop; keep it quick. Every method does nothing unless overridden.
/// </summary>
public abstract class StoreWriterObserver
{
    /// <summary>A batch reached the store.</summary>
    /// <param name="result">Its rows.</param>
    public virtual void OnWritten(StoreWriteResult result)
    {
    }

    /// <summary>A write failed; the batch is spooled and the store is retried after <paramref name="retryIn"/>.</summary>
    /// <param name="error">Why.</param>
    /// <param name="retryIn">The wait before the next attempt.</param>
    public virtual void OnWriteFailed(Exception error, TimeSpan retryIn)
    {
    }

    /// <summary>A batch was written to the spool.</summary>
    /// <param name="rows">Its rows.</param>
    /// <param name="file">The spool file.</param>
    public virtual void OnSpooled(int rows, string file)
    {
    }

    /// <summary>A batch could not be written to the spool either; it stays in memory and is tried again.</summary>
    /// <param name="error">Why.</param>
    public virtual void OnSpoolFailed(Exception error)
    {
    }

    /// <summary>A spool file reached the store and was deleted.</summary>
    /// <param name="file">The file.</param>
    /// <param name="batches">The batches it held.</param>
    public virtual void OnSpoolReplayed(string file, int batches)
    {
    }

    /// <summary>A spool record could not be read (damaged on disk) and was skipped.</summary>
    /// <param name="file">The file.</param>
    /// <param name="line">The record's line, from 1.</param>
    /// <param name="error">Why.</param>
    public virtual void OnSpoolRecordUnreadable(string file, int line, Exception error)
    {
    }

    /// <summary>Retention deleted old facts.</summary>
    /// <param name="cutoffNs">Facts before this event time went.</param>
    /// <param name="deleted">The fact rows deleted.</param>
    public virtual void OnRetention(long cutoffNs, long deleted)
    {
    }

    /// <summary>Retention failed; it runs again at the next interval.</summary>
    /// <param name="error">Why.</param>
    public virtual void OnRetentionFailed(Exception error)
    {
    }
}
