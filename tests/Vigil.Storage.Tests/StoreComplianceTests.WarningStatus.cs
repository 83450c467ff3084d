using Vigil.Engine.Live;
using Vigil.Engine.Warnings;
using Vigil.Engine.Warnings.Reports;

namespace Vigil.Storage.Tests;

/// <summary>Warning reports, statuses, manual status changes and the status summary.</summary>
public abstract partial class StoreComplianceTests
{
    private static PublishedWarning Event(long eventId, string warningId, WarningTransition kind, Severity severity, WarningStatus status, long step = 1) =>
        TestReports.WithReport(
            TestData.Warning(eventId, warningId, kind, TestData.TimeOf(1), TestData.TimeOf(step), severity, Severity.Extreme, 0.8),
            TestReports.MarketCrash,
            status);

    [Fact]
    public async Task A_warning_event_with_its_report_and_status_reads_back_unchanged()
    {
        var written = Event(1, "w-r", WarningTransition.DeEscalated, Severity.High, WarningStatus.Monitoring);
        await Store.WriteAsync(new StoreBatch([], [written]));

        var record = await Store.GetWarningAsync("w-r");
        var resumed = Assert.Single(await Store.GetWarningEventsAfterAsync(0, 10));

        Assert.NotNull(record);
        Assert.Equal(WarningStatus.Monitoring, record.Status);
        Assert.Equal(WarningStatus.Monitoring, record.Latest.Warning.Status);
        Assert.Equivalent(written.Warning.Report, record.Report, strict: true);
        Assert.Equivalent(written.Warning.Report, record.Latest.Warning.Report, strict: true);
        Assert.Equivalent(written.Warning.Report, resumed.Warning.Report, strict: true);
        Assert.Equal(EventType.MarketCrash, record.EventType);
        Assert.Equal("black_monday_1987", record.Report!.Analogue!.CrisisId);
        Assert.Equal(new DateOnly(1987, 10, 14), record.Report.Analogue.Start);
    }

    [Fact]
    public async Task Closing_resolves_a_warning_whatever_status_the_event_carries()
    {
        await Store.WriteAsync(new StoreBatch([], [Event(1, "w-c", WarningTransition.Opened, Severity.High, WarningStatus.Active)]));
        await Store.WriteAsync(new StoreBatch([], [Event(2, "w-c", WarningTransition.Closed, Severity.None, WarningStatus.Active, step: 9)]));

        var record = await Store.GetWarningAsync("w-c");

        Assert.Equal(WarningStatus.Resolved, record!.Status);
        Assert.Equal("engine", record.StatusChangedBy);
        Assert.Equal(TestData.TimeOf(9), record.StatusChangedAtNs);
    }

    [Fact]
    public async Task A_manual_resolve_survives_de_escalation_and_an_escalation_re_activates()
    {
        await Store.WriteAsync(new StoreBatch([], [Event(1, "w-m", WarningTransition.Opened, Severity.Severe, WarningStatus.Active)]));

        var changed = await Store.UpdateWarningStatusAsync("w-m", WarningStatus.Resolved, "ops", "false alarm", 12345);
        Assert.NotNull(changed);
        Assert.Equal(WarningStatus.Resolved, changed.Value.Warning.Status);
        Assert.Equal("ops", changed.Value.Warning.StatusChangedBy);
        Assert.Equal(WarningStatus.Active, changed.Value.Change.PreviousStatus);

        await Store.WriteAsync(new StoreBatch([], [Event(2, "w-m", WarningTransition.DeEscalated, Severity.High, WarningStatus.Monitoring, step: 3)]));
        var afterDeEscalation = await Store.GetWarningAsync("w-m");
        Assert.Equal(WarningStatus.Resolved, afterDeEscalation!.Status);
        Assert.Equal(Severity.High, afterDeEscalation.Severity);

        await Store.WriteAsync(new StoreBatch([], [Event(3, "w-m", WarningTransition.Escalated, Severity.Extreme, WarningStatus.Active, step: 5)]));
        var afterEscalation = await Store.GetWarningAsync("w-m");
        Assert.Equal(WarningStatus.Active, afterEscalation!.Status);
        Assert.Equal("engine", afterEscalation.StatusChangedBy);

        // The override was cleared by the escalation: a later de-escalation follows the engine again.
        await Store.WriteAsync(new StoreBatch([], [Event(4, "w-m", WarningTransition.DeEscalated, Severity.High, WarningStatus.Monitoring, step: 7)]));
        Assert.Equal(WarningStatus.Monitoring, (await Store.GetWarningAsync("w-m"))!.Status);

        var history = await Store.GetWarningStatusChangesAsync("w-m");
        var only = Assert.Single(history);
        Assert.Equal(new WarningStatusChange("w-m", WarningStatus.Resolved, WarningStatus.Active, "ops", "false alarm", 12345), only);
    }

