using Microsoft.Extensions.Logging.Console;
using Vigil.Server.Api;
using Vigil.Server.Dashboard;
using Vigil.Server.Health;
using Vigil.Server.Hosting;
using Vigil.Server.Live;
using Vigil.Server.Metrics;
using Vigil.Server.Options;
using Vigil.Server.Push;
using Vigil.Server.Store;
using Vigil.Server.Trading;

namespace Vigil.Server;

/// <summary>
/// The service's composition root: each area adds its services (<c>AddVigilXxx</c>) and maps its endpoints
/// (<c>MapVigilXxx</c>). <c>Program.cs</c> and <c>vigil serve</c> both start it.
/// </summary>
public static class VigilServer
{
    /// <summary>The address the service listens on unless <c>--urls</c> or <c>ASPNETCORE_URLS</c> says otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>Builds the service from command-line arguments.</summary>
    /// <param name="args">Arguments: <c>--urls</c>, <c>--Vigil:Section:Key=value</c>, …</param>
    /// <param name="configure">Changes to the builder before it is built (tests override options and services).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.AddVigilLogging();
        builder.Services.AddVigilOptions();
        builder.Services.AddVigilBus();
        builder.Services.AddVigilEngine();
        builder.Services.AddVigilStore();
        builder.Services.AddVigilTrading();
        builder.Services.AddVigilPush();
        builder.Services.AddVigilHealth();
        builder.Services.AddVigilMetrics();
        builder.Services.AddVigilGracefulShutdown();
        builder.Services.AddVigilApi(builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseVigilApi();
        app.MapVigilApi();
        app.MapVigilPush();
        app.MapVigilHealth();
        app.MapVigilMetrics();
        app.MapVigilDashboard();
        return app;
    }

    /// <summary>
    /// JSON console logs, one object a line with <c>component</c> and <c>context</c> fields (see
    /// <see cref="VigilJsonConsoleFormatter"/>), as operators' log shippers expect.
    /// </summary>
    /// <param name="builder">The builder.</param>
    public static WebApplicationBuilder AddVigilLogging(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.FormatterName = VigilJsonConsoleFormatter.FormatterName);
        builder.Logging.AddConsoleFormatter<VigilJsonConsoleFormatter, ConsoleFormatterOptions>();

        // ASP.NET Core logs two lines per request at Information: at thousands of requests a second that is the
        // console's whole throughput. Warnings only, unless Logging:LogLevel:Microsoft.AspNetCore says otherwise;
        // /metrics counts the requests.
        if (builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"] is null)
        {
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        }

        return builder;
    }
}
