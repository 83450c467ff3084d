using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Vigil.Cli.Tests.Support;

namespace Vigil.Cli.Tests;

/// <summary>
/// One backtest of the committed synthetic fixture (Fixtures/Backtest: a crash after ten turbulent days, an unlabelled
/// shock a year later, a calm quarter), run once and shared by the tests that read its output.
/// </summary>
public sealed class BacktestRunFixture : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly int _exitCode;
    private readonly string _error;

    public BacktestRunFixture()
    {
        var result = VigilCommand.RunAsync("backtest", "--manifest", Manifest, "--out", _directory.Path).GetAwaiter().GetResult();
        _exitCode = result.ExitCode;
        _error = result.Error;
        if (_exitCode == 0)
        {
            using var document = JsonDocument.Parse(System.IO.File.ReadAllText(File("summary.json")));
            Summary = document.RootElement.Clone();
        }
    }

    public static string Manifest => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Backtest", "manifest.json");

    public JsonElement Summary { get; }

    /// <summary>The full path of an output file.</summary>
    public string File(string name) => _directory.File(name);

    /// <summary>Asserts the run succeeded, showing stderr when it did not.</summary>
    public void AssertOk() => Assert.True(_exitCode == 0, $"exit code {_exitCode}; stderr: {_error}");

    public void Dispose() => _directory.Dispose();
}

