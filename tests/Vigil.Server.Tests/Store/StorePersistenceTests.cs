using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Engine.Bus;
using Vigil.Engine.Live;
using Vigil.Engine.Warnings;
using Vigil.Server.Live;
using Vigil.Server.Tests.Support;
using Vigil.Storage;
using Vigil.Storage.Writing;

namespace Vigil.Server.Tests.Store;

public sealed class StorePersistenceTests
{
    private static PublishedWarning Warning(long eventId, long timestampNs) => new(eventId, new WarningEvent
    {
        Kind = WarningTransition.Opened,
        WarningId = "persist-test-1",
        TimestampNs = timestampNs,
        OpenedAtNs = timestampNs,
        Severity = Severity.Severe,
        PreviousSeverity = Severity.None,
        PeakSeverity = Severity.Severe,
        Composite = 0.93,
        PeakComposite = 0.93,
        MaxAbsZ = 6.1,
        MaxAbsZSymbol = "SPX",
        CorrelationBreaks = 3,
        SignalCount = 2,
        Contributions = [new DetectorContribution("CISS", 0.95, 0.7, 0.4)],
        Signals = [new WarningSignal("SPX", "PRICE_SPIKE", 6.1)],
        Breaks = [],
        Summary = "Test warning published on the bus",
    });

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int timeoutMs = 30_000)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.ElapsedMilliseconds < timeoutMs, $"Timed out waiting for {what}.");
            await Task.Delay(50);
        }
    }

    private static List<(long Version, string AppliedAt)> SchemaVersions(string databasePath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, applied_at FROM schema_version ORDER BY version";
        using var reader = command.ExecuteReader();
        var rows = new List<(long, string)>();
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return rows;
    }

    [Fact]
    public async Task History_and_warnings_written_by_one_run_are_there_after_a_restart_and_migrations_are_not_reapplied()
    {
        var directory = Path.Combine(Path.GetTempPath(), "vigil-restart-" + Guid.NewGuid().ToString("N"));
        var databasePath = Path.Combine(directory, "vigil.db");

        // The first run never flushes on its own (huge batch, an hour's interval): whatever reaches the file, the
        // graceful shutdown wrote.
        var firstRun = new Dictionary<string, string?>
        {
            ["Vigil:Store:BatchSize"] = "100000",
            ["Vigil:Store:FlushIntervalMs"] = "60000",
        };
        try
        {
            long stepsSeen;
            await using (var first = new VigilAppFactory(firstRun, directory))
            {
                using var client = first.CreateClient();
                var live = first.Services.GetRequiredService<LiveMarket>();
                await WaitUntilAsync(() => Task.FromResult(live.Steps >= 20), "20 market steps");
                var bus = first.Services.GetRequiredService<IBus>();
                await bus.PublishAsync(LiveTopics.Warnings, Warning(1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000));
                await WaitUntilAsync(() => Task.FromResult(first.Services.GetRequiredService<StoreWriter>().Status.BufferedRows > 0), "rows buffered");
                Assert.Equal(0, first.Services.GetRequiredService<StoreWriter>().Status.RowsWritten);
                stepsSeen = live.Steps;
            }

            var migrations = SchemaVersions(databasePath);
            Assert.NotEmpty(migrations);

            await using (var second = new VigilAppFactory(directory: directory))
            {
                using var client = second.CreateClient();
                var store = second.Services.GetRequiredService<IStore>();

                var steps = await store.GetStepsAsync(new StepQuery(Limit: 10_000));
                Assert.True(steps.Items.Count >= stepsSeen, $"{steps.Items.Count} steps stored, {stepsSeen} seen before the restart");
                var prices = await store.GetFactsAsync(new FactQuery("SPX", Limit: 10_000));
                Assert.True(prices.Items.Count >= stepsSeen);
                Assert.All(prices.Items, p => Assert.True(p.Price > 0));

                var warning = await store.GetWarningAsync("persist-test-1");
                Assert.NotNull(warning);
                Assert.Equal(Severity.Severe, warning.PeakSeverity);
                Assert.Equal(1, Assert.Single(await store.GetWarningEventsAfterAsync(0, 10), e => e.Warning.WarningId == "persist-test-1").EventId);

                // The second run writes on: its steps join the first run's in the same file.
                await WaitUntilAsync(async () => (await store.GetStepsAsync(new StepQuery(Limit: 10_000))).Items.Count > steps.Items.Count, "the second run's steps");
            }

            Assert.Equal(migrations, SchemaVersions(databasePath));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
