using Vigil.Core.Instruments;
using Vigil.Core.Market;
using Vigil.Engine.Sources;

namespace Vigil.Engine.Simulation;

/// <summary>
/// Reads a <see cref="MarketSimulator"/> as a tick source for a span of event time, optionally activating a stress
/// scenario at an offset so a run shows calm, crisis and recovery. It does not pace: wrap it in
/// <see cref="PacedTickSource"/> for real time, or read it directly to run as fast as possible.
/// </summary>
public sealed class SimulatorTickSource : ITickSource
{
    private readonly long _endTimestampNs;
    private readonly long _scenarioTimestampNs;
    private readonly ResolvedScenario? _scenario;
    private readonly Tick[] _batch;
    private int _batchStart;
    private int _batchCount;
    private bool _scenarioStarted;

    /// <summary>Reads <paramref name="simulator"/> from its next batch for <paramref name="duration"/> of event time.</summary>
    /// <param name="simulator">The simulator; others may still activate scenarios or change its speed meanwhile.</param>
    /// <param name="duration">Event time to cover; positive. The source ends before the first batch at or past it.</param>
    /// <param name="scenario">A scenario to activate during the run, or <see langword="null"/>.</param>
    /// <param name="scenarioStart">Event time from the start of the run to the scenario's activation; in [0, duration).</param>
    /// <exception cref="ArgumentException">The scenario is invalid for the simulator.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A duration is out of range.</exception>
    public SimulatorTickSource(
        MarketSimulator simulator,
        TimeSpan duration,
        StressScenario? scenario = null,
        TimeSpan scenarioStart = default)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        if (duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "The duration must be positive.");
        }

        if (scenario is not null && (scenarioStart < TimeSpan.Zero || scenarioStart >= duration))
        {
            throw new ArgumentOutOfRangeException(
                nameof(scenarioStart), scenarioStart, "The scenario must start within the run: in [0, duration).");
        }

        Simulator = simulator;
        var startNs = simulator.TimestampNs;
        _endTimestampNs = startNs + (duration.Ticks * 100L);
        _scenarioTimestampNs = startNs + (scenarioStart.Ticks * 100L);
        _scenario = scenario is null ? null : simulator.Resolve(scenario);
        _batch = new Tick[simulator.InstrumentCount];
    }

    /// <summary>The simulator being read.</summary>
    public MarketSimulator Simulator { get; }

    /// <summary>The event time the run ends at (exclusive), in nanoseconds since the Unix epoch.</summary>
    public long EndTimestampNs => _endTimestampNs;

    /// <inheritdoc />
    public InstrumentRegistry Registry => Simulator.Registry;

    /// <inheritdoc />
    /// <remarks>Completes synchronously; fills the buffer with whole and partial batches in event-time order.</remarks>
    public ValueTask<int> ReadAsync(Memory<Tick> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            throw new ArgumentException("The buffer must hold at least one tick.", nameof(buffer));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var span = buffer.Span;
        var written = 0;
        while (written < span.Length)
        {
            if (_batchStart == _batchCount)
            {
                var next = Simulator.TimestampNs;
                if (next >= _endTimestampNs)
                {
                    break;
                }

                if (_scenario is not null && !_scenarioStarted && next >= _scenarioTimestampNs)
                {
                    _scenarioStarted = true;
                    Simulator.ActivateResolved(_scenario);
                }

                _batchCount = Simulator.NextBatch(_batch);
                _batchStart = 0;
            }

            var take = Math.Min(_batchCount - _batchStart, span.Length - written);
            _batch.AsSpan(_batchStart, take).CopyTo(span[written..]);
            _batchStart += take;
            written += take;
        }

        return new ValueTask<int>(written);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
