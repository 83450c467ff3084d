using System.Text.Json;
using Vigil.Engine.Live;
using Vigil.Engine.Warnings;
using Vigil.Storage;

namespace Vigil.Server.Tests.Api;

public sealed class WarningsApiTests
{
    private static readonly long BaseNs = new DateTimeOffset(2001, 3, 1, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000;
    private const long MinuteNs = 60_000_000_000;

    private static PublishedWarning Event(long eventId, string id, WarningTransition kind, long openedNs, long atNs, Severity severity, Severity peak, string symbol) =>
        new(eventId, new WarningEvent
        {
            Kind = kind,
            WarningId = id,
            TimestampNs = atNs,
            OpenedAtNs = openedNs,
            Severity = kind == WarningTransition.Closed ? Severity.None : severity,
            PreviousSeverity = Severity.None,
            PeakSeverity = peak,
            Composite = 0.7,
            PeakComposite = 0.8,
            MaxAbsZ = 6.5,
            MaxAbsZSymbol = symbol,
            CorrelationBreaks = 2,
            SignalCount = 3,
            Contributions = [new DetectorContribution("CISS", 0.9, 0.4, 0.3)],
            Signals = [new WarningSignal(symbol, "PRICE_SPIKE", 7.1)],
            Breaks = [new CorrelationBreakInfo("SPX", "TLT", -0.3, 0.6)],
            Summary = $"{id} on {symbol}",
        });

    /// <summary>Three warnings in 2001: W1 closed (peak HIGH, on SPX), W2 open (SEVERE, on BTC), W3 open (ELEVATED, on SPX).</summary>
    private static async Task SeedAsync(ApiTestHost host)
    {
        var baseId = 9_000_000;
        await host.Store.WriteAsync(new StoreBatch([],
        [
            Event(baseId + 1, "T2001-W1", WarningTransition.Opened, BaseNs, BaseNs, Severity.High, Severity.High, "SPX"),
            Event(baseId + 2, "T2001-W1", WarningTransition.Closed, BaseNs, BaseNs + MinuteNs, Severity.None, Severity.High, "SPX"),
            Event(baseId + 3, "T2001-W2", WarningTransition.Opened, BaseNs + (2 * MinuteNs), BaseNs + (2 * MinuteNs), Severity.Severe, Severity.Severe, "BTC"),
            Event(baseId + 4, "T2001-W3", WarningTransition.Opened, BaseNs + (3 * MinuteNs), BaseNs + (3 * MinuteNs), Severity.Elevated, Severity.Elevated, "SPX"),
        ]));
    }

    private static async Task<string[]> IdsAsync(ApiTestHost host, string query)
    {
        var range = $"from={Problems.Iso(BaseNs)}&to={Problems.Iso(BaseNs + (10 * MinuteNs))}";
        var page = await host.GetJsonAsync($"/api/v1/warnings?{range}&{query}");
        return [.. page.GetProperty("items").EnumerateArray().Select(w => w.GetProperty("id").GetString()!)];
    }

    [Fact]
    public async Task Warnings_are_listed_newest_first_and_filtered_by_severity_status_and_symbol()
    {
        await using var host = new ApiTestHost();
        await host.WaitForStepsAsync(1);
        await SeedAsync(host);

        Assert.Equal(["T2001-W3", "T2001-W2", "T2001-W1"], await IdsAsync(host, "limit=10"));
        Assert.Equal(["T2001-W2", "T2001-W1"], await IdsAsync(host, "severity=HIGH"));
        Assert.Equal(["T2001-W2"], await IdsAsync(host, "severity=severe"));
        Assert.Equal(["T2001-W3", "T2001-W2"], await IdsAsync(host, "status=open"));
        Assert.Equal(["T2001-W1"], await IdsAsync(host, "status=closed"));
        Assert.Equal(["T2001-W3", "T2001-W1"], await IdsAsync(host, "symbol=SPX"));
        Assert.Equal(["T2001-W3"], await IdsAsync(host, "symbol=SPX&status=open"));

        var page = await host.GetJsonAsync($"/api/v1/warnings?from={Problems.Iso(BaseNs)}&to={Problems.Iso(BaseNs + (10 * MinuteNs))}&status=closed");
        var w1 = page.GetProperty("items")[0];
        Assert.Equal(
            ["id", "title", "event_type", "severity", "peak_severity", "probability", "confidence", "composite", "peak_composite", "status", "state",
             "opened_at", "closed_at", "status_changed_at", "status_changed_by", "analogue", "summary"],
            w1.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("resolved", w1.GetProperty("status").GetString());
        Assert.Equal("closed", w1.GetProperty("state").GetString());
        Assert.Equal("unclassified", w1.GetProperty("event_type").GetString());
        Assert.Equal("HIGH", w1.GetProperty("peak_severity").GetString());
        Assert.Equal("NONE", w1.GetProperty("severity").GetString());
        Assert.Equal(new DateTime(2001, 3, 1, 12, 1, 0, DateTimeKind.Utc), w1.GetProperty("closed_at").GetDateTime().ToUniversalTime());
    }

    [Fact]
    public async Task Warnings_page_with_a_cursor_returns_each_warning_once()
    {
        await using var host = new ApiTestHost();
        await host.WaitForStepsAsync(1);
        await SeedAsync(host);

        var range = $"from={Problems.Iso(BaseNs)}&to={Problems.Iso(BaseNs + (10 * MinuteNs))}";
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await host.GetJsonAsync($"/api/v1/warnings?{range}&limit=2" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor)));
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(w => w.GetProperty("id").GetString()!));
            cursor = page.GetProperty("next_cursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null && ids.Count < 10);

        Assert.Equal(["T2001-W3", "T2001-W2", "T2001-W1"], ids.ToArray());
    }

