using Microsoft.Extensions.Options;
using Vigil.Server.Options;
using Vigil.Storage;
using Vigil.Storage.Sqlite;
using Vigil.Storage.Writing;

namespace Vigil.Server.Store;

/// <summary>
/// The store area: <see cref="IStore"/> (SQLite at <c>Vigil:Store:Path</c>, migrated at start-up) and the
/// <see cref="StoreWriter"/> that takes market steps and warning events off the bus and writes them in batches.
/// </summary>
public static class StoreExtensions
{
    /// <summary>Registers <see cref="IStore"/>, <see cref="StoreWriter"/> and the hosted service that runs them.</summary>
    /// <param name="services">The services.</param>
    public static IServiceCollection AddVigilStore(this IServiceCollection services)
    {
        services.AddSingleton<IStore>(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<VigilOptions>>().Value.Store;
            return new SqliteStore(new SqliteStoreOptions { Path = Path.GetFullPath(settings.Path) });
        });
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<VigilOptions>>().Value.Store;
            var options = new StoreWriterOptions
            {
                SpoolDirectory = Path.GetFullPath(settings.SpoolDirectory),
                BatchSize = settings.BatchSize,
                FlushInterval = TimeSpan.FromMilliseconds(settings.FlushIntervalMs),
                FactRetentionHours = settings.FactRetentionHours,
            };
            return new StoreWriter(sp.GetRequiredService<IStore>(), options, ActivatorUtilities.CreateInstance<StoreWriterLog>(sp));
        });
        services.AddHostedService<StoreHost>();
        return services;
    }
}
