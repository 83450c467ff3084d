using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Server.Live;
using Vigil.Server.Tests.Support;
using Vigil.Storage;
using Vigil.Storage.Sqlite;
using Vigil.Storage.Writing;

namespace Vigil.Server.Tests.Store;

public sealed class StoreOutageTests
{
    private static async Task WaitUntilAsync(Func<bool> condition, string what, int timeoutMs = 60_000)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.ElapsedMilliseconds < timeoutMs, $"Timed out waiting for {what}.");
            await Task.Delay(50);
        }
    }

    private static (long Min, long Max, long Count) StepRange(string databasePath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(step), MAX(step), COUNT(*) FROM market_steps";
        using var reader = command.ExecuteReader();
        reader.Read();
        return reader.IsDBNull(0) ? (0, -1, 0) : (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    [Fact]
    public async Task While_another_process_holds_the_database_the_engine_runs_on_and_the_spool_catches_up_without_gaps()
    {
        await using var factory = new VigilAppFactory(new Dictionary<string, string?> { ["Vigil:Store:FlushIntervalMs"] = "100" });
        using var client = factory.CreateClient();
        var live = factory.Services.GetRequiredService<LiveMarket>();
        var writer = factory.Services.GetRequiredService<StoreWriter>();
        var databasePath = Path.Combine(factory.Directory, "vigil.db");
        await WaitUntilAsync(() => writer.Status.RowsWritten > 0, "the first write");

        long stepsWhenLocked;
        using (var locker = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString()))
        {
            locker.Open();
            using (var begin = locker.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE";
                begin.ExecuteNonQuery();
            }

            stepsWhenLocked = live.Latest!.Step;
            await WaitUntilAsync(() => writer.Status.BatchesSpooled > 0 && Directory.EnumerateFiles(writer.SpoolDirectory, "*.spool").Any(), "a batch spooled");
            Assert.False(writer.Status.StoreAvailable);

            // The engine never waits for the store: at 25 Hz it keeps stepping while the file is locked.
            await WaitUntilAsync(() => live.Latest!.Step >= stepsWhenLocked + 25, "the engine to keep stepping");
        }

        var lastStepAfterRelease = live.Latest!.Step;
        await WaitUntilAsync(
            () => writer.Status is { SpoolFiles: 0, HeldBatches: 0, StoreAvailable: true } && StepRange(databasePath).Max >= lastStepAfterRelease,
            "the spool to drain into the store");

        var (min, max, count) = StepRange(databasePath);
        Assert.Equal(max - min + 1, count);
        Assert.True(min <= stepsWhenLocked, $"the stored steps start at {min}, after the outage began at {stepsWhenLocked}");
        Assert.True(writer.Status.BatchesReplayed > 0);
    }

    [Fact]
    public async Task A_store_locked_at_start_does_not_stop_the_service_and_receives_everything_once_it_opens()
    {
        var directory = Path.Combine(Path.GetTempPath(), "vigil-locked-start-" + Guid.NewGuid().ToString("N"));
        var databasePath = Path.Combine(directory, "vigil.db");
        await using (var existing = new SqliteStore(new SqliteStoreOptions { Path = databasePath }))
        {
            await existing.InitializeAsync();
        }

        try
        {
            var locker = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
            locker.Open();
            using (var begin = locker.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE";
                begin.ExecuteNonQuery();
            }

            await using var factory = new VigilAppFactory(new Dictionary<string, string?> { ["Vigil:Store:FlushIntervalMs"] = "100" }, directory);
            using var client = factory.CreateClient();
            var live = factory.Services.GetRequiredService<LiveMarket>();
            var writer = factory.Services.GetRequiredService<StoreWriter>();
            var store = factory.Services.GetRequiredService<IStore>();

            Assert.True((await client.GetAsync(new Uri("/api/v1/status", UriKind.Relative))).IsSuccessStatusCode);
            await WaitUntilAsync(() => writer.Status.BatchesSpooled > 0, "a batch spooled");
            Assert.False(await store.IsWritableAsync());
            Assert.True(live.Steps > 0);

            locker.Dispose();
            var stepsAtRelease = live.Latest!.Step;
            await WaitUntilAsync(
                () => writer.Status is { SpoolFiles: 0, HeldBatches: 0, StoreAvailable: true } && StepRange(databasePath).Max >= stepsAtRelease,
                "the store to open and the spool to drain");

            var (min, max, count) = StepRange(databasePath);
            Assert.Equal(max - min + 1, count);
            Assert.True(min <= live.FirstLiveStep, $"the stored steps start at {min}, after the first live step {live.FirstLiveStep}: the first steps were lost");
            Assert.True(await store.IsWritableAsync());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
