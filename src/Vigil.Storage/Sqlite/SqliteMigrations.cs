using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Vigil.Storage.Sqlite;

/// <summary>One schema change: its version, its name and its SQL.</summary>
/// <param name="Version">The version it brings the schema to; versions start at 1 and increase by 1.</param>
/// <param name="Name">A short name, from the file name.</param>
/// <param name="Sql">The statements.</param>
public sealed record SchemaMigration(int Version, string Name, string Sql);

/// <summary>
/// The SQLite schema's versioned migrations: SQL files embedded in the assembly (<c>Sqlite/Migrations/NNNN_name.sql</c>),
/// applied in order, each in its own transaction with its row in <c>schema_version</c>. Applying them again changes
/// nothing; a database from a newer build is refused.
/// </summary>
public static class SqliteMigrations
{
    private const string ResourcePrefix = "Vigil.Storage.Sqlite.Migrations.";

    /// <summary>Every migration, in version order.</summary>
    public static IReadOnlyList<SchemaMigration> All { get; } = Load();

    /// <summary>The schema version this build writes.</summary>
    public static int LatestVersion => All[^1].Version;

    /// <summary>The database's schema version: 0 for a new database.</summary>
    /// <param name="connection">An open connection.</param>
    public static long CurrentVersion(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        try
        {
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 1 && e.Message.Contains("no such table", StringComparison.Ordinal))
        {
            return 0;
        }
    }

    /// <summary>Brings the database to <see cref="LatestVersion"/>.</summary>
    /// <param name="connection">An open read-write connection, outside any transaction.</param>
    /// <returns>The migrations applied now (none when the schema was current).</returns>
    /// <exception cref="StoreSchemaException">The database's schema is newer than this build knows.</exception>
    public static IReadOnlyList<SchemaMigration> Apply(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Execute(connection, null, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        var applied = new List<SchemaMigration>();
        foreach (var migration in All)
        {
            // Each migration checks the version inside its own write transaction, so two processes starting on one
            // file apply each migration once.
            using var transaction = connection.BeginTransaction(deferred: false);
            var current = CurrentVersion(connection, transaction);
            if (current > LatestVersion)
            {
                throw StoreSchemaException.TooNew(current, LatestVersion);
            }

            if (current >= migration.Version)
            {
                continue;
            }

            if (current != migration.Version - 1)
            {
                throw new StoreSchemaException($"The database's schema is at version {current}, which this build cannot upgrade from (its next migration is {migration.Version}).");
            }

            Execute(connection, transaction, migration.Sql);
            using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_version (version, name, applied_at) VALUES ($version, $name, $at)";
                record.Parameters.AddWithValue("$version", migration.Version);
                record.Parameters.AddWithValue("$name", migration.Name);
                record.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
                record.ExecuteNonQuery();
            }

            transaction.Commit();
            applied.Add(migration);
        }

        var final = CurrentVersion(connection);
        if (final > LatestVersion)
        {
            throw StoreSchemaException.TooNew(final, LatestVersion);
        }

        return applied;
    }

    private static long CurrentVersion(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static SchemaMigration[] Load()
    {
        var assembly = typeof(SqliteMigrations).Assembly;
        var migrations = new List<SchemaMigration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[ResourcePrefix.Length..^".sql".Length];
            var underscore = name.IndexOf('_', StringComparison.Ordinal);
            if (underscore <= 0 || !int.TryParse(name.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"Migration resource '{resource}' is not named NNNN_name.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new SchemaMigration(version, name[(underscore + 1)..], reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Migrations must be numbered 1, 2, 3, … without gaps; found {migrations[i].Version} at position {i + 1}.");
            }
        }

        return [.. migrations];
    }
}

/// <summary>The database's schema cannot be used by this build.</summary>
public sealed class StoreSchemaException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and what to do.</param>
    public StoreSchemaException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public StoreSchemaException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public StoreSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static StoreSchemaException TooNew(long found, int known) =>
        new($"The database's schema is at version {found}, newer than this build of Vigil knows (up to {known}). "
            + "A newer Vigil wrote it: run that version, or point Vigil:Store:Path at another file.");
}
