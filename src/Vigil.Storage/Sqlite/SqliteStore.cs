using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Vigil.Engine.Live;
using Vigil.Engine.Warnings;
using Vigil.Engine.Warnings.Reports;

namespace Vigil.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in write-ahead-log mode. One writer connection, which the store serialises,
/// takes every write (a batch is one transaction); reads run on their own pooled read-only connections and never wait
/// for the writer. The schema is migrated by <see cref="InitializeAsync"/>.
/// </summary>
public sealed partial class SqliteStore : IStore
{
    /// <summary>The most facts or steps in one page.</summary>
    public const int MaxRowsPerPage = 10_000;

    /// <summary>The most warnings in one page.</summary>
    public const int MaxWarningsPerPage = 1_000;

    private readonly SqliteStoreOptions _options;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly string _writeConnectionString;
    private readonly string _readConnectionString;
    private readonly int _commandTimeoutSeconds;
    private SqliteConnection? _writer;
    private BatchWriter? _batchWriter;
    private volatile bool _initialized;
    private bool _disposed;

    /// <summary>Creates the store; nothing is opened until <see cref="InitializeAsync"/>.</summary>
    /// <param name="options">The file and how to open it.</param>
    public SqliteStore(SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BusyTimeout, TimeSpan.Zero);
        _options = options;
        FilePath = System.IO.Path.GetFullPath(options.Path);
        _commandTimeoutSeconds = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds));
        _writeConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = _commandTimeoutSeconds,
        }.ToString();
        _readConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = true,
            DefaultTimeout = _commandTimeoutSeconds,
        }.ToString();
    }

    /// <summary>The database file's full path.</summary>
    public string FilePath { get; }

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_initialized)
            {
                return;
            }

            var directory = System.IO.Path.GetDirectoryName(FilePath);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            var connection = new SqliteConnection(_writeConnectionString);
            try
            {
                connection.Open();
                var mode = Scalar(connection, "PRAGMA journal_mode = WAL");
                if (!string.Equals(mode as string, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException($"SQLite could not put '{FilePath}' in write-ahead-log mode (it reports journal mode '{mode}'); use a local file system.");
                }

                Scalar(connection, _options.DurableCommits ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
                Scalar(connection, "PRAGMA foreign_keys = ON");
                SetBusyTimeout(connection, _options.BusyTimeout);
                SqliteMigrations.Apply(connection);
                _batchWriter = new BatchWriter(connection, _options, _commandTimeoutSeconds);
                _writer = connection;
                _initialized = true;
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc />
    public async Task WriteAsync(StoreBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        EnsureInitialized();
        if (batch.IsEmpty)
        {
            return;
        }

        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _batchWriter!.Write(batch);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<bool> IsWritableAsync(CancellationToken cancellationToken = default)
    {
        if (!_initialized || _disposed)
        {
            return false;
        }

        // A health check must answer quickly: it waits at most a second for the writer and for SQLite's write lock.
        var probeTimeout = _options.BusyTimeout < TimeSpan.FromSeconds(1) ? _options.BusyTimeout : TimeSpan.FromSeconds(1);
        if (!await _writeGate.WaitAsync(probeTimeout, cancellationToken))
        {
            return false;
        }

        try
        {
            if (_disposed || !File.Exists(FilePath))
            {
                return false;
            }

            SetBusyTimeout(_writer!, probeTimeout);
            try
            {
                using var transaction = _writer!.BeginTransaction(deferred: false);
                transaction.Rollback();
                return true;
            }
            catch (SqliteException)
            {
                return false;
            }
            finally
            {
                SetBusyTimeout(_writer!, _options.BusyTimeout);
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<long> DeleteFactsBeforeAsync(long cutoffNs, CancellationToken cancellationToken = default)
    {
        EnsureInitialized();
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _batchWriter!.DeleteBefore(cutoffNs);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<Page<FactRecord>> GetFactsAsync(FactQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrWhiteSpace(query.Symbol, nameof(query.Symbol));
        CheckLimit(query.Limit, MaxRowsPerPage);
        long? after = query.Cursor is null ? null : PageCursor.Decode(query.Cursor, 'f').TimestampNs;
        EnsureInitialized();

        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder("""
            SELECT f.step_ts_ns, a.symbol, s.name, f.price, f.step_return, f.volatility, f.z_score, f.zscore_score,
                   f.price_spike_score, f.volume_anomaly_score, f.volatility_burst_score, f.flash_crash_score, f.fired
            FROM fact_market_metrics f
            JOIN dim_asset a ON a.asset_key = f.asset_key
            JOIN dim_source s ON s.source_key = f.source_key
            WHERE f.asset_key = (SELECT asset_key FROM dim_asset WHERE symbol = $symbol)
            """);
        command.Parameters.AddWithValue("$symbol", query.Symbol);
        AddTimeRange(command, sql, "f.step_ts_ns", query.FromNs, query.ToNs);
        if (after is { } a)
        {
            sql.Append(" AND f.step_ts_ns > $after");
            command.Parameters.AddWithValue("$after", a);
        }

        sql.Append(" ORDER BY f.step_ts_ns LIMIT $limit");
        command.Parameters.AddWithValue("$limit", query.Limit + 1);
        command.CommandText = sql.ToString();

        var items = new List<FactRecord>(Math.Min(query.Limit + 1, 1024));
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(new FactRecord(
                    reader.GetInt64(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    Real(reader, 3),
                    Real(reader, 4),
                    Real(reader, 5),
                    Real(reader, 6),
                    Real(reader, 7),
                    Real(reader, 8),
                    Real(reader, 9),
                    Real(reader, 10),
                    Real(reader, 11),
                    reader.GetInt32(12)));
            }
        }

        return ToPage(items, query.Limit, f => PageCursor.Encode('f', f.TimestampNs));
    }

    /// <inheritdoc />
    public async Task<Page<StepRecord>> GetStepsAsync(StepQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        CheckLimit(query.Limit, MaxRowsPerPage);
        long? after = query.Cursor is null ? null : PageCursor.Decode(query.Cursor, 's').TimestampNs;
        EnsureInitialized();

        await using var connection = await OpenReaderAsync(cancellationToken);
        var rows = new List<(long Ts, double Composite, Severity Severity)>();
        await using (var command = connection.CreateCommand())
        {
            var sql = new StringBuilder("SELECT step_ts_ns, composite, severity FROM market_steps WHERE 1 = 1");
            AddTimeRange(command, sql, "step_ts_ns", query.FromNs, query.ToNs);
            if (after is { } a)
            {
                sql.Append(" AND step_ts_ns > $after");
                command.Parameters.AddWithValue("$after", a);
            }

            sql.Append(" ORDER BY step_ts_ns LIMIT $limit");
            command.Parameters.AddWithValue("$limit", query.Limit + 1);
            command.CommandText = sql.ToString();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt64(0), Real(reader, 1), (Severity)reader.GetInt32(2)));
            }
        }

        var hasMore = rows.Count > query.Limit;
        if (hasMore)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        var scores = new Dictionary<long, Dictionary<string, double>>(rows.Count);
        if (rows.Count > 0)
        {
            // One range read for the page's detector scores rather than a query per step.
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT step_ts_ns, detector, score FROM step_detector_scores WHERE step_ts_ns BETWEEN $first AND $last";
            command.Parameters.AddWithValue("$first", rows[0].Ts);
            command.Parameters.AddWithValue("$last", rows[^1].Ts);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var ts = reader.GetInt64(0);
                if (!scores.TryGetValue(ts, out var byDetector))
                {
                    scores[ts] = byDetector = new Dictionary<string, double>(StringComparer.Ordinal);
                }

                byDetector[reader.GetString(1)] = Real(reader, 2);
            }
        }

        var items = new StepRecord[rows.Count];
        for (var i = 0; i < items.Length; i++)
        {
            var (ts, composite, severity) = rows[i];
            items[i] = new StepRecord(ts, composite, severity, scores.TryGetValue(ts, out var s) ? s : new Dictionary<string, double>());
        }

        return new Page<StepRecord>(items, hasMore ? PageCursor.Encode('s', items[^1].TimestampNs) : null);
    }

    /// <inheritdoc />
    public async Task<Page<WarningRecord>> GetWarningsAsync(WarningQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        CheckLimit(query.Limit, MaxWarningsPerPage);
        (long TimestampNs, string? Id)? after = null;
        if (query.Cursor is not null)
        {
            after = PageCursor.Decode(query.Cursor, 'w');
            if (after.Value.Id is null)
            {
                throw new ArgumentException("The cursor is not one this store issued for this query; pass a page's next_cursor unchanged.", "cursor");
            }
        }

        EnsureInitialized();
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder($"SELECT {WarningColumns} FROM warnings WHERE 1 = 1");
        if (query.MinSeverity is { } minSeverity)
        {
            sql.Append(" AND peak_severity >= $min_severity");
            command.Parameters.AddWithValue("$min_severity", (int)minSeverity);
        }

        if (query.State is { } state)
        {
            sql.Append(state == EpisodeState.Open ? " AND closed_at_ns IS NULL" : " AND closed_at_ns IS NOT NULL");
        }

        if (query.Status is { } status)
        {
            sql.Append(" AND status = $status");
            command.Parameters.AddWithValue("$status", WarningNames.Name(status));
        }

        if (query.EventType is { } eventType)
        {
            sql.Append(" AND event_type = $event_type");
            command.Parameters.AddWithValue("$event_type", WarningNames.Name(eventType));
        }

        AddTimeRange(command, sql, "opened_at_ns", query.FromNs, query.ToNs);
        if (!string.IsNullOrWhiteSpace(query.Symbol))
        {
            sql.Append(" AND warning_id IN (SELECT warning_id FROM warning_symbols WHERE symbol = $symbol)");
            command.Parameters.AddWithValue("$symbol", query.Symbol);
        }

        if (after is { } a)
        {
            sql.Append(" AND (opened_at_ns, warning_id) < ($after_ts, $after_id)");
            command.Parameters.AddWithValue("$after_ts", a.TimestampNs);
            command.Parameters.AddWithValue("$after_id", a.Id);
        }

        sql.Append(" ORDER BY opened_at_ns DESC, warning_id DESC LIMIT $limit");
        command.Parameters.AddWithValue("$limit", query.Limit + 1);
        command.CommandText = sql.ToString();

        var items = new List<WarningRecord>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(ReadWarning(reader));
            }
        }

        return ToPage(items, query.Limit, w => PageCursor.Encode('w', w.OpenedAtNs, w.WarningId));
    }

    /// <inheritdoc />
    public async Task<WarningRecord?> GetWarningAsync(string warningId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(warningId);
        EnsureInitialized();
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {WarningColumns} FROM warnings WHERE warning_id = $id";
        command.Parameters.AddWithValue("$id", warningId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadWarning(reader) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PublishedWarning>> GetWarningEventsAfterAsync(long afterEventId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        EnsureInitialized();
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT event FROM warning_events WHERE event_id > $after ORDER BY event_id LIMIT $limit";
        command.Parameters.AddWithValue("$after", afterEventId);
        command.Parameters.AddWithValue("$limit", limit);
        var events = new List<PublishedWarning>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(StoreJson.DeserializeWarning(reader.GetString(0)));
        }

        return events;
    }

    /// <inheritdoc />
    public async Task<(WarningRecord Warning, WarningStatusChange Change)?> UpdateWarningStatusAsync(
        string warningId, WarningStatus status, string actor, string? note, long timestampNs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(warningId);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (!Enum.IsDefined(status))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "Not a warning status.");
        }

        EnsureInitialized();
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _writer!.BeginTransaction(deferred: false);
            string? previous;
            using (var select = _writer.CreateCommand())
            {
                select.Transaction = transaction;
                select.CommandText = "SELECT status FROM warnings WHERE warning_id = $id";
                select.Parameters.AddWithValue("$id", warningId);
                previous = select.ExecuteScalar() as string;
            }

            if (previous is null)
            {
                transaction.Rollback();
                return null;
            }

            // The override remembers the latest engine event the store held: only a later escalation undoes it.
            using (var update = _writer.CreateCommand())
            {
                update.Transaction = transaction;
                update.CommandText = """
                    UPDATE warnings SET status = $status, manual_status = $status, manual_after_event_id = latest_event_id,
                                        status_changed_at_ns = $at, status_changed_by = $actor
                    WHERE warning_id = $id;
                    INSERT INTO warning_status_changes (warning_id, status, previous_status, actor, note, at_ns)
                    VALUES ($id, $status, $previous, $actor, $note, $at);
                    """;
                update.Parameters.AddWithValue("$id", warningId);
                update.Parameters.AddWithValue("$status", WarningNames.Name(status));
                update.Parameters.AddWithValue("$previous", previous);
                update.Parameters.AddWithValue("$actor", actor);
                update.Parameters.AddWithValue("$note", (object?)note ?? DBNull.Value);
                update.Parameters.AddWithValue("$at", timestampNs);
                update.ExecuteNonQuery();
            }

            WarningRecord record;
            using (var read = _writer.CreateCommand())
            {
                read.Transaction = transaction;
                read.CommandText = $"SELECT {WarningColumns} FROM warnings WHERE warning_id = $id";
                read.Parameters.AddWithValue("$id", warningId);
                using var reader = read.ExecuteReader();
                reader.Read();
                record = ReadWarning(reader);
            }

            transaction.Commit();
            return (record, new WarningStatusChange(warningId, status, StatusOf(previous), actor, note, timestampNs));
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WarningStatusChange>> GetWarningStatusChangesAsync(string warningId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(warningId);
        EnsureInitialized();
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT status, previous_status, actor, note, at_ns FROM warning_status_changes WHERE warning_id = $id ORDER BY change_id";
        command.Parameters.AddWithValue("$id", warningId);
        var changes = new List<WarningStatusChange>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            changes.Add(new WarningStatusChange(
                warningId,
                StatusOf(reader.GetString(0)),
                StatusOf(reader.GetString(1)),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetInt64(4)));
        }

        return changes;
    }

    /// <inheritdoc />
    public async Task<WarningStatusSummary> GetWarningStatusSummaryAsync(CancellationToken cancellationToken = default)
    {
        EnsureInitialized();
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT 's', status, COUNT(*) FROM warnings GROUP BY status
            UNION ALL SELECT 'p', CAST(peak_severity AS TEXT), COUNT(*) FROM warnings GROUP BY peak_severity
            UNION ALL SELECT 'e', event_type, COUNT(*) FROM warnings GROUP BY event_type
            UNION ALL SELECT 'o', 'open', COUNT(*) FROM warnings WHERE closed_at_ns IS NULL
            """;
        var byStatus = Enum.GetValues<WarningStatus>().ToDictionary(s => s, _ => 0L);
        var bySeverity = new Dictionary<Severity, long>();
        var byEventType = new Dictionary<EventType, long>();
        long total = 0, open = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = reader.GetString(1);
            var count = reader.GetInt64(2);
            switch (reader.GetString(0))
            {
                case "s":
                    byStatus[StatusOf(key)] += count;
                    total += count;
                    break;
                case "p":
                    bySeverity[(Severity)int.Parse(key, CultureInfo.InvariantCulture)] = count;
                    break;
                case "e":
                    var eventType = WarningNames.TryParseEventType(key, out var parsed) ? parsed : EventType.Unclassified;
                    byEventType[eventType] = byEventType.GetValueOrDefault(eventType) + count;
                    break;
                default:
                    open = count;
                    break;
            }
        }

        return new WarningStatusSummary(total, open, byStatus, bySeverity, byEventType);
    }

    /// <summary>Closes the writer connection and the pooled readers.</summary>
    public async ValueTask DisposeAsync()
    {
        await _writeGate.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _initialized = false;
            _batchWriter?.Dispose();
            if (_writer is not null)
            {
                await _writer.DisposeAsync();
            }

            // Pooled read connections keep the file open; release them so the file can be moved or deleted.
            using var reader = new SqliteConnection(_readConnectionString);
            SqliteConnection.ClearPool(reader);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private const string WarningColumns =
        "warning_id, opened_at_ns, closed_at_ns, severity, peak_severity, peak_composite, summary, latest_event, status, report, status_changed_at_ns, status_changed_by";

    private static WarningRecord ReadWarning(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetInt64(1),
        reader.IsDBNull(2) ? null : reader.GetInt64(2),
        (Severity)reader.GetInt32(3),
        (Severity)reader.GetInt32(4),
        Real(reader, 5),
        reader.GetString(6),
        StoreJson.DeserializeWarning(reader.GetString(7)))
    {
        Status = StatusOf(reader.GetString(8)),
        Report = reader.IsDBNull(9) ? null : StoreJson.DeserializeReport(reader.GetString(9)),
        StatusChangedAtNs = reader.IsDBNull(10) ? null : reader.GetInt64(10),
        StatusChangedBy = reader.IsDBNull(11) ? null : reader.GetString(11),
    };

    private static WarningStatus StatusOf(string name) => WarningNames.TryParseStatus(name, out var status) ? status : WarningStatus.Active;

    private static Page<T> ToPage<T>(List<T> items, int limit, Func<T, string> cursorOf)
    {
        if (items.Count <= limit)
        {
            return new Page<T>(items, null);
        }

        items.RemoveAt(items.Count - 1);
        return new Page<T>(items, cursorOf(items[^1]));
    }

    private static void AddTimeRange(SqliteCommand command, StringBuilder sql, string column, long? fromNs, long? toNs)
    {
        if (fromNs is { } from)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND {column} >= $from");
            command.Parameters.AddWithValue("$from", from);
        }

        if (toNs is { } to)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND {column} < $to");
            command.Parameters.AddWithValue("$to", to);
        }
    }

    private static void CheckLimit(int limit, int max)
    {
        if (limit < 1 || limit > max)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"The limit must be between 1 and {max}.");
        }
    }

    private static double Real(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? double.NaN : reader.GetDouble(ordinal);

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void SetBusyTimeout(SqliteConnection connection, TimeSpan timeout) =>
        Scalar(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)timeout.TotalMilliseconds}"));

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_readConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private void EnsureInitialized()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_initialized)
        {
            throw new InvalidOperationException("The store is not initialised: call InitializeAsync first.");
        }
    }
}
