using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vigil.Core.Instruments;
using Vigil.Engine.Live;
using Vigil.Engine.Warnings;
using Vigil.Engine.Warnings.Analogues;
using Vigil.Engine.Warnings.Classification;
using Vigil.Engine.Warnings.Reports;
using Vigil.Storage;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Vigil.Server.Tests.Dashboard;

/// <summary>
/// The warnings detail view and the trading runs panel (issue 5, §8) in headless Chromium against the real service:
/// a stored warning's full report in the drawer as the API gives it; runs registered on the page, a crisis preset that
/// opens a severe warning live, the live run halted by the policy while the paper run trades on, and an admin's resume.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class WarningsRunsBrowserTests(ITestOutputHelper output)
{
    private const string AdminKey = "browser-test-admin-key";

    // Lehman at turbo opens a warning within about 30 s of the activation; generous for a loaded two-core machine.
    private const float WarningTimeoutMs = 60_000;

    // Every state the live run's row shows, recorded in the page so a short-lived state between polls is not missed.
    private const string WatchRunStateScript = """
        runId => {
          window.vigilRunStates = [];
          const read = () => {
            const row = document.querySelector(`[data-testid='run-row'][data-run-id='${runId}']`);
            const state = row?.dataset.state;
            if (state && window.vigilRunStates[window.vigilRunStates.length - 1] !== state) window.vigilRunStates.push(state);
          };
          read();
          new MutationObserver(read).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"] });
        }
        """;

    [ChromiumFact]
    public async Task A_warnings_detail_view_shows_its_whole_report_as_the_API_gives_it_follows_status_changes_and_closes_with_Escape()
    {
        Assert.True(ChromiumFactAttribute.IsAvailable, $"Chromium is required at {ChromiumFactAttribute.ExecutablePath} under CI=true (apt-get install chromium).");
        await using var host = await LiveVigilHost.StartAsync(new Dictionary<string, string?> { ["Vigil:Admin:ApiKey"] = AdminKey });
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        const string Id = "T-REPORT-0001";
        await host.Services.GetRequiredService<IStore>().WriteAsync(new StoreBatch([], [ReportedWarning(Id)]));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
        var errors = CollectErrors(page);
        await page.GotoAsync(host.BaseAddress.ToString());

        // The stored warning is listed with its headline: title, event type, severity, status, probability.
        var item = page.Locator($"[data-testid='warning-item'][data-warning-id='{Id}'][data-event='open']");
        await Expect(item).ToHaveAttributeAsync("data-severity", "SEVERE", new() { Timeout = 15_000 });
        await Expect(item).ToHaveAttributeAsync("data-event-type", "market_crash");
        await Expect(item.GetByTestId("warning-status")).ToHaveTextAsync("active");
        await Expect(item).ToContainTextAsync(new Regex(@"p \d+%"));

        var button = item.GetByRole(AriaRole.Button);
        await button.ClickAsync();
        var detail = page.GetByRole(AriaRole.Dialog);
        await Expect(detail).ToHaveAttributeAsync("data-loaded", "true", new() { Timeout = 10_000 });
        var json = await http.GetFromJsonAsync<JsonElement>($"api/v1/warnings/{Id}");
        var report = json.GetProperty("report");

        await Expect(detail.GetByTestId("detail-title")).ToHaveTextAsync(json.GetProperty("title").GetString()!);
        await Expect(detail.GetByTestId("detail-event-type")).ToHaveAttributeAsync("data-value", "market_crash");
        await Expect(detail.GetByTestId("detail-severity")).ToHaveTextAsync("SEVERE");
        await Expect(detail.GetByTestId("detail-status")).ToHaveTextAsync("active");
        await Expect(detail.GetByTestId("detail-probability")).ToHaveTextAsync(Percent(report.GetProperty("probability").GetDouble()));
        await Expect(detail.GetByTestId("detail-confidence")).ToHaveTextAsync(Percent(report.GetProperty("confidence").GetDouble()));
        await Expect(detail.GetByTestId("detail-composite")).ToContainTextAsync(json.GetProperty("latest").GetProperty("composite").GetDouble().ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
        foreach (var part in new[] { "why", "how", "what", "when", "where" })
        {
            var text = report.GetProperty("narrative").GetProperty(part).GetString();
            Assert.False(string.IsNullOrWhiteSpace(text), $"The reporter should write the narrative's '{part}'.");
            await Expect(detail.GetByTestId($"narrative-{part}")).ToHaveTextAsync(text!);
        }

        var analogue = report.GetProperty("analogue");
        await Expect(detail.GetByTestId("analogue-name")).ToHaveTextAsync(analogue.GetProperty("name").GetString()!);
        await Expect(detail.GetByTestId("analogue-similarity")).ToHaveTextAsync($"similarity {Percent(analogue.GetProperty("similarity").GetDouble())}");
        await Expect(detail.GetByTestId("analogue-fact")).ToHaveTextAsync(Strings(analogue.GetProperty("facts")));
        await Expect(detail.GetByTestId("hedge-strategy")).ToHaveTextAsync(Strings(report.GetProperty("hedges"), "strategy"));
        await Expect(detail.GetByTestId("hedge-instruments")).ToHaveTextAsync(Strings(report.GetProperty("hedges"), "instruments"));
        await Expect(detail.GetByTestId("hedge-rationale")).ToHaveTextAsync(Strings(report.GetProperty("hedges"), "rationale"));
        await Expect(detail.GetByTestId("action")).ToHaveTextAsync(Strings(report.GetProperty("actions")));
        await Expect(detail.GetByTestId("trigger")).ToHaveTextAsync(Strings(report.GetProperty("triggers")));
        Assert.NotEmpty(Strings(report.GetProperty("hedges"), "strategy"));
        Assert.NotEmpty(Strings(report.GetProperty("actions")));

        // Z-scores per source, each bar on the side of its sign; the break with its correlations before and after.
        var zscores = report.GetProperty("z_scores").EnumerateArray().ToArray();
        Assert.NotEmpty(zscores);
        await Expect(detail.GetByTestId("zscore-row")).ToHaveCountAsync(zscores.Length);
        foreach (var z in zscores)
        {
            var row = detail.Locator($"[data-testid='zscore-row'][data-source='{z.GetProperty("source").GetString()}']");
            await Expect(row).ToContainTextAsync(z.GetProperty("z_score").GetDouble().ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
            await Expect(row.Locator(".zbar")).ToHaveClassAsync(new Regex(z.GetProperty("z_score").GetDouble() < 0 ? "neg" : "pos"));
        }

        await Expect(detail.GetByTestId("break-row")).ToHaveTextAsync(["SPX / TLT: -0.30 → 0.60"]);
        await SaveScreenshotAsync(page, "dashboard-warning-report.png");

        // An admin's status change reaches the open drawer and the list live, through the stream.
        using (var patch = new HttpRequestMessage(HttpMethod.Patch, $"api/v1/warnings/{Id}/status") { Content = JsonContent.Create(new { status = "monitoring", note = "desk is on it" }) })
        {
            patch.Headers.Add("X-Vigil-Admin-Key", AdminKey);
            using var patched = await http.SendAsync(patch);
            Assert.True(patched.IsSuccessStatusCode, $"The status change answered {(int)patched.StatusCode}.");
        }

        await Expect(detail.GetByTestId("detail-status")).ToHaveTextAsync("monitoring", new() { Timeout = 10_000 });
        await Expect(page.Locator($"[data-testid='warning-item'][data-warning-id='{Id}'][data-event='status_changed']")).ToHaveAttributeAsync("data-status", "monitoring");

        // Escape closes the drawer and the focus returns to the warning that opened it.
        await page.Keyboard.PressAsync("Escape");
        await Expect(detail).ToHaveCountAsync(0);
        await Expect(button).ToBeFocusedAsync();

        Assert.True(errors.IsEmpty, "The page logged errors:\n" + string.Join('\n', errors));
    }

    [ChromiumFact]
    public async Task A_severe_warning_in_the_feed_opens_its_details_and_halts_the_live_run_but_not_the_paper_run_until_an_admin_resumes_it()
    {
        Assert.True(ChromiumFactAttribute.IsAvailable, $"Chromium is required at {ChromiumFactAttribute.ExecutablePath} under CI=true (apt-get install chromium).");
        await using var host = await LiveVigilHost.StartAsync(new Dictionary<string, string?> { ["Vigil:Admin:ApiKey"] = AdminKey });
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions
        {
            ViewportSize = new ViewportSize { Width = 1600, Height = 1000 },
            ColorScheme = ColorScheme.Dark,
        });
        var errors = CollectErrors(page);

        await page.GotoAsync(host.BaseAddress.ToString());
        var panel = page.GetByTestId("runs-panel");
        await Expect(panel).ToHaveAttributeAsync("data-stream", "live", new() { Timeout = 15_000 });

        // Two runs registered through the form: one live, one paper.
        await RegisterAsync(page, "momentum-live", "live");
        await RegisterAsync(page, "momentum-paper", "paper");
        var liveRow = page.Locator("[data-testid='run-row'][data-name='momentum-live']");
        var paperRow = page.Locator("[data-testid='run-row'][data-name='momentum-paper']");
        await Expect(liveRow).ToHaveAttributeAsync("data-mode", "live");
        await Expect(paperRow).ToHaveAttributeAsync("data-mode", "paper");
        await Expect(paperRow).ToHaveAttributeAsync("data-state", "active");
        var liveId = await liveRow.GetAttributeAsync("data-run-id");
        var paperId = await paperRow.GetAttributeAsync("data-run-id");
        Assert.False(string.IsNullOrEmpty(liveId));
        Assert.False(string.IsNullOrEmpty(paperId));

        // A crisis through the API: the policy halts the live run, and the panel hears it from the runs stream.
        using (var activated = await http.PostAsync("api/v1/presets/lehman2008/activate", null))
        {
            Assert.True(activated.IsSuccessStatusCode, $"Activating the Lehman preset answered {(int)activated.StatusCode}.");
        }

        await Expect(liveRow).ToHaveAttributeAsync("data-state", "halted", new() { Timeout = WarningTimeoutMs });
        var reason = liveRow.GetByTestId("run-kill-reason");
        await Expect(reason).ToHaveTextAsync(BlackSwanReason(), new() { Timeout = 10_000 });
        await Expect(liveRow.GetByTestId("run-ended")).Not.ToBeEmptyAsync(new() { Timeout = 10_000 });
        var apiRun = await http.GetFromJsonAsync<JsonElement>($"api/v1/runs/{liveId}");
        Assert.Equal(apiRun.GetProperty("kill_reason").GetString(), (await reason.TextContentAsync())?.Trim());
        output.WriteLine($"live run halted: {apiRun.GetProperty("kill_reason").GetString()}");
        await Expect(paperRow).ToHaveAttributeAsync("data-state", "active");

        // The warning that halted it is in the feed at HIGH or above, live from the stream, and its drawer agrees with
        // the API (the report's parts too, when the engine attached one).
        var severe = page.Locator("[data-testid='warning-item']:is([data-severity='HIGH'],[data-severity='SEVERE'],[data-severity='EXTREME'])").First;
        await Expect(severe).ToBeVisibleAsync(new() { Timeout = WarningTimeoutMs });
        var warningId = await severe.GetAttributeAsync("data-warning-id");
        Assert.False(string.IsNullOrEmpty(warningId));
        await Expect(severe).Not.ToHaveAttributeAsync("data-event-type", "");
        await Expect(severe.GetByTestId("warning-status")).ToHaveTextAsync("active");
        output.WriteLine($"warning {warningId}: {await severe.GetAttributeAsync("data-severity")} {await severe.GetAttributeAsync("data-event-type")}");
        await severe.GetByRole(AriaRole.Button).ClickAsync();
        var detail = page.GetByRole(AriaRole.Dialog);
        await Expect(detail).ToHaveAttributeAsync("data-loaded", "true", new() { Timeout = 10_000 });
        await Expect(detail).ToHaveAttributeAsync("data-warning-id", warningId!);
        await MatchesApiAsync(http, detail, warningId!);
        await page.Keyboard.PressAsync("Escape");
        await Expect(detail).ToHaveCountAsync(0);

        // Resume needs the admin key: without it the service's problem detail is shown and the run stays halted.
        await Expect(liveRow.GetByTestId("run-resume")).ToBeVisibleAsync();
        await page.GetByTestId("admin-key-input").FillAsync("");
        await liveRow.GetByTestId("run-resume").ClickAsync();
        await Expect(page.GetByTestId("runs-message")).ToContainTextAsync("Admin key required");
        await Expect(liveRow).ToHaveAttributeAsync("data-state", "halted");

        // With the key it resumes. The stress stops first so the warning is unlikely to re-halt the run at once; the
        // row's states are recorded in the page, so a later re-halt by the policy cannot hide the resume.
        using (var stopped = await http.PostAsync("api/v1/stress/deactivate", null))
        {
            Assert.True(stopped.IsSuccessStatusCode, $"Deactivating the preset answered {(int)stopped.StatusCode}.");
        }

        await page.EvaluateAsync(WatchRunStateScript, liveId);
        await page.GetByTestId("admin-key-input").FillAsync(AdminKey);
        Assert.Equal(AdminKey, await page.EvaluateAsync<string>("() => sessionStorage.getItem('vigil.adminKey')"));
        await liveRow.GetByTestId("run-resume").ClickAsync();
        await Expect(page.GetByTestId("runs-message")).ToHaveTextAsync(new Regex("^Resumed \"momentum-live\": (active|reducing)$"), new() { Timeout = 10_000 });
        await page.WaitForFunctionAsync("() => window.vigilRunStates.some(s => s === 'active' || s === 'reducing')", null, new() { Timeout = 10_000 });
        var audit = await http.GetFromJsonAsync<JsonElement>("api/v1/runs/audit?limit=1000");
        Assert.Contains(
            audit.GetProperty("items").EnumerateArray(),
            c => c.GetProperty("run_id").GetString() == liveId && c.GetProperty("from").GetString() == "halted" && c.GetProperty("actor").GetString() == "admin");
        Assert.DoesNotContain(audit.GetProperty("items").EnumerateArray(), c => c.GetProperty("run_id").GetString() == paperId);
        await SaveScreenshotAsync(page, "dashboard-runs.png");

        // The kill switch asks for a confirmation, then halts every run, paper too, with the reason given.
        await page.GetByTestId("kill-reason-input").FillAsync("desk drill");
        await page.GetByTestId("kill-all").ClickAsync();
        await Expect(paperRow).ToHaveAttributeAsync("data-state", "active");
        await page.GetByTestId("kill-all-confirm").ClickAsync();
        await Expect(page.GetByTestId("runs-message")).ToHaveTextAsync(new Regex(@"^Kill switch: [12] runs? halted$"), new() { Timeout = 10_000 });
        await Expect(paperRow).ToHaveAttributeAsync("data-state", "halted", new() { Timeout = 10_000 });
        await Expect(paperRow.GetByTestId("run-kill-reason")).ToHaveTextAsync("Kill switch: desk drill");
        await Expect(liveRow).ToHaveAttributeAsync("data-state", "halted");

        Assert.True(errors.IsEmpty, "The page logged errors:\n" + string.Join('\n', errors));
    }

    private static async Task RegisterAsync(IPage page, string name, string mode)
    {
        await page.GetByTestId("run-name-input").FillAsync(name);
        await page.GetByTestId("run-mode-select").SelectOptionAsync(mode);
        await page.GetByTestId("run-register").ClickAsync();
        await Expect(page.GetByTestId("runs-message")).ToContainTextAsync($"Registered {mode} run \"{name}\"");
        await Expect(page.Locator($"[data-testid='run-row'][data-name='{name}']")).ToHaveAttributeAsync("data-state", "active");
    }

    /// <summary>
    /// The drawer shows what <c>GET /api/v1/warnings/{id}</c> says. The warning may still be escalating, and the drawer
    /// refetches on each of its events, so the two are compared until they agree at one moment (or time runs out).
    /// </summary>
    private async Task MatchesApiAsync(HttpClient http, ILocator detail, string warningId)
    {
        string[] last = [];
        string[] shown = [];
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var json = await http.GetFromJsonAsync<JsonElement>($"api/v1/warnings/{Uri.EscapeDataString(warningId)}");
            var report = json.GetProperty("report");
            var hasReport = report.ValueKind == JsonValueKind.Object;
            last =
            [
                json.GetProperty("title").GetString()!,
                json.GetProperty("event_type").GetString()!,
                json.GetProperty("status").GetString()!,
                hasReport ? report.GetProperty("narrative").GetProperty("why").GetString()! : "",
                hasReport && report.GetProperty("analogue").ValueKind == JsonValueKind.Object ? report.GetProperty("analogue").GetProperty("name").GetString()! : "",
                hasReport ? string.Join(" | ", report.GetProperty("hedges").EnumerateArray().Select(h => h.GetProperty("strategy").GetString())) : "",
            ];
            shown =
            [
                await Text(detail.GetByTestId("detail-title")),
                await detail.GetByTestId("detail-event-type").GetAttributeAsync("data-value") ?? "",
                await Text(detail.GetByTestId("detail-status")),
                await TextIfAny(detail.GetByTestId("narrative-why")),
                await TextIfAny(detail.GetByTestId("analogue-name")),
                string.Join(" | ", (await detail.GetByTestId("hedge-strategy").AllTextContentsAsync()).Select(s => s.Trim())),
            ];
            if (last.SequenceEqual(shown))
            {
                output.WriteLine($"detail matches the API after {attempt + 1} look(s): {last[0]} · analogue {last[4]}");
                return;
            }

            await Task.Delay(250);
        }

        Assert.Equal(last, shown);
    }

    private static async Task<string> Text(ILocator locator) => (await locator.TextContentAsync())?.Trim() ?? "";

    private static async Task<string> TextIfAny(ILocator locator) => await locator.CountAsync() == 0 ? "" : await Text(locator);

    private static string Percent(double fraction) => $"{Math.Round(fraction * 100, MidpointRounding.AwayFromZero).ToString(System.Globalization.CultureInfo.InvariantCulture)}%";

    private static string[] Strings(JsonElement array, string? property = null) =>
        [.. array.EnumerateArray().Select(e => (property is null ? e : e.GetProperty(property)).GetString()!)];

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ExecutablePath,
            Headless = true,
            // Containers often lack the kernel features Chromium's sandbox and GPU process expect.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });

    /// <summary>
    /// An open SEVERE market crash as the engine would store it, its report built by the real reporter from crash
    /// readings (SPX down 9%, VIX at 48) and matched against the crisis library.
    /// </summary>
    private static PublishedWarning ReportedWarning(string id)
    {
        var openedNs = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 3_600_000) * 1_000_000;
        var inputs = new ClassificationInputs(
            [
                new InstrumentReading("SPX", AssetClass.EquityIndex, StressSegment.Equity, IndicatorCategory.None, 4100, -0.09, -0.09, 0, -6.5, null),
                new InstrumentReading("VIX", AssetClass.Volatility, StressSegment.Volatility, IndicatorCategory.EquityVolatilityIndex, 48, 0.6, 0.6, 0, 7.2, null),
            ],
            TimeSpan.FromMinutes(10),
            0.7,
            0.3,
            4);
        var warning = new WarningEvent
        {
            Kind = WarningTransition.Opened,
            WarningId = id,
            TimestampNs = openedNs,
            OpenedAtNs = openedNs,
            Severity = Severity.Severe,
            PreviousSeverity = Severity.None,
            PeakSeverity = Severity.Severe,
            Composite = 0.72,
            PeakComposite = 0.81,
            MaxAbsZ = 7.2,
            MaxAbsZSymbol = "VIX",
            CorrelationBreaks = 1,
            SignalCount = 2,
            Contributions = [new DetectorContribution("CISS", 0.9, 0.4, 0.3)],
            Signals = [new WarningSignal("SPX", "PRICE_SPIKE", 7.1)],
            Breaks = [new CorrelationBreakInfo("SPX", "TLT", -0.3, 0.6)],
            Summary = "SPX -9% with VIX 48",
        };
        var report = new WarningReporter().Build(warning, inputs, RiskContext.Unknown);
        if (report.Analogue is null)
        {
            var crisis = CrisisLibrary.Find("black_monday_1987")!;
            report = report with { Analogue = new AnalogueSummary(crisis.Id, crisis.Name, crisis.Start, crisis.End, crisis.EventType, 0.9, crisis.Facts) };
        }

        // A large event id keeps clear of the ids the live engine hands out during the test.
        return new PublishedWarning(9_000_000_001, warning with { Report = report, Status = WarningStatus.Active });
    }

    private static ConcurrentQueue<string> CollectErrors(IPage page)
    {
        var errors = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            // The refused resume (401, asked for on purpose) is logged by the browser as a failed resource load.
            if (message.Type == "error" && !(message.Text.Contains("401", StringComparison.Ordinal) && message.Location.Contains("/resume", StringComparison.Ordinal)))
            {
                errors.Enqueue($"console: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => errors.Enqueue($"page error: {error}");
        return errors;
    }

    private static async Task SaveScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "screenshots", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
    }

    [GeneratedRegex(@"^Black swan: [a-z_]+ \((high|severe|extreme)\)$")]
    private static partial Regex BlackSwanReason();
}
