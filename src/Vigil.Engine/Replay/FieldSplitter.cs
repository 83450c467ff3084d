using System.Runtime.CompilerServices;

namespace Vigil.Engine.Replay;

/// <summary>
/// Splits a CSV line held as UTF-8 bytes at commas into a fixed number of fields, recording offsets only. Quoted
/// fields lose their quotes; a comma inside quotes is not supported (numeric data files do not use one).
/// </summary>
internal sealed class FieldSplitter
{
    private readonly int[] _starts;
    private readonly int[] _lengths;

    public FieldSplitter(int fieldCount)
    {
        FieldCount = fieldCount;
        _starts = new int[fieldCount];
        _lengths = new int[fieldCount];
    }

    /// <summary>The number of fields every row must have.</summary>
    public int FieldCount { get; }

    /// <summary>Records the field offsets of <paramref name="line"/>; false when it has more or fewer than <see cref="FieldCount"/> fields.</summary>
    public bool Split(ReadOnlySpan<byte> line)
    {
        var count = 0;
        var position = 0;
        while (count < _starts.Length)
        {
            _starts[count] = position;
            var comma = line[position..].IndexOf((byte)',');
            if (comma < 0)
            {
                _lengths[count] = line.Length - position;
                return count + 1 == _starts.Length;
            }

            _lengths[count] = comma;
            position += comma + 1;
            count++;
        }

        return false;
    }

    /// <summary>Field <paramref name="index"/> of the line last split, without surrounding blanks or quotes.</summary>
    public ReadOnlySpan<byte> Field(ReadOnlySpan<byte> line, int index) => Clean(line.Slice(_starts[index], _lengths[index]));

    /// <summary>A raw field without surrounding blanks or quotes, as <see cref="Field"/> gives it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<byte> Clean(ReadOnlySpan<byte> field) =>
        field.IsEmpty || (field[0] > (byte)' ' && field[0] != (byte)'"' && field[^1] > (byte)' ' && field[^1] != (byte)'"')
            ? field
            : Trim(field);

    /// <summary>Whether a field holds no value: empty, <c>.</c> (FRED) or <c>null</c> (Yahoo), in any case.</summary>
    public static bool IsMissing(ReadOnlySpan<byte> field) =>
        field.IsEmpty
        || (field.Length == 1 && field[0] == (byte)'.')
        || (field.Length == 4 && System.Text.Ascii.EqualsIgnoreCase(field, "null"u8));

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> field)
    {
        field = field.Trim(" \t"u8);
        if (field.Length >= 2 && field[0] == (byte)'"' && field[^1] == (byte)'"')
        {
            field = field[1..^1].Trim(" \t"u8);
        }

        return field;
    }
}
