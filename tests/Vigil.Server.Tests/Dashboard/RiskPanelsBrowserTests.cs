using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Vigil.Server.Tests.Dashboard;

/// <summary>
/// The risk panels (issue 4) in headless Chromium against the real service: each shows real numbers from the live
/// risk endpoints once the models are warm, and none stays on its placeholder.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RiskPanelsBrowserTests(ITestOutputHelper output)
{
    // The service warms the engine before going live, and a risk snapshot follows within a second of event time; at
    // turbo the panels' 2 s poll then fills them. Generous for a loaded two-core machine.
    private static readonly float PanelTimeoutMs = 60_000;

    [ChromiumFact]
    public async Task Risk_panels_show_live_numbers_from_the_risk_endpoints()
    {
        Assert.True(ChromiumFactAttribute.IsAvailable, $"Chromium is required at {ChromiumFactAttribute.ExecutablePath} under CI=true (apt-get install chromium).");
        await using var host = await LiveVigilHost.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions
        {
            ViewportSize = new ViewportSize { Width = 1600, Height = 1000 },
            ColorScheme = ColorScheme.Dark,
        });
        var errors = new ConcurrentQueue<string>();
        page.PageError += (_, error) => errors.Enqueue($"page error: {error}");
        var timeout = new LocatorAssertionsToHaveAttributeOptions { Timeout = PanelTimeoutMs };

        await page.GotoAsync(host.BaseAddress.ToString());

        // Every panel leaves its placeholder: a panel that stays empty fails here, named by its test id.
        foreach (var panel in new[] { "ciss-panel", "var-panel", "structure-panel", "credit-panel", "options-panel", "models-panel" })
        {
            await Expect(page.GetByTestId(panel)).ToHaveAttributeAsync("data-loaded", "true", timeout);
        }

        // CISS: the index as a number in [0, 1] and the five segments.
        var ciss = page.GetByTestId("ciss-index");
        await Expect(ciss).ToHaveAttributeAsync("data-value", new System.Text.RegularExpressions.Regex(@"^\d"), timeout);
        var index = double.Parse((await ciss.GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture);
        output.WriteLine($"CISS index {index:F4}");
        Assert.InRange(index, 0.0, 1.0);
        await Expect(page.GetByTestId("ciss-segment")).ToHaveCountAsync(5);
        await Expect(page.GetByTestId("ciss-gauge").Locator("canvas")).ToHaveCountAsync(1);

        // VaR: a traffic light in one of the Basel zones, and the 99% VaR at least the 95% VaR by the historical method.
        var light = page.GetByTestId("traffic-light").First;
        await Expect(light).ToHaveAttributeAsync("data-zone", new System.Text.RegularExpressions.Regex("^(green|yellow|red)$"), timeout);
        output.WriteLine($"traffic light {await light.GetAttributeAsync("data-zone")}, regime {await page.GetByTestId("risk-regime").GetAttributeAsync("data-regime")}");
        var var95 = Percent(await page.GetByTestId("var-historical-950").TextContentAsync());
        var var99 = Percent(await page.GetByTestId("var-historical-990").TextContentAsync());
        output.WriteLine($"portfolio historical VaR 95% {var95:F3}%, 99% {var99:F3}%");
        Assert.True(var99 >= var95 && var95 > 0, $"VaR 99% ({var99}%) should be at least VaR 95% ({var95}%) and positive.");
        Assert.True(await page.GetByTestId("var-instrument").CountAsync() > 0, "The top instruments by VaR should be listed.");

        // Credit: one distance-to-default bar per institution (five), each with a number.
        var ddBars = page.GetByTestId("dd-bar");
        await Expect(ddBars).ToHaveCountAsync(5, new() { Timeout = PanelTimeoutMs });
        await Expect(ddBars.First).ToHaveAttributeAsync("data-value", new System.Text.RegularExpressions.Regex(@"^-?\d"), timeout);
        await Expect(page.GetByTestId("srisk-bar")).ToHaveCountAsync(5);

        // Correlation structure: the absorption ratio shift and turbulence are numbers.
        await Expect(page.GetByTestId("ar-shift")).ToHaveAttributeAsync("data-value", new System.Text.RegularExpressions.Regex(@"^-?\d"), timeout);
        await Expect(page.GetByTestId("turbulence")).ToHaveAttributeAsync("data-value", new System.Text.RegularExpressions.Regex(@"^\d"), timeout);

        // Options: one scenario row per crisis preset, and the book's value.
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using var presets = JsonDocument.Parse(await http.GetStringAsync(new Uri("api/v1/presets", UriKind.Relative)));
        var presetCount = presets.RootElement.GetArrayLength();
        Assert.True(presetCount > 0);
        await Expect(page.GetByTestId("options-scenario")).ToHaveCountAsync(presetCount, new() { Timeout = PanelTimeoutMs });
        await Expect(page.GetByTestId("options-value")).ToHaveAttributeAsync("data-value", new System.Text.RegularExpressions.Regex(@"^-?\d"), timeout);

        // Models: the live engine's sources and the autoencoder's status (absent without a trained model).
        await Expect(page.GetByTestId("live-models")).Not.ToBeEmptyAsync();
        await Expect(page.GetByTestId("autoencoder-status")).Not.ToHaveAttributeAsync("data-ready", "unknown", timeout);

        // The stream pushes a risk summary with each snapshot, and the panels follow it rather than only their timer.
        await Expect(page.GetByTestId("ciss-panel").Locator(".panel-note")).ToContainTextAsync("live", new() { Timeout = 15_000 });

        // At turbo a snapshot is pushed several times a second of wall time; a panel refreshes at most once a second,
        // so five seconds cost each endpoint about five requests, not thirty.
        var cissRequests = 0;
        void Count(object? sender, IRequest request)
        {
            if (request.Url.Contains("/api/v1/ciss/breakdown", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref cissRequests);
            }
        }

        page.Request += Count;
        await page.WaitForTimeoutAsync(5_000);
        page.Request -= Count;
        output.WriteLine($"CISS breakdown requests in 5 s: {cissRequests}");
        Assert.InRange(cissRequests, 2, 7);

        // The sparklines gather history from successive refreshes.
        await page.WaitForFunctionAsync(
            "() => Number(document.querySelector(\"[data-testid='ciss-history']\")?.dataset.points ?? 0) >= 2",
            null,
            new() { Timeout = PanelTimeoutMs, PollingInterval = 250 });

        var path = Path.Combine(AppContext.BaseDirectory, "screenshots", "dashboard-risk-panels.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
        Assert.True(new FileInfo(path).Length > 10_000, "The screenshot should hold a rendered dashboard.");

        // A laptop-width window: the panels reflow to two a row and nothing runs off the side.
        await page.SetViewportSizeAsync(1280, 900);
        await page.WaitForTimeoutAsync(500);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"The page should not scroll sideways at 1280 px (overflows by {overflow} px).");
        var narrow = Path.Combine(AppContext.BaseDirectory, "screenshots", "dashboard-risk-panels-1280.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = narrow, FullPage = true });
        output.WriteLine($"screenshot: {narrow}");

        Assert.True(errors.IsEmpty, "The page threw:\n" + string.Join('\n', errors));
    }

    [ChromiumFact]
    public async Task Risk_panels_show_a_warming_up_placeholder_on_503_and_fill_once_the_endpoints_answer()
    {
        Assert.True(ChromiumFactAttribute.IsAvailable, $"Chromium is required at {ChromiumFactAttribute.ExecutablePath} under CI=true (apt-get install chromium).");
        await using var host = await LiveVigilHost.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
        var errors = new ConcurrentQueue<string>();
        page.PageError += (_, error) => errors.Enqueue($"page error: {error}");

        // The live service has its first snapshot within a step of going live, so the warm-up answer is played by the
        // browser: every risk endpoint answers 503 with the server's problem shape until the route is removed.
        const string RiskEndpoints = "**/api/v1/{ciss,var,merton,correlation,options,autoencoder}/**";
        const string RiskRoots = "**/api/v1/{var,merton,autoencoder}";
        Func<IRoute, Task> warmingUp = route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 503,
            ContentType = "application/problem+json",
            Body = """{"title":"Warming up","status":503,"detail":"No risk snapshot yet: the engine is warming up."}""",
        });
        await page.RouteAsync(RiskEndpoints, warmingUp);
        await page.RouteAsync(RiskRoots, warmingUp);

        await page.GotoAsync(host.BaseAddress.ToString());
        await Expect(page.GetByTestId("price-SPX")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        foreach (var panel in new[] { "ciss-panel", "var-panel", "structure-panel", "credit-panel", "options-panel" })
        {
            await Expect(page.GetByTestId($"{panel}-placeholder")).ToContainTextAsync("warming up", new() { Timeout = 10_000 });
            await Expect(page.GetByTestId(panel)).ToHaveAttributeAsync("data-loaded", "false");
        }

        // The placeholders hold their panels' heights: the grid below does not move when the numbers arrive.
        var pipelineTop = await TopAsync(page, "pipeline");

        await page.UnrouteAsync(RiskEndpoints);
        await page.UnrouteAsync(RiskRoots);
        foreach (var panel in new[] { "ciss-panel", "var-panel", "structure-panel", "credit-panel", "options-panel" })
        {
            await Expect(page.GetByTestId(panel)).ToHaveAttributeAsync("data-loaded", "true", new() { Timeout = PanelTimeoutMs });
        }

        await Expect(page.GetByTestId("ciss-index")).ToHaveAttributeAsync("data-value", new System.Text.RegularExpressions.Regex(@"^\d"));
        Assert.Equal(pipelineTop, await TopAsync(page, "pipeline"), 0.5);
        Assert.True(errors.IsEmpty, "The page threw:\n" + string.Join('\n', errors));
    }

    private static async Task<double> TopAsync(IPage page, string testId)
    {
        var box = await page.GetByTestId(testId).BoundingBoxAsync();
        Assert.NotNull(box);
        return box.Y;
    }

    private static double Percent(string? text)
    {
        Assert.False(string.IsNullOrEmpty(text));
        return double.Parse(text.TrimEnd('%'), CultureInfo.InvariantCulture);
    }
}
