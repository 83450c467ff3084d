using System.Globalization;

namespace Vigil.Engine.Replay;

/// <summary>Parses decimal numbers held as UTF-8 bytes, with a fast exact path for the plain decimals data files hold.</summary>
internal static class NumberParser
{
    private const int MaxFastDigits = 15;

    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];

    /// <summary>
    /// Parses <paramref name="text"/> as a double the way <see cref="double.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider, out double)"/>
    /// does with <see cref="NumberStyles.Float"/> and the invariant culture (so <c>NaN</c> and <c>Infinity</c> parse).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out double value)
    {
        // Clinger's fast path: at most 15 significant digits and 15 decimals make the mantissa and the power of ten
        // exact doubles, and one correctly rounded division gives the correctly rounded result.
        var i = 0;
        var negative = false;
        if (!text.IsEmpty && (text[0] == (byte)'-' || text[0] == (byte)'+'))
        {
            negative = text[0] == (byte)'-';
            i = 1;
        }

        ulong mantissa = 0;
        var digits = 0;
        var decimals = 0;
        var seenPoint = false;
        for (; i < text.Length; i++)
        {
            var digit = (uint)(text[i] - '0');
            if (digit <= 9)
            {
                mantissa = (mantissa * 10) + digit;
                digits++;
                decimals += seenPoint ? 1 : 0;
            }
            else if (text[i] == (byte)'.' && !seenPoint)
            {
                seenPoint = true;
            }
            else
            {
                return ParseSlow(text, out value);
            }
        }

        if (digits == 0 || digits > MaxFastDigits)
        {
            return ParseSlow(text, out value);
        }

        value = decimals == 0 ? mantissa : mantissa / PowersOfTen[decimals];
        if (negative)
        {
            value = -value;
        }

        return true;
    }

    private static bool ParseSlow(ReadOnlySpan<byte> text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
