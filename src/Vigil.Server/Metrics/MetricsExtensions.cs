using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Diagnostics.Metrics;
using Vigil.Server.Metrics.Prometheus;

namespace Vigil.Server.Metrics;

/// <summary>The metrics area: the <c>Vigil</c> meter and the Prometheus endpoint.</summary>
public static partial class MetricsExtensions
{
    /// <summary>The path Prometheus scrapes.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>The ASP.NET Core meters exported, from this host's meter factory only.</summary>
    private static readonly HashSet<string> HostMeters = new(StringComparer.Ordinal)
    {
        VigilMetrics.MeterName,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
    };

    /// <summary>
    /// The process-wide <c>System.Runtime</c> instruments worth a dashboard: GC and heap, the thread pool, memory,
    /// CPU, lock contention and exceptions (JIT and assembly counts are left out).
    /// </summary>
    private static readonly HashSet<string> RuntimeInstruments = new(StringComparer.Ordinal)
    {
        "dotnet.gc.collections",
        "dotnet.gc.heap.total_allocated",
        "dotnet.gc.last_collection.heap.size",
        "dotnet.gc.last_collection.heap.fragmentation.size",
        "dotnet.gc.last_collection.memory.committed_size",
        "dotnet.gc.pause.time",
        "dotnet.thread_pool.thread.count",
        "dotnet.thread_pool.queue.length",
        "dotnet.thread_pool.work_item.count",
        "dotnet.monitor.lock_contentions",
        "dotnet.exceptions",
        "dotnet.process.memory.working_set",
        "dotnet.process.cpu.time",
    };

    /// <summary>Registers <see cref="VigilMetrics"/> and the Prometheus exporter.</summary>
    /// <param name="services">The services.</param>
    public static IServiceCollection AddVigilMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<VigilMetrics>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ServiceGauges>();
        services.AddSingleton(sp =>
        {
            var factory = sp.GetRequiredService<IMeterFactory>();
            return new PrometheusExporter(instrument => IsExported(instrument, factory), IsMisdeclaredGauge);
        });

        // A hosted service only so the exporter is created (and listening) when the host resolves its hosted
        // services, before any of them starts: the engine's first ticks are counted.
        services.AddHostedService<PrometheusExporterStarter>();
        return services;
    }

    /// <summary>Maps <c>/metrics</c>: the Prometheus text exposition format 0.0.4.</summary>
    /// <param name="app">The application.</param>
    public static WebApplication MapVigilMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(MetricsPath, WriteMetricsAsync).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// Whether an instrument is exported: the listed meters only from this host's own meter factory (other hosts in
    /// the same process, as in tests, have their own), and the selected process-wide runtime instruments.
    /// </summary>
    /// <param name="instrument">A published instrument.</param>
    /// <param name="factory">This host's meter factory.</param>
    internal static bool IsExported(Instrument instrument, IMeterFactory factory)
    {
        var meter = instrument.Meter;
        if (HostMeters.Contains(meter.Name))
        {
            return ReferenceEquals(meter.Scope, factory);
        }

        return meter.Name == "System.Runtime" && RuntimeInstruments.Contains(instrument.Name);
    }

    /// <summary>
    /// Runtime instruments declared as observable counters that are levels, not totals: a thread count and a queue
    /// length go down, and as counters Prometheus's <c>rate()</c> would read every decrease as a reset.
    /// </summary>
    /// <param name="instrument">A published instrument.</param>
    internal static bool IsMisdeclaredGauge(Instrument instrument) =>
        instrument.Meter.Name == "System.Runtime" && instrument.Name is "dotnet.thread_pool.thread.count" or "dotnet.thread_pool.queue.length";

    private static async Task WriteMetricsAsync(HttpContext context, PrometheusExporter exporter, ILoggerFactory loggers)
    {
        var text = exporter.Collect();
        if (exporter.LastCollectionError is { } error)
        {
            LogCollectionFailed(loggers.CreateLogger(typeof(MetricsExtensions).FullName!), error);
        }

        context.Response.ContentType = PrometheusExporter.ContentType;
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(text, context.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An observable instrument failed while /metrics was collected; its series are missing from this scrape")]
    private static partial void LogCollectionFailed(ILogger logger, Exception exception);

    /// <summary>Creates the exporter at host start (see <see cref="AddVigilMetrics"/>).</summary>
    private sealed class PrometheusExporterStarter(PrometheusExporter exporter, VigilMetrics metrics, ServiceGauges gauges) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(exporter);
            GC.KeepAlive(gauges);
            metrics.InitializeSeries();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
