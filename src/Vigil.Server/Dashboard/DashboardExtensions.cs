using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Vigil.Server.Dashboard;

/// <summary>
/// The dashboard area: serves the web dashboard's built files (web/, built by the server's build into the output's
/// <c>wwwroot</c>) with <c>index.html</c> at <c>/</c>.
/// </summary>
public static partial class DashboardExtensions
{
    /// <summary>The folder, under the application's base directory, that holds the built dashboard.</summary>
    public const string WebRootFolder = "wwwroot";

    // Vite names every bundled asset by its content hash, so a cached copy can never be stale.
    private const string ImmutableCacheControl = "public, max-age=31536000, immutable";

    // index.html names the current hashed assets, so browsers must revalidate it (cheaply, by ETag) on every load.
    private const string RevalidateCacheControl = "no-cache";

    /// <summary>Registers the area's services (none: the files are served by middleware).</summary>
    /// <param name="services">The services.</param>
    public static IServiceCollection AddVigilDashboard(this IServiceCollection services) => services;

    /// <summary>
    /// Serves the dashboard from <c>wwwroot</c> beside the application's assemblies: <c>/</c> is <c>index.html</c>,
    /// hashed assets under <c>/assets/</c> are cached for a year, everything else is revalidated. When the dashboard
    /// was not built (<c>-p:VigilSkipDashboard=true</c>), <c>/</c> says so and how to build it.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <param name="webRoot">The folder to serve; the application's <c>wwwroot</c> when null.</param>
    public static WebApplication MapVigilDashboard(this WebApplication app, string? webRoot = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        webRoot ??= Path.Combine(AppContext.BaseDirectory, WebRootFolder);
        if (!File.Exists(Path.Combine(webRoot, "index.html")))
        {
            LogDashboardMissing(app.Logger, webRoot);
            app.MapGet("/", () => TypedResults.Text(
                    "Vigil is running, but its dashboard was not built into " + webRoot + ". Build the server with "
                    + "Node.js 20.19+ and npm on PATH (dotnet build runs npm ci and npm run build in web/). "
                    + "The API is at /api/v1.\n",
                    "text/plain; charset=utf-8",
                    statusCode: StatusCodes.Status503ServiceUnavailable))
                .ExcludeFromDescription();
            return app;
        }

        var files = new PhysicalFileProvider(webRoot);
        app.Lifetime.ApplicationStopped.Register(files.Dispose);

        // Only the dashboard's own paths go through the file middleware, so API and stream requests never touch the
        // file system.
        app.UseWhen(
            context => IsDashboardPath(context.Request.Path),
            branch =>
            {
                branch.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
                branch.UseStaticFiles(new StaticFileOptions
                {
                    FileProvider = files,
                    OnPrepareResponse = context =>
                    {
                        var headers = context.Context.Response.Headers;
                        headers[HeaderNames.CacheControl] = context.Context.Request.Path.StartsWithSegments("/assets", StringComparison.Ordinal)
                            ? ImmutableCacheControl
                            : RevalidateCacheControl;
                        headers[HeaderNames.XContentTypeOptions] = "nosniff";
                    },
                });
            });
        LogDashboardServed(app.Logger, webRoot);
        return app;
    }

    private static bool IsDashboardPath(PathString path) =>
        !path.HasValue
        || path.Value == "/"
        || path.StartsWithSegments("/assets", StringComparison.Ordinal)
        || (path.Value!.IndexOf('/', 1) < 0 && Path.HasExtension(path.Value));

    [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard served from {WebRoot}")]
    private static partial void LogDashboardServed(ILogger logger, string webRoot);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard not built: {WebRoot} has no index.html; / explains how to build it")]
    private static partial void LogDashboardMissing(ILogger logger, string webRoot);
}
