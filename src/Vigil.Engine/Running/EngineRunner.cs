using System.Diagnostics;
using Vigil.Core.Market;
using Vigil.Engine.Pipeline;
using Vigil.Engine.Sources;

namespace Vigil.Engine.Running;

/// <summary>How far a run has got.</summary>
/// <param name="Ticks">Ticks read from the source so far.</param>
/// <param name="Steps">Market steps closed so far.</param>
/// <param name="EventTimeNs">The event time of the latest tick.</param>
public readonly record struct RunProgress(long Ticks, long Steps, long EventTimeNs);

/// <summary>What a finished run processed.</summary>
/// <param name="Ticks">Ticks read from the source.</param>
/// <param name="Steps">Market steps closed.</param>
/// <param name="FirstEventNs">The event time of the first tick (0 when none).</param>
/// <param name="LastEventNs">The event time of the last tick (0 when none).</param>
/// <param name="Elapsed">Wall-clock time the run took.</param>
/// <param name="Cancelled">Whether the run stopped early because it was cancelled.</param>
public sealed record RunResult(long Ticks, long Steps, long FirstEventNs, long LastEventNs, TimeSpan Elapsed, bool Cancelled);

/// <summary>Feeds a tick source through an engine: the one loop every host (CLI, service, tests) runs.</summary>
public static class EngineRunner
{
    /// <summary>The default number of ticks read per batch.</summary>
    public const int DefaultBufferLength = 4096;

    /// <summary>
    /// Reads <paramref name="source"/> to its end (or until cancelled) and processes every tick, closing the last
    /// market step at the end.
    /// </summary>
    /// <param name="source">The ticks.</param>
    /// <param name="engine">The engine.</param>
    /// <param name="progress">Told after every batch; may be null.</param>
    /// <param name="bufferLength">Ticks read per batch; positive.</param>
    /// <param name="cancellationToken">Stops the run between batches.</param>
    public static Task<RunResult> RunAsync(
        ITickSource source,
        DetectionEngine engine,
        IProgress<RunProgress>? progress = null,
        int bufferLength = DefaultBufferLength,
        CancellationToken cancellationToken = default) =>
        RunAsync(source, engine, indicators: null, progress, bufferLength, cancellationToken);

    /// <summary>
    /// Reads <paramref name="source"/> to its end (or until cancelled), sending each row to its instrument or, through
    /// <paramref name="indicators"/>, to its indicator series, closing the last market step at the end.
    /// </summary>
    /// <param name="source">The ticks, with the replay registry's ids.</param>
    /// <param name="engine">The engine, built over the router's instruments.</param>
    /// <param name="indicators">Routes the rows of indicator series to the engine's indicator book, attached already; null feeds every tick to an instrument.</param>
    /// <param name="progress">Told after every batch; may be null.</param>
    /// <param name="bufferLength">Ticks read per batch; positive.</param>
    /// <param name="cancellationToken">Stops the run between batches.</param>
    public static async Task<RunResult> RunAsync(
        ITickSource source,
        DetectionEngine engine,
        Replay.IndicatorRouter? indicators,
        IProgress<RunProgress>? progress = null,
        int bufferLength = DefaultBufferLength,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferLength);
        var buffer = new Tick[bufferLength];
        var started = Stopwatch.GetTimestamp();
        long ticks = 0, first = 0, last = 0;
        var cancelled = false;
        try
        {
            while (true)
            {
                var n = await source.ReadAsync(buffer, cancellationToken);
                if (n == 0)
                {
                    break;
                }

                if (ticks == 0)
                {
                    first = buffer[0].TimestampNs;
                }

                if (indicators is null)
                {
                    engine.Process(buffer.AsSpan(0, n));
                }
                else
                {
                    indicators.Process(engine, buffer.AsSpan(0, n));
                }
                ticks += n;
                last = buffer[n - 1].TimestampNs;
                progress?.Report(new RunProgress(ticks, engine.Counters.Steps, last));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancelled = true;
        }

        engine.Flush();
        return new RunResult(ticks, engine.Counters.Steps, first, last, Stopwatch.GetElapsedTime(started), cancelled);
    }
}
