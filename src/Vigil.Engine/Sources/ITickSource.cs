using Vigil.Core.Instruments;
using Vigil.Core.Market;

namespace Vigil.Engine.Sources;

/// <summary>
/// Where ticks come from: the simulator, a replay file, a live feed. A source is read in batches in event-time
/// order; ticks that share a timestamp belong together (one market snapshot).
/// </summary>
public interface ITickSource : IAsyncDisposable
{
    /// <summary>The instruments this source produces ticks for. Complete before the first read.</summary>
    InstrumentRegistry Registry { get; }

    /// <summary>
    /// Reads the next ticks into <paramref name="buffer"/>, in non-decreasing event time. May wait (for pacing or
    /// for a live feed).
    /// </summary>
    /// <param name="buffer">Where to write; at least one element long.</param>
    /// <param name="cancellationToken">Stops a wait.</param>
    /// <returns>The number of ticks written; 0 once the source is exhausted.</returns>
    ValueTask<int> ReadAsync(Memory<Tick> buffer, CancellationToken cancellationToken = default);
}
