using Microsoft.Extensions.Options;

namespace Vigil.Server.Options;

/// <summary>Binds and validates <see cref="VigilOptions"/>.</summary>
public static class OptionsExtensions
{
    /// <summary>Binds the <c>Vigil</c> section and validates it when the host starts, failing with every problem.</summary>
    /// <param name="services">The services.</param>
    public static IServiceCollection AddVigilOptions(this IServiceCollection services)
    {
        services.AddOptions<VigilOptions>().BindConfiguration(VigilOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<VigilOptions>, VigilOptionsValidator>();
        return services;
    }
}
