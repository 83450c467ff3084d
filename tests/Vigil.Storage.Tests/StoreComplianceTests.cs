using Vigil.Engine.Live;
using Vigil.Engine.Warnings;

namespace Vigil.Storage.Tests;

/// <summary>
/// What every <see cref="IStore"/> must do, whatever holds the data. An implementation derives from this class and
/// says how to open a store over one private database; each test gets a fresh database.
/// </summary>
public abstract partial class StoreComplianceTests : IAsyncLifetime
{
    private readonly List<IStore> _opened = [];

    /// <summary>A new store object over this test's database (the same database each call in one test).</summary>
    protected abstract IStore OpenStore();

    /// <summary>Removes this test's database.</summary>
    protected abstract Task DeleteDatabaseAsync();

    protected IStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = await OpenInitializedAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }

        await DeleteDatabaseAsync();
    }

    protected async Task<IStore> OpenInitializedAsync()
    {
        var store = OpenStore();
        _opened.Add(store);
        await store.InitializeAsync();
        return store;
    }

    [Fact]
    public async Task Initialising_again_and_reopening_keeps_every_row()
    {
        await Store.WriteAsync(TestData.Steps(0, 5));
        await Store.WriteAsync(new StoreBatch([], [TestData.Warning(1, "w-1", WarningTransition.Opened, TestData.TimeOf(1), TestData.TimeOf(1), Severity.Elevated, Severity.Elevated, 0.6)]));

        await Store.InitializeAsync();
        var reopened = await OpenInitializedAsync();

        Assert.Equal(5, (await reopened.GetStepsAsync(new StepQuery())).Items.Count);
        Assert.Equal(5, (await reopened.GetFactsAsync(new FactQuery("SPX"))).Items.Count);
        Assert.NotNull(await reopened.GetWarningAsync("w-1"));
        Assert.True(await reopened.IsWritableAsync());
    }

    [Fact]
    public async Task Facts_read_back_as_written_including_NaN()
    {
        await Store.WriteAsync(TestData.Steps(0, 4));

        var page = await Store.GetFactsAsync(new FactQuery("VIX"));

        Assert.Equal(4, page.Items.Count);
        Assert.Null(page.NextCursor);
        for (var step = 0; step < 4; step++)
        {
            var expected = TestData.Snapshot(step, 1);
            var fact = page.Items[step];
            Assert.Equal(TestData.TimeOf(step), fact.TimestampNs);
            Assert.Equal("VIX", fact.Symbol);
            Assert.Equal("simulator", fact.Source);
            Assert.Equal(expected.Price, fact.Price);
            Assert.Equal(expected.Return, fact.Return);
            Assert.Equal(expected.Volatility, fact.Volatility);
            Assert.Equal(expected.MaxAbsZ, fact.ZScore);
            Assert.Equal(expected.ZScoreScore, fact.ZScoreScore);
            Assert.Equal(expected.PriceSpikeScore, fact.PriceSpikeScore);
            Assert.Equal(expected.VolumeAnomalyScore, fact.VolumeAnomalyScore);
            Assert.Equal(expected.VolatilityBurstScore, fact.VolatilityBurstScore);
            Assert.Equal(expected.FlashCrashScore, fact.FlashCrashScore);
            Assert.Equal((int)expected.Fired, fact.Fired);
        }

        Assert.True(double.IsNaN(page.Items[0].ZScore));
    }

    [Fact]
    public async Task Facts_of_an_unknown_symbol_are_an_empty_page()
    {
        await Store.WriteAsync(TestData.Steps(0, 2));

        var page = await Store.GetFactsAsync(new FactQuery("NOPE"));

        Assert.Empty(page.Items);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Steps_read_back_with_every_detector_score()
    {
        await Store.WriteAsync(TestData.Steps(0, 12));

        var page = await Store.GetStepsAsync(new StepQuery());

        Assert.Equal(12, page.Items.Count);
        var step10 = page.Items[10];
        var written = TestData.Step(10);
        Assert.Equal(written.TimestampNs, step10.TimestampNs);
        Assert.Equal(written.Composite, step10.Composite);
        Assert.Equal(Severity.High, step10.Severity);
        Assert.Equal(TestData.Detectors.Length, step10.Scores.Count);
        foreach (var detector in written.Detectors)
        {
            Assert.Equal(detector.Score, step10.Scores[detector.Detector]);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(50)]
    [InlineData(500)]
    public async Task Paging_facts_and_steps_returns_every_row_exactly_once_in_order(int limit)
    {
        await Store.WriteAsync(TestData.Steps(0, 30));
        await Store.WriteAsync(TestData.Steps(30, 20));

        var facts = new List<long>();
        string? cursor = null;
        do
        {
            var page = await Store.GetFactsAsync(new FactQuery("GOLD", Limit: limit, Cursor: cursor));
            Assert.True(page.Items.Count <= limit);
            facts.AddRange(page.Items.Select(f => f.TimestampNs));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        var steps = new List<long>();
        do
        {
            var page = await Store.GetStepsAsync(new StepQuery(Limit: limit, Cursor: cursor));
            steps.AddRange(page.Items.Select(s => s.TimestampNs));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        var expected = Enumerable.Range(0, 50).Select(i => TestData.TimeOf(i)).ToList();
        Assert.Equal(expected, facts);
        Assert.Equal(expected, steps);
    }

    [Fact]
    public async Task Time_ranges_include_the_start_and_exclude_the_end()
    {
        await Store.WriteAsync(TestData.Steps(0, 20));

        var facts = await Store.GetFactsAsync(new FactQuery("SPX", FromNs: TestData.TimeOf(5), ToNs: TestData.TimeOf(9)));
        var steps = await Store.GetStepsAsync(new StepQuery(FromNs: TestData.TimeOf(5), ToNs: TestData.TimeOf(9)));

        Assert.Equal([5L, 6, 7, 8], facts.Items.Select(f => (f.TimestampNs - TestData.BaseNs) / TestData.StepNs));
        Assert.Equal([5L, 6, 7, 8], steps.Items.Select(s => (s.TimestampNs - TestData.BaseNs) / TestData.StepNs));
    }

    [Fact]
    public async Task Rewriting_a_batch_duplicates_nothing()
    {
        var batch = new StoreBatch(
            TestData.Steps(0, 10).Steps,
            [TestData.Warning(1, "w-1", WarningTransition.Opened, TestData.TimeOf(3), TestData.TimeOf(3), Severity.High, Severity.High, 0.8)]);

        await Store.WriteAsync(batch);
        await Store.WriteAsync(batch);
        await Store.WriteAsync(new StoreBatch(TestData.Steps(5, 10).Steps, batch.Warnings));

        Assert.Equal(15, (await Store.GetFactsAsync(new FactQuery("SPX"))).Items.Count);
        Assert.Equal(15, (await Store.GetStepsAsync(new StepQuery())).Items.Count);
        Assert.Single((await Store.GetWarningsAsync(new WarningQuery())).Items);
        Assert.Single(await Store.GetWarningEventsAfterAsync(0, 100));
    }

    [Fact]
    public async Task A_warning_follows_its_events_and_an_older_event_replayed_does_not_move_it_back()
    {
        var opened = TestData.Warning(1, "w-1", WarningTransition.Opened, TestData.TimeOf(1), TestData.TimeOf(1), Severity.Elevated, Severity.Elevated, 0.6);
        var escalated = TestData.Warning(2, "w-1", WarningTransition.Escalated, TestData.TimeOf(1), TestData.TimeOf(5), Severity.Severe, Severity.Severe, 0.9);
        var closed = TestData.Warning(3, "w-1", WarningTransition.Closed, TestData.TimeOf(1), TestData.TimeOf(9), Severity.None, Severity.Severe, 0.2);

        await Store.WriteAsync(new StoreBatch([], [opened]));
        var open = await Store.GetWarningAsync("w-1");
        Assert.NotNull(open);
        Assert.Equal(EpisodeState.Open, open.State);

        await Store.WriteAsync(new StoreBatch([], [closed, escalated]));
        await Store.WriteAsync(new StoreBatch([], [opened]));
        var warning = await Store.GetWarningAsync("w-1");

        Assert.NotNull(warning);
        Assert.Equal(EpisodeState.Closed, warning.State);
        Assert.Equal(TestData.TimeOf(9), warning.ClosedAtNs);
        Assert.Equal(TestData.TimeOf(1), warning.OpenedAtNs);
        Assert.Equal(Severity.None, warning.Severity);
        Assert.Equal(Severity.Severe, warning.PeakSeverity);
        Assert.Equal(0.9, warning.PeakComposite);
        Assert.Equal(3, warning.Latest.EventId);
        Assert.Equal(WarningTransition.Closed, warning.Latest.Warning.Kind);
        Assert.Equal(closed.Warning.Summary, warning.Summary);
        Assert.Equal("SPX", Assert.Single(warning.Latest.Warning.Signals).Symbol);
        Assert.Null(await Store.GetWarningAsync("w-unknown"));
    }

    [Fact]
    public async Task Warnings_are_filtered_by_severity_status_time_and_instrument_newest_first()
    {
        await Store.WriteAsync(new StoreBatch([],
        [
            TestData.Warning(1, "w-a", WarningTransition.Opened, TestData.TimeOf(10), TestData.TimeOf(10), Severity.Elevated, Severity.Elevated, 0.6, "SPX"),
            TestData.Warning(2, "w-a", WarningTransition.Closed, TestData.TimeOf(10), TestData.TimeOf(15), Severity.None, Severity.Elevated, 0.3, "SPX"),
            TestData.Warning(3, "w-b", WarningTransition.Opened, TestData.TimeOf(20), TestData.TimeOf(20), Severity.Severe, Severity.Severe, 0.9, "GOLD"),
            TestData.Warning(4, "w-c", WarningTransition.Opened, TestData.TimeOf(30), TestData.TimeOf(30), Severity.High, Severity.High, 0.8, "BTC"),
        ]));

        static string[] Ids(Page<WarningRecord> page) => [.. page.Items.Select(w => w.WarningId)];

        Assert.Equal(["w-c", "w-b", "w-a"], Ids(await Store.GetWarningsAsync(new WarningQuery())));
        Assert.Equal(["w-c", "w-b"], Ids(await Store.GetWarningsAsync(new WarningQuery(MinSeverity: Severity.High))));
        Assert.Equal(["w-b"], Ids(await Store.GetWarningsAsync(new WarningQuery(MinSeverity: Severity.Severe))));
        Assert.Equal(["w-c", "w-b"], Ids(await Store.GetWarningsAsync(new WarningQuery(State: EpisodeState.Open))));
        Assert.Equal(["w-a"], Ids(await Store.GetWarningsAsync(new WarningQuery(State: EpisodeState.Closed))));
        Assert.Equal(["w-b"], Ids(await Store.GetWarningsAsync(new WarningQuery(FromNs: TestData.TimeOf(11), ToNs: TestData.TimeOf(30)))));
        Assert.Equal(["w-b"], Ids(await Store.GetWarningsAsync(new WarningQuery(Symbol: "GOLD"))));

        // The largest |z| instrument counts as involved too (every test warning's is VIX).
        Assert.Equal(3, (await Store.GetWarningsAsync(new WarningQuery(Symbol: "VIX"))).Items.Count);
        Assert.Empty((await Store.GetWarningsAsync(new WarningQuery(Symbol: "NDX"))).Items);
    }

    [Fact]
    public async Task Paging_warnings_returns_each_once_even_when_they_opened_at_the_same_time()
    {
        var events = new List<PublishedWarning>();
        for (var i = 0; i < 23; i++)
        {
            // Pairs share an opening time, so the cursor must break ties by id.
            events.Add(TestData.Warning(i + 1, $"w-{i:D2}", WarningTransition.Opened, TestData.TimeOf(i / 2), TestData.TimeOf(i / 2), Severity.High, Severity.High, 0.8));
        }

        await Store.WriteAsync(new StoreBatch([], events));

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Store.GetWarningsAsync(new WarningQuery(Limit: 4, Cursor: cursor));
            seen.AddRange(page.Items.Select(w => w.WarningId));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(events.Select(e => e.Warning.WarningId).OrderDescending(), seen);
    }

    [Fact]
    public async Task Warning_events_resume_after_an_event_id_in_id_order()
    {
        var events = Enumerable.Range(1, 12)
            .Select(i => TestData.Warning(100 + i, $"w-{i % 3}", i <= 3 ? WarningTransition.Opened : WarningTransition.Escalated, TestData.TimeOf(i % 3), TestData.TimeOf(i), Severity.High, Severity.High, 0.8))
            .ToList();
        await Store.WriteAsync(new StoreBatch([], events[6..]));
        await Store.WriteAsync(new StoreBatch([], events[..6]));

        var after = await Store.GetWarningEventsAfterAsync(104, 5);
        var rest = await Store.GetWarningEventsAfterAsync(after[^1].EventId, 100);

        Assert.Equal([105L, 106, 107, 108, 109], after.Select(e => e.EventId));
        Assert.Equal([110L, 111, 112], rest.Select(e => e.EventId));
        Assert.Equal(events[4].Warning.Summary, after[0].Warning.Summary);
        Assert.Equal(events[4].Warning.Breaks, after[0].Warning.Breaks);
        Assert.Empty(await Store.GetWarningEventsAfterAsync(112, 10));
    }

    [Fact]
    public async Task Retention_deletes_only_facts_older_than_the_cutoff_and_keeps_warnings()
    {
        await Store.WriteAsync(new StoreBatch(
            TestData.Steps(0, 20).Steps,
            [TestData.Warning(1, "w-1", WarningTransition.Opened, TestData.TimeOf(2), TestData.TimeOf(2), Severity.High, Severity.High, 0.8)]));

        var deleted = await Store.DeleteFactsBeforeAsync(TestData.TimeOf(12));

        Assert.Equal(12 * TestData.Symbols.Length, deleted);
        var facts = await Store.GetFactsAsync(new FactQuery("SPX"));
        Assert.Equal(TestData.TimeOf(12), facts.Items[0].TimestampNs);
        Assert.Equal(8, facts.Items.Count);
        Assert.Equal(8, (await Store.GetStepsAsync(new StepQuery())).Items.Count);
        Assert.NotNull(await Store.GetWarningAsync("w-1"));
        Assert.Equal(0, await Store.DeleteFactsBeforeAsync(TestData.TimeOf(12)));
    }

    [Fact]
    public async Task A_cursor_from_another_query_or_made_up_is_refused()
    {
        await Store.WriteAsync(TestData.Steps(0, 5));
        var stepsPage = await Store.GetStepsAsync(new StepQuery(Limit: 2));
        Assert.NotNull(stepsPage.NextCursor);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.GetFactsAsync(new FactQuery("SPX", Cursor: stepsPage.NextCursor)));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.GetStepsAsync(new StepQuery(Cursor: "not a cursor!")));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.GetWarningsAsync(new WarningQuery(Cursor: stepsPage.NextCursor)));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.GetStepsAsync(new StepQuery(Limit: 0)));
    }

    [Fact]
    public async Task Each_write_is_one_transaction_and_a_batch_that_fails_leaves_nothing()
    {
        await Store.WriteAsync(TestData.Steps(0, 3));

        // The second step fails midway (an instrument without a symbol), after the first step's rows went in.
        var bad = TestData.Step(3) with { Instruments = [new InstrumentUpdate("SPX", TestData.Snapshot(3, 0)), new InstrumentUpdate(null!, TestData.Snapshot(3, 1))] };
        await Assert.ThrowsAnyAsync<Exception>(() => Store.WriteAsync(new StoreBatch([TestData.Step(4), bad], [])));

        Assert.Equal(3, (await Store.GetStepsAsync(new StepQuery())).Items.Count);
        Assert.Equal(3, (await Store.GetFactsAsync(new FactQuery("SPX"))).Items.Count);
    }
}
