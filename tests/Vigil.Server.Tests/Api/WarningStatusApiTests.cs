using System.Net;
using System.Text;
using System.Text.Json;
using Vigil.Core.Instruments;
using Vigil.Engine.Live;
using Vigil.Engine.Warnings;
using Vigil.Engine.Warnings.Analogues;
using Vigil.Engine.Warnings.Classification;
using Vigil.Engine.Warnings.Reports;
using Vigil.Server.Push;
using Vigil.Server.Tests.Push;
using Vigil.Storage;

namespace Vigil.Server.Tests.Api;

/// <summary>Warnings with reports and statuses over HTTP, the admin's status change, the summary, the patterns and the stream.</summary>
public sealed class WarningStatusApiTests
{
    private const string AdminKeyValue = "test-admin-key-7f3a";
    private static readonly long BaseNs = new DateTimeOffset(2002, 7, 1, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000;
    private const long MinuteNs = 60_000_000_000;

    private static readonly ClassificationInputs Crash = new(
        [
            new InstrumentReading("SPX", AssetClass.EquityIndex, StressSegment.Equity, IndicatorCategory.None, 4100, -0.09, -0.09, 0, -6.5, null),
            new InstrumentReading("VIX", AssetClass.Volatility, StressSegment.Volatility, IndicatorCategory.EquityVolatilityIndex, 48, 0.6, 0.6, 0, 7.2, null),
        ],
        TimeSpan.FromMinutes(10),
        0.7,
        0.3,
        4);

    private static readonly ClassificationInputs Liquidity = new(
        [new InstrumentReading("MOVE", AssetClass.Volatility, StressSegment.Volatility, IndicatorCategory.BondVolatilityIndex, 175, 0.3, 0.3, 0, 4.1, null)],
        TimeSpan.FromMinutes(10),
        0.4,
        0.1,
        1);

    private static ApiTestHost Host() => new(new Dictionary<string, string?> { ["Vigil:Admin:ApiKey"] = AdminKeyValue });

    private static PublishedWarning Event(long eventId, string id, WarningTransition kind, long openedNs, long atNs, Severity severity, ClassificationInputs inputs, string crisisId)
    {
        var warning = new WarningEvent
        {
            Kind = kind,
            WarningId = id,
            TimestampNs = atNs,
            OpenedAtNs = openedNs,
            Severity = severity,
            PreviousSeverity = Severity.None,
            PeakSeverity = severity,
            Composite = 0.72,
            PeakComposite = 0.81,
            MaxAbsZ = 7.2,
            MaxAbsZSymbol = "VIX",
            CorrelationBreaks = 1,
            SignalCount = 2,
            Contributions = [new DetectorContribution("CISS", 0.9, 0.4, 0.3)],
            Signals = [new WarningSignal("SPX", "PRICE_SPIKE", 7.1)],
            Breaks = [new CorrelationBreakInfo("SPX", "TLT", -0.3, 0.6)],
            Summary = $"{id} summary",
        };
        var crisis = CrisisLibrary.Find(crisisId)!;
        var report = new WarningReporter().Build(warning, inputs, RiskContext.Unknown) with
        {
            ZScores = [.. inputs.Readings.Select(r => new SourceZScore(r.Symbol, r.Category != IndicatorCategory.None, r.ZScore))],
            Fingerprint = crisis.Fingerprint,
            Analogue = new AnalogueSummary(crisis.Id, crisis.Name, crisis.Start, crisis.End, crisis.EventType, 0.91, crisis.Facts),
            Narrative = new WarningNarrative("SPX fell 9% with VIX at 48", "Correlations rose by 0.3", "VaR doubled", "Within ten minutes", "Equities and volatility"),
            Actions = ["Cut equity beta"],
            Hedges = [new HedgeStrategy("Long VIX calls", "VIX 1-2 month calls", "Volatility keeps rising in crashes")],
            AffectedSegments = ["equity", "volatility"],
            AffectedSymbols = ["SPX", "VIX"],
        };
        return new PublishedWarning(eventId, warning with { Report = report, Status = WarningStatus.Active });
    }

    /// <summary>C1: an open SEVERE market crash; C2: an open HIGH liquidity crisis; C3: a closed ELEVATED crash.</summary>
    private static Task SeedAsync(ApiTestHost host) => host.Store.WriteAsync(new StoreBatch([],
    [
        Event(8_000_001, "T2002-C1", WarningTransition.Opened, BaseNs, BaseNs, Severity.Severe, Crash, "black_monday_1987"),
        Event(8_000_002, "T2002-C2", WarningTransition.Opened, BaseNs + MinuteNs, BaseNs + MinuteNs, Severity.High, Liquidity, "ltcm_russia_1998"),
        Event(8_000_003, "T2002-C3", WarningTransition.Opened, BaseNs + (2 * MinuteNs), BaseNs + (2 * MinuteNs), Severity.Elevated, Crash, "black_monday_1987"),
        Event(8_000_004, "T2002-C3", WarningTransition.Closed, BaseNs + (2 * MinuteNs), BaseNs + (3 * MinuteNs), Severity.None, Crash, "black_monday_1987"),
    ]));

    private static async Task<string[]> IdsAsync(ApiTestHost host, string query)
    {
        var range = $"from={Problems.Iso(BaseNs)}&to={Problems.Iso(BaseNs + (10 * MinuteNs))}";
        var page = await host.GetJsonAsync($"/api/v1/warnings?{range}&{query}");
        return [.. page.GetProperty("items").EnumerateArray().Select(w => w.GetProperty("id").GetString()!)];
    }

    private static async Task<HttpResponseMessage> PatchStatusAsync(ApiTestHost host, string id, string json, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/warnings/{id}/status")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            request.Headers.Add("X-Vigil-Admin-Key", key);
        }

        return await host.Client.SendAsync(request);
    }

