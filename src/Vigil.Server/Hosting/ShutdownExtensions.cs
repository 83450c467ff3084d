using Microsoft.Extensions.Options;
using Vigil.Server.Live;

namespace Vigil.Server.Hosting;

/// <summary>
/// Graceful shutdown. On SIGTERM or Ctrl+C the host stops in this order:
/// <list type="number">
/// <item>ApplicationStopping fires (push connections start closing).</item>
/// <item>Every <see cref="IHostedLifecycleService.StoppingAsync"/> runs: here the engine loop stops, so nothing new is
/// published while the others drain.</item>
/// <item>Every hosted service's StopAsync runs, one at a time, in reverse registration order: push connections
/// close and the server drains its requests.</item>
/// <item>Every <see cref="IHostedLifecycleService.StoppedAsync"/> runs: the store writer takes what is left on the
/// bus and flushes it to the store (or spools it to disk).</item>
/// </list>
/// The engine must stop in step 2, not 3: it is registered before the store, so reverse order would stop the store
/// first while the engine still published into it.
/// </summary>
public static partial class ShutdownExtensions
{
    /// <summary>
    /// The least time the host gives its services to stop. The store's flush of a full batch takes well under a
    /// second and spooling to disk is faster; the rest is headroom for a slow disk.
    /// </summary>
    public static readonly TimeSpan MinimumShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Stops the engine before anything else and gives the rest time to flush.</summary>
    /// <param name="services">The services.</param>
    public static IServiceCollection AddVigilGracefulShutdown(this IServiceCollection services)
    {
        services.Configure<HostOptions>(o =>
        {
            if (o.ShutdownTimeout < MinimumShutdownTimeout)
            {
                o.ShutdownTimeout = MinimumShutdownTimeout;
            }

            // One at a time, so the order above holds.
            o.ServicesStopConcurrently = false;
        });
        services.AddHostedService<EngineFirstShutdown>();
        return services;
    }

    /// <summary>Stops the engine loop in <see cref="StoppingAsync"/>, before any hosted service's StopAsync.</summary>
    private sealed class EngineFirstShutdown(
        IServiceProvider services,
        IOptions<HostOptions> hostOptions,
        IHostApplicationLifetime lifetime,
        ILogger<EngineFirstShutdown> logger) : IHostedLifecycleService
    {
        public async Task StoppingAsync(CancellationToken cancellationToken)
        {
            LogStoppingEngine(logger, hostOptions.Value.ShutdownTimeout.TotalSeconds);

            // Resolved here, not injected: this service is itself one of the hosted services.
            foreach (var engine in services.GetServices<IHostedService>().OfType<EngineHost>())
            {
                await engine.StopAsync(cancellationToken);
            }

            LogEngineStopped(logger);
        }

        public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            // ApplicationStopped fires after every service's StoppedAsync, the store writer's final flush included.
            lifetime.ApplicationStopped.Register(static state => LogStopped((ILogger)state!), logger);
            return Task.CompletedTask;
        }

        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: stopping the engine first (shutdown timeout {ShutdownTimeoutSeconds} s)")]
    private static partial void LogStoppingEngine(ILogger logger, double shutdownTimeoutSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Engine stopped; nothing new is published. Flushing buffered writes and closing connections")]
    private static partial void LogEngineStopped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutdown complete: every service has stopped")]
    private static partial void LogStopped(ILogger logger);
}
