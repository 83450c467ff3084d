using System.Text.Json;
using Vigil.Engine.Live;
using Vigil.Storage;

namespace Vigil.Server.Tests.Api;

public sealed class HistoryApiTests
{
    // Seeded rows lie in 2001, far from the live engine's clock, so the live writer's rows never mix with them.
    private static readonly long BaseNs = new DateTimeOffset(2001, 3, 1, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000;
    private const long StepNs = 250_000_000;

    /// <summary>Writes <paramref name="count"/> copies of a live step at 250 ms apart from <see cref="BaseNs"/>, each with its own composite.</summary>
    private static async Task<MarketUpdate[]> SeedStepsAsync(ApiTestHost host, int count)
    {
        var live = await host.WaitForStepsAsync(2);
        var steps = Enumerable.Range(0, count)
            .Select(i => live with { Step = 1_000_000 + i, TimestampNs = BaseNs + (i * StepNs), Composite = i / (double)count })
            .ToArray();
        await host.Store.WriteAsync(new StoreBatch(steps, []));
        return steps;
    }

    [Fact]
    public async Task Price_history_pages_return_every_row_once_in_time_order()
    {
        await using var host = new ApiTestHost();
        var steps = await SeedStepsAsync(host, 23);
        var range = $"from={Problems.Iso(BaseNs)}&to={Problems.Iso(BaseNs + (23 * StepNs))}";

        var seen = new List<long>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var url = $"/api/v1/history/prices?symbol=SPX&{range}&limit=5" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await host.GetJsonAsync(url);
            var items = page.GetProperty("items").EnumerateArray().ToArray();
            Assert.True(items.Length <= 5);
            foreach (var item in items)
            {
                Assert.Equal("SPX", item.GetProperty("symbol").GetString());
                seen.Add(item.GetProperty("ts_ns").GetInt64());
                Assert.Equal(item.GetProperty("ts_ns").GetInt64(), (item.GetProperty("ts").GetDateTime().ToUniversalTime() - DateTime.UnixEpoch).Ticks * 100);
                Assert.True(item.GetProperty("scores").TryGetProperty("PRICE_SPIKE", out _));
            }

            cursor = page.GetProperty("next_cursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next_cursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 20);

        Assert.Equal(steps.Select(s => s.TimestampNs).ToArray(), seen.ToArray());
        Assert.Equal(5, pages);
        var spx = steps[0].Instruments.Single(i => i.Symbol == "SPX").Snapshot.Price;
        var first = await host.GetJsonAsync($"/api/v1/history/prices?symbol=spx&{range}&limit=1");
        Assert.Equal(spx, first.GetProperty("items")[0].GetProperty("price").GetDouble(), 9);
    }

    [Fact]
    public async Task Score_history_honours_the_time_range_and_pages_every_step_once()
    {
        await using var host = new ApiTestHost();
        var steps = await SeedStepsAsync(host, 12);

        // From step 2 inclusive to step 10 exclusive, as Unix milliseconds.
        var fromMs = (BaseNs + (2 * StepNs)) / 1_000_000;
        var toMs = (BaseNs + (10 * StepNs)) / 1_000_000;
        var composites = new List<double>();
        string? cursor = null;
        do
        {
            var page = await host.GetJsonAsync($"/api/v1/history/scores?from={fromMs}&to={toMs}&limit=3" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor)));
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                composites.Add(item.GetProperty("composite").GetDouble());
                Assert.Equal(steps[0].Detectors.Count, item.GetProperty("scores").EnumerateObject().Count());
                Assert.Equal(steps[0].Severity.ToString().ToUpperInvariant(), item.GetProperty("severity").GetString());
            }

            cursor = page.GetProperty("next_cursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(steps[2..10].Select(s => s.Composite).ToArray(), composites.ToArray());
    }

    [Fact]
    public async Task Live_steps_written_by_the_service_come_back_through_price_and_score_history()
    {
        await using var host = new ApiTestHost();
        await host.WaitForStepsAsync(5);

        // The writer flushes every 500 ms; wait until the live rows are readable.
        JsonElement prices = default;
        for (var i = 0; i < 100; i++)
        {
            prices = await host.GetJsonAsync("/api/v1/history/prices?symbol=BTC&limit=1000");
            if (prices.GetProperty("items").GetArrayLength() >= 3)
            {
                break;
            }

            await Task.Delay(100);
        }

        var items = prices.GetProperty("items").EnumerateArray().ToArray();
        Assert.True(items.Length >= 3, $"only {items.Length} rows");
        var times = items.Select(i => i.GetProperty("ts_ns").GetInt64()).ToArray();
        Assert.Equal(times.Order().ToArray(), times);
        Assert.Equal(times.Length, times.Distinct().Count());
        Assert.True(items.Select(i => i.GetProperty("price").GetDouble()).Distinct().Count() > 1, "BTC's price never moved");
        Assert.All(items, i => Assert.Equal("BTC", i.GetProperty("symbol").GetString()));

        var scores = await host.GetJsonAsync($"/api/v1/history/scores?from={Problems.Iso(times[0])}&limit=1000");
        Assert.Contains(scores.GetProperty("items").EnumerateArray(), s => s.GetProperty("ts_ns").GetInt64() == times[0]);
    }

    [Fact]
    public async Task Bad_history_queries_get_one_400_naming_every_bad_field()
    {
        await using var host = new ApiTestHost();
        using var response = await host.Client.GetAsync("/api/v1/history/prices?symbol=SPX&from=yesterday&to=2001-13-45&limit=0&cursor=");
        await Problems.AssertBadFieldsAsync(response, "from", "to", "limit", "cursor");

        using var tooMany = await host.Client.GetAsync("/api/v1/history/scores?limit=1000000");
        await Problems.AssertBadFieldsAsync(tooMany, "limit");

        using var notInt = await host.Client.GetAsync("/api/v1/history/scores?limit=ten");
        await Problems.AssertBadFieldsAsync(notInt, "limit");

        using var backwards = await host.Client.GetAsync("/api/v1/history/scores?from=2001-03-02T00:00:00Z&to=2001-03-01T00:00:00Z");
        Assert.Equal(400, (int)backwards.StatusCode);

        using var noSymbol = await host.Client.GetAsync("/api/v1/history/prices");
        await Problems.AssertBadFieldsAsync(noSymbol, "symbol");
    }

    [Fact]
    public async Task Price_history_of_an_unknown_symbol_is_404_and_a_forged_cursor_is_400()
    {
        await using var host = new ApiTestHost();
        using var unknown = await host.Client.GetAsync("/api/v1/history/prices?symbol=NOPE");
        await Problems.AssertProblemAsync(unknown, 404);

        using var forged = await host.Client.GetAsync("/api/v1/history/scores?cursor=not-a-cursor");
        await Problems.AssertBadFieldsAsync(forged, "cursor");
    }
}
