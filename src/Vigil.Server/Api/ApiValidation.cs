using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Vigil.Server.Api;

/// <summary>
/// Collects every problem with a request before answering, so a client learns all of them from one 400: each
/// field (by its name in the request: a query parameter, a path value or a JSON property) with its reasons.
/// </summary>
internal sealed class ApiErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    /// <summary>Whether any problem was found.</summary>
    public bool Any => _errors.Count > 0;

    /// <summary>Records a problem with <paramref name="field"/>.</summary>
    public void Add(string field, string reason)
    {
        if (!_errors.TryGetValue(field, out var reasons))
        {
            reasons = [];
            _errors[field] = reasons;
        }

        reasons.Add(reason);
    }

    /// <summary>The errors as a 400 with problem details (<c>errors: {field: [reason]}</c>), the reasons also joined into <c>detail</c>.</summary>
    public ValidationProblem ToProblem()
    {
        var errors = _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
        var detail = string.Join("; ", errors.SelectMany(e => e.Value.Select(r => $"{e.Key}: {r}")));
        return TypedResults.ValidationProblem(errors, detail: detail, title: "The request is invalid.");
    }

    /// <summary>A 400 for one field.</summary>
    public static ValidationProblem Single(string field, string reason)
    {
        var errors = new ApiErrors();
        errors.Add(field, reason);
        return errors.ToProblem();
    }
}

/// <summary>Parsing and checking of query parameters and path values.</summary>
internal static class ApiParse
{
    /// <summary>The longest symbol, preset id or warning id accepted in a path or a query.</summary>
    public const int MaxIdLength = 128;

    // Unix milliseconds in this range convert to nanoseconds without overflowing a long (years 1678 to 2261).
    private const long MaxUnixMilliseconds = long.MaxValue / 1_000_000;

    /// <summary>
    /// Reads a time given as ISO-8601 (<c>2024-03-01T12:00:00Z</c>; no offset means UTC) or as Unix milliseconds
    /// (<c>1709294400000</c>), recording a problem with <paramref name="field"/> when it is neither.
    /// </summary>
    /// <returns>Nanoseconds since the Unix epoch, or null when absent or invalid.</returns>
    public static long? Time(string? text, string field, ApiErrors errors)
    {
        if (text is null)
        {
            return null;
        }

        var value = text.Trim();
        if (value.Length == 0)
        {
            errors.Add(field, "must be an ISO-8601 time or Unix milliseconds, not empty");
            return null;
        }

        if (IsInteger(value))
        {
            if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms)
                && ms is >= -MaxUnixMilliseconds and <= MaxUnixMilliseconds)
            {
                return ms * 1_000_000;
            }

            errors.Add(field, $"'{Shorten(value)}' is out of range for Unix milliseconds (years 1678 to 2261)");
            return null;
        }

        // An unescaped '+' in a query string arrives as a space: "12:00:00 01:00" means "12:00:00+01:00".
        if (TryParseIso(value, out var time) || (value.Contains(' ', StringComparison.Ordinal) && TryParseIso(value.Replace(' ', '+'), out time)))
        {
            var ticks = time.UtcTicks - DateTime.UnixEpoch.Ticks;
            if (ticks is >= -MaxUnixMilliseconds * 10_000 and <= MaxUnixMilliseconds * 10_000)
            {
                return ticks * 100;
            }

            errors.Add(field, $"'{Shorten(value)}' is out of range (years 1678 to 2261)");
            return null;
        }

        errors.Add(field, $"'{Shorten(value)}' is neither an ISO-8601 time (2024-03-01T12:00:00Z) nor Unix milliseconds");
        return null;
    }

    /// <summary>Checks that a range's end comes after its start.</summary>
    public static void Range(long? fromNs, long? toNs, ApiErrors errors)
    {
        if (fromNs is { } from && toNs is { } to && to <= from)
        {
            errors.Add("to", "must be later than from");
        }
    }

    /// <summary>Checks a page size, recording a problem when it is outside [1, <paramref name="max"/>].</summary>
    /// <returns>The limit, or <paramref name="fallback"/> when absent.</returns>
    public static int Limit(int? limit, int fallback, int max, ApiErrors errors)
    {
        if (limit is null)
        {
            return fallback;
        }

        if (limit < 1 || limit > max)
        {
            errors.Add("limit", $"must be between 1 and {max} (was {limit})");
            return fallback;
        }

        return limit.Value;
    }

    /// <summary>Checks a paging cursor's form (its meaning is the store's): printable and not too long.</summary>
    public static string? Cursor(string? cursor, ApiErrors errors)
    {
        if (cursor is null)
        {
            return null;
        }

        if (cursor.Length == 0 || cursor.Length > 1024 || !IsPrintable(cursor))
        {
            errors.Add("cursor", "must be a next_cursor value from an earlier page");
            return null;
        }

        return cursor;
    }

    /// <summary>
    /// Checks an identifier (a symbol, preset id or warning id) taken from a path or a query: 1 to
    /// <see cref="MaxIdLength"/> printable characters without spaces. Whether it names anything is a 404, not this.
    /// </summary>
    public static bool Id(string? value, string field, ApiErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(field, "is required");
            return false;
        }

        if (value.Length > MaxIdLength)
        {
            errors.Add(field, $"must be at most {MaxIdLength} characters (was {value.Length})");
            return false;
        }

        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                errors.Add(field, "must not contain spaces or control characters");
                return false;
            }
        }

        return true;
    }

    /// <summary>At most 64 characters of a value, for quoting it back in an error.</summary>
    public static string Shorten(string value) => value.Length <= 64 ? value : string.Concat(value.AsSpan(0, 61), "...");

    private static bool TryParseIso(string value, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out time);

    private static bool IsInteger(string value)
    {
        var start = value[0] is '-' or '+' ? 1 : 0;
        if (start == value.Length)
        {
            return false;
        }

        for (var i = start; i < value.Length; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPrintable(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Problem details for the API's non-validation errors.</summary>
internal static class ApiProblems
{
    /// <summary>A 404 naming what was not found.</summary>
    public static NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails> NotFound(string detail) => TypedResults.NotFound(new Microsoft.AspNetCore.Mvc.ProblemDetails
    {
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        Title = "Not found.",
        Status = StatusCodes.Status404NotFound,
        Detail = detail,
    });

    /// <summary>A 503 for a dependency (the store) that cannot answer now.</summary>
    public static ProblemHttpResult Unavailable(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Temporarily unavailable.",
        detail: detail);
}

/// <summary>How store failures reach clients: a cursor the store rejects is the client's 400; a store that cannot answer is a 503.</summary>
internal static class StoreErrors
{
    /// <summary>Whether the store rejected the page cursor (it throws <see cref="ArgumentException"/> or <see cref="FormatException"/> for one it did not issue).</summary>
    public static bool IsBadCursor(Exception e, string? cursor) => cursor is not null && e is ArgumentException or FormatException;

    /// <summary>Whether the store failed for a reason outside the request (the database is locked, missing or broken).</summary>
    public static bool IsUnavailable(Exception e) => e is System.Data.Common.DbException or IOException or TimeoutException or UnauthorizedAccessException;

    /// <summary>The 400 for a bad cursor.</summary>
    public static ValidationProblem BadCursor() => ApiErrors.Single("cursor", "is not a next_cursor this query issued; start again without a cursor");

    /// <summary>The 503 for an unavailable store.</summary>
    public static ProblemHttpResult Unavailable() => ApiProblems.Unavailable("The store cannot be read now; live endpoints still work. Retry shortly.");
}
