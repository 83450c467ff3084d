using System.Net;
using System.Text.RegularExpressions;
using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests.Dashboard;

/// <summary>The built dashboard as the service serves it: the page, its hashed assets and their caching.</summary>
public sealed partial class DashboardFilesTests : IClassFixture<DashboardFilesTests.Service>
{
    private readonly VigilAppFactory _factory;

    public DashboardFilesTests(Service service) => _factory = service.Factory;

    /// <summary>One service for the class: these tests only read files.</summary>
    public sealed class Service : IDisposable
    {
        public VigilAppFactory Factory { get; } = new();

        public void Dispose() => Factory.Dispose();
    }

    [Fact]
    public async Task Root_serves_the_built_dashboard_page_revalidated_on_every_load()
    {
        using var client = _factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-cache", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<div id=\"root\"></div>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_asset_the_page_names_is_served_and_cached_as_immutable()
    {
        using var client = _factory.CreateClient();
        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        var assets = AssetReference().Matches(html).Select(m => m.Groups["path"].Value).Distinct().ToList();

        Assert.Contains(assets, a => a.EndsWith(".js", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.EndsWith(".css", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            using var response = await client.GetAsync(new Uri(asset, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset} answered {(int)response.StatusCode}");
            var cacheControl = response.Headers.CacheControl?.ToString() ?? "";
            Assert.Contains("immutable", cacheControl, StringComparison.Ordinal);
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 0, $"{asset} is empty");
        }
    }

    [Fact]
    public async Task Unknown_asset_is_404_and_api_paths_are_not_served_from_files()
    {
        using var client = _factory.CreateClient();
        using var missing = await client.GetAsync(new Uri("/assets/not-there-123.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        using var status = await client.GetAsync(new Uri("/api/v1/status", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Equal("application/json", status.Content.Headers.ContentType?.MediaType);
    }

    [GeneratedRegex("(?:src|href)=\"(?<path>/assets/[^\"]+)\"")]
    private static partial Regex AssetReference();
}
