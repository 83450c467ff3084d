using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Vigil.Storage;

/// <summary>
/// Opaque keyset cursors: the sort key of a page's last row, tagged with what it pages over, in base64url. Callers
/// pass them back unchanged; the store never pages with OFFSET, so pages stay complete while rows are added.
/// </summary>
public static class PageCursor
{
    /// <summary>A cursor after the row with event time <paramref name="timestampNs"/> and tie-breaker <paramref name="id"/>.</summary>
    /// <param name="kind">What the cursor pages over (<c>f</c> facts, <c>s</c> steps, <c>w</c> warnings).</param>
    /// <param name="timestampNs">The last row's event time.</param>
    /// <param name="id">The last row's tie-breaker, or null.</param>
    public static string Encode(char kind, long timestampNs, string? id = null)
    {
        var text = id is null
            ? string.Create(CultureInfo.InvariantCulture, $"{kind}1:{timestampNs}")
            : string.Create(CultureInfo.InvariantCulture, $"{kind}1:{timestampNs}:{id}");
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Reads a cursor <see cref="Encode"/> made for <paramref name="kind"/>.</summary>
    /// <param name="cursor">The cursor.</param>
    /// <param name="kind">What it must page over.</param>
    /// <returns>The last row's event time and tie-breaker (null when the cursor has none).</returns>
    /// <exception cref="ArgumentException">The cursor is not one the store issued for this kind of query.</exception>
    public static (long TimestampNs, string? Id) Decode(string cursor, char kind)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            throw Invalid();
        }

        var parts = text.Split(':', 3);
        if (parts.Length < 2 || parts[0].Length != 2 || parts[0][0] != kind || parts[0][1] != '1'
            || !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var timestampNs))
        {
            throw Invalid();
        }

        return (timestampNs, parts.Length == 3 ? parts[2] : null);
    }

    private static ArgumentException Invalid() =>
        new("The cursor is not one this store issued for this query; pass a page's next_cursor unchanged.", "cursor");
}
