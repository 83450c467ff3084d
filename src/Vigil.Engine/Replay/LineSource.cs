namespace Vigil.Engine.Replay;

/// <summary>
/// Hands out the lines of a decompressed replay file as UTF-8 byte spans (without the line break) with their 1-based
/// line numbers. Spans are valid until the next call.
/// </summary>
internal abstract class LineSource : IDisposable
{
    /// <summary>Whether every line has been handed out.</summary>
    public abstract bool IsAtEnd { get; }

    /// <summary>Takes the next line when it is already buffered; false when more data must be read first or at the end.</summary>
    public abstract bool TryReadLine(out ReadOnlySpan<byte> line, out long lineNumber);

    /// <summary>Reads more data, blocking.</summary>
    public abstract void Fill();

    /// <summary>Reads more data.</summary>
    public abstract ValueTask FillAsync(CancellationToken cancellationToken);

    /// <summary>Takes the next line, reading (blocking) as needed; false at the end.</summary>
    public bool ReadLineBlocking(out ReadOnlySpan<byte> line, out long lineNumber)
    {
        while (!TryReadLine(out line, out lineNumber))
        {
            if (IsAtEnd)
            {
                return false;
            }

            Fill();
        }

        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the underlying stream.</summary>
    protected abstract void Dispose(bool disposing);

    /// <summary>Drops a trailing carriage return, so CRLF files read like LF files.</summary>
    protected static ReadOnlySpan<byte> TrimCarriageReturn(ReadOnlySpan<byte> line) =>
        !line.IsEmpty && line[^1] == (byte)'\r' ? line[..^1] : line;
}

/// <summary>Lines read front to back from a stream through one growable buffer.</summary>
internal sealed class StreamLineSource : LineSource
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _streamEnded;
    private long _lineNumber;

    public StreamLineSource(Stream stream, int bufferBytes)
    {
        _stream = stream;
        _buffer = new byte[Math.Max(bufferBytes, 1)];
    }

    public override bool IsAtEnd => _streamEnded && _start == _end;

    public override bool TryReadLine(out ReadOnlySpan<byte> line, out long lineNumber)
    {
        var available = _buffer.AsSpan(_start, _end - _start);
        var newline = available.IndexOf((byte)'\n');
        if (newline >= 0)
        {
            line = available[..newline];
            _start += newline + 1;
        }
        else if (_streamEnded && !available.IsEmpty)
        {
            // The last line has no line break.
            line = available;
            _start = _end;
        }
        else
        {
            line = default;
            lineNumber = 0;
            return false;
        }

        lineNumber = ++_lineNumber;
        if (lineNumber == 1 && line.StartsWith(Utf8Bom))
        {
            line = line[Utf8Bom.Length..];
        }

        line = TrimCarriageReturn(line);
        return true;
    }

    public override void Fill()
    {
        if (_streamEnded)
        {
            return;
        }

        MakeRoom();
        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        Advance(read);
    }

    public override async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_streamEnded)
        {
            return;
        }

        MakeRoom();
        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        Advance(read);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stream.Dispose();
        }
    }

    /// <summary>Moves the unfinished line to the front, and doubles the buffer when that line fills it.</summary>
    private void MakeRoom()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
    }

    private void Advance(int read)
    {
        if (read == 0)
        {
            _streamEnded = true;
        }

        _end += read;
    }
}

/// <summary>
/// Lines of a whole file held in memory and handed out last to first, for files that list rows newest first.
/// Lines up to and including <c>firstLineNumber - 1</c> (the header and anything above it) are never handed out.
/// </summary>
internal sealed class ReverseLineSource : LineSource
{
    private readonly byte[] _content;
    private readonly int[] _lineStarts;
    private readonly long _firstLineNumber;
    private long _nextLineNumber;

    private ReverseLineSource(byte[] content, int[] lineStarts, long firstLineNumber)
    {
        _content = content;
        _lineStarts = lineStarts;
        _firstLineNumber = firstLineNumber;
        _nextLineNumber = lineStarts.Length - 1;
    }

    public override bool IsAtEnd => _nextLineNumber < _firstLineNumber;

    /// <summary>Reads all of <paramref name="stream"/> (and disposes it) and indexes its lines.</summary>
    public static ReverseLineSource Load(Stream stream, long firstLineNumber)
    {
        byte[] content;
        using (stream)
        using (var copy = new MemoryStream())
        {
            stream.CopyTo(copy);
            content = copy.ToArray();
        }

        // _lineStarts[n] is where line n (1-based) starts; entry 0 is unused.
        var starts = new List<int> { 0, 0 };
        var offset = 0;
        while (true)
        {
            var newline = content.AsSpan(offset).IndexOf((byte)'\n');
            if (newline < 0)
            {
                break;
            }

            offset += newline + 1;
            starts.Add(offset);
        }

        return new ReverseLineSource(content, [.. starts], firstLineNumber);
    }

    public override bool TryReadLine(out ReadOnlySpan<byte> line, out long lineNumber)
    {
        if (IsAtEnd)
        {
            line = default;
            lineNumber = 0;
            return false;
        }

        lineNumber = _nextLineNumber--;
        var start = _lineStarts[lineNumber];
        var end = lineNumber + 1 < _lineStarts.Length ? _lineStarts[lineNumber + 1] - 1 : _content.Length;
        line = TrimCarriageReturn(_content.AsSpan(start, end - start));
        return true;
    }

    public override void Fill()
    {
    }

    public override ValueTask FillAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    protected override void Dispose(bool disposing)
    {
    }
}

/// <summary>
/// Lines read front to back from a whole file held in memory, handed out in place without copying. The content may
/// be a pooled array, returned to <see cref="System.Buffers.ArrayPool{T}.Shared"/> when this source is disposed if it owns it.
/// </summary>
internal sealed class MemoryLineSource : LineSource
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private readonly int _length;
    private readonly bool _ownsContent;
    private byte[]? _content;
    private int _position;
    private long _lineNumber;

    /// <summary>Reads <paramref name="content"/> up to <paramref name="length"/> from line 1.</summary>
    public MemoryLineSource(byte[] content, int length, bool ownsContent)
    {
        _content = content;
        _length = length;
        _ownsContent = ownsContent;
    }

    public override bool IsAtEnd => _position >= _length;

    /// <summary>The lines not yet handed out, from the start of the next one.</summary>
    public ReadOnlySpan<byte> Remaining => _content.AsSpan(_position, _length - _position);

    public override bool TryReadLine(out ReadOnlySpan<byte> line, out long lineNumber)
    {
        if (_position >= _length)
        {
            line = default;
            lineNumber = 0;
            return false;
        }

        var available = _content.AsSpan(_position, _length - _position);
        var newline = available.IndexOf((byte)'\n');
        if (newline >= 0)
        {
            line = available[..newline];
            _position += newline + 1;
        }
        else
        {
            // The last line has no line break.
            line = available;
            _position = _length;
        }

        lineNumber = ++_lineNumber;
        if (lineNumber == 1 && line.StartsWith(Utf8Bom))
        {
            line = line[Utf8Bom.Length..];
        }

        line = TrimCarriageReturn(line);
        return true;
    }

    public override void Fill()
    {
    }

    public override ValueTask FillAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    protected override void Dispose(bool disposing)
    {
        if (disposing && _ownsContent && _content is not null)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(_content);
        }

        _content = null;
    }
}
