using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Vigil.Server.Options;

namespace Vigil.Server.Api;

/// <summary>
/// Admin-only endpoints until users and roles exist: the caller sends <c>Vigil:Admin:ApiKey</c> in the
/// <see cref="HeaderName"/> header. No key configured turns admin endpoints off (403) rather than leaving them open.
/// </summary>
internal static class AdminKey
{
    /// <summary>The header that carries the key.</summary>
    public const string HeaderName = "X-Vigil-Admin-Key";

    /// <summary>The actor recorded in audit trails for a caller with the admin key.</summary>
    public const string Actor = "admin";

    /// <summary>Lets the endpoint run only for a caller with the admin key: 401 without the header, 403 with a wrong key or none configured.</summary>
    /// <param name="builder">The endpoint.</param>
    public static RouteHandlerBuilder RequireAdminKey(this RouteHandlerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddEndpointFilter(static async (context, next) =>
            {
                var rejection = Check(context.HttpContext);
                return rejection is null ? await next(context) : rejection;
            })
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }

    /// <summary>Whether the request carries the configured admin key.</summary>
    /// <param name="http">The request.</param>
    public static bool IsAdmin(HttpContext http) => Check(http) is null;

    private static ProblemHttpResult? Check(HttpContext http)
    {
        var configured = http.RequestServices.GetRequiredService<IOptions<VigilOptions>>().Value.Admin.ApiKey.Trim();
        if (configured.Length == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Admin endpoints are off", detail: "Set Vigil:Admin:ApiKey to enable admin endpoints.");
        }

        if (!http.Request.Headers.TryGetValue(HeaderName, out var sent) || string.IsNullOrEmpty(sent.ToString()))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Admin key required", detail: $"Send the admin key in the {HeaderName} header.");
        }

        var matches = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent.ToString().Trim()), Encoding.UTF8.GetBytes(configured));
        return matches ? null : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Wrong admin key", detail: $"The {HeaderName} header does not match Vigil:Admin:ApiKey.");
    }
}
