using System.Collections.Concurrent;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Vigil.Server.Tests.Dashboard;

/// <summary>
/// The dashboard in headless Chromium against the real service on a loopback port: it goes live, prices move, and a
/// crisis preset clicked on the page drives the composite stress up until a warning reaches the feed.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    // The bar: a warning in the feed within 30 s of the click at turbo speed, paced as a user runs it (turbo
    // plays market time 6.25 times faster than the wall clock; the engine has warmed up before going live), so the
    // whole page path is timed: click, REST, simulator, engine, push, feed.
    private static readonly TimeSpan WarningDeadline = TimeSpan.FromSeconds(30);

    // Every value the gauge shows, recorded in the page so no update between polls is missed.
    private const string WatchGaugeScript = """
        () => {
          window.vigilGauge = [];
          const read = () => {
            const value = document.querySelector("[data-testid='gauge-value']")?.dataset.value;
            if (value) window.vigilGauge.push(Number(value));
          };
          read();
          new MutationObserver(read).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["data-value"] });
        }
        """;

    [ChromiumFact]
    public async Task Dashboard_goes_live_and_the_Lehman_2008_preset_drives_the_gauge_up_and_opens_a_warning()
    {
        Assert.True(ChromiumFactAttribute.IsAvailable, $"Chromium is required at {ChromiumFactAttribute.ExecutablePath} under CI=true (apt-get install chromium).");
        await using var host = await LiveVigilHost.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions
        {
            ViewportSize = new ViewportSize { Width = 1600, Height = 1000 },
            ColorScheme = ColorScheme.Dark,
        });
        var errors = CollectErrors(page);

        await page.GotoAsync(host.BaseAddress.ToString());
        await Expect(page.GetByTestId("connection-state")).ToHaveAttributeAsync("data-state", "open", new() { Timeout = 15_000 });

        // Prices arrive and keep moving.
        var spx = page.GetByTestId("price-SPX");
        await Expect(spx).ToBeVisibleAsync(new() { Timeout = 15_000 });
        var firstPrice = await spx.GetAttributeAsync("data-value");
        Assert.NotNull(firstPrice);
        await Expect(spx).Not.ToHaveAttributeAsync("data-value", firstPrice, new() { Timeout = 10_000 });
        await Expect(page.GetByTestId("price-tiles").Locator("[data-testid^='price-tile-']")).ToHaveCountAsync(18, new() { Timeout = 10_000 });

        // The engine's own view goes live too: the market step counts up.
        var step = page.GetByTestId("step");
        await Expect(step).Not.ToHaveTextAsync("—", new() { Timeout = 15_000 });
        var firstStep = await step.TextContentAsync();
        await Expect(step).Not.ToHaveTextAsync(firstStep!, new() { Timeout = 10_000 });

        // The gauge's highest reading, watched in the page so no update between polls is missed.
        await page.EvaluateAsync(WatchGaugeScript);
        await page.WaitForTimeoutAsync(3_000);
        var calm = await GaugeReadingsAsync(page);
        var baseline = Median(calm);
        output.WriteLine($"gauge before the preset: median {baseline:F1} of {calm.Length} readings, at most {calm.Max():F1}");

        var lehman = page.GetByTestId("preset-lehman2008");
        await Expect(lehman).ToBeEnabledAsync(new() { Timeout = 10_000 });
        await page.EvaluateAsync("() => { window.vigilGauge = []; }");
        var clickedAt = DateTime.UtcNow;
        await lehman.ClickAsync();
        await Expect(page.GetByTestId("control-message")).ToContainTextAsync("Lehman 2008", new() { Timeout = 5_000 });

        // A warning opens in the feed, live from the stream.
        var opened = page.Locator("[data-testid='warning-item'][data-event='opened']");
        await Expect(opened.First).ToBeVisibleAsync(new() { Timeout = (float)WarningDeadline.TotalMilliseconds });
        var warnedAfter = DateTime.UtcNow - clickedAt;
        output.WriteLine($"warning in the feed {warnedAfter.TotalSeconds:F1} s after the click (deadline {WarningDeadline.TotalSeconds:F0} s)");
        await Expect(opened.First).Not.ToHaveAttributeAsync("data-severity", "NONE");

        // The picture is taken while the crisis is on the page (unpaced, the preset's event time passes quickly).
        var screenshot = await SaveScreenshotAsync(page, "dashboard-lehman2008.png");
        output.WriteLine($"screenshot: {screenshot}");
        Assert.True(new FileInfo(screenshot).Length > 10_000, "The screenshot should hold a rendered dashboard.");

        // The gauge read the stress that opened it: well above its calm level before the preset. The crisis goes on
        // after the warning opens, so the readings of the next moments count too.
        await page.WaitForTimeoutAsync(1_500);
        var stressed = await GaugeReadingsAsync(page);
        var peak = stressed.Max();
        output.WriteLine($"gauge peak after the click: {peak:F1} ({stressed.Length} readings)");
        Assert.True(peak >= baseline + 20, $"The gauge should rise under the Lehman 2008 preset: median {baseline:F1} before, peak {peak:F1} after.");

        Assert.True(errors.IsEmpty, "The page logged errors:\n" + string.Join('\n', errors));
    }

    [ChromiumFact]
    public async Task Sparklines_and_the_timeline_keep_history_at_turbo_speed()
    {
        Assert.True(ChromiumFactAttribute.IsAvailable, $"Chromium is required at {ChromiumFactAttribute.ExecutablePath} under CI=true (apt-get install chromium).");
        await using var host = await LiveVigilHost.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });

        await page.GotoAsync(host.BaseAddress.ToString());
        await Expect(page.GetByTestId("price-SPX")).ToBeVisibleAsync(new() { Timeout = 15_000 });

        // Sparklines keep one point per half second of event time and the timeline one per 200 ms, so a few seconds
        // at 25 updates a second must leave several points, not one point moved along.
        await page.WaitForFunctionAsync(
            "() => (document.querySelector(\"[data-testid='price-tile-SPX'] svg path\")?.getAttribute('d') ?? '').split('L').length >= 6",
            null,
            new() { Timeout = 15_000, PollingInterval = 250 });
        const string TimelineHolds = "min => Number(document.querySelector(\"[data-testid='timeline']\")?.dataset.samples ?? 0) >= min";
        await page.WaitForFunctionAsync(TimelineHolds, 40, new() { Timeout = 20_000, PollingInterval = 250 });

        // A reload shows the last minutes at once, from the store, rather than starting again: the stream alone
        // would take 8 s to gather 40 samples again.
        await page.ReloadAsync();
        await page.WaitForFunctionAsync(TimelineHolds, 40, new() { Timeout = 4_000, PollingInterval = 100 });
    }

    [ChromiumFact]
    public async Task Dark_mode_toggle_is_remembered_across_reloads()
    {
        Assert.True(ChromiumFactAttribute.IsAvailable, $"Chromium is required at {ChromiumFactAttribute.ExecutablePath} under CI=true (apt-get install chromium).");
        await using var host = await LiveVigilHost.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ColorScheme = ColorScheme.Dark, ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
        var html = page.Locator("html");

        await page.GotoAsync(host.BaseAddress.ToString());
        await Expect(html).ToHaveAttributeAsync("data-theme", "dark");
        await Expect(page.GetByTestId("price-SPX")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await SaveScreenshotAsync(page, "dashboard-live-dark.png");
        await page.GetByTestId("theme-toggle").ClickAsync();
        await Expect(html).ToHaveAttributeAsync("data-theme", "light");

        await page.ReloadAsync();
        await Expect(html).ToHaveAttributeAsync("data-theme", "light");
        await Expect(page.GetByTestId("price-SPX")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await page.WaitForTimeoutAsync(2_000);
        await SaveScreenshotAsync(page, "dashboard-live-light.png");
        await page.GetByTestId("theme-toggle").ClickAsync();
        await Expect(html).ToHaveAttributeAsync("data-theme", "dark");
    }

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ExecutablePath,
            Headless = true,
            // Containers often lack the kernel features Chromium's sandbox and GPU process expect.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });

    private static ConcurrentQueue<string> CollectErrors(IPage page)
    {
        var errors = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Enqueue($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => errors.Enqueue($"page error: {error}");
        page.RequestFailed += (_, request) => errors.Enqueue($"request failed: {request.Method} {request.Url} {request.Failure}");
        return errors;
    }

    /// <summary>Saves a full-page screenshot under the test output's <c>screenshots/</c> and returns its path.</summary>
    private static async Task<string> SaveScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "screenshots", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    private static async Task<double[]> GaugeReadingsAsync(IPage page)
    {
        var readings = await page.EvaluateAsync<double[]>("() => window.vigilGauge");
        Assert.NotEmpty(readings);
        return readings;
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
