using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Vigil.Server.Api;

/// <summary>
/// A 200 whose body is JSON already serialized (a snapshot shared by every request until the next market step), so
/// a hot endpoint writes bytes instead of serializing per request. Declares <typeparamref name="T"/> as its
/// response type for OpenAPI.
/// </summary>
/// <typeparam name="T">The type the bytes are a serialization of.</typeparam>
public sealed class Utf8JsonResult<T> : IResult, IStatusCodeHttpResult, IContentTypeHttpResult, IEndpointMetadataProvider
{
    private const string JsonContentType = "application/json; charset=utf-8";
    private readonly ReadOnlyMemory<byte> _utf8Json;

    /// <summary>Wraps serialized JSON.</summary>
    /// <param name="utf8Json">The body, UTF-8 JSON of a <typeparamref name="T"/>.</param>
    public Utf8JsonResult(ReadOnlyMemory<byte> utf8Json) => _utf8Json = utf8Json;

    /// <inheritdoc />
    public int? StatusCode => StatusCodes.Status200OK;

    /// <inheritdoc />
    public string ContentType => JsonContentType;

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = JsonContentType;
        response.ContentLength = _utf8Json.Length;
        var write = response.BodyWriter.WriteAsync(_utf8Json, httpContext.RequestAborted);
        return write.IsCompletedSuccessfully ? Task.CompletedTask : write.AsTask();
    }

    /// <inheritdoc />
#pragma warning disable CA1000 // IEndpointMetadataProvider's member is static by design.
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
    }
#pragma warning restore CA1000
}
