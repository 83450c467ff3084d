using Microsoft.Extensions.DependencyInjection.Extensions;
using Vigil.Engine.Bus;

namespace Vigil.Server.Live;

/// <summary>Registers the bus, the simulator, the live view and the engine loop.</summary>
public static class LiveExtensions
{
    /// <summary>The in-process bus.</summary>
    /// <param name="services">The services.</param>
    public static IServiceCollection AddVigilBus(this IServiceCollection services)
    {
        services.AddSingleton<IBus, InProcessBus>();
        return services;
    }

    /// <summary>The simulator, the live view and the engine loop.</summary>
    /// <param name="services">The services.</param>
    public static IServiceCollection AddVigilEngine(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SimulatorControl>();
        services.AddSingleton<LiveMarket>();
        services.AddSingleton<ModelSelection>();
        services.AddSingleton<LiveRisk>();
        services.AddSingleton<SignalInbox>();
        services.AddHostedService<EngineHost>();
        return services;
    }
}