    [Fact]
    public async Task Every_manual_change_is_kept_in_order_and_an_unknown_warning_is_null()
    {
        await Store.WriteAsync(new StoreBatch([], [Event(1, "w-h", WarningTransition.Opened, Severity.High, WarningStatus.Active)]));
        await Store.UpdateWarningStatusAsync("w-h", WarningStatus.Monitoring, "ann", null, 10);
        await Store.UpdateWarningStatusAsync("w-h", WarningStatus.Resolved, "bob", "done", 20);

        var history = await Store.GetWarningStatusChangesAsync("w-h");

        Assert.Equal([WarningStatus.Monitoring, WarningStatus.Resolved], history.Select(h => h.Status));
        Assert.Equal([WarningStatus.Active, WarningStatus.Monitoring], history.Select(h => h.PreviousStatus));
        Assert.Equal(["ann", "bob"], history.Select(h => h.Actor));
        Assert.Null(await Store.UpdateWarningStatusAsync("nope", WarningStatus.Resolved, "ann", null, 30));
        Assert.Empty(await Store.GetWarningStatusChangesAsync("nope"));
    }

    [Fact]
    public async Task Warnings_are_filtered_by_status_and_event_type_and_counted_in_the_summary()
    {
        var crash = Event(1, "w-1", WarningTransition.Opened, Severity.Extreme, WarningStatus.Active);
        var liquidity = TestReports.WithReport(
            TestData.Warning(2, "w-2", WarningTransition.Opened, TestData.TimeOf(2), TestData.TimeOf(2), Severity.High, Severity.High, 0.6),
            TestReports.LiquidityCrisis,
            WarningStatus.Active,
            "ltcm_russia_1998");
        var closed = Event(3, "w-1", WarningTransition.Closed, Severity.None, WarningStatus.Resolved, step: 4);
        var plain = TestData.Warning(4, "w-3", WarningTransition.Opened, TestData.TimeOf(3), TestData.TimeOf(3), Severity.Elevated, Severity.Elevated, 0.4);
        await Store.WriteAsync(new StoreBatch([], [crash, liquidity, closed, plain]));
        await Store.UpdateWarningStatusAsync("w-3", WarningStatus.Monitoring, "ops", null, 1);

        static string[] Ids(Page<WarningRecord> page) => [.. page.Items.Select(w => w.WarningId)];
        Assert.Equal(["w-3", "w-2", "w-1"], Ids(await Store.GetWarningsAsync(new WarningQuery())));
        Assert.Equal(["w-2"], Ids(await Store.GetWarningsAsync(new WarningQuery(Status: WarningStatus.Active))));
        Assert.Equal(["w-3"], Ids(await Store.GetWarningsAsync(new WarningQuery(Status: WarningStatus.Monitoring))));
        Assert.Equal(["w-1"], Ids(await Store.GetWarningsAsync(new WarningQuery(Status: WarningStatus.Resolved))));
        Assert.Equal(["w-1"], Ids(await Store.GetWarningsAsync(new WarningQuery(EventType: EventType.MarketCrash))));
        Assert.Equal(["w-3"], Ids(await Store.GetWarningsAsync(new WarningQuery(EventType: EventType.Unclassified))));
        Assert.Equal(["w-2"], Ids(await Store.GetWarningsAsync(new WarningQuery(State: EpisodeState.Open, EventType: EventType.LiquidityCrisis))));

        var summary = await Store.GetWarningStatusSummaryAsync();

        Assert.Equal(3, summary.Total);
        Assert.Equal(2, summary.Open);
        Assert.Equal(1, summary.ByStatus[WarningStatus.Active]);
        Assert.Equal(1, summary.ByStatus[WarningStatus.Monitoring]);
        Assert.Equal(1, summary.ByStatus[WarningStatus.Resolved]);
        Assert.Equal(new Dictionary<Severity, long> { [Severity.Elevated] = 1, [Severity.High] = 1, [Severity.Extreme] = 1 }, summary.ByPeakSeverity);
        Assert.Equal(
            new Dictionary<EventType, long> { [EventType.MarketCrash] = 1, [EventType.LiquidityCrisis] = 1, [EventType.Unclassified] = 1 },
            summary.ByEventType);
    }

    [Fact]
    public async Task A_status_change_event_is_kept_for_resume_without_touching_the_warning()
    {
        var opened = Event(1, "w-s", WarningTransition.Opened, Severity.High, WarningStatus.Active);
        await Store.WriteAsync(new StoreBatch([], [opened]));
        var change = new WarningStatusChange("w-s", WarningStatus.Monitoring, WarningStatus.Active, "ops", "watching", 99);
        var published = new PublishedWarning(2, opened.Warning with { Status = WarningStatus.Monitoring }) { StatusChange = change };

        await Store.WriteAsync(new StoreBatch([], [published]));

        var events = await Store.GetWarningEventsAfterAsync(1, 10);
        var resumed = Assert.Single(events);
        Assert.Equal(change, resumed.StatusChange);
        Assert.Equal(WarningStatus.Monitoring, resumed.Warning.Status);
        var record = await Store.GetWarningAsync("w-s");
        Assert.Equal(1, record!.Latest.EventId);
        Assert.Equal(WarningStatus.Active, record.Status);
    }
}
