using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Vigil.Engine.Replay;

/// <summary>
/// Finds the symbols of a long file's rows in one pass over its bytes: commas and line breaks are located a vector
/// at a time, so a row costs a few bit operations rather than a split into fields. A row yields its symbol exactly
/// when <see cref="FieldSplitter"/> would split it (the right number of fields) and it is not blank; the symbol is
/// the field as <see cref="FieldSplitter.Field"/> gives it.
/// </summary>
internal static class SymbolScan
{
    /// <summary>Calls <paramref name="onUnknown"/>, in file order, for each row's symbol that <paramref name="symbols"/> does not hold at that moment.</summary>
    /// <param name="content">Whole lines: from the start of a line to the end of the file.</param>
    /// <param name="fieldCount">The number of fields a row must have; at least 1.</param>
    /// <param name="symbolColumn">The symbol's field, in [0, <paramref name="fieldCount"/>).</param>
    /// <param name="symbols">The spellings known so far; <paramref name="onUnknown"/> usually adds to it.</param>
    /// <param name="onUnknown">Receives a symbol (possibly empty) that is not held.</param>
    public static void ForEachUnknown(
        ReadOnlySpan<byte> content, int fieldCount, int symbolColumn, SymbolTable symbols, SymbolHandler onUnknown)
    {
        var state = new State(fieldCount - 1, symbolColumn);
        ref var start = ref MemoryMarshal.GetReference(content);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var commas = Vector256.Create((byte)',');
            var newlines = Vector256.Create((byte)'\n');
            for (; i + Vector256<byte>.Count <= content.Length; i += Vector256<byte>.Count)
            {
                var block = Vector256.LoadUnsafe(ref start, (nuint)i);
                var lineBits = Vector256.Equals(block, newlines).ExtractMostSignificantBits();
                var bits = Vector256.Equals(block, commas).ExtractMostSignificantBits() | lineBits;
                Visit(ref state, content, i, bits, lineBits, symbols, onUnknown);
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            var commas = Vector128.Create((byte)',');
            var newlines = Vector128.Create((byte)'\n');
            for (; i + Vector128<byte>.Count <= content.Length; i += Vector128<byte>.Count)
            {
                var block = Vector128.LoadUnsafe(ref start, (nuint)i);
                var lineBits = Vector128.Equals(block, newlines).ExtractMostSignificantBits();
                var bits = Vector128.Equals(block, commas).ExtractMostSignificantBits() | lineBits;
                Visit(ref state, content, i, bits, lineBits, symbols, onUnknown);
            }
        }

        for (; i < content.Length; i++)
        {
            var b = content[i];
            if (b == (byte)',')
            {
                state.Comma(i);
            }
            else if (b == (byte)'\n')
            {
                state.EndLine(content, i, symbols, onUnknown);
            }
        }

        if (state.LineStart < content.Length)
        {
            // The last line has no line break.
            state.EndLine(content, content.Length, symbols, onUnknown);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Visit(
        ref State state, ReadOnlySpan<byte> content, int offset, uint bits, uint lineBits, SymbolTable symbols, SymbolHandler onUnknown)
    {
        while (bits != 0)
        {
            var bit = BitOperations.TrailingZeroCount(bits);
            if ((lineBits & (1u << bit)) != 0)
            {
                state.EndLine(content, offset + bit, symbols, onUnknown);
            }
            else
            {
                state.Comma(offset + bit);
            }

            bits &= bits - 1;
        }
    }

    /// <summary>Receives a symbol that the table does not hold.</summary>
    public delegate void SymbolHandler(ReadOnlySpan<byte> symbol);

    /// <summary>Where the current line and its symbol field start and end.</summary>
    private struct State(int commasPerRow, int symbolColumn)
    {
        private readonly int _commasPerRow = commasPerRow;
        private readonly int _symbolColumn = symbolColumn;
        private int _commas;
        private int _symbolStart;
        private int _symbolEnd = -1;

        public int LineStart;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Comma(int position)
        {
            var commas = ++_commas;
            if (commas == _symbolColumn)
            {
                _symbolStart = position + 1;
            }
            else if (commas == _symbolColumn + 1)
            {
                _symbolEnd = position;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void EndLine(ReadOnlySpan<byte> content, int position, SymbolTable symbols, SymbolHandler onUnknown)
        {
            if (_commas == _commasPerRow)
            {
                // As LineSource hands lines out: without the line break and a carriage return before it.
                var lineEnd = position > LineStart && content[position - 1] == (byte)'\r' ? position - 1 : position;
                if (lineEnd > LineStart)
                {
                    var symbolStart = _symbolColumn == 0 ? LineStart : _symbolStart;
                    var symbolEnd = _symbolEnd >= 0 ? _symbolEnd : lineEnd;
                    var symbol = FieldSplitter.Clean(content[symbolStart..symbolEnd]);
                    if (symbols.Find(symbol) < 0)
                    {
                        onUnknown(symbol);
                    }
                }
            }

            LineStart = position + 1;
            _commas = 0;
            _symbolEnd = -1;
        }
    }
}
