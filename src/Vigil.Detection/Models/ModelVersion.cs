using System.Globalization;

namespace Vigil.Detection.Models;

/// <summary>Model version numbers and their directory labels (<c>v0001</c>, <c>v0002</c>, … <c>v12345</c>).</summary>
public static class ModelVersion
{
    /// <summary>The word that selects the highest valid version of a kind.</summary>
    public const string Latest = "latest";

    /// <summary>The label of version <paramref name="version"/>: <c>v</c> and at least four digits.</summary>
    /// <param name="version">The version; positive.</param>
    /// <returns>The label, e.g. <c>v0003</c>.</returns>
    public static string Format(int version)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(version);
        return "v" + version.ToString("D4", CultureInfo.InvariantCulture);
    }

    /// <summary>Parses a version label (<c>v0003</c>, <c>v3</c> or <c>3</c>).</summary>
    /// <param name="text">The text.</param>
    /// <param name="version">The positive version number when the text is one.</param>
    /// <returns>True when <paramref name="text"/> names a version.</returns>
    public static bool TryParse(string? text, out int version)
    {
        version = 0;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var digits = text[0] is 'v' or 'V' ? text.AsSpan(1) : text.AsSpan();
        if (digits.IsEmpty || digits.Length > 9)
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        version = int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        return version > 0;
    }

    /// <summary>Whether <paramref name="text"/> is <see cref="Latest"/> (any case) or a version label.</summary>
    /// <param name="text">The text.</param>
    /// <returns>True when the registry can resolve it.</returns>
    public static bool IsSelector(string? text) =>
        string.Equals(text, Latest, StringComparison.OrdinalIgnoreCase) || TryParse(text, out _);
}
