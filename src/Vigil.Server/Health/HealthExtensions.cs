namespace Vigil.Server.Health;

/// <summary>The health area.</summary>
public static class HealthExtensions
{
    /// <summary>Registers the area's services.</summary>
    /// <param name="services">The services.</param>
    public static IServiceCollection AddVigilHealth(this IServiceCollection services) => services;

    /// <summary>Maps the area's endpoints.</summary>
    /// <param name="app">The application.</param>
    public static WebApplication MapVigilHealth(this WebApplication app) => app;
}
