using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Vigil.Server.Tests.Dashboard;

/// <summary>
/// The dashboard in headless Chromium against the real service on a loopback port: it goes live, prices move, and a
/// crisis preset clicked on the page drives the composite stress up until a warning reaches the feed.
/// </summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    // The bar: at turbo speed, a warning appears within 30 s of clicking the preset.
    private static readonly TimeSpan WarningDeadline = TimeSpan.FromSeconds(30);

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

        var before = await GaugeAsync(page);
        output.WriteLine($"gauge before the preset: {before:F1}");
        var lehman = page.GetByTestId("preset-lehman2008");
        await Expect(lehman).ToBeEnabledAsync(new() { Timeout = 10_000 });
        var clickedAt = DateTime.UtcNow;
        await lehman.ClickAsync();
        await Expect(page.GetByTestId("control-message")).ToContainTextAsync("Lehman 2008", new() { Timeout = 5_000 });

        // A warning opens in the feed, live from the stream, within the deadline.
        var remaining = WarningDeadline - (DateTime.UtcNow - clickedAt);
        var opened = page.Locator("[data-testid='warning-item'][data-event='opened']");
        await Expect(opened.First).ToBeVisibleAsync(new() { Timeout = (float)Math.Max(1, remaining.TotalMilliseconds) });
        var warnedAfter = DateTime.UtcNow - clickedAt;
        output.WriteLine($"warning in the feed {warnedAfter.TotalSeconds:F1} s after the click");

        // The gauge reads the stress that opened it: well above where it was, in a warning band.
        await page.WaitForFunctionAsync(
            "min => Number(document.querySelector(\"[data-testid='gauge-value']\")?.dataset.value ?? 0) >= min",
            before + 10,
            new() { Timeout = 10_000, PollingInterval = 100 });
        var after = await GaugeAsync(page);
        output.WriteLine($"gauge after the warning: {after:F1}");
        Assert.True(after > before, $"The gauge should rise under the Lehman 2008 preset: {before:F1} before, {after:F1} after.");
        await Expect(page.GetByTestId("severity")).Not.ToHaveAttributeAsync("data-severity", "NONE");

        // Let the charts settle for one more update before the picture.
        await page.WaitForTimeoutAsync(1_500);
        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "dashboard-lehman2008.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        output.WriteLine($"screenshot: {screenshot}");
        Assert.True(new FileInfo(screenshot).Length > 10_000, "The screenshot should hold a rendered dashboard.");

        Assert.True(errors.IsEmpty, "The page logged errors:\n" + string.Join('\n', errors));
    }

    [ChromiumFact]
    public async Task Dark_mode_toggle_is_remembered_across_reloads()
    {
        Assert.True(ChromiumFactAttribute.IsAvailable, $"Chromium is required at {ChromiumFactAttribute.ExecutablePath} under CI=true (apt-get install chromium).");
        await using var host = await LiveVigilHost.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ColorScheme = ColorScheme.Dark });
        var html = page.Locator("html");

        await page.GotoAsync(host.BaseAddress.ToString());
        await Expect(html).ToHaveAttributeAsync("data-theme", "dark");
        await page.GetByTestId("theme-toggle").ClickAsync();
        await Expect(html).ToHaveAttributeAsync("data-theme", "light");

        await page.ReloadAsync();
        await Expect(html).ToHaveAttributeAsync("data-theme", "light");
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

    private static async Task<double> GaugeAsync(IPage page)
    {
        var value = await page.GetByTestId("gauge-value").GetAttributeAsync("data-value");
        return double.Parse(value ?? "0", CultureInfo.InvariantCulture);
    }
}