    [Fact]
    public async Task A_warning_by_id_has_its_summary_and_latest_event_in_full()
    {
        await using var host = new ApiTestHost();
        await host.WaitForStepsAsync(1);
        await SeedAsync(host);

        var w1 = await host.GetJsonAsync("/api/v1/warnings/T2001-W1");
        Assert.Equal("T2001-W1", w1.GetProperty("id").GetString());
        Assert.Equal("resolved", w1.GetProperty("status").GetString());
        Assert.Equal("closed", w1.GetProperty("state").GetString());
        var latest = w1.GetProperty("latest");
        Assert.Equal(9_000_002, latest.GetProperty("event_id").GetInt64());
        Assert.Equal("closed", latest.GetProperty("event").GetString());
        Assert.Equal("HIGH", latest.GetProperty("peak_severity").GetString());
        Assert.Equal("SPX", latest.GetProperty("max_abs_z_symbol").GetString());
        Assert.Equal("CISS", latest.GetProperty("contributions")[0].GetProperty("detector").GetString());
        Assert.Equal("PRICE_SPIKE", latest.GetProperty("signals")[0].GetProperty("detector").GetString());
        Assert.Equal("TLT", latest.GetProperty("breaks")[0].GetProperty("second").GetString());
        Assert.Equal("T2001-W1 on SPX", latest.GetProperty("summary").GetString());
    }

    [Fact]
    public async Task An_unknown_warning_is_404_and_bad_filters_are_one_400_naming_each()
    {
        await using var host = new ApiTestHost();
        using var missing = await host.Client.GetAsync("/api/v1/warnings/NO-SUCH-WARNING");
        await Problems.AssertProblemAsync(missing, 404);

        using var bad = await host.Client.GetAsync("/api/v1/warnings?severity=PANIC&status=maybe&event_type=bank_run&from=soon&symbol=NOPE&limit=-3");
        await Problems.AssertBadFieldsAsync(bad, "severity", "status", "event_type", "from", "symbol", "limit");
    }
}
