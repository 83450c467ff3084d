namespace Vigil.Server.Dashboard;

/// <summary>The dashboard area.</summary>
public static class DashboardExtensions
{
    /// <summary>Registers the area's services.</summary>
    /// <param name="services">The services.</param>
    public static IServiceCollection AddVigilDashboard(this IServiceCollection services) => services;

    /// <summary>Maps the area's endpoints.</summary>
    /// <param name="app">The application.</param>
    public static WebApplication MapVigilDashboard(this WebApplication app) => app;
}
