using Microsoft.Data.Sqlite;
using Vigil.Storage.Sqlite;

namespace Vigil.Storage.Tests;

/// <summary>The compliance suite over a real SQLite file, plus what is particular to SQLite.</summary>
public sealed class SqliteStoreTests : StoreComplianceTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "vigil-store-" + Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_directory, "nested", "vigil.db");

    protected override IStore OpenStore() => new SqliteStore(new SqliteStoreOptions { Path = DatabasePath });

    protected override Task DeleteDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    [Fact]
    public async Task The_file_is_in_WAL_mode_with_each_migration_recorded_once()
    {
        await Store.InitializeAsync();
        await OpenInitializedAsync();

        using var connection = Connect();
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
        Assert.Equal((long)SqliteMigrations.LatestVersion, Scalar(connection, "SELECT COUNT(*) FROM schema_version"));
        Assert.Equal((long)SqliteMigrations.LatestVersion, SqliteMigrations.CurrentVersion(connection));
        Assert.Equal(1L, Scalar(connection, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'fact_market_metrics'"));
    }

    [Fact]
    public async Task Applying_the_migrations_to_a_current_database_applies_none()
    {
        using var connection = Connect();

        Assert.Empty(SqliteMigrations.Apply(connection));
        Assert.Equal((long)SqliteMigrations.LatestVersion, SqliteMigrations.CurrentVersion(connection));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_database_from_a_newer_build_is_refused_with_a_reason()
    {
        using (var connection = Connect())
        {
            Scalar(connection, "INSERT INTO schema_version (version, name, applied_at) VALUES (999, 'future', '2030-01-01')");
        }

        var store = OpenStore();
        await using (store)
        {
            var error = await Assert.ThrowsAsync<StoreSchemaException>(() => store.InitializeAsync());
            Assert.Contains("999", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_star_schema_links_facts_to_time_asset_source_and_alert_dimensions()
    {
        await Store.WriteAsync(new StoreBatch(
            TestData.Steps(0, 4).Steps,
            [TestData.Warning(1, "w-1", Engine.Warnings.WarningTransition.Opened, TestData.TimeOf(1), TestData.TimeOf(1), Engine.Warnings.Severity.High, Engine.Warnings.Severity.High, 0.8)]));

        using var connection = Connect();
        Assert.Equal(4L * TestData.Symbols.Length, Scalar(connection, """
            SELECT COUNT(*) FROM fact_market_metrics f
            JOIN dim_time t ON t.time_key = f.time_key
            JOIN dim_asset a ON a.asset_key = f.asset_key
            JOIN dim_source s ON s.source_key = f.source_key
            WHERE s.name = 'simulator' AND t.session = 'us' AND t.market_state = 'open' AND t.hour = 14
            """));
        Assert.Equal("volatility", Scalar(connection, "SELECT segment FROM dim_asset WHERE symbol = 'VIX'"));
        Assert.Equal("HIGH", Scalar(connection, "SELECT peak_severity FROM dim_alert WHERE warning_id = 'w-1'"));
        Assert.Equal("CISS", Scalar(connection, "SELECT leading_detector FROM dim_alert WHERE warning_id = 'w-1'"));
    }

    [Fact]
    public async Task A_write_while_another_connection_holds_the_write_lock_fails_and_leaves_the_store_usable()
    {
        var store = new SqliteStore(new SqliteStoreOptions { Path = DatabasePath, BusyTimeout = TimeSpan.FromMilliseconds(200) });
        await using (store)
        {
            await store.InitializeAsync();
            using (var locker = Connect())
            {
                Scalar(locker, "BEGIN EXCLUSIVE");
                await Assert.ThrowsAsync<SqliteException>(() => store.WriteAsync(TestData.Steps(0, 2)));
                Assert.False(await store.IsWritableAsync());
                Scalar(locker, "ROLLBACK");
            }

            Assert.True(await store.IsWritableAsync());
            await store.WriteAsync(TestData.Steps(0, 2));
            Assert.Equal(2, (await store.GetStepsAsync(new StepQuery())).Items.Count);
        }
    }
}
