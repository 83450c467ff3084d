using System.Globalization;
using Microsoft.Data.Sqlite;
using Vigil.Engine.Trading;
using Vigil.Engine.Warnings;
using Vigil.Storage.Sqlite;

namespace Vigil.Storage.Trading;

/// <summary>
/// Trading runs and their audit log in a SQLite file (the service's store file: the tables come from migration
/// 0003). One connection, which the store serialises, does every read and write: audit traffic is a few changes per
/// crisis, so a second reader connection would buy nothing.
/// </summary>
public sealed class SqliteTradingStore : ITradingStore
{
    /// <summary>The most audit events in one page.</summary>
    public const int MaxAuditPerPage = 1_000;

    private const int BusyTimeoutMs = 5_000;

    private readonly string _connectionString;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SqliteConnection? _connection;
    private bool _disposed;

    /// <summary>Creates the store; nothing is opened until <see cref="InitializeAsync"/>.</summary>
    /// <param name="path">The SQLite file; created if missing.</param>
    public SqliteTradingStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        FilePath = Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = BusyTimeoutMs / 1000,
        }.ToString();
    }

    /// <summary>The database file's full path.</summary>
    public string FilePath { get; }

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_connection is not null)
            {
                return;
            }

            var directory = Path.GetDirectoryName(FilePath);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            var connection = new SqliteConnection(_connectionString);
            try
            {
                connection.Open();
                Execute(connection, null, $"PRAGMA busy_timeout = {BusyTimeoutMs.ToString(CultureInfo.InvariantCulture)}");
                Execute(connection, null, "PRAGMA journal_mode = WAL");

                // A halt must survive a power cut right after it was acknowledged.
                Execute(connection, null, "PRAGMA synchronous = FULL");
                SqliteMigrations.Apply(connection);
                _connection = connection;
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task WriteAsync(IReadOnlyList<TradingRun> runs, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(audit);
        if (runs.Count == 0 && audit.Count == 0)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var connection = Connection();
            using var transaction = connection.BeginTransaction(deferred: false);
            foreach (var run in runs)
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = """
                    INSERT INTO trading_runs (id, name, mode, state, created_ns, ended_ns, kill_reason, kill_level)
                    VALUES ($id, $name, $mode, $state, $created, $ended, $reason, $level)
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, mode = excluded.mode, state = excluded.state,
                        created_ns = excluded.created_ns, ended_ns = excluded.ended_ns,
                        kill_reason = excluded.kill_reason, kill_level = excluded.kill_level
                    """;
                command.Parameters.AddWithValue("$id", run.Id);
                command.Parameters.AddWithValue("$name", run.Name);
                command.Parameters.AddWithValue("$mode", run.Mode.ToString());
                command.Parameters.AddWithValue("$state", run.State.ToString());
                command.Parameters.AddWithValue("$created", run.CreatedNs);
                command.Parameters.AddWithValue("$ended", (object?)run.EndedNs ?? DBNull.Value);
                command.Parameters.AddWithValue("$reason", (object?)run.KillReason ?? DBNull.Value);
                command.Parameters.AddWithValue("$level", run.KillLevel is { } level ? level.ToString() : DBNull.Value);
                command.ExecuteNonQuery();
            }

            foreach (var change in audit)
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = """
                    INSERT OR IGNORE INTO trading_audit (sequence, timestamp_ns, run_id, from_state, to_state, reason, actor, warning_id)
                    VALUES ($sequence, $ts, $run, $from, $to, $reason, $actor, $warning)
                    """;
                command.Parameters.AddWithValue("$sequence", change.Sequence);
                command.Parameters.AddWithValue("$ts", change.TimestampNs);
                command.Parameters.AddWithValue("$run", change.RunId);
                command.Parameters.AddWithValue("$from", change.From.ToString());
                command.Parameters.AddWithValue("$to", change.To.ToString());
                command.Parameters.AddWithValue("$reason", change.Reason);
                command.Parameters.AddWithValue("$actor", change.Actor);
                command.Parameters.AddWithValue("$warning", (object?)change.WarningId ?? DBNull.Value);
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<TradingRegistryState> LoadAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var connection = Connection();
            var runs = new List<TradingRun>();
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT id, name, mode, state, created_ns, ended_ns, kill_reason, kill_level FROM trading_runs ORDER BY id";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    runs.Add(new TradingRun(
                        reader.GetString(0),
                        reader.GetString(1),
                        Enum.Parse<RunMode>(reader.GetString(2)),
                        Enum.Parse<RunState>(reader.GetString(3)),
                        reader.GetInt64(4),
                        reader.IsDBNull(5) ? null : reader.GetInt64(5),
                        reader.IsDBNull(6) ? null : reader.GetString(6),
                        reader.IsDBNull(7) ? null : Enum.Parse<Severity>(reader.GetString(7))));
                }
            }

            long lastSequence;
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT COALESCE(MAX(sequence), 0) FROM trading_audit";
                lastSequence = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            }

            return new TradingRegistryState(runs, lastSequence, Severity.None, EventType.Unclassified, null);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditEvent>> GetAuditAfterAsync(long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxAuditPerPage);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var command = Connection().CreateCommand();
            command.CommandText = """
                SELECT sequence, timestamp_ns, run_id, from_state, to_state, reason, actor, warning_id
                FROM trading_audit WHERE sequence > $after ORDER BY sequence LIMIT $limit
                """;
            command.Parameters.AddWithValue("$after", afterSequence);
            command.Parameters.AddWithValue("$limit", limit);
            using var reader = command.ExecuteReader();
            var events = new List<AuditEvent>();
            while (reader.Read())
            {
                events.Add(new AuditEvent(
                    reader.GetInt64(0),
                    reader.GetInt64(1),
                    reader.GetString(2),
                    Enum.Parse<RunState>(reader.GetString(3)),
                    Enum.Parse<RunState>(reader.GetString(4)),
                    reader.GetString(5),
                    reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7)));
            }

            return events;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _disposed = true;
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private SqliteConnection Connection()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _connection ?? throw new InvalidOperationException("Call InitializeAsync before using the trading store.");
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
