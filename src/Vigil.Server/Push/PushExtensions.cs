namespace Vigil.Server.Push;

/// <summary>The push area: WebSocket at <c>/ws/stream</c> and warnings as Server-Sent Events at <c>/api/v1/warnings/stream</c>.</summary>
public static class PushExtensions
{
    /// <summary>How often the server pings idle WebSocket connections at the protocol level.</summary>
    private static readonly TimeSpan WebSocketKeepAlive = TimeSpan.FromSeconds(30);

    /// <summary>Registers the push hub (a hosted service that reads the bus).</summary>
    /// <param name="services">The services.</param>
    public static IServiceCollection AddVigilPush(this IServiceCollection services)
    {
        services.AddSingleton<PushHub>();
        services.AddHostedService(sp => sp.GetRequiredService<PushHub>());
        return services;
    }

    /// <summary>Enables WebSockets and maps the push endpoints.</summary>
    /// <param name="app">The application.</param>
    public static WebApplication MapVigilPush(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = WebSocketKeepAlive });
        app.Map("/ws/stream", WebSocketStream.HandleAsync)
            .WithName("PushStream")
            .WithSummary("Live risk updates, prices, correlations and alerts over a WebSocket")
            .ExcludeFromDescription();
        app.MapGet("/api/v1/warnings/stream", WarningEventStream.HandleAsync)
            .WithName("WarningStream")
            .WithSummary("Warning events as Server-Sent Events, resumable with Last-Event-ID")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesValidationProblem();
        return app;
    }
}