    [Fact]
    public async Task The_list_carries_each_warnings_headline_and_filters_by_status_and_event_type()
    {
        await using var host = Host();
        await SeedAsync(host);

        var page = await host.GetJsonAsync($"/api/v1/warnings?from={Problems.Iso(BaseNs)}&to={Problems.Iso(BaseNs + (10 * MinuteNs))}");
        var c1 = page.GetProperty("items").EnumerateArray().Single(w => w.GetProperty("id").GetString() == "T2002-C1");
        Assert.Equal("market_crash", c1.GetProperty("event_type").GetString());
        Assert.Equal("active", c1.GetProperty("status").GetString());
        Assert.Equal("open", c1.GetProperty("state").GetString());
        Assert.Equal("SEVERE", c1.GetProperty("severity").GetString());
        Assert.StartsWith("Market crash (SEVERE)", c1.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.InRange(c1.GetProperty("probability").GetDouble(), 0.5, 1);
        Assert.InRange(c1.GetProperty("confidence").GetDouble(), 0.01, 1);
        Assert.Equal(0.72, c1.GetProperty("composite").GetDouble(), 9);
        Assert.Equal("Black Monday 1987", c1.GetProperty("analogue").GetProperty("name").GetString());
        Assert.Equal(0.91, c1.GetProperty("analogue").GetProperty("similarity").GetDouble(), 9);

        Assert.Equal(["T2002-C2", "T2002-C1"], await IdsAsync(host, "status=active"));
        Assert.Equal(["T2002-C3"], await IdsAsync(host, "status=RESOLVED"));
        Assert.Empty(await IdsAsync(host, "status=monitoring"));
        Assert.Equal(["T2002-C3"], await IdsAsync(host, "status=closed"));
        Assert.Equal(["T2002-C3", "T2002-C1"], await IdsAsync(host, "event_type=market_crash"));
        Assert.Equal(["T2002-C2"], await IdsAsync(host, "event_type=liquidity_crisis&status=active"));
    }

    [Fact]
    public async Task One_warning_carries_its_whole_report_its_latest_event_and_its_status_history()
    {
        await using var host = Host();
        await SeedAsync(host);

        var c1 = await host.GetJsonAsync("/api/v1/warnings/T2002-C1");

        var report = c1.GetProperty("report");
        Assert.Equal("market_crash", report.GetProperty("event_type").GetString());
        Assert.Equal(["SPX", "VIX"], report.GetProperty("z_scores").EnumerateArray().Select(z => z.GetProperty("source").GetString()));
        Assert.Equal(7.2, report.GetProperty("z_scores")[1].GetProperty("z_score").GetDouble(), 9);
        Assert.True(report.GetProperty("z_scores")[1].GetProperty("is_indicator").GetBoolean());
        Assert.NotEqual(0, report.GetProperty("triggers").GetArrayLength());
        Assert.Equal(
            ["drawdown", "volatility_spike", "correlation_spike", "credit_widening", "fx_move", "rates_move", "liquidity", "speed"],
            report.GetProperty("fingerprint").EnumerateObject().Select(p => p.Name));
        var crisis = CrisisLibrary.Find("black_monday_1987")!;
        Assert.Equal(crisis.Fingerprint.Drawdown, report.GetProperty("fingerprint").GetProperty("drawdown").GetDouble(), 12);
        var analogue = report.GetProperty("analogue");
        Assert.Equal("black_monday_1987", analogue.GetProperty("id").GetString());
        Assert.Equal("1987-10-14", analogue.GetProperty("start").GetString());
        Assert.Equal(crisis.Facts, analogue.GetProperty("facts").EnumerateArray().Select(f => f.GetString()));
        var narrative = report.GetProperty("narrative");
        Assert.Equal(["why", "how", "what", "when", "where"], narrative.EnumerateObject().Select(p => p.Name));
        Assert.Equal("SPX fell 9% with VIX at 48", narrative.GetProperty("why").GetString());
        Assert.Equal("Long VIX calls", report.GetProperty("hedges")[0].GetProperty("strategy").GetString());
        Assert.Equal("Cut equity beta", report.GetProperty("actions")[0].GetString());
        Assert.Equal(["equity", "volatility"], report.GetProperty("affected_segments").EnumerateArray().Select(s => s.GetString()));

        var latest = c1.GetProperty("latest");
        Assert.Equal(-0.3, latest.GetProperty("breaks")[0].GetProperty("before").GetDouble(), 9);
        Assert.Equal(0.6, latest.GetProperty("breaks")[0].GetProperty("after").GetDouble(), 9);
        Assert.Equal("PRICE_SPIKE", latest.GetProperty("signals")[0].GetProperty("detector").GetString());
        Assert.Equal(0, c1.GetProperty("status_history").GetArrayLength());
        Assert.Equal("engine", c1.GetProperty("status_changed_by").GetString());
    }

    [Fact]
    public async Task Active_lists_open_unresolved_warnings_highest_severity_first_and_the_summary_counts_them()
    {
        await using var host = Host();
        await SeedAsync(host);
        using (var resolved = await PatchStatusAsync(host, "T2002-C2", """{"status":"monitoring"}""", AdminKeyValue))
        {
            Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        }

        var active = await host.GetJsonAsync("/api/v1/warnings/active");
        Assert.Equal(["T2002-C1", "T2002-C2"], active.EnumerateArray().Select(w => w.GetProperty("id").GetString()));

        using (var done = await PatchStatusAsync(host, "T2002-C1", """{"status":"resolved","note":"handled"}""", AdminKeyValue))
        {
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        }

        active = await host.GetJsonAsync("/api/v1/warnings/active");
        Assert.Equal(["T2002-C2"], active.EnumerateArray().Select(w => w.GetProperty("id").GetString()));

        var summary = await host.GetJsonAsync("/api/v1/warnings/summary");
        Assert.Equal(3, summary.GetProperty("total").GetInt64());
        Assert.Equal(2, summary.GetProperty("open").GetInt64());
        Assert.Equal(0, summary.GetProperty("by_status").GetProperty("active").GetInt64());
        Assert.Equal(1, summary.GetProperty("by_status").GetProperty("monitoring").GetInt64());
        Assert.Equal(2, summary.GetProperty("by_status").GetProperty("resolved").GetInt64());
        Assert.Equal(1, summary.GetProperty("by_severity").GetProperty("SEVERE").GetInt64());
        Assert.Equal(2, summary.GetProperty("by_event_type").GetProperty("market_crash").GetInt64());
        Assert.Equal(1, summary.GetProperty("by_event_type").GetProperty("liquidity_crisis").GetInt64());
    }

    [Fact]
    public async Task Changing_a_status_needs_the_admin_key_and_is_kept_in_the_history()
    {
        await using var host = Host();
        await SeedAsync(host);

        using (var missing = await PatchStatusAsync(host, "T2002-C1", """{"status":"resolved"}""", null))
        {
            await Problems.AssertProblemAsync(missing, 401);
        }

        using (var wrong = await PatchStatusAsync(host, "T2002-C1", """{"status":"resolved"}""", "not-the-key"))
        {
            await Problems.AssertProblemAsync(wrong, 403);
        }

        Assert.Equal("active", (await host.GetJsonAsync("/api/v1/warnings/T2002-C1")).GetProperty("status").GetString());

        using (var unknown = await PatchStatusAsync(host, "T2002-NOPE", """{"status":"resolved"}""", AdminKeyValue))
        {
            await Problems.AssertProblemAsync(unknown, 404);
        }

        using (var bad = await PatchStatusAsync(host, "T2002-C1", $$"""{"status":"finished","note":"{{new string('x', 1001)}}"}""", AdminKeyValue))
        {
            await Problems.AssertBadFieldsAsync(bad, "status", "note");
        }

        using (var none = await PatchStatusAsync(host, "T2002-C1", """{"note":"no status"}""", AdminKeyValue))
        {
            await Problems.AssertBadFieldsAsync(none, "status");
        }

        using (var broken = await PatchStatusAsync(host, "T2002-C1", """{"status":""", AdminKeyValue))
        {
            await Problems.AssertProblemAsync(broken, 400);
        }

        Assert.Empty((await host.GetJsonAsync("/api/v1/warnings/T2002-C1")).GetProperty("status_history").EnumerateArray());

        using var ok = await PatchStatusAsync(host, "T2002-C1", """{"status":"Resolved","note":"false alarm"}""", AdminKeyValue);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var body = JsonDocument.Parse(await ok.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("resolved", body.GetProperty("status").GetString());
        Assert.Equal("admin", body.GetProperty("status_changed_by").GetString());

        var warning = await host.GetJsonAsync("/api/v1/warnings/T2002-C1");
        Assert.Equal("resolved", warning.GetProperty("status").GetString());
        var change = Assert.Single(warning.GetProperty("status_history").EnumerateArray());
        Assert.Equal("resolved", change.GetProperty("status").GetString());
        Assert.Equal("active", change.GetProperty("previous_status").GetString());
        Assert.Equal("admin", change.GetProperty("actor").GetString());
        Assert.Equal("false alarm", change.GetProperty("note").GetString());
    }

    [Fact]
    public async Task Patterns_list_the_crisis_library_with_named_fingerprints_and_one_by_id()
    {
        await using var host = Host();

        var patterns = await host.GetJsonAsync("/api/v1/patterns");
        Assert.Equal(CrisisLibrary.All.Count, patterns.GetArrayLength());
        var lehman = patterns.EnumerateArray().Single(p => p.GetProperty("id").GetString() == "black_monday_1987");
        Assert.Equal("market_crash", lehman.GetProperty("event_type").GetString());
        Assert.Equal(CrisisFingerprint.DimensionNames, lehman.GetProperty("fingerprint").EnumerateObject().Select(p => p.Name));
        Assert.NotEqual(0, lehman.GetProperty("facts").GetArrayLength());

        var one = await host.GetJsonAsync("/api/v1/patterns/ltcm_russia_1998");
        Assert.Equal("liquidity_crisis", one.GetProperty("event_type").GetString());
        Assert.Equal("1998-08-17", one.GetProperty("start").GetString());

        using var missing = await host.Client.GetAsync("/api/v1/patterns/tulip_mania_1637");
        await Problems.AssertProblemAsync(missing, 404);
    }

    [Fact]
    public async Task A_manual_status_change_is_published_on_the_stream_and_a_resume_replays_it()
    {
        await using var host = Host();
        await SeedAsync(host);
        await using var sse = await SseClient.ConnectAsync(host.Client);

        using (var ok = await PatchStatusAsync(host, "T2002-C2", """{"status":"monitoring","note":"easing"}""", AdminKeyValue))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        var changed = await ReadStatusChangedAsync(sse);
        Assert.Equal("T2002-C2", changed.Data.GetProperty("id").GetString());
        Assert.Equal("status_changed", changed.Data.GetProperty("event").GetString());
        Assert.Equal("monitoring", changed.Data.GetProperty("status").GetString());
        Assert.Equal("liquidity_crisis", changed.Data.GetProperty("event_type").GetString());
        Assert.Equal("easing", changed.Data.GetProperty("status_change").GetProperty("note").GetString());
        Assert.Equal("active", changed.Data.GetProperty("status_change").GetProperty("previous_status").GetString());

        await using var resumed = await SseClient.ConnectAsync(host.Client, (changed.Id - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var replayed = await ReadStatusChangedAsync(resumed);
        Assert.Equal(changed.Id, replayed.Id);
        Assert.Equal(changed.Data.GetRawText(), replayed.Data.GetRawText());
    }

    [Fact]
    public async Task The_openapi_document_lists_the_warning_and_pattern_endpoints()
    {
        await using var host = Host();
        var paths = (await host.GetJsonAsync("/openapi/v1.json")).GetProperty("paths");

        foreach (var (path, method) in new[]
        {
            ("/api/v1/warnings/active", "get"),
            ("/api/v1/warnings/summary", "get"),
            ("/api/v1/warnings/{id}/status", "patch"),
            ("/api/v1/patterns", "get"),
            ("/api/v1/patterns/{id}", "get"),
        })
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"missing {path}");
            Assert.True(item.TryGetProperty(method, out _), $"missing {method} {path}");
        }
    }

    [Fact]
    public void The_websocket_alert_carries_the_reports_headline_and_the_status()
    {
        var published = Event(42, "T2002-C9", WarningTransition.Opened, BaseNs, BaseNs, Severity.Severe, Crash, "black_monday_1987");
        using var scratch = new JsonScratch();

        var alert = JsonDocument.Parse(PushEncoder.EncodeAlert(published, scratch).Alert).RootElement;

        var warning = alert.GetProperty("warning");
        Assert.Equal("alert", alert.GetProperty("type").GetString());
        Assert.Equal("opened", warning.GetProperty("event").GetString());
        Assert.Equal("market_crash", warning.GetProperty("event_type").GetString());
        Assert.Equal("active", warning.GetProperty("status").GetString());
        Assert.Equal(published.Warning.Report!.Title, warning.GetProperty("title").GetString());
        Assert.Equal(published.Warning.Report.Probability, warning.GetProperty("probability").GetDouble(), 9);
        Assert.Equal(published.Warning.Report.Confidence, warning.GetProperty("confidence").GetDouble(), 9);
        Assert.Equal("black_monday_1987", warning.GetProperty("analogue").GetProperty("id").GetString());
        Assert.Equal("Within ten minutes", warning.GetProperty("narrative").GetProperty("when").GetString());
        Assert.Equal(JsonValueKind.Null, warning.GetProperty("status_change").ValueKind);
    }

    private static async Task<(long Id, string Event, JsonElement Data)> ReadStatusChangedAsync(SseClient sse)
    {
        // A calm simulated market rarely warns, but an engine event may come first: skip it.
        for (var i = 0; i < 50; i++)
        {
            var next = await sse.ReadEventAsync(TimeSpan.FromSeconds(30));
            Assert.NotNull(next);
            if (next.Value.Event == "status_changed")
            {
                return next.Value;
            }
        }

        throw new InvalidOperationException("no status_changed event");
    }
}
