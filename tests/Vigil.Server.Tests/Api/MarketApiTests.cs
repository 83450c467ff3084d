using System.Net;
using System.Text.Json;

namespace Vigil.Server.Tests.Api;

public sealed class MarketApiTests
{
    private static readonly string[] InstrumentFields = ["symbol", "name", "asset_class", "segment", "value_kind", "price", "ts"];

    [Fact]
    public async Task Instruments_lists_all_18_with_snake_case_fields_and_prices_that_move()
    {
        await using var host = new ApiTestHost();
        await host.WaitForStepsAsync(3);

        var first = await host.GetJsonAsync("/api/v1/instruments");
        Assert.Equal(18, first.GetArrayLength());
        foreach (var instrument in first.EnumerateArray())
        {
            Assert.Equal(InstrumentFields, instrument.EnumerateObject().Select(p => p.Name).ToArray());
            Assert.True(instrument.GetProperty("price").GetDouble() > 0 || instrument.GetProperty("value_kind").GetString() != "price");
            Assert.Equal(instrument.GetProperty("asset_class").GetString(), instrument.GetProperty("asset_class").GetString()!.ToLowerInvariant());
        }

        var startStep = host.Live.Steps;
        await host.WaitForStepsAsync(startStep + 5);
        var later = await host.GetJsonAsync("/api/v1/instruments");
        var before = first.EnumerateArray().ToDictionary(i => i.GetProperty("symbol").GetString()!, i => i.GetProperty("price").GetDouble());
        var moved = later.EnumerateArray().Count(i => i.GetProperty("price").GetDouble() != before[i.GetProperty("symbol").GetString()!]);
        Assert.True(moved > 0, "no instrument's price changed over five steps");
        Assert.True(later[0].GetProperty("ts").GetDateTime() > first[0].GetProperty("ts").GetDateTime());
    }

    [Fact]
    public async Task Instrument_by_symbol_is_found_in_any_case_and_an_unknown_symbol_is_404()
    {
        await using var host = new ApiTestHost();
        await host.WaitForStepsAsync(1);

        var spx = await host.GetJsonAsync("/api/v1/instruments/spx");
        Assert.Equal("SPX", spx.GetProperty("symbol").GetString());
        Assert.Equal("equity_index", spx.GetProperty("asset_class").GetString());
        Assert.Equal("equity", spx.GetProperty("segment").GetString());

        using var missing = await host.Client.GetAsync("/api/v1/instruments/NOPE");
        var problem = await Problems.AssertProblemAsync(missing, 404);
        Assert.Contains("NOPE", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Latest_scores_has_the_composite_and_every_detector_with_its_contribution()
    {
        await using var host = new ApiTestHost();
        var latest = await host.WaitForStepsAsync(3);

        var scores = await host.GetJsonAsync("/api/v1/scores/latest");
        foreach (var field in new[] { "ts", "ts_ns", "step", "composite", "ready", "severity", "warning_open", "max_abs_z", "max_abs_z_symbol", "correlation_breaks", "signal_count", "detectors" })
        {
            Assert.True(scores.TryGetProperty(field, out _), $"missing {field}");
        }

        Assert.True(scores.GetProperty("step").GetInt64() >= latest.Step);
        var composite = scores.GetProperty("composite").GetDouble();
        Assert.InRange(composite, 0, 1);
        Assert.Contains(scores.GetProperty("severity").GetString(), new[] { "NONE", "ELEVATED", "HIGH", "SEVERE", "EXTREME" });

        var detectors = scores.GetProperty("detectors").EnumerateArray().ToArray();
        Assert.Equal(latest.Detectors.Select(d => d.Detector).ToArray(), detectors.Select(d => d.GetProperty("detector").GetString()).ToArray());
        Assert.True(detectors.Length >= 3);
        foreach (var d in detectors)
        {
            Assert.Equal(["detector", "score", "raw", "contribution", "weight"], d.EnumerateObject().Select(p => p.Name).ToArray());
            Assert.InRange(d.GetProperty("score").GetDouble(), 0, 1);
            Assert.True(d.GetProperty("weight").GetDouble() > 0);
        }

        // The contributions make up the composite.
        var sum = detectors.Sum(d => d.GetProperty("contribution").GetDouble());
        Assert.InRange(sum, composite - 0.02, composite + 0.02);
    }

    [Fact]
    public async Task Status_counts_ticks_and_steps_as_the_engine_runs()
    {
        await using var host = new ApiTestHost();
        await host.WaitForStepsAsync(2);
        var first = await host.GetJsonAsync("/api/v1/status");
        await host.WaitForStepsAsync(first.GetProperty("steps").GetInt64() + 3);
        var later = await host.GetJsonAsync("/api/v1/status");

        Assert.True(later.GetProperty("running").GetBoolean());
        Assert.Equal(18, later.GetProperty("instruments").GetInt32());
        Assert.True(later.GetProperty("steps").GetInt64() > first.GetProperty("steps").GetInt64());
        Assert.True(later.GetProperty("ticks").GetInt64() > first.GetProperty("ticks").GetInt64());
        Assert.Equal(JsonValueKind.String, later.GetProperty("severity").ValueKind);
    }

    [Fact]
    public async Task An_unknown_api_path_is_a_404_problem()
    {
        await using var host = new ApiTestHost();
        using var response = await host.Client.GetAsync("/api/v1/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
