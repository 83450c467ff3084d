namespace Vigil.Server.Store;

/// <summary>The store area.</summary>
public static class StoreExtensions
{
    /// <summary>Registers the area's services.</summary>
    /// <param name="services">The services.</param>
    public static IServiceCollection AddVigilStore(this IServiceCollection services) => services;
}
