using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Vigil.Server.Tests.Api;

public sealed class ApiPlatformTests
{
    [Fact]
    public async Task A_burst_beyond_the_per_client_limit_gets_429_problems_with_retry_after()
    {
        await using var host = new ApiTestHost(new Dictionary<string, string?> { ["Vigil:Api:RequestsPerSecondPerClient"] = "5" });

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => host.Client.GetAsync("/api/v1/status")));
        try
        {
            var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToArray();
            var ok = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
            Assert.InRange(ok, 1, 10);
            Assert.NotEmpty(limited);
            var problem = await Problems.AssertProblemAsync(limited[0], 429);
            Assert.Contains("5 requests", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.True(limited[0].Headers.RetryAfter is not null, "no Retry-After header");
        }
        finally
        {
            foreach (var r in responses)
            {
                r.Dispose();
            }
        }

        // The OpenAPI document is not under /api, so it is not limited.
        using var doc = await host.Client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, doc.StatusCode);

        // The window passes and the client is served again.
        await Task.Delay(1100);
        using var again = await host.Client.GetAsync("/api/v1/status");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Cors_allows_a_configured_origin_and_not_another()
    {
        await using var host = new ApiTestHost(new Dictionary<string, string?> { ["Vigil:Api:CorsOrigins:0"] = "https://desk.example.com" });

        using var allowed = new HttpRequestMessage(HttpMethod.Get, "/api/v1/presets");
        allowed.Headers.Add("Origin", "https://desk.example.com");
        using var allowedResponse = await host.Client.SendAsync(allowed);
        Assert.Equal(HttpStatusCode.OK, allowedResponse.StatusCode);
        Assert.Equal("https://desk.example.com", Assert.Single(allowedResponse.Headers.GetValues("Access-Control-Allow-Origin")));

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/speed");
        preflight.Headers.Add("Origin", "https://desk.example.com");
        preflight.Headers.Add("Access-Control-Request-Method", "PUT");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var preflightResponse = await host.Client.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, preflightResponse.StatusCode);
        Assert.Contains("PUT", string.Join(",", preflightResponse.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);

        using var other = new HttpRequestMessage(HttpMethod.Get, "/api/v1/presets");
        other.Headers.Add("Origin", "https://evil.example.net");
        using var otherResponse = await host.Client.SendAsync(other);
        Assert.False(otherResponse.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task The_openapi_document_lists_every_endpoint_and_swagger_ui_points_at_it()
    {
        await using var host = new ApiTestHost();
        var doc = await host.GetJsonAsync("/openapi/v1.json");
        Assert.StartsWith("3.", doc.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = doc.GetProperty("paths");
        var expected = new (string Path, string Method)[]
        {
            ("/api/v1/status", "get"),
            ("/api/v1/instruments", "get"),
            ("/api/v1/instruments/{symbol}", "get"),
            ("/api/v1/scores/latest", "get"),
            ("/api/v1/history/prices", "get"),
            ("/api/v1/history/scores", "get"),
            ("/api/v1/warnings", "get"),
            ("/api/v1/warnings/{id}", "get"),
            ("/api/v1/pipeline", "get"),
            ("/api/v1/presets", "get"),
            ("/api/v1/presets/{id}/activate", "post"),
            ("/api/v1/stress", "post"),
            ("/api/v1/stress/deactivate", "post"),
            ("/api/v1/speed", "get"),
            ("/api/v1/speed", "put"),
            ("/api/v1/config", "get"),
        };
        foreach (var (path, method) in expected)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"missing {path}");
            Assert.True(item.TryGetProperty(method, out _), $"missing {method} {path}");
        }

        // Unknown ids are documented as 404 problems, rate limiting as 429.
        var instrument = paths.GetProperty("/api/v1/instruments/{symbol}").GetProperty("get").GetProperty("responses");
        Assert.True(instrument.TryGetProperty("404", out var notFound), "no 404 for an unknown symbol");
        Assert.True(notFound.GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.True(instrument.TryGetProperty("429", out _), "no 429 documented");

        // Request bodies are documented with snake_case fields.
        var stressSchema = JsonSerializer.Serialize(paths.GetProperty("/api/v1/stress").GetProperty("post"));
        Assert.Contains("requestBody", stressSchema, StringComparison.Ordinal);
        Assert.Contains("volatility_multiplier", doc.GetRawText(), StringComparison.Ordinal);

        using var ui = await host.Client.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        Assert.Contains("swagger", await ui.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        using var init = await host.Client.GetAsync("/swagger/index.js");
        var initText = init.IsSuccessStatusCode ? await init.Content.ReadAsStringAsync() : string.Empty;
        using var html = await host.Client.GetAsync("/swagger/index.html");
        Assert.Contains("/openapi/v1.json", initText + await html.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipeline_reports_counters_rates_latency_and_the_bus_queues()
    {
        await using var host = new ApiTestHost();
        await host.WaitForStepsAsync(10);

        // The rates are measured over a window; give it time to see the engine run.
        JsonElement pipeline = default;
        for (var i = 0; i < 40; i++)
        {
            pipeline = await host.GetJsonAsync("/api/v1/pipeline");
            if (pipeline.GetProperty("steps_per_second").GetDouble() > 0)
            {
                break;
            }

            await Task.Delay(100);
        }

        foreach (var field in new[] { "ticks", "steps", "ticks_per_second", "steps_per_second", "step_latency_p50_ms", "step_latency_p99_ms", "last_tick_age_ms", "push_clients", "queues" })
        {
            Assert.True(pipeline.TryGetProperty(field, out _), $"missing {field}");
        }

        Assert.True(pipeline.GetProperty("steps").GetInt64() >= 10);
        Assert.True(pipeline.GetProperty("ticks").GetInt64() >= pipeline.GetProperty("steps").GetInt64());

        // Turbo is 25 Hz: one step per batch, 18 ticks per batch.
        Assert.InRange(pipeline.GetProperty("steps_per_second").GetDouble(), 5, 40);
        Assert.InRange(pipeline.GetProperty("ticks_per_second").GetDouble(), 90, 720);
        Assert.InRange(pipeline.GetProperty("step_latency_p99_ms").GetDouble(), 0.0001, 1000);
        Assert.True(pipeline.GetProperty("step_latency_p50_ms").GetDouble() <= pipeline.GetProperty("step_latency_p99_ms").GetDouble());
        Assert.InRange(pipeline.GetProperty("last_tick_age_ms").GetDouble(), 0, 2000);
        Assert.Equal(0, pipeline.GetProperty("push_clients").GetInt64());
        foreach (var queue in pipeline.GetProperty("queues").EnumerateArray())
        {
            Assert.Equal(["topic", "subscriber", "policy", "depth", "delivered", "dropped"], queue.EnumerateObject().Select(p => p.Name).ToArray());
            Assert.Contains(queue.GetProperty("policy").GetString(), new[] { "block", "drop_oldest", "coalesce_by_key" });
        }
    }

    [Fact]
    public async Task Config_shows_the_effective_options_from_configuration()
    {
        await using var host = new ApiTestHost(new Dictionary<string, string?> { ["Vigil:Api:RequestsPerSecondPerClient"] = "1234", ["Vigil:Store:FactRetentionHours"] = "6" });
        var config = await host.GetJsonAsync("/api/v1/config");

        Assert.Equal(1234, config.GetProperty("api").GetProperty("requests_per_second_per_client").GetInt32());
        Assert.Equal(6, config.GetProperty("store").GetProperty("fact_retention_hours").GetDouble());
        Assert.Equal("turbo", config.GetProperty("simulator").GetProperty("speed").GetString());
        Assert.EndsWith("vigil.db", config.GetProperty("store").GetProperty("path").GetString(), StringComparison.Ordinal);
        Assert.Equal(20, config.GetProperty("push").GetProperty("max_batches_per_second").GetInt32());

        // Read only.
        using var put = await host.Client.PutAsync("/api/v1/config", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode);
    }

    [Fact]
    public async Task Rejected_requests_are_counted_on_the_vigil_meter_by_status()
    {
        await using var host = new ApiTestHost();
        var factory = host.Factory.Services.GetRequiredService<IMeterFactory>();
        var counts = new Dictionary<int, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "vigil.api.rejected" && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "status" && tag.Value is int status)
                {
                    lock (counts)
                    {
                        counts[status] = counts.GetValueOrDefault(status) + value;
                    }
                }
            }
        });
        listener.Start();

        using var bad = await host.Client.PutJsonTextAsync("/api/v1/speed", "{\"speed\":");
        using var bad2 = await host.Client.GetAsync("/api/v1/history/scores?limit=0");
        using var missing = await host.Client.GetAsync("/api/v1/instruments/NOPE");
        using var fine = await host.Client.GetAsync("/api/v1/presets");

        lock (counts)
        {
            Assert.Equal(2, counts.GetValueOrDefault(400));
            Assert.Equal(1, counts.GetValueOrDefault(404));
            Assert.Equal(2, counts.Count);
        }
    }
}
