namespace Vigil.Server.Push;

/// <summary>The push area.</summary>
public static class PushExtensions
{
    /// <summary>Registers the area's services.</summary>
    /// <param name="services">The services.</param>
    public static IServiceCollection AddVigilPush(this IServiceCollection services) => services;

    /// <summary>Maps the area's endpoints.</summary>
    /// <param name="app">The application.</param>
    public static WebApplication MapVigilPush(this WebApplication app) => app;
}
