using System.Threading.Channels;
using Vigil.Core.Instruments;
using Vigil.Core.Market;

namespace Vigil.Engine.Sources;

/// <summary>
/// Reads another source ahead on a background task, so reading and parsing a file overlap with the engine's work
/// on a second core. Ticks pass through a fixed set of chunks that circulate between the reader and the consumer,
/// so steady-state reading does not allocate. Order is preserved; an error in the inner source surfaces at the
/// consumer's next read.
/// </summary>
public sealed class ReadAheadTickSource : ITickSource
{
    private readonly ITickSource _inner;
    private readonly Channel<Chunk> _filled;
    private readonly Channel<Chunk> _free;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;
    private Chunk? _current;
    private int _currentOffset;

    /// <summary>Starts reading <paramref name="inner"/> ahead.</summary>
    /// <param name="inner">The source to read; owned by this one from now on.</param>
    /// <param name="chunkLength">Ticks per chunk; positive.</param>
    /// <param name="chunkCount">Chunks in circulation (how far the reader may run ahead); at least 2.</param>
    public ReadAheadTickSource(ITickSource inner, int chunkLength = 8192, int chunkCount = 4)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkCount, 2);
        _inner = inner;
        _filled = Channel.CreateBounded<Chunk>(new BoundedChannelOptions(chunkCount) { SingleReader = true, SingleWriter = true });
        _free = Channel.CreateBounded<Chunk>(new BoundedChannelOptions(chunkCount) { SingleReader = true, SingleWriter = true });
        for (var i = 0; i < chunkCount; i++)
        {
            _free.Writer.TryWrite(new Chunk(chunkLength));
        }

        _reader = Task.Run(ReadLoopAsync);
    }

    /// <inheritdoc />
    public InstrumentRegistry Registry => _inner.Registry;

    /// <inheritdoc />
    public async ValueTask<int> ReadAsync(Memory<Tick> buffer, CancellationToken cancellationToken = default)
    {
        if (_current is null)
        {
            if (!await _filled.Reader.WaitToReadAsync(cancellationToken) || !_filled.Reader.TryRead(out var next))
            {
                await _reader; // surfaces the inner source's exception, if it failed
                return 0;
            }

            _current = next;
            _currentOffset = 0;
        }

        var n = CopyOut(buffer.Span);
        if (_currentOffset == _current.Count)
        {
            _free.Writer.TryWrite(_current);
            _current = null;
        }

        return n;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _free.Writer.TryComplete();
        try
        {
            await _reader;
        }
        catch (Exception)
        {
            // Either the consumer has already seen this error through ReadAsync, or it stopped reading before the
            // error and disposal is the end of the road: there is nobody left to tell.
        }

        _stop.Dispose();
        await _inner.DisposeAsync();
    }

    private int CopyOut(Span<Tick> destination)
    {
        var chunk = _current!;
        var n = Math.Min(destination.Length, chunk.Count - _currentOffset);
        chunk.Ticks.AsSpan(_currentOffset, n).CopyTo(destination);
        _currentOffset += n;
        return n;
    }

    private async Task ReadLoopAsync()
    {
        var token = _stop.Token;
        try
        {
            while (true)
            {
                var chunk = await _free.Reader.ReadAsync(token);
                chunk.Count = await _inner.ReadAsync(chunk.Ticks, token);
                if (chunk.Count == 0)
                {
                    return;
                }

                await _filled.Writer.WriteAsync(chunk, token);
            }
        }
        finally
        {
            _filled.Writer.TryComplete();
        }
    }

    private sealed class Chunk(int length)
    {
        public Tick[] Ticks { get; } = new Tick[length];

        public int Count { get; set; }
    }
}
