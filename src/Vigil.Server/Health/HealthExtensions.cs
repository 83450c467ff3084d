using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Vigil.Server.Health;

/// <summary>
/// The health area: <c>/health/live</c> (the process answers), <c>/health/ready</c> (the engine has started and
/// ticks, and the store, if any, is initialised and writable) and <c>/health</c> (every check with its numbers:
/// engine running and the age of its last tick, store writable, bus depths and drops; 503 when a check fails). Each answers JSON with an overall
/// <c>status</c> of healthy, degraded or unhealthy and the <c>reasons</c> for anything less than healthy.
/// </summary>
public static class HealthExtensions
{
    /// <summary>The tag of the checks that decide readiness.</summary>
    public const string ReadyTag = "ready";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Registers the engine, store and bus checks.</summary>
    /// <param name="services">The services.</param>
    public static IServiceCollection AddVigilHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<EngineHealthCheck>("engine", tags: [ReadyTag])
            .AddCheck<StoreHealthCheck>("store", failureStatus: HealthStatus.Unhealthy, tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<BusHealthCheck>("bus");
        return services;
    }

    /// <summary>Maps <c>/health/live</c>, <c>/health/ready</c> and <c>/health</c>.</summary>
    /// <param name="app">The application.</param>
    public static WebApplication MapVigilHealth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Liveness runs no check: a process that answers is alive, and restarting it for a stalled dependency helps nothing.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });

        // Readiness: degraded is not ready (a store that cannot be written should not take traffic that expects history).
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(ReadyTag),
            ResponseWriter = WriteAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });

        // The deep report: degraded (an engine lagging a few seconds) still answers 200 — the service works and
        // someone should look; unhealthy (engine stopped or stalled, store unwritable) answers 503.
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteAsync });
        return app;
    }

    /// <summary>
    /// Writes <c>{"status","ts","duration_ms","reasons":[…],"&lt;check&gt;":{"status","description","duration_ms",…its data}}</c>.
    /// </summary>
    private static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        // Into memory first: the serializer flushes its writer synchronously, which Kestrel refuses on the response.
        var buffer = new ArrayBufferWriter<byte>(1024);
        using var writer = new Utf8JsonWriter(buffer);
        writer.WriteStartObject();
        writer.WriteString("status", StatusName(report.Status));
        writer.WriteString("ts", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"));
        writer.WriteNumber("duration_ms", Math.Round(report.TotalDuration.TotalMilliseconds, 3));
        writer.WriteStartArray("reasons");
        foreach (var (name, entry) in report.Entries)
        {
            if (entry.Status != HealthStatus.Healthy)
            {
                writer.WriteStringValue($"{name}: {entry.Description ?? entry.Exception?.Message ?? StatusName(entry.Status)}");
            }
        }

        writer.WriteEndArray();
        foreach (var (name, entry) in report.Entries)
        {
            writer.WriteStartObject(name);
            writer.WriteString("status", StatusName(entry.Status));
            writer.WriteString("description", entry.Description);
            writer.WriteNumber("duration_ms", Math.Round(entry.Duration.TotalMilliseconds, 3));
            foreach (var (key, value) in entry.Data)
            {
                writer.WritePropertyName(key);
                JsonSerializer.Serialize(writer, value, value?.GetType() ?? typeof(object), Json);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.Flush();
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    private static string StatusName(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
