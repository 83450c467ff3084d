using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Vigil.Engine.Warnings;
using Vigil.Storage.Sqlite;
using Vigil.Storage.Writing;

namespace Vigil.Storage.Tests;

/// <summary>The store writer over a real SQLite file: batching, the disk spool when the store fails, catch-up.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes it through IAsyncLifetime.DisposeAsync.")]
public sealed class StoreWriterTests : IAsyncLifetime
{
    /// <summary>Rows one test step makes: its step row, a fact per instrument and a score per detector.</summary>
    private static readonly int RowsPerStep = 1 + TestData.Symbols.Length + TestData.Detectors.Length;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "vigil-writer-" + Guid.NewGuid().ToString("N"));
    private readonly List<IAsyncDisposable> _owned = [];
    private SqliteStore _store = null!;

    private string DatabasePath => Path.Combine(_directory, "vigil.db");

    private string SpoolPath => Path.Combine(_directory, "spool");

    public async Task InitializeAsync()
    {
        _store = new SqliteStore(new SqliteStoreOptions { Path = DatabasePath, BusyTimeout = TimeSpan.FromMilliseconds(100) });
        await _store.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private StoreWriter Writer(int batchSize = 100_000, int flushMs = 50, RecordingObserver? observer = null)
    {
        var writer = new StoreWriter(_store, new StoreWriterOptions
        {
            SpoolDirectory = SpoolPath,
            BatchSize = batchSize,
            FlushInterval = TimeSpan.FromMilliseconds(flushMs),
            MinRetryDelay = TimeSpan.FromMilliseconds(50),
            MaxRetryDelay = TimeSpan.FromMilliseconds(200),
        }, observer);
        _owned.Add(writer);
        return writer;
    }

    /// <summary>A second connection holding SQLite's write lock, as another process could.</summary>
    private SqliteConnection HoldWriteLock()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "BEGIN EXCLUSIVE";
        command.ExecuteNonQuery();
        return connection;
    }

    private async Task<int> StepCountAsync() => (await _store.GetStepsAsync(new StepQuery(Limit: SqliteStore.MaxRowsPerPage))).Items.Count;

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int timeoutMs = 20_000)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.ElapsedMilliseconds > timeoutMs)
            {
                Assert.Fail($"Timed out after {timeoutMs} ms waiting for {what}.");
            }

            await Task.Delay(25);
        }
    }

    private string[] SpoolFiles() => Directory.Exists(SpoolPath) ? Directory.GetFiles(SpoolPath, "*.spool") : [];

    [Fact]
    public async Task A_full_batch_is_written_at_once_without_waiting_for_the_interval()
    {
        var writer = Writer(batchSize: 5 * RowsPerStep, flushMs: 3_600_000);
        await writer.StartAsync();

        for (var i = 0; i < 5; i++)
        {
            writer.Add(TestData.Step(i));
        }

        await WaitUntilAsync(async () => await StepCountAsync() == 5, "a full batch");

        writer.Add(TestData.Step(5));
        await Task.Delay(300);
        Assert.Equal(5, await StepCountAsync());
        Assert.Equal(RowsPerStep, writer.Status.BufferedRows);
    }

    [Fact]
    public async Task A_partial_batch_is_written_when_the_interval_passes()
    {
        var writer = Writer(batchSize: 100_000, flushMs: 100);
        await writer.StartAsync();

        writer.Add(TestData.Step(0));
        writer.Add(TestData.Warning(1, "w-1", WarningTransition.Opened, TestData.TimeOf(0), TestData.TimeOf(0), Severity.High, Severity.High, 0.8));

        await WaitUntilAsync(async () => await StepCountAsync() == 1 && await _store.GetWarningAsync("w-1") is not null, "the interval's flush");
        Assert.Equal(RowsPerStep + 1, writer.Status.RowsWritten);
        Assert.Equal(0, writer.Status.BufferedRows);
    }

    [Fact]
    public async Task Stopping_writes_what_is_buffered()
    {
        var writer = Writer(batchSize: 100_000, flushMs: 3_600_000);
        await writer.StartAsync();
        for (var i = 0; i < 7; i++)
        {
            writer.Add(TestData.Step(i));
        }

        await writer.StopAsync();

        Assert.Equal(7, await StepCountAsync());
        Assert.Throws<InvalidOperationException>(() => writer.Add(TestData.Step(8)));
    }

    [Fact]
    public async Task While_the_store_is_locked_batches_are_spooled_and_every_row_arrives_once_when_it_is_released()
    {
        var writer = Writer(batchSize: 10 * RowsPerStep, flushMs: 50);
        await writer.StartAsync();
        var warnings = 0;
        using (var locker = HoldWriteLock())
        {
            for (var i = 0; i < 60; i++)
            {
                writer.Add(TestData.Step(i));
                if (i % 20 == 0)
                {
                    writer.Add(TestData.Warning(++warnings, $"w-{i}", WarningTransition.Opened, TestData.TimeOf(i), TestData.TimeOf(i), Severity.High, Severity.High, 0.8));
                }

                if (i % 15 == 0)
                {
                    await writer.FlushAsync();
                }
            }

            await writer.FlushAsync();
            var locked = writer.Status;
            Assert.False(locked.StoreAvailable);
            Assert.True(locked.BatchesSpooled > 0);
            Assert.True(locked.Failures > 0);
            Assert.NotEmpty(SpoolFiles());
            Assert.Equal(0, await StepCountAsync());
        }

        await WaitUntilAsync(async () => writer.Status.SpoolFiles == 0 && writer.Status.HeldBatches == 0 && await StepCountAsync() == 60, "the spool to drain");

        var status = writer.Status;
        Assert.True(status.StoreAvailable);
        Assert.True(status.BatchesReplayed > 0);
        Assert.Equal((60 * RowsPerStep) + warnings, status.RowsWritten);
        Assert.Empty(SpoolFiles());
        var facts = await _store.GetFactsAsync(new FactQuery("SPX", Limit: 1000));
        Assert.Equal(Enumerable.Range(0, 60).Select(i => TestData.TimeOf(i)), facts.Items.Select(f => f.TimestampNs));
        Assert.Equal(Enumerable.Range(1, warnings).Select(i => (long)i), (await _store.GetWarningEventsAfterAsync(0, 100)).Select(e => e.EventId));
    }

    [Fact]
    public async Task A_spool_left_by_a_stopped_writer_is_replayed_by_the_next_one()
    {
        var first = Writer();
        await first.StartAsync();
        using (var locker = HoldWriteLock())
        {
            for (var i = 0; i < 12; i++)
            {
                first.Add(TestData.Step(i));
            }

            await first.StopAsync();
        }

        Assert.NotEmpty(SpoolFiles());
        Assert.Equal(0, await StepCountAsync());

        var second = Writer();
        await second.StartAsync();
        await WaitUntilAsync(async () => await StepCountAsync() == 12 && SpoolFiles().Length == 0, "the next writer's replay");
        Assert.Equal(12 * RowsPerStep, second.Status.RowsWritten);
    }

    [Fact]
    public async Task A_corrupt_spool_line_is_rejected_with_file_line_and_reason_and_the_rest_is_written()
    {
        var first = Writer(flushMs: 3_600_000);
        await first.StartAsync();
        using (var locker = HoldWriteLock())
        {
            for (var i = 0; i < 9; i++)
            {
                first.Add(TestData.Step(i));
                if (i % 3 == 2)
                {
                    // One spool record per three steps.
                    await first.FlushAsync();
                }
            }

            await first.StopAsync();
        }

        // Each retry seals the spool file it replayed from, so the batches may span several files, oldest first.
        var files = SpoolFiles().Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(3, files.Sum(f => File.ReadAllLines(f).Length));
        var file = files[0];
        var lines = File.ReadAllLines(file);
        File.WriteAllLines(file, [lines[0], "{\"version\":1,\"steps\":[[\"SPX\",0,1,\"not a price\"", .. lines[1..]]);

        var observer = new RecordingObserver();
        var second = Writer(observer: observer);
        await second.StartAsync();
        await WaitUntilAsync(async () => await StepCountAsync() == 9 && SpoolFiles().Length == 0, "the replay past the corrupt line");

        Assert.Equal(1, second.Status.RecordsRejected);
        var (rejectedFile, line, reason) = Assert.Single(observer.Unreadable);
        Assert.Equal(file, rejectedFile);
        Assert.Equal(2, line);
        Assert.False(string.IsNullOrWhiteSpace(reason));
    }

    private sealed class RecordingObserver : StoreWriterObserver
    {
        public ConcurrentQueue<(string File, int Line, string Reason)> Unreadable { get; } = new();

        public override void OnSpoolRecordUnreadable(string file, int line, Exception error) => Unreadable.Enqueue((file, line, error.Message));
    }
}
