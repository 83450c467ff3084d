using Microsoft.Data.Sqlite;
using Vigil.Engine.Trading;
using Vigil.Engine.Warnings;
using Vigil.Storage.Trading;

namespace Vigil.Storage.Tests;

public sealed class SqliteTradingStoreTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "vigil-trading-" + Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_directory, "vigil.db");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    private async Task<SqliteTradingStore> OpenAsync()
    {
        var store = new SqliteTradingStore(DatabasePath);
        await store.InitializeAsync();
        return store;
    }

    private static AuditEvent Halt(long sequence, string runId) =>
        new(sequence, 1_000 + sequence, runId, RunState.Active, RunState.Halted, "Black swan: market_crash (high)", TradingRunRegistry.PolicyActor, "W1");

    [Fact]
    public async Task A_halted_run_and_its_audit_survive_reopening_the_file()
    {
        var halted = new TradingRun("r1", "alpha", RunMode.Live, RunState.Halted, 10, 2_000, "Black swan: market_crash (high)", Severity.High);
        var paper = new TradingRun("r2", "beta", RunMode.Paper, RunState.Active, 20);
        await using (var store = await OpenAsync())
        {
            await store.WriteAsync([halted, paper], [Halt(1, "r1")]);
        }

        await using var reopened = await OpenAsync();
        var state = await reopened.LoadAsync();
        Assert.Equal([halted, paper], state.Runs);
        Assert.Equal(1, state.LastAuditSequence);
        Assert.Equal(Severity.None, state.WarningSeverity);
        Assert.Null(state.WarningId);
        Assert.Equal([Halt(1, "r1")], await reopened.GetAuditAfterAsync(0, 10));
    }

    [Fact]
    public async Task Writing_the_same_audit_event_twice_stores_it_once_and_a_run_keeps_its_latest_snapshot()
    {
        await using var store = await OpenAsync();
        var active = new TradingRun("r1", "alpha", RunMode.Live, RunState.Active, 10);
        var halted = active with { State = RunState.Halted, EndedNs = 99, KillReason = "Kill switch: drill" };
        await store.WriteAsync([active], []);
        await store.WriteAsync([halted], [Halt(1, "r1")]);
        await store.WriteAsync([halted], [Halt(1, "r1")]);

        var state = await store.LoadAsync();
        Assert.Equal([halted], state.Runs);
        Assert.Single(await store.GetAuditAfterAsync(0, 10));
    }

    [Fact]
    public async Task Audit_pages_start_after_the_given_sequence_in_order()
    {
        await using var store = await OpenAsync();
        await store.WriteAsync([], [Halt(3, "c"), Halt(1, "a"), Halt(2, "b")]);

        Assert.Equal([2L, 3L], (await store.GetAuditAfterAsync(1, 10)).Select(e => e.Sequence));
        Assert.Equal([1L], (await store.GetAuditAfterAsync(0, 1)).Select(e => e.Sequence));
        Assert.Equal(3, (await store.LoadAsync()).LastAuditSequence);
    }

    [Fact]
    public async Task A_registry_restored_from_the_store_keeps_its_halts_and_continues_the_audit_numbering()
    {
        var registry = new TradingRunRegistry(new HaltPolicyOptions());
        var runs = new List<TradingRun>();
        var audit = new List<AuditEvent>();
        registry.AuditAppended += e => audit.Add(e);
        registry.Register("live", "L", RunMode.Live, 1);
        registry.Register("paper", "P", RunMode.Paper, 1);
        registry.ApplyWarning(Severity.High, EventType.MarketCrash, "W1", 50);
        runs.AddRange(registry.Runs);
        await using (var store = await OpenAsync())
        {
            await store.WriteAsync(runs, audit);
        }

        await using var reopened = await OpenAsync();
        var restored = TradingRunRegistry.Restore(await reopened.LoadAsync(), new HaltPolicyOptions());
        Assert.Equal(RunState.Halted, restored.GetState("live"));
        Assert.Equal(RunState.Active, restored.GetState("paper"));
        Assert.Equal("Black swan: market_crash (high)", restored.Get("live")!.KillReason);
        Assert.Equal(50, restored.Get("live")!.EndedNs);
        Assert.True(restored.Resume("live", "ops", isAdmin: true, 60).Succeeded);
        Assert.Equal(audit[^1].Sequence + 1, restored.LastSequence);
    }
}
