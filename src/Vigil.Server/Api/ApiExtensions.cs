using Vigil.Server.Live;

namespace Vigil.Server.Api;

/// <summary>The REST API under <c>/api/v1</c>.</summary>
public static class ApiExtensions
{
    /// <summary>Problem details, OpenAPI, rate limiting and CORS.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration.</param>
    public static IServiceCollection AddVigilApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddProblemDetails();
        return services;
    }

    /// <summary>The middleware the API needs, in order.</summary>
    /// <param name="app">The application.</param>
    public static WebApplication UseVigilApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>Maps every API endpoint.</summary>
    /// <param name="app">The application.</param>
    public static WebApplication MapVigilApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1");
        api.MapGet("/status", (LiveMarket live) => TypedResults.Ok(new StatusResponse(
            live.Running,
            live.Source,
            live.Instruments.Count,
            live.Ticks,
            live.Steps,
            live.Latest?.Composite,
            live.Latest?.Severity.ToString())));
        return app;
    }
}

/// <summary>The service's status.</summary>
/// <param name="Running">Whether the engine loop runs.</param>
/// <param name="Source">Where the data comes from.</param>
/// <param name="Instruments">How many instruments are watched.</param>
/// <param name="Ticks">Ticks processed since start.</param>
/// <param name="Steps">Market steps since start.</param>
/// <param name="Composite">The latest composite score.</param>
/// <param name="Severity">The open warning's severity, or None.</param>
public sealed record StatusResponse(bool Running, string Source, int Instruments, long Ticks, long Steps, double? Composite, string? Severity);
