using System.Diagnostics.Metrics;
using Vigil.Server.Metrics;

namespace Vigil.Server.Api;

/// <summary>
/// Counts API requests answered with a client error (400 bad request, 404 unknown id, 429 rate-limited, …) on the
/// <c>Vigil</c> meter as <c>vigil.api.rejected</c>, tagged with the status code, so operators see bad input without
/// reading logs.
/// </summary>
internal sealed class ApiRejections
{
    private readonly Counter<long> _rejected;

    public ApiRejections(IMeterFactory meterFactory)
    {
        // The factory hands back the one Vigil meter, so this counter is exported with VigilMetrics' instruments.
        var meter = meterFactory.Create(VigilMetrics.MeterName);
        _rejected = meter.CreateCounter<long>("vigil.api.rejected", "{request}", "API requests rejected with a client error, by status code.");
    }

    /// <summary>Counts one rejected request.</summary>
    public void Add(int statusCode) => _rejected.Add(1, new KeyValuePair<string, object?>("status", statusCode));

    /// <summary>
    /// Middleware that counts every <c>/api</c> response with a 4xx status. It runs outside the exception handler and
    /// the rate limiter, so binding failures turned into 400s and 429s are seen with their final status.
    /// </summary>
    public static async Task CountAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        finally
        {
            var status = context.Response.StatusCode;
            if (status is >= 400 and < 500 && context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
            {
                context.RequestServices.GetRequiredService<ApiRejections>().Add(status);
            }
        }
    }
}
