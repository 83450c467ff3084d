using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Vigil.Server.Options;

namespace Vigil.Server.Tests.Api;

public sealed class SignalsApiTests
{
    private static double Calm(int i) => -0.2 + (0.1 * Math.Sin(i * 1.7)) + (0.05 * Math.Cos(i * 0.37));

    private static string Batch(IEnumerable<string> items) => "{\"values\":[" + string.Join(",", items) + "]}";

    private static string Item(string series, double value, string? category = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{{\"series\":\"{series}\",\"value\":{value:R}{(category is null ? "" : $",\"category\":\"{category}\"")}}}");

    /// <summary>Waits until GET shows <paramref name="series"/> with at least <paramref name="values"/> values taken by the engine.</summary>
    private static async Task<JsonElement> WaitForSeriesAsync(ApiTestHost host, string series, long values)
    {
        for (var i = 0; i < 400; i++)
        {
            var body = await host.GetJsonAsync("/api/v1/signals");
            foreach (var s in body.GetProperty("series").EnumerateArray())
            {
                if (s.GetProperty("series").GetString() == series && s.GetProperty("value_count").GetInt64() >= values)
                {
                    return s;
                }
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"the engine never took {values} values of {series}");
    }

    private static async Task<long> RejectedValuesAsync(ApiTestHost host) =>
        (await host.GetJsonAsync("/api/v1/signals")).GetProperty("rejected_values").GetInt64();

    [Fact]
    public async Task A_pushed_series_gets_a_z_score_and_a_sentiment_collapse_fires_as_a_signal()
    {
        await using var host = new ApiTestHost();
        await host.WaitForStepsAsync(1);
        var calm = Enumerable.Range(0, 80).Select(i => Item("NEWS_SENTIMENT", Calm(i), i == 0 ? "news_sentiment" : null));
        using (var posted = await host.Client.PostJsonTextAsync("/api/v1/signals", Batch(calm)))
        {
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
            var answer = JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(80, answer.GetProperty("accepted").GetInt32());
            Assert.Equal(0, answer.GetProperty("rejected").GetInt32());
        }

        var warm = await WaitForSeriesAsync(host, "NEWS_SENTIMENT", 80);
        Assert.Equal("news_sentiment", warm.GetProperty("category").GetString());
        Assert.True(warm.GetProperty("ready").GetBoolean());
        var calmZ = warm.GetProperty("z_score").GetDouble();
        Assert.True(Math.Abs(calmZ) < 3, $"calm z {calmZ}");
        var firedBefore = warm.GetProperty("fired_steps").GetInt64();

        using (var spike = await host.Client.PostJsonTextAsync("/api/v1/signals", "{\"series\":\"NEWS_SENTIMENT\",\"value\":-6.5,\"timestamp\":\"2026-01-05T10:00:00Z\"}"))
        {
            Assert.Equal(HttpStatusCode.Accepted, spike.StatusCode);
        }

        var collapsed = await WaitForSeriesAsync(host, "NEWS_SENTIMENT", 81);
        Assert.Equal(-6.5, collapsed.GetProperty("latest_value").GetDouble());
        Assert.True(collapsed.GetProperty("z_score").GetDouble() < -5, collapsed.ToString());
        Assert.True(collapsed.GetProperty("step_max_abs_z").GetDouble() >= 0);
        Assert.Equal(firedBefore + 1, collapsed.GetProperty("fired_steps").GetInt64());
        Assert.Equal("2026-01-05T10:00:00.000Z", collapsed.GetProperty("posted_at").GetString());
    }

    [Fact]
    public async Task Malformed_json_is_a_problem_naming_the_body_and_is_counted_as_a_rejected_request()
    {
        await using var host = new ApiTestHost();
        using var response = await host.Client.PostJsonTextAsync("/api/v1/signals", "{\"series\":\"X\",\"value\":");
        var problem = await Problems.AssertProblemAsync(response, 400);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Bad_single_values_get_problem_details_naming_each_field_and_are_counted()
    {
        await using var host = new ApiTestHost();
        var before = await RejectedValuesAsync(host);

        using var unknown = await host.Client.PostJsonTextAsync("/api/v1/signals", "{\"series\":\"MOOD\",\"category\":\"vibes\",\"value\":1}");
        var p1 = await Problems.AssertProblemAsync(unknown, 400);
        Assert.Contains("news_sentiment", p1.GetProperty("errors").GetProperty("category")[0].GetString(), StringComparison.Ordinal);

        using var nan = await host.Client.PostJsonTextAsync("/api/v1/signals", "{\"series\":\"MOOD\",\"category\":\"news_sentiment\",\"value\":\"NaN\"}");
        var p2 = await Problems.AssertProblemAsync(nan, 400);
        Assert.Contains("finite", p2.GetProperty("errors").GetProperty("value")[0].GetString(), StringComparison.Ordinal);

        using var missing = await host.Client.PostJsonTextAsync("/api/v1/signals", "{\"category\":\"energy\",\"value\":3,\"timestamp\":\"not a time\"}");
        var p3 = await Problems.AssertProblemAsync(missing, 400);
        Assert.True(p3.GetProperty("errors").TryGetProperty("series", out _));
        Assert.True(p3.GetProperty("errors").TryGetProperty("timestamp", out _));

        using var noCategory = await host.Client.PostJsonTextAsync("/api/v1/signals", "{\"series\":\"NEW_ONE\",\"value\":3}");
        var p4 = await Problems.AssertProblemAsync(noCategory, 400);
        Assert.Contains("first time", p4.GetProperty("errors").GetProperty("category")[0].GetString(), StringComparison.Ordinal);

        var tomorrow = DateTimeOffset.UtcNow.AddDays(2).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        using var future = await host.Client.PostJsonTextAsync("/api/v1/signals", "{\"series\":\"MOOD\",\"category\":\"news_sentiment\",\"value\":1,\"timestamp\":\"" + tomorrow + "\"}");
        var p5 = await Problems.AssertProblemAsync(future, 400);
        Assert.Contains("ahead", p5.GetProperty("errors").GetProperty("timestamp")[0].GetString(), StringComparison.Ordinal);

        await host.WaitForStepsAsync(1);
        var instrument = host.Live.Instruments[0].Symbol;
        using var clash = await host.Client.PostJsonTextAsync("/api/v1/signals", Item(instrument, 1, "energy"));
        var p6 = await Problems.AssertProblemAsync(clash, 400);
        Assert.Contains("is an instrument", p6.GetProperty("errors").GetProperty("series")[0].GetString(), StringComparison.Ordinal);

        // One count per bad item, however many of its fields are bad.
        Assert.Equal(before + 6, await RejectedValuesAsync(host));
    }

    [Fact]
    public async Task A_batch_keeps_its_good_values_and_reports_each_bad_item_by_index_and_field()
    {
        await using var host = new ApiTestHost(new Dictionary<string, string?> { ["Vigil:Signals:MaxSeries"] = "2" });
        await host.WaitForStepsAsync(1);
        string[] items =
        [
            Item("OIL", 80, "energy"),
            "{\"series\":\"OIL\",\"value\":\"Infinity\"}",
            Item("CDS", 120, "bank_cds"),
            Item("DEFENCE", 50, "defence"),
            Item("OIL", 81, "bank_cds"),
            Item("OIL", 82),
        ];
        using var response = await host.Client.PostJsonTextAsync("/api/v1/signals", Batch(items));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(3, body.GetProperty("accepted").GetInt32());
        Assert.Equal(3, body.GetProperty("rejected").GetInt32());
        var errors = body.GetProperty("errors");
        Assert.Contains("finite", errors.GetProperty("values[1].value")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("at most 2", errors.GetProperty("values[3].series")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("energy", errors.GetProperty("values[4].category")[0].GetString(), StringComparison.Ordinal);

        var oil = await WaitForSeriesAsync(host, "OIL", 2);
        Assert.Equal(82, oil.GetProperty("latest_value").GetDouble());
        Assert.Equal("commodities", oil.GetProperty("segment").GetString());
        var cds = await WaitForSeriesAsync(host, "CDS", 1);
        Assert.Equal("bank_cds", cds.GetProperty("category").GetString());
        var all = await host.GetJsonAsync("/api/v1/signals");
        Assert.Equal(2, all.GetProperty("series").GetArrayLength());
        Assert.Equal(3, all.GetProperty("rejected_values").GetInt64());
        Assert.Equal(3, all.GetProperty("accepted_values").GetInt64());
    }

    [Fact]
    public async Task A_push_that_does_not_fit_the_queue_is_refused_whole_with_retry_after()
    {
        await using var host = new ApiTestHost(new Dictionary<string, string?> { ["Vigil:Signals:QueueLength"] = "2" });
        var items = Enumerable.Range(0, 3).Select(i => Item("FULL", i, "policy_news"));
        using var response = await host.Client.PostJsonTextAsync("/api/v1/signals", Batch(items));

        var problem = await Problems.AssertProblemAsync(response, 503);
        Assert.Contains("QueueLength", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
        var all = await host.GetJsonAsync("/api/v1/signals");
        Assert.Equal(0, all.GetProperty("accepted_values").GetInt64());
        Assert.Equal(3, all.GetProperty("rejected_values").GetInt64());
    }

    [Fact]
    public async Task Sending_a_batch_and_a_single_value_together_is_refused()
    {
        await using var host = new ApiTestHost();
        var json = "{\"series\":\"X\",\"value\":1,\"values\":[" + Item("Y", 2, "energy") + "]}";
        using var response = await host.Client.PostAsync("/api/v1/signals", new StringContent(json, Encoding.UTF8, "application/json"));
        var problem = await Problems.AssertProblemAsync(response, 400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("values", out _));
    }

    [Fact]
    public void Signal_settings_out_of_range_are_all_reported_at_start()
    {
        var options = new VigilOptions { Signals = new SignalSettings { MaxSeries = 0, QueueLength = 0, MaxBatchLength = 100_000 } };

        var result = new VigilOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        foreach (var key in new[] { "Vigil:Signals:MaxSeries", "Vigil:Signals:QueueLength", "Vigil:Signals:MaxBatchLength" })
        {
            Assert.Contains(result.Failures!, f => f.Contains(key, StringComparison.Ordinal));
        }
    }
}
