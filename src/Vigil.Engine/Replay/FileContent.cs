using System.Buffers;

namespace Vigil.Engine.Replay;

/// <summary>
/// Reads a whole (decompressed) file into one pooled array when it is small enough, so a replay that scans the
/// file at open and then parses it decompresses it once and parses lines in place, without copying them.
/// </summary>
internal static class FileContent
{
    private const int DefaultCapacity = 1 << 20;

    /// <summary>
    /// Reads <paramref name="stream"/> to its end into an array rented from <see cref="ArrayPool{T}.Shared"/>, and
    /// disposes it. When the content is longer than <paramref name="maxBytes"/>, nothing is kept: the result is a
    /// stream that gives what was read so far followed by the rest of <paramref name="stream"/>.
    /// </summary>
    /// <param name="stream">The decompressed bytes; owned from now on.</param>
    /// <param name="lengthHint">The expected length in bytes, or 0 when unknown; a good hint avoids growing the array.</param>
    /// <param name="maxBytes">The most bytes kept in memory; at most <see cref="Array.MaxLength"/> − 1.</param>
    /// <param name="content">The rented array, valid up to <paramref name="length"/>; null when the content was too long.</param>
    /// <param name="length">The content's length in bytes.</param>
    /// <returns>Null when the content was read whole; otherwise a stream over all of it, from the start.</returns>
    public static Stream? ReadAll(Stream stream, long lengthHint, int maxBytes, out byte[]? content, out int length)
    {
        var capacity = lengthHint > 0 ? Math.Min(lengthHint + 1, (long)maxBytes + 1) : Math.Min(DefaultCapacity, (long)maxBytes + 1);
        var buffer = ArrayPool<byte>.Shared.Rent((int)capacity);
        var used = 0;
        Span<byte> one = stackalloc byte[1];
        try
        {
            while (true)
            {
                if (used > maxBytes)
                {
                    content = null;
                    length = 0;
                    var whole = new PrefixedStream(buffer, used, stream);
                    buffer = null;
                    return whole;
                }

                if (used == buffer.Length)
                {
                    // Full: one more byte tells the end from a longer file without growing the array.
                    if (stream.Read(one) == 0)
                    {
                        break;
                    }

                    var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, (long)maxBytes + 1));
                    buffer.AsSpan(0, used).CopyTo(grown);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = grown;
                    buffer[used++] = one[0];
                    continue;
                }

                var read = stream.Read(buffer, used, buffer.Length - used);
                if (read == 0)
                {
                    break;
                }

                used += read;
            }

            stream.Dispose();
            content = buffer;
            length = used;
            buffer = null;
            return null;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
        finally
        {
            // Set only when an exception leaves: the other ways out hand the array on.
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>
    /// The decompressed length a gzip stream announces in its trailer (ISIZE, modulo 2^32, of the last member), or
    /// the length of a plain stream; 0 when the stream cannot seek. The position is put back at the start.
    /// </summary>
    public static long LengthHint(Stream raw, bool gzip)
    {
        if (!raw.CanSeek)
        {
            return 0;
        }

        var length = raw.Length;
        if (!gzip)
        {
            return length;
        }

        if (length < 18)
        {
            return 0;
        }

        Span<byte> trailer = stackalloc byte[4];
        raw.Seek(-4, SeekOrigin.End);
        var read = raw.ReadAtLeast(trailer, 4, throwOnEndOfStream: false);
        raw.Seek(0, SeekOrigin.Begin);
        return read == 4 ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer) : 0;
    }

    /// <summary>A rented prefix, then the rest of a stream; returns the prefix to the pool when disposed.</summary>
    private sealed class PrefixedStream : Stream
    {
        private readonly Stream _rest;
        private readonly int _prefixLength;
        private byte[]? _prefix;
        private int _position;

        public PrefixedStream(byte[] prefix, int prefixLength, Stream rest)
        {
            _prefix = prefix;
            _prefixLength = prefixLength;
            _rest = rest;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position < _prefixLength && !buffer.IsEmpty)
            {
                var n = Math.Min(buffer.Length, _prefixLength - _position);
                _prefix.AsSpan(_position, n).CopyTo(buffer);
                _position += n;
                return n;
            }

            return _rest.Read(buffer);
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            _position < _prefixLength ? new ValueTask<int>(Read(buffer.Span)) : _rest.ReadAsync(buffer, cancellationToken);

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
                _rest.Dispose();
                if (_prefix is not null)
                {
                    ArrayPool<byte>.Shared.Return(_prefix);
                    _prefix = null;
                }
            }

            base.Dispose(disposing);
        }
    }
}
