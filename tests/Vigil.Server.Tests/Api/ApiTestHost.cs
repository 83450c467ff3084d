using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Engine.Live;
using Vigil.Server.Live;
using Vigil.Server.Tests.Support;
using Vigil.Storage;

namespace Vigil.Server.Tests.Api;

/// <summary>
/// The real service for API tests (its SQLite store in a private folder), an HTTP client, and helpers to reach its
/// store and live view. Fact retention is off unless a test sets it, so rows seeded in the past stay.
/// </summary>
internal sealed class ApiTestHost : IAsyncDisposable
{
    public ApiTestHost(IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["Vigil:Store:FactRetentionHours"] = "0" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        Factory = new VigilAppFactory(all);
        Client = Factory.CreateClient();
    }

    public VigilAppFactory Factory { get; }

    public HttpClient Client { get; }

    public IStore Store => Factory.Services.GetRequiredService<IStore>();

    public LiveMarket Live => Factory.Services.GetRequiredService<LiveMarket>();

    /// <summary>Waits until the engine has closed at least <paramref name="steps"/> market steps.</summary>
    public async Task<MarketUpdate> WaitForStepsAsync(long steps = 3)
    {
        for (var i = 0; i < 400; i++)
        {
            if (Live.Latest is { } latest && Live.Steps >= steps)
            {
                return latest;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"the engine closed only {Live.Steps} steps");
    }

    public async Task<JsonElement> GetJsonAsync(string url)
    {
        using var response = await Client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
    }
}

/// <summary>Assertions on problem details.</summary>
internal static class Problems
{
    /// <summary>Asserts a response is <paramref name="status"/> with <c>application/problem+json</c>, and returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>Asserts a 400 problem whose <c>errors</c> names exactly <paramref name="fields"/>, each with a reason.</summary>
    public static async Task<JsonElement> AssertBadFieldsAsync(HttpResponseMessage response, params string[] fields)
    {
        var problem = await AssertProblemAsync(response, 400);
        var errors = problem.GetProperty("errors");
        var named = errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(fields.Order(StringComparer.Ordinal).ToArray(), named);
        foreach (var field in errors.EnumerateObject())
        {
            Assert.NotEmpty(field.Value.EnumerateArray());
            Assert.All(field.Value.EnumerateArray(), r => Assert.False(string.IsNullOrWhiteSpace(r.GetString())));
        }

        return problem;
    }

    public static Task<HttpResponseMessage> PostJsonTextAsync(this HttpClient client, string url, string json) =>
        client.PostAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PutJsonTextAsync(this HttpClient client, string url, string json) =>
        client.PutAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    public static string Iso(long ns) => DateTime.UnixEpoch.AddTicks(ns / 100).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
