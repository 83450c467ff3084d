namespace Vigil.Server.Metrics;

/// <summary>The metrics area.</summary>
public static class MetricsExtensions
{
    /// <summary>Registers the area's services.</summary>
    /// <param name="services">The services.</param>
    public static IServiceCollection AddVigilMetrics(this IServiceCollection services) => services;

    /// <summary>Maps the area's endpoints.</summary>
    /// <param name="app">The application.</param>
    public static WebApplication MapVigilMetrics(this WebApplication app) => app;
}
