using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Vigil.Server.Api;

/// <summary>
/// Turns the framework's own request-binding failures (a query value that is not an integer, a missing parameter, a
/// body that is not JSON or not the right JSON, a wrong content type) into problem details naming the field and the
/// reason, instead of a bare status code. Minimal APIs throw these because <c>ThrowOnBadRequest</c> is on.
/// </summary>
internal sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        httpContext.Response.StatusCode = bad.StatusCode;
        ProblemDetails details;
        if (bad.StatusCode == StatusCodes.Status400BadRequest)
        {
            var (field, reason) = Describe(bad);
            details = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [reason] })
            {
                Title = "The request is invalid.",
                Detail = $"{field}: {reason}",
            };
        }
        else
        {
            details = new ProblemDetails { Detail = bad.Message };
        }

        details.Status = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = bad });
    }

    /// <summary>The field a binding failure is about and a reason a client can act on.</summary>
    internal static (string Field, string Reason) Describe(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            return DescribeJson(json);
        }

        var message = bad.Message;
        if (NotProvided().Match(message) is { Success: true } missing)
        {
            return missing.Groups["source"].Value == "body"
                ? ("body", "a JSON body is required")
                : (missing.Groups["name"].Value, "is required");
        }

        if (BindFailed().Match(message) is { Success: true } failed)
        {
            var type = failed.Groups["type"].Value.TrimEnd('?');
            var expected = type switch
            {
                "int" or "long" or "Int32" or "Int64" => "an integer",
                "double" or "Double" => "a number",
                "bool" or "Boolean" => "true or false",
                _ => "a valid " + type,
            };
            return (failed.Groups["name"].Value, $"must be {expected} (was '{ApiParse.Shorten(failed.Groups["value"].Value)}')");
        }

        return ("request", message);
    }

    private static (string Field, string Reason) DescribeJson(JsonException json)
    {
        var field = FieldOf(json.Path);
        var message = json.Message;
        if (UnmappedMember().Match(message) is { Success: true } unmapped)
        {
            var name = unmapped.Groups["name"].Value;
            return (field == "body" ? name : $"{field}.{name}", "is not a known field");
        }

        if (NotConvertible().Match(message) is { Success: true } convert)
        {
            var type = convert.Groups["type"].Value;
            var expected = type.Contains("Double", StringComparison.Ordinal) ? "a number"
                : type.Contains("Int", StringComparison.Ordinal) ? "an integer"
                : type.Contains("String", StringComparison.Ordinal) ? "a string"
                : type.Contains("Boolean", StringComparison.Ordinal) ? "true or false"
                : type.Contains("Dictionary", StringComparison.Ordinal) ? "an object"
                : "a JSON object";
            return (field, $"must be {expected}");
        }

        // A syntax error: the reader's message without the location suffix, which the line and byte replace.
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var reason = cut > 0 ? message[..cut] : message;
        var where = json.LineNumber is { } line ? $" (line {line + 1}, byte {json.BytePositionInLine + 1})" : string.Empty;
        return ("body", $"is not valid JSON: {reason.TrimEnd('.')}{where}");
    }

    /// <summary>A JSON path (<c>$.segment_moves.equity</c>, <c>$['a b']</c>) as a field name (<c>segment_moves.equity</c>); the root is <c>body</c>.</summary>
    private static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }

        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return field.Length == 0 ? "body" : field;
    }

    [GeneratedRegex("""^Required parameter "(?<type>[^"]+?) (?<name>[^" ]+)" was not provided from (?<source>[a-z ]+)""")]
    private static partial Regex NotProvided();

    [GeneratedRegex("""^Failed to bind parameter "(?<type>[^"]+?) (?<name>[^" ]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex BindFailed();

    [GeneratedRegex("""The JSON property '(?<name>[^']*)' could not be mapped""")]
    private static partial Regex UnmappedMember();

    [GeneratedRegex("""could not be converted to (?<type>[^ ]+?)\.( Path|$)""")]
    private static partial Regex NotConvertible();
}
