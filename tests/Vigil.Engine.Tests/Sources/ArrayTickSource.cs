using Vigil.Core.Instruments;
using Vigil.Core.Market;
using Vigil.Engine.Sources;

namespace Vigil.Engine.Tests.Sources;

/// <summary>A source that hands out fixed ticks, at most <c>maxPerRead</c> per read.</summary>
internal sealed class ArrayTickSource(Tick[] ticks, int maxPerRead = int.MaxValue) : ITickSource
{
    private int _next;

    public InstrumentRegistry Registry { get; } = DefaultUniverse.CreateRegistry();

    public bool Disposed { get; private set; }

    public ValueTask<int> ReadAsync(Memory<Tick> buffer, CancellationToken cancellationToken = default)
    {
        var n = Math.Min(Math.Min(buffer.Length, maxPerRead), ticks.Length - _next);
        ticks.AsSpan(_next, n).CopyTo(buffer.Span);
        _next += n;
        return new ValueTask<int>(n);
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
