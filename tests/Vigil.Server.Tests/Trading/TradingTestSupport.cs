using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vigil.Server.Tests.Api;

namespace Vigil.Server.Tests.Trading;

internal static class TradingTestSupport
{
    public const string AdminKey = "test-admin-key-0123456789";

    public static async Task<JsonElement> RegisterAsync(HttpClient client, string id, string mode)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/runs", new { id, name = "strategy " + id, mode });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {body}");
        Assert.Equal($"/api/v1/runs/{id}", response.Headers.Location?.OriginalString);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static Task<JsonElement> GetRunAsync(HttpClient client, string id) => GetJsonAsync(client, $"/api/v1/runs/{id}");

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static HttpRequestMessage Admin(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Vigil-Admin-Key", AdminKey);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    public static Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, int status) => Problems.AssertProblemAsync(response, status);
}
