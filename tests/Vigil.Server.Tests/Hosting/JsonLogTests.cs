using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Server.Hosting;
using Vigil.Server.Tests.Support;
using static Vigil.Server.Tests.Metrics.MetricsTestSupport;

namespace Vigil.Server.Tests.Hosting;

public sealed class JsonLogTests
{
    [Theory]
    [InlineData("Vigil.Server.Live.EngineHost", "engine")]
    [InlineData("Vigil.Server.Store.StoreHost", "store")]
    [InlineData("Vigil.Server.Push.PushHub", "push")]
    [InlineData("Vigil.Server.Metrics.MetricsExtensions", "metrics")]
    [InlineData("Vigil.Storage.Sqlite.SqliteStore", "storage")]
    [InlineData("Microsoft.AspNetCore.Hosting.Diagnostics", "http")]
    [InlineData("Microsoft.AspNetCore.Server.Kestrel", "server")]
    [InlineData("Microsoft.Hosting.Lifetime", "host")]
    [InlineData("System.Net.Http.HttpClient", "runtime")]
    public void Each_category_is_logged_under_its_component(string category, string component)
    {
        Assert.Equal(component, VigilJsonConsoleFormatter.Component(category));
    }

    [Fact]
    public async Task Requests_are_not_logged_one_by_one_but_the_service_s_own_events_are()
    {
        var logs = new LogCapture();
        await using var service = new VigilAppFactory();
        await using var factory = service.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        using var client = factory.CreateClient();
        await WaitForStepsAsync(factory.Services, 2);

        for (var i = 0; i < 5; i++)
        {
            (await client.GetAsync("/health/live")).EnsureSuccessStatusCode();
        }

        Assert.DoesNotContain(logs.Entries, e => e.Category.StartsWith("Microsoft.AspNetCore.Hosting", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Category == "Vigil.Server.Live.EngineHost" && e.Message.StartsWith("Engine started", StringComparison.Ordinal));
    }

    [Fact]
    public void A_line_is_one_json_object_with_component_message_and_context_from_state_and_scopes()
    {
        var formatter = new VigilJsonConsoleFormatter();
        var scopes = new LoggerExternalScopeProvider();
        using var request = scopes.Push(new Dictionary<string, object?> { ["RequestId"] = "r-1", ["RequestPath"] = "/api/v1/status" });
        var state = new Dictionary<string, object?> { ["Ticks"] = 42L, ["Rate"] = 4.5, ["Name"] = "a \"quoted\"\nname", ["{OriginalFormat}"] = "x" };
        var entry = new LogEntry<Dictionary<string, object?>>(LogLevel.Warning, "Vigil.Server.Live.EngineHost", new EventId(7, "Lagging"), state, null, (_, _) => "engine lags");
        using var text = new StringWriter();

        formatter.Write(entry, scopes, text);

        var line = text.ToString();
        Assert.EndsWith(Environment.NewLine, line, StringComparison.Ordinal);
        Assert.Single(line.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal("warn", root.GetProperty("level").GetString());
        Assert.Equal("engine", root.GetProperty("component").GetString());
        Assert.Equal("Vigil.Server.Live.EngineHost", root.GetProperty("category").GetString());
        Assert.Equal(7, root.GetProperty("event_id").GetInt32());
        Assert.Equal("Lagging", root.GetProperty("event").GetString());
        Assert.Equal("engine lags", root.GetProperty("message").GetString());
        Assert.EndsWith("Z", root.GetProperty("ts").GetString(), StringComparison.Ordinal);
        var context = root.GetProperty("context");
        Assert.Equal(42, context.GetProperty("Ticks").GetInt64());
        Assert.Equal(4.5, context.GetProperty("Rate").GetDouble());
        Assert.Equal("a \"quoted\"\nname", context.GetProperty("Name").GetString());
        Assert.Equal("r-1", context.GetProperty("RequestId").GetString());
        Assert.Equal("/api/v1/status", context.GetProperty("RequestPath").GetString());
        Assert.False(context.TryGetProperty("{OriginalFormat}", out _));
    }
}
