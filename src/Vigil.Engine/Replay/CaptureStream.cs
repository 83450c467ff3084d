using System.Buffers;

namespace Vigil.Engine.Replay;

/// <summary>
/// A read-only stream that keeps a copy of what is read through it, up to a cap, so a decompressed file that is read
/// twice (a scan at open, then the replay) is decompressed once when it is small enough. The copy lives in pooled
/// chunks, so keeping it costs no large-array growth and no zeroing.
/// </summary>
internal sealed class CaptureStream : Stream
{
    private const int ChunkBytes = 1 << 20;

    private readonly Stream _inner;
    private readonly long _maxBytes;
    private List<byte[]>? _chunks = [];
    private long _length;
    private bool _ended;

    public CaptureStream(Stream inner, long maxBytes)
    {
        _inner = inner;
        _maxBytes = maxBytes;
    }

    /// <summary>Whether the whole stream has been read and kept.</summary>
    public bool IsComplete => _ended && _chunks is not null;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Hands the kept bytes over to a stream that reads them (and returns them to the pool when disposed).</summary>
    public Stream TakeCaptured()
    {
        if (!IsComplete)
        {
            throw new InvalidOperationException("The stream was not captured completely.");
        }

        var captured = new ChunkStream(_chunks!, _length);
        _chunks = null;
        return captured;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = _inner.Read(buffer);
        if (read == 0)
        {
            _ended = true;
        }
        else if (_chunks is not null)
        {
            Keep(buffer[..read]);
        }

        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            Release(_chunks);
            _chunks = null;
        }

        base.Dispose(disposing);
    }

    private static void Release(List<byte[]>? chunks)
    {
        if (chunks is not null)
        {
            foreach (var chunk in chunks)
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }

            chunks.Clear();
        }
    }

    private void Keep(ReadOnlySpan<byte> bytes)
    {
        if (_length + bytes.Length > _maxBytes)
        {
            Release(_chunks);
            _chunks = null;
            return;
        }

        while (!bytes.IsEmpty)
        {
            var used = (int)(_length % ChunkBytes);
            if (used == 0)
            {
                _chunks!.Add(ArrayPool<byte>.Shared.Rent(ChunkBytes));
            }

            var n = Math.Min(bytes.Length, ChunkBytes - used);
            bytes[..n].CopyTo(_chunks![^1].AsSpan(used));
            bytes = bytes[n..];
            _length += n;
        }
    }

    /// <summary>Reads captured chunks back in order.</summary>
    private sealed class ChunkStream : Stream
    {
        private readonly List<byte[]> _chunks;
        private readonly long _length;
        private long _position;

        public ChunkStream(List<byte[]> chunks, long length)
        {
            _chunks = chunks;
            _length = length;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => _length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var total = 0;
            while (!buffer.IsEmpty && _position < _length)
            {
                var chunk = _chunks[(int)(_position / ChunkBytes)];
                var used = (int)(_position % ChunkBytes);
                var n = (int)Math.Min(Math.Min(buffer.Length, ChunkBytes - used), _length - _position);
                chunk.AsSpan(used, n).CopyTo(buffer);
                buffer = buffer[n..];
                _position += n;
                total += n;
            }

            return total;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            cancellationToken.IsCancellationRequested
                ? ValueTask.FromCanceled<int>(cancellationToken)
                : new ValueTask<int>(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Release(_chunks);
            }

            base.Dispose(disposing);
        }
    }
}
