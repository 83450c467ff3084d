using Microsoft.Extensions.Options;
using Vigil.Server.Api;
using Vigil.Server.Options;
using Vigil.Storage.Trading;

namespace Vigil.Server.Trading;

/// <summary>Registers trading runs: the store, the service that restores and persists them, the webhook.</summary>
public static class TradingExtensions
{
    /// <summary>The trading store (the service's SQLite file), <see cref="TradingService"/> and the webhook.</summary>
    /// <param name="services">The services.</param>
    public static IServiceCollection AddVigilTrading(this IServiceCollection services)
    {
        services.AddSingleton<ITradingStore>(sp => new SqliteTradingStore(Path.GetFullPath(sp.GetRequiredService<IOptions<VigilOptions>>().Value.Store.Path)));
        services.AddSingleton<TradingWebhook>();
        services.AddHostedService(sp => sp.GetRequiredService<TradingWebhook>());
        services.AddSingleton<TradingService>();
        services.AddHostedService(sp => sp.GetRequiredService<TradingService>());
        services.AddSingleton<GatewayBodies>();
        return services;
    }
}