[Collection(BacktestCollection.Name)]
public sealed class BacktestCommandTests(BacktestRunFixture run) : IClassFixture<BacktestRunFixture>, IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Backtest_writes_the_report_the_summary_and_the_daily_steps()
    {
        run.AssertOk();
        Assert.True(File.Exists(run.File("report.html")));
        var steps = File.ReadAllLines(run.File("steps.csv"));
        Assert.Equal("date,composite,ciss,severity,warning_open", steps[0]);
        Assert.Equal(run.Summary.Long("trading_days") + 1, steps.Length);
        Assert.Equal(900, run.Summary.Long("trading_days"));
        Assert.Equal("2001-01-02", run.Summary.Str("from"));
        Assert.Equal("SPX", run.Summary.Str("calendar"));
    }

    [Fact]
    public void Backtest_warns_on_the_synthetic_crash_before_it_starts_and_not_in_the_calm_quarter()
    {
        run.AssertOk();
        var episodes = run.Summary.Items("episodes").ToList();
        var crash = Assert.Single(episodes, e => e.Str("name") == "Synthetic crash");
        Assert.True(crash.GetProperty("warned").GetBoolean());
        Assert.True(crash.GetProperty("lead_trading_days").GetInt32() >= 0, $"lead {crash.GetProperty("lead_trading_days")}");
        Assert.NotEqual("ELEVATED", crash.Str("peak_severity"));
        var opened = DateOnly.Parse(crash.Str("warning_opened"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(opened >= DateOnly.Parse(crash.Str("window_start"), System.Globalization.CultureInfo.InvariantCulture));
        var calm = Assert.Single(episodes, e => e.Str("name") == "Calm quarter");
        Assert.False(calm.GetProperty("warned").GetBoolean());
        Assert.True(calm.IsNull("lead_trading_days"));
        Assert.Equal(1, run.Summary.Long("episodes_warned"));
        Assert.Equal(2, run.Summary.Long("episodes_total"));
    }

    [Fact]
    public void Backtest_counts_the_unlabelled_shock_as_a_false_alarm_per_year_of_data()
    {
        run.AssertOk();
        var warnings = run.Summary.Items("warnings").ToList();
        var falseAlarms = warnings.Where(w => w.GetProperty("false_alarm").GetBoolean()).ToList();
        Assert.NotEmpty(falseAlarms);
        Assert.Equal(falseAlarms.Count, run.Summary.Long("false_alarms"));
        // The shock is in October 2003, a year no episode window reaches.
        Assert.Contains(falseAlarms, w => w.Str("opened").StartsWith("2003-10", StringComparison.Ordinal));
        Assert.Equal(falseAlarms.Count / run.Summary.Num("years"), run.Summary.Num("false_alarms_per_year"), 3);
        var byYear = run.Summary.GetProperty("false_alarms_by_year");
        Assert.Equal(falseAlarms.Count, byYear.EnumerateObject().Sum(p => p.Value.GetInt32()));
        Assert.Equal(4, byYear.EnumerateObject().Count());
    }

    [Fact]
    public void Backtest_reads_each_series_with_its_own_date_format_and_missing_token()
    {
        run.AssertOk();
        var series = run.Summary.Items("series").ToDictionary(s => s.Str("symbol"));
        Assert.Equal(6, series.Count);
        // rates.csv writes dates as dd/MM/yyyy and every 89th value as NA; banks.csv every 97th as FRED's '.'.
        Assert.Equal(900 - 11, series["UST10Y"].Long("days"));
        Assert.Equal(900 - 10, series["BANKS"].Long("days"));
        Assert.All(series.Values, s => Assert.Equal(0, s.Long("malformed_rows")));
        Assert.Equal("equity_volatility_index", series["VIX"].Str("category"));
        Assert.Equal("financial_intermediaries", series["BANKS"].Str("segment"));
    }

    [Fact]
    public void Backtest_report_escapes_text_from_the_data()
    {
        run.AssertOk();
        var html = File.ReadAllText(run.File("report.html"));
        Assert.Contains("Equity index &lt;synthetic&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<synthetic>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backtest_with_a_bad_manifest_lists_every_problem_and_exits_with_the_usage_code()
    {
        var csv = string.Join('\n', ["Date,Close", "2001-01-02,10", "2001-01-03,11", ""]);
        _directory.Write("a.csv", csv);
        var manifest = _directory.Write("bad.json", """
            {
              "name": "bad",
              "from": "2001-01-01",
              "to": "2000-12-31",
              "series": [
                { "file": "a.csv", "value_column": "Close", "symbol": "A", "segment": "equities" },
                { "file": "missing.csv", "symbol": "B" },
                { "file": "a.csv", "value_column": "Price", "symbol": "a" },
                { "file": "a.csv", "value_column": "Close", "symbol": "C", "kind": "indicator" }
              ],
              "episodes": [ { "name": "x", "start": "2001-13-01", "end": "2001-01-05" } ]
            }
            """);

        var result = await VigilCommand.RunAsync("backtest", "--manifest", manifest, "--out", _directory.File("out"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("to: 2000-12-31 is before from", result.Error, StringComparison.Ordinal);
        Assert.Contains("series[0].segment: unknown value 'equities'", result.Error, StringComparison.Ordinal);
        Assert.Contains("series[1].file:", result.Error, StringComparison.Ordinal);
        Assert.Contains("missing.csv: no such file", result.Error, StringComparison.Ordinal);
        Assert.Contains("series[2].value_column: no column 'Price'", result.Error, StringComparison.Ordinal);
        Assert.Contains("series[3].category: required for an indicator", result.Error, StringComparison.Ordinal);
        Assert.Contains("episodes[0].start: '2001-13-01' is not a date", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_directory.File("out")));
    }

    [Fact]
    public async Task Backtest_rejects_a_symbol_used_twice()
    {
        _directory.Write("a.csv", "Date,Close\n2001-01-02,10\n");
        var manifest = _directory.Write("dup.json", """
            { "name": "dup", "from": "2001-01-01", "to": "2001-12-31",
              "series": [ { "file": "a.csv", "symbol": "SPX" }, { "file": "a.csv", "symbol": "spx" } ] }
            """);

        var result = await VigilCommand.RunAsync("backtest", "--manifest", manifest, "--out", _directory.File("out"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("series[1].symbol: duplicate symbol 'spx'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backtest_of_a_missing_manifest_says_so()
    {
        var result = await VigilCommand.RunAsync("backtest", "--manifest", _directory.File("nope.json"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nope.json: no such file", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backtest_leaves_indicator_series_out_with_no_indicators()
    {
        var fixture = Path.GetDirectoryName(BacktestRunFixture.Manifest)!;
        var manifest = _directory.Write("with-indicator.json", File.ReadAllText(BacktestRunFixture.Manifest)
            .Replace("\"symbol\": \"VIX\", \"name\": \"Volatility index\", \"asset_class\": \"volatility\"", "\"symbol\": \"VIX\", \"name\": \"Volatility index\", \"kind\": \"indicator\", \"asset_class\": \"volatility\"", StringComparison.Ordinal));
        Assert.Contains("\"indicator\"", File.ReadAllText(manifest), StringComparison.Ordinal);

        var skipped = await VigilCommand.RunAsync("backtest", "--manifest", manifest, "--data", fixture, "--out", _directory.File("skipped"), "--no-indicators", "--json");
        skipped.AssertOk();
        var summary = skipped.SingleJson();
        Assert.True(summary.GetProperty("indicators_skipped").GetBoolean());
        var vix = Assert.Single(summary.Items("series"), s => s.Str("symbol") == "VIX");
        Assert.Equal("indicator", vix.Str("kind"));
        Assert.False(vix.GetProperty("fed").GetBoolean());

        // Without the flag the indicator series runs through the engine's indicator book.
        var fed = await VigilCommand.RunAsync("backtest", "--manifest", manifest, "--data", fixture, "--out", _directory.File("fed"), "--json");
        fed.AssertOk();
        var fedSummary = fed.SingleJson();
        Assert.False(fedSummary.GetProperty("indicators_skipped").GetBoolean());
        Assert.True(Assert.Single(fedSummary.Items("series"), s => s.Str("symbol") == "VIX").GetProperty("fed").GetBoolean());
    }

    [ChromiumFact]
    public async Task Backtest_report_renders_its_charts_and_warning_bands_in_headless_Chromium()
    {
        Assert.True(ChromiumFactAttribute.IsAvailable, $"Chromium is required at {ChromiumFactAttribute.ExecutablePath} under CI=true (apt-get install chromium).");
        run.AssertOk();
        var days = (int)run.Summary.Long("trading_days");
        var warnings = run.Summary.Items("warnings").Count();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ExecutablePath,
            Headless = true,
            // Containers often lack the kernel features Chromium's sandbox and GPU process expect.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync();
        var errors = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Enqueue($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => errors.Enqueue($"page error: {error}");
        page.RequestFailed += (_, request) => errors.Enqueue($"request failed: {request.Url}");

        await page.GotoAsync(new Uri(run.File("report.html")).AbsoluteUri);

        foreach (var chart in new[] { "ciss", "composite" })
        {
            var svg = page.Locator($"svg#chart-{chart}");
            Assert.Equal(1, await svg.CountAsync());
            var box = await svg.BoundingBoxAsync();
            Assert.True(box is { Width: > 500, Height: > 100 }, $"{chart}: the chart is not laid out ({box?.Width}×{box?.Height})");
            var line = svg.Locator($"path.{chart}");
            var d = await line.GetAttributeAsync("d") ?? "";
            var points = Regex.Count(d, "[ML]");
            Assert.Equal(int.Parse(await line.GetAttributeAsync("data-points") ?? "-1", System.Globalization.CultureInfo.InvariantCulture), points);
            // Both series are ready for most of the run (the composite from mid-2002 of 900 days from 2001).
            Assert.InRange(points, days / 3, days);
            var length = await line.EvaluateAsync<double>("p => p.getTotalLength()");
            Assert.True(length > 500, $"{chart}: the line is {length} px long");
            var bands = svg.Locator("rect.warning-band");
            Assert.Equal(warnings, await bands.CountAsync());
            Assert.Contains("EXTREME", await bands.First.Locator("title").TextContentAsync() ?? "", StringComparison.Ordinal);
            var fill = await bands.First.EvaluateAsync<string>("r => getComputedStyle(r).fill");
            Assert.StartsWith("rgb(", fill, StringComparison.Ordinal);
            Assert.Equal(2, await svg.Locator("g.episode-mark").CountAsync());
        }

        Assert.Equal(2, await page.Locator("table#episodes tbody tr").CountAsync());
        Assert.Equal(warnings, await page.Locator("table#warnings tbody tr").CountAsync());
        Assert.Empty(errors);
    }
}

/// <summary>The backtest tests run apart from the rest: the browser test takes a core of a small machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BacktestCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Backtest";
}
