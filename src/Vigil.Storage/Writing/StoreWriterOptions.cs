namespace Vigil.Storage.Writing;

/// <summary>How a <see cref="StoreWriter"/> batches, spools, retries and trims.</summary>
public sealed record StoreWriterOptions
{
    /// <summary>Where batches wait on disk while the store is unavailable; created if missing.</summary>
    public required string SpoolDirectory { get; init; }

    /// <summary>The most rows in one write (one transaction); a full buffer is flushed at once. Positive.</summary>
    public int BatchSize { get; init; } = 2000;

    /// <summary>How often buffered rows are flushed when the buffer is not full. Positive.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long facts are kept, in hours of event time behind the newest fact written; 0 keeps them for ever.
    /// Measured in event time, not wall time, so a replay of old data is not deleted as it is written.
    /// </summary>
    public double FactRetentionHours { get; init; }

    /// <summary>How often retention runs.</summary>
    public TimeSpan RetentionInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The first wait before retrying a failed store; it doubles on each failure up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan MinRetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between retries.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The size at which a spool file is closed and a new one started, in bytes.</summary>
    public long MaxSpoolFileBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>Throws when an option is out of range, naming every problem.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(SpoolDirectory))
        {
            problems.Add("SpoolDirectory must name a directory");
        }

        if (BatchSize < 1)
        {
            problems.Add($"BatchSize must be positive (was {BatchSize})");
        }

        if (FlushInterval <= TimeSpan.Zero)
        {
            problems.Add($"FlushInterval must be positive (was {FlushInterval})");
        }

        if (!(FactRetentionHours >= 0) || double.IsInfinity(FactRetentionHours))
        {
            problems.Add($"FactRetentionHours must be 0 or more (was {FactRetentionHours})");
        }

        if (RetentionInterval <= TimeSpan.Zero)
        {
            problems.Add($"RetentionInterval must be positive (was {RetentionInterval})");
        }

        if (MinRetryDelay <= TimeSpan.Zero || MaxRetryDelay < MinRetryDelay)
        {
            problems.Add($"MinRetryDelay must be positive and at most MaxRetryDelay (were {MinRetryDelay} and {MaxRetryDelay})");
        }

        if (MaxSpoolFileBytes < 1024)
        {
            problems.Add($"MaxSpoolFileBytes must be at least 1024 (was {MaxSpoolFileBytes})");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Store writer options: " + string.Join("; ", problems) + ".");
        }
    }
}
