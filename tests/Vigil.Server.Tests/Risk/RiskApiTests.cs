using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Engine.Simulation;
using Vigil.Server.Api;
using Vigil.Server.Live;
using Vigil.Server.Options;
using Vigil.Server.Tests.Api;
using Xunit.Abstractions;

namespace Vigil.Server.Tests.Risk;

/// <summary>One real host for the read-only risk endpoint tests: warming up once is the slow part.</summary>
public sealed class RiskHostFixture : IAsyncLifetime
{
    internal ApiTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = new ApiTestHost(new Dictionary<string, string?>
        {
            // The models' windows (VaR's backtests, CISS's CDFs) need a few thousand steps before they answer.
            ["Vigil:Simulator:WarmUpSteps"] = "6000",
            ["Vigil:Risk:SnapshotIntervalMs"] = "250",
        });
        await RiskApiTests.WaitForSnapshotAsync(Host);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class RiskApiTests(RiskHostFixture fixture, ITestOutputHelper output) : IClassFixture<RiskHostFixture>
{
    private ApiTestHost Host => fixture.Host;

    internal static async Task<JsonElement> WaitForSnapshotAsync(ApiTestHost host)
    {
        for (var i = 0; i < 400; i++)
        {
            using var response = await host.Client.GetAsync("/api/v1/risk");
            if (response.IsSuccessStatusCode)
            {
                return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            }

            await Task.Delay(25);
        }

        throw new TimeoutException("no risk snapshot");
    }

    [Fact]
    public async Task The_summary_has_every_model_figure_finite_after_warm_up()
    {
        var risk = await Host.GetJsonAsync("/api/v1/risk");

        Assert.InRange(risk.GetProperty("ciss_index").GetDouble(), 0, 1);
        Assert.False(string.IsNullOrEmpty(risk.GetProperty("ciss_top_segment").GetString()));
        Assert.True(double.IsFinite(risk.GetProperty("absorption_shift").GetDouble()));
        Assert.InRange(risk.GetProperty("absorption_ratio").GetDouble(), 0, 1);
        Assert.True(risk.GetProperty("turbulence").GetDouble() > 0);
        Assert.True(risk.GetProperty("portfolio_var99").GetDouble() > 0);
        Assert.Contains(risk.GetProperty("regime").GetString(), new[] { "calm", "elevated", "turbulent", "unknown" });
        Assert.Contains(risk.GetProperty("traffic_light").GetString(), new[] { "green", "yellow", "red" });
        Assert.True(double.IsFinite(risk.GetProperty("min_distance_to_default").GetDouble()));
        Assert.True(risk.GetProperty("aggregate_srisk").GetDouble() >= 0);
        Assert.Equal(JsonValueKind.Null, risk.GetProperty("autoencoder_score").ValueKind);
        Assert.True(risk.GetProperty("options_book_value").GetDouble() > 0);
        Assert.True(risk.GetProperty("ts_ns").GetInt64() > 0);
        Assert.True(risk.GetProperty("snapshot_milliseconds").GetDouble() > 0);
    }

    [Fact]
    public async Task The_ciss_index_is_in_the_unit_interval_and_the_segment_contributions_sum_to_it()
    {
        var body = await Host.GetJsonAsync("/api/v1/ciss/breakdown");
        var ciss = body.GetProperty("ciss");

        Assert.True(ciss.GetProperty("is_ready").GetBoolean());
        var index = ciss.GetProperty("index").GetDouble();
        Assert.InRange(index, 0, 1);
        var sum = 0.0;
        var weights = 0.0;
        foreach (var segment in ciss.GetProperty("segments").EnumerateArray())
        {
            if (segment.GetProperty("contribution").ValueKind == JsonValueKind.Number)
            {
                sum += segment.GetProperty("contribution").GetDouble();
                weights += segment.GetProperty("weight").GetDouble();
                Assert.InRange(segment.GetProperty("sub_index").GetDouble(), 0, 1);
            }
        }

        Assert.Equal(index, sum, 1e-9);
        Assert.Equal(1.0, weights, 1e-9);
        var names = ciss.GetProperty("correlation_segments").GetArrayLength();
        var matrix = ciss.GetProperty("correlations");
        Assert.Equal(names, matrix.GetArrayLength());
        for (var i = 0; i < names; i++)
        {
            Assert.Equal(1.0, matrix[i][i].GetDouble(), 1e-9);
        }

        Assert.NotEmpty(ciss.GetProperty("indicators").EnumerateArray());
    }

    [Fact]
    public async Task The_correlation_structure_has_the_absorption_ratio_and_turbulence()
    {
        var body = await Host.GetJsonAsync("/api/v1/correlation/structure");
        var ar = body.GetProperty("absorption_ratio");
        var turbulence = body.GetProperty("turbulence");

        var n = ar.GetProperty("dimension").GetInt32();
        var k = ar.GetProperty("eigenvector_count").GetInt32();
        Assert.Equal(Host.Live.Instruments.Count, n);
        Assert.Equal(k, ar.GetProperty("top_eigenvalues").GetArrayLength());
        Assert.InRange(ar.GetProperty("absorption_ratio").GetDouble(), (double)k / n - 1e-9, 1);
        Assert.True(double.IsFinite(ar.GetProperty("shift").GetDouble()));
        Assert.True(turbulence.GetProperty("is_ready").GetBoolean());
        Assert.True(turbulence.GetProperty("turbulence").GetDouble() >= 0);
        Assert.InRange(turbulence.GetProperty("chi_square_percentile").GetDouble(), 0, 1);
        Assert.Equal(n, turbulence.GetProperty("instruments").GetArrayLength());
    }

    [Fact]
    public async Task Var_at_99_percent_is_at_least_var_at_95_percent_for_the_portfolio_and_every_instrument()
    {
        var body = await Host.GetJsonAsync("/api/v1/var");
        var report = body.GetProperty("report");

        Assert.True(report.GetProperty("is_ready").GetBoolean());
        var series = report.GetProperty("instruments").EnumerateArray().Prepend(report.GetProperty("portfolio")).ToList();
        Assert.Equal(Host.Live.Instruments.Count + 1, series.Count);
        foreach (var s in series)
        {
            var levels = s.GetProperty("var").EnumerateArray().OrderBy(l => l.GetProperty("confidence_level").GetDouble()).ToList();
            Assert.True(levels.Count >= 2, s.GetProperty("symbol").GetString());
            for (var i = 1; i < levels.Count; i++)
            {
                foreach (var method in new[] { "historical", "gaussian" })
                {
                    Assert.True(
                        levels[i].GetProperty(method).GetDouble() >= levels[i - 1].GetProperty(method).GetDouble(),
                        $"{s.GetProperty("symbol").GetString()} {method}");
                }
            }

            var backtests = s.GetProperty("backtests");
            Assert.Equal(3, backtests.GetArrayLength());
            foreach (var b in backtests.EnumerateArray())
            {
                Assert.InRange(b.GetProperty("kupiec").GetProperty("p_value").GetDouble(), 0, 1);
                Assert.True(b.GetProperty("christoffersen").ValueKind == JsonValueKind.Object);
                Assert.False(string.IsNullOrEmpty(b.GetProperty("traffic_light").GetProperty("zone").GetString()));
            }
        }
    }

    [Fact]
    public async Task Var_keeps_only_the_named_symbols_and_rejects_unknown_ones_by_name()
    {
        var body = await Host.GetJsonAsync("/api/v1/var?symbols=spx,XLF");
        using var bad = await Host.Client.GetAsync("/api/v1/var?symbols=SPX,NOPE,,");

        var symbols = body.GetProperty("report").GetProperty("instruments").EnumerateArray().Select(i => i.GetProperty("symbol").GetString()!).ToArray();
        Assert.Equal(["SPX", "XLF"], symbols);
        var problem = await Problems.AssertBadFieldsAsync(bad, "symbols");
        Assert.Contains("NOPE", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merton_gives_each_institution_a_distance_to_default_and_srisk_is_sorted_largest_first()
    {
        var merton = await Host.GetJsonAsync("/api/v1/merton");
        var srisk = await Host.GetJsonAsync("/api/v1/merton/srisk");

        Assert.True(merton.GetProperty("available").GetBoolean());
        var institutions = merton.GetProperty("institutions").EnumerateArray().ToList();
        Assert.NotEmpty(institutions);
        foreach (var i in institutions)
        {
            Assert.True(double.IsFinite(i.GetProperty("distance_to_default").GetDouble()));
            Assert.InRange(i.GetProperty("probability_of_default").GetDouble(), 0, 1);
            Assert.True(i.GetProperty("asset_value").GetDouble() > i.GetProperty("equity_value").GetDouble() * 0.999);
            Assert.True(i.GetProperty("asset_volatility").GetDouble() > 0);
            Assert.True(i.GetProperty("default_point").GetDouble() > 0);
            Assert.False(string.IsNullOrEmpty(i.GetProperty("solver_status").GetString()));
        }

        Assert.True(srisk.GetProperty("available").GetBoolean());
        var rows = srisk.GetProperty("institutions").EnumerateArray().Select(r => r.GetProperty("srisk").GetDouble()).ToList();
        Assert.Equal(institutions.Count, rows.Count);
        Assert.Equal(rows.OrderDescending(), rows);
        Assert.Equal(srisk.GetProperty("aggregate_srisk").GetDouble(), rows.Where(r => r > 0).Sum(), 1e-6 * Math.Max(1, rows.Sum()));
    }

    [Fact]
    public async Task The_autoencoder_says_how_to_train_a_model_when_none_is_loaded()
    {
        var body = await Host.GetJsonAsync("/api/v1/autoencoder");

        Assert.False(body.GetProperty("available").GetBoolean());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("breakdown").ValueKind);
        Assert.Contains("vigil train --kind lstm_autoencoder", body.GetProperty("unavailable_reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_options_book_is_valued_at_the_live_market_with_greeks_per_position_and_underlying()
    {
        var body = await Host.GetJsonAsync("/api/v1/options/book");
        var book = body.GetProperty("book");

        Assert.True(book.GetProperty("value").GetDouble() > 0);
        Assert.NotEmpty(book.GetProperty("underlyings").EnumerateArray());
        var positions = book.GetProperty("positions").EnumerateArray().ToList();
        Assert.NotEmpty(positions);
        var spx = Host.Live.Latest!.Instruments.Single(i => i.Symbol == "SPX").Snapshot.Price;
        var onSpx = positions.Where(p => p.GetProperty("position").GetProperty("underlying").GetString() == "SPX").ToList();
        Assert.NotEmpty(onSpx);

        // Marked to the live market, not the demo book's configured level: within a few percent of the latest SPX.
        Assert.All(onSpx, p => Assert.Equal(1.0, p.GetProperty("position").GetProperty("futures_level").GetDouble() / spx, 0.05));
        Assert.All(positions, p => Assert.True(double.IsFinite(p.GetProperty("gamma").GetDouble())));
    }

    [Fact]
    public async Task The_option_price_endpoint_reproduces_the_black_76_reference()
    {
        using var response = await Host.Client.PostJsonTextAsync(
            "/api/v1/options/price",
            """{"type":"call","forward":100,"strike":100,"expiry_years":0.5,"risk_free_rate":0.05,"volatility":0.2}""");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.True(response.IsSuccessStatusCode, body.GetRawText());
        Assert.Equal(5.4980, body.GetProperty("price").GetDouble(), 4);
        Assert.Equal(0.5151, body.GetProperty("delta").GetDouble(), 4);
        Assert.Equal(0.02744, body.GetProperty("gamma").GetDouble(), 5);
        Assert.Equal(27.44, body.GetProperty("vega").GetDouble(), 2);
        Assert.Equal("call", body.GetProperty("request").GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_implied_volatility_of_a_black_76_price_is_the_volatility_it_was_priced_at()
    {
        using var priced = await Host.Client.PostJsonTextAsync(
            "/api/v1/options/price",
            """{"type":"put","forward":95,"strike":105,"expiry_years":1.25,"risk_free_rate":0.03,"volatility":0.37}""");
        var price = JsonDocument.Parse(await priced.Content.ReadAsStringAsync()).RootElement.GetProperty("price").GetDouble();

        using var implied = await Host.Client.PostJsonTextAsync(
            "/api/v1/options/implied-vol",
            $$"""{"type":"put","forward":95,"strike":105,"expiry_years":1.25,"risk_free_rate":0.03,"price":{{price.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}}}""");
        var body = JsonDocument.Parse(await implied.Content.ReadAsStringAsync()).RootElement;

        Assert.True(implied.IsSuccessStatusCode, body.GetRawText());
        Assert.True(body.GetProperty("converged").GetBoolean());
        Assert.Equal(0.37, body.GetProperty("volatility").GetDouble(), 6);
    }

    [Fact]
    public async Task An_invalid_option_request_lists_every_bad_field()
    {
        using var price = await Host.Client.PostJsonTextAsync(
            "/api/v1/options/price",
            """{"type":"call","forward":-1,"strike":100,"expiry_years":0.5,"risk_free_rate":0.05,"volatility":-0.2}""");
        using var implied = await Host.Client.PostJsonTextAsync(
            "/api/v1/options/implied-vol",
            """{"type":"call","forward":100,"strike":0,"expiry_years":-1,"risk_free_rate":0.05,"price":5}""");
        using var malformed = await Host.Client.PostJsonTextAsync("/api/v1/options/price", """{"type":"call","forward":""");
        using var badType = await Host.Client.PostJsonTextAsync(
            "/api/v1/options/price",
            """{"type":"straddle","forward":100,"strike":100,"expiry_years":0.5,"risk_free_rate":0.05,"volatility":0.2}""");

        await Problems.AssertBadFieldsAsync(price, "forward", "volatility");
        await Problems.AssertBadFieldsAsync(implied, "strike", "expiry_years");
        await Problems.AssertProblemAsync(malformed, 400);
        await Problems.AssertProblemAsync(badType, 400);
    }

    [Fact]
    public async Task The_book_scenarios_cover_every_crisis_preset_and_a_posted_request_runs_only_its_presets()
    {
        var all = await Host.GetJsonAsync("/api/v1/options/book/scenarios");
        using var one = await Host.Client.PostJsonTextAsync("/api/v1/options/book/scenarios", """{"scenario_ids":["lehman2008"]}""");
        using var custom = await Host.Client.PostJsonTextAsync(
            "/api/v1/options/book/scenarios",
            """{"book":{"positions":[{"id":"p1","underlying":"SPX","type":"put","futures_level":4500,"strike":4200,"expiry_years":0.25,"volatility":0.2,"quantity":10,"contract_multiplier":50}],"risk_free_rate":0.04},"scenario_ids":["covid2020"]}""");
        using var bad = await Host.Client.PostJsonTextAsync("/api/v1/options/book/scenarios", """{"scenario_ids":["lehman2008","nope"]}""");
        using var badBook = await Host.Client.PostJsonTextAsync(
            "/api/v1/options/book/scenarios",
            """{"book":{"positions":[{"id":"p1","underlying":"SPX","type":"put","futures_level":4500,"strike":-1,"expiry_years":0.25,"volatility":0.2,"quantity":10,"contract_multiplier":50}],"risk_free_rate":3}}""");

        var ids = all.GetProperty("scenarios").EnumerateArray().Select(s => s.GetProperty("scenario_id").GetString()).ToArray();
        Assert.Equal(CrisisPresets.Ids.Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
        Assert.True(one.IsSuccessStatusCode, await one.Content.ReadAsStringAsync());
        var oneBody = JsonDocument.Parse(await one.Content.ReadAsStringAsync()).RootElement;
        Assert.Single(oneBody.GetProperty("scenarios").EnumerateArray());
        var customBody = JsonDocument.Parse(await custom.Content.ReadAsStringAsync()).RootElement;
        Assert.True(custom.IsSuccessStatusCode, customBody.GetRawText());

        // A long put gains in the COVID crash.
        var scenario = customBody.GetProperty("scenarios")[0];
        Assert.True(scenario.GetProperty("full_pnl").GetDouble() > 0, scenario.GetRawText());
        await Problems.AssertBadFieldsAsync(bad, "scenario_ids[1]");
        await Problems.AssertBadFieldsAsync(badBook, "book.positions[0].strike", "book.risk_free_rate");
    }

    [Fact]
    public async Task The_openapi_document_lists_every_risk_path()
    {
        var doc = await Host.GetJsonAsync("/openapi/v1.json");
        var paths = doc.GetProperty("paths");

        foreach (var (path, method) in new[]
        {
            ("/api/v1/risk", "get"),
            ("/api/v1/ciss/breakdown", "get"),
            ("/api/v1/correlation/structure", "get"),
            ("/api/v1/var", "get"),
            ("/api/v1/merton", "get"),
            ("/api/v1/merton/srisk", "get"),
            ("/api/v1/autoencoder", "get"),
            ("/api/v1/options/price", "post"),
            ("/api/v1/options/implied-vol", "post"),
            ("/api/v1/options/book", "get"),
            ("/api/v1/options/book/scenarios", "get"),
            ("/api/v1/options/book/scenarios", "post"),
        })
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"missing {path}");
            Assert.True(item.TryGetProperty(method, out var operation), $"missing {method} {path}");
            Assert.True(operation.GetProperty("responses").TryGetProperty("200", out _), $"no 200 for {method} {path}");
        }

        Assert.Contains("expiry_years", doc.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_snapshot_duration_is_recorded_in_the_metrics()
    {
        await Task.Delay(2000);
        var text = await Host.Client.GetStringAsync("/metrics");

        Assert.Contains("# TYPE vigil_risk_snapshot_duration_seconds histogram", text, StringComparison.Ordinal);
        var sum = Sample(text, "vigil_risk_snapshot_duration_seconds_sum");
        var count = Sample(text, "vigil_risk_snapshot_duration_seconds_count");
        Assert.True(count >= 1, "no snapshot counted");
        Assert.True(sum > 0);
        output.WriteLine($"{count} snapshots, mean {sum / count * 1000:F2} ms");
    }

    private static double Sample(string text, string name)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(name, StringComparison.Ordinal))
            {
                return double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new Xunit.Sdk.XunitException($"no {name} in the metrics");
    }
}

public sealed class RiskApiLifecycleTests(ITestOutputHelper output)
{
    [Fact]
    public void A_snapshot_interval_out_of_range_is_rejected_at_start()
    {
        var options = new VigilOptions { Risk = new RiskSettings { SnapshotIntervalMs = 0 } };

        var result = new VigilOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("Vigil:Risk:SnapshotIntervalMs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_snapshot_endpoint_is_503_with_a_clear_detail_before_the_first_snapshot()
    {
        await using var host = new ApiTestHost(new Dictionary<string, string?> { ["Vigil:Simulator:WarmUpSteps"] = "0" });
        var json = host.Factory.Services.GetRequiredService<RiskJson>();
        var empty = new LiveRisk(Microsoft.Extensions.Options.Options.Create(new VigilOptions()));

        var results = new IResult[]
        {
            (IResult)RiskApi.GetRisk(empty, json).Result,
            (IResult)RiskApi.GetCiss(empty, json).Result,
            (IResult)RiskApi.GetVar(null, empty, json).Result,
            (IResult)RiskApi.GetMerton(empty, json).Result,
            (IResult)RiskApi.GetBook(empty, json).Result,
        };

        foreach (var result in results)
        {
            var problem = Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>(result);
            Assert.Equal(503, problem.StatusCode);
            Assert.Contains("warming up", problem.ProblemDetails.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Without_the_credit_institutions_merton_and_srisk_say_why_and_cold_models_serialise_their_nans()
    {
        await using var host = new ApiTestHost(new Dictionary<string, string?> { ["Vigil:Simulator:WarmUpSteps"] = "0" });
        var json = host.Factory.Services.GetRequiredService<RiskJson>();
        var registry = new Vigil.Core.Instruments.InstrumentRegistry(
        [
            new Vigil.Core.Instruments.InstrumentSpec("AAA", "A", Vigil.Core.Instruments.AssetClass.Equity, Vigil.Core.Instruments.StressSegment.Equity),
            new Vigil.Core.Instruments.InstrumentSpec("BBB", "B", Vigil.Core.Instruments.AssetClass.Equity, Vigil.Core.Instruments.StressSegment.Equity),
        ]);
        var engine = new Vigil.Engine.Pipeline.DetectionEngine(registry);
        var live = new LiveRisk(Microsoft.Extensions.Options.Options.Create(new VigilOptions()));
        var batch = new Vigil.Core.Market.Tick[2];
        for (var step = 1; step <= 20; step++)
        {
            var ns = 1_700_000_000_000_000_000L + (step * 250_000_000L);
            batch[0] = new Vigil.Core.Market.Tick(registry.All[0].Id, ns, 100 + (step % 3), 1);
            batch[1] = new Vigil.Core.Market.Tick(registry.All[1].Id, ns, 50 - (step % 2), 1);
            engine.Process(batch);
            engine.Flush();
        }

        Assert.NotNull(live.CaptureIfDue(engine));
        var merton = await BodyAsync(RiskApi.GetMerton(live, json).Result);
        var srisk = await BodyAsync(RiskApi.GetSrisk(live, json).Result);
        var structure = await BodyAsync(RiskApi.GetCorrelationStructure(live, json).Result);

        Assert.False(merton.GetProperty("available").GetBoolean());
        Assert.Contains("XLF", merton.GetProperty("unavailable_reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(merton.GetProperty("institutions").EnumerateArray());
        Assert.False(srisk.GetProperty("available").GetBoolean());
        Assert.Equal(JsonValueKind.Null, srisk.GetProperty("aggregate_srisk").ValueKind);

        // A model still filling its window reports NaN: written as a string, not a failed response.
        Assert.False(structure.GetProperty("turbulence").GetProperty("is_ready").GetBoolean());
        Assert.Contains("\"NaN\"", structure.GetRawText(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> BodyAsync(IResult result)
    {
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteAsync(context);
        Assert.Equal(200, context.Response.StatusCode);
        return JsonDocument.Parse(body.ToArray()).RootElement.Clone();
    }

    [Fact]
    public async Task A_crisis_preset_raises_the_ciss_and_the_portfolio_var_within_seconds_at_turbo()
    {
        await using var host = new ApiTestHost(new Dictionary<string, string?>
        {
            ["Vigil:Simulator:WarmUpSteps"] = "6000",
            ["Vigil:Risk:SnapshotIntervalMs"] = "250",
        });
        var before = await RiskApiTests.WaitForSnapshotAsync(host);
        var cissBefore = before.GetProperty("ciss_index").GetDouble();
        var varBefore = before.GetProperty("portfolio_var99").GetDouble();

        using var activated = await host.Client.PostAsync("/api/v1/presets/lehman2008/activate", null);
        Assert.True(activated.IsSuccessStatusCode);

        // Generous on a loaded machine: at turbo the crisis's first days play within a few seconds.
        var started = System.Diagnostics.Stopwatch.StartNew();
        double cissMax = cissBefore, varMax = varBefore, snapshotMs = 0;
        while (started.Elapsed < TimeSpan.FromSeconds(60) && (cissMax <= cissBefore + 0.1 || varMax <= varBefore * 1.2))
        {
            await Task.Delay(100);
            var now = await host.GetJsonAsync("/api/v1/risk");
            cissMax = Math.Max(cissMax, now.GetProperty("ciss_index").GetDouble());
            varMax = Math.Max(varMax, now.GetProperty("portfolio_var99").GetDouble());
            snapshotMs = Math.Max(snapshotMs, now.GetProperty("snapshot_milliseconds").GetDouble());
        }

        output.WriteLine($"after {started.Elapsed.TotalSeconds:F1} s: CISS {cissBefore:F3} -> {cissMax:F3}, VaR99 {varBefore:G4} -> {varMax:G4}; slowest snapshot seen {snapshotMs:F2} ms");

        Assert.True(cissMax > cissBefore + 0.1, $"CISS {cissBefore} -> {cissMax}");
        Assert.True(varMax > varBefore * 1.2, $"VaR99 {varBefore} -> {varMax}");
    }
}
