using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Vigil.Server.Options;

namespace Vigil.Server.Api;

/// <summary>
/// The REST API under <c>/api/v1</c>: snake_case JSON, typed results, problem details for every error, an OpenAPI
/// document at <c>/openapi/v1.json</c> with Swagger UI at <c>/swagger</c>, a per-client rate limit and CORS.
/// </summary>
public static class ApiExtensions
{
    /// <summary>The API's path prefix.</summary>
    public const string Prefix = "/api/v1";

    /// <summary>The OpenAPI document's path.</summary>
    public const string OpenApiPath = "/openapi/v1.json";

    private const string CorsPolicy = "vigil-api";

    /// <summary>JSON options, problem details, OpenAPI, rate limiting and CORS, and the API's own services.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration (options are read through <see cref="IOptions{TOptions}"/>, so overrides added later apply).</param>
    public static IServiceCollection AddVigilApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddProblemDetails();

        // ASP.NET Core logs two lines per request at Information, which costs more than serving latest-scores;
        // requests are counted by the metrics instead. Errors and warnings are still logged.
        services.AddLogging(logging => logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning));
        services.AddExceptionHandler<BadRequestExceptionHandler>();

        // Binding failures throw, so BadRequestExceptionHandler can name the field instead of a bare 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
        });

        services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Vigil API",
                Version = "v1",
                Description = "Vigil's live market-stress engine: the market and its scores, history, warnings, simulator control and pipeline metrics. "
                    + "Errors are RFC 7807 problem details; times are ISO-8601 UTC (queries also take Unix milliseconds).",
            };
            return Task.CompletedTask;
        }));

        services.AddSingleton<LatestScoresCache>();
        services.AddSingleton<PipelineRates>();
        services.AddHostedService(sp => sp.GetRequiredService<PipelineRates>());
        services.AddSingleton<PushObserver>();
        services.AddSingleton<ApiRejections>();
        services.AddSingleton<RiskJson>();

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<VigilOptions>>((limiter, vigil) => ConfigureRateLimiting(limiter, vigil.Value.Api));
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<VigilOptions>>((cors, vigil) => cors.AddPolicy(CorsPolicy, policy =>
        {
            var origins = vigil.Value.Api.CorsOrigins.Select(o => o.TrimEnd('/')).ToArray();
            if (origins.Length > 0)
            {
                policy.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("Retry-After", "Location");
            }
        }));
        return services;
    }

    /// <summary>The middleware the API needs, in order: errors as problem details, CORS and the rate limit on <c>/api</c>, Swagger UI.</summary>
    /// <param name="app">The application.</param>
    public static WebApplication UseVigilApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(ApiRejections.CountAsync);
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        // CORS runs before the limiter so a browser can read a 429 too.
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase), branch => branch.UseCors(CorsPolicy));
        app.UseRateLimiter();
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "swagger";
            o.DocumentTitle = "Vigil API";
            o.SwaggerEndpoint(OpenApiPath, "Vigil API v1");
        });
        return app;
    }

    /// <summary>Maps every API endpoint and the OpenAPI document.</summary>
    /// <param name="app">The application.</param>
    public static WebApplication MapVigilApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup(Prefix)
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status429TooManyRequests, typeof(ProblemDetails), ["application/problem+json"]));
        api.MapMarketApi()
            .MapHistoryApi()
            .MapWarningsApi()
            .MapSimulatorApi()
            .MapPipelineApi()
            .MapConfigApi()
            .MapModelsApi()
            .MapRiskApi()
            .MapTradingApi();
        api.MapSignalsApi();
        app.MapOpenApi();

        // Push clients are counted from the meter's measurements, so the listener starts before any client connects.
        app.Services.GetRequiredService<PushObserver>();
        return app;
    }

    /// <summary>A fixed window of one second per remote address on <c>/api</c>; beyond it, 429 with <c>Retry-After</c> and problem details.</summary>
    private static void ConfigureRateLimiting(RateLimiterOptions limiter, ApiSettings settings)
    {
        var permits = settings.RequestsPerSecondPerClient;
        var window = new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromSeconds(1), QueueLimit = 0 };
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, IPAddress>(context =>
            context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
                ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress ?? UnknownClient, _ => window)

                // 0.0.0.0 is never a remote address, so it cannot collide with a client's partition.
                : RateLimitPartition.GetNoLimiter(IPAddress.Any));
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.OnRejected = async (rejected, cancellationToken) =>
        {
            var context = rejected.HttpContext;
            var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                : 1;
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many requests.",
                    Detail = $"This client made more than {permits} requests in one second; retry after {seconds} s.",
                },
            });
        };
    }

    // Requests without a remote address (in-memory test servers) share one partition.
    private static readonly IPAddress UnknownClient = IPAddress.IPv6None;
}
