using Vigil.Core.Instruments;
using Vigil.Engine.Bus;
using Vigil.Engine.Live;
using Vigil.Engine.Pipeline;
using Vigil.Engine.Warnings;
using Vigil.Server.Metrics;

namespace Vigil.Server.Live;

/// <summary>
/// What the running engine has to say, kept for requests and handed to the bus: the latest market step, the latest
/// correlations, recent warnings and the pipeline's counters. The engine's thread writes; request threads read
/// immutable snapshots.
/// </summary>
public sealed class LiveMarket : IEngineObserver, IDisposable
{
    private const int RecentWarningCount = 500;
    private const long CorrelationIntervalNs = 1_000_000_000;

    private readonly List<MarketUpdate> _pendingUpdates = [];
    private readonly List<WarningEvent> _pendingWarnings = [];
    private readonly SemaphoreSlim _warningPublishGate = new(1, 1);
    private readonly LinkedList<PublishedWarning> _recentWarnings = [];
    private long _eventIdBase;
    private long _eventSequence;
    private readonly Lock _warningsGate = new();
    private DetectionEngine? _engine;
    private InstrumentRegistry? _registry;
    private double[] _correlationBuffer = [];
    private CorrelationUpdate? _pendingCorrelations;
    private long _lastCorrelationNs = long.MinValue;
    private MarketUpdate? _latest;
    private CorrelationUpdate? _latestCorrelations;

    /// <summary>The source name written on every update.</summary>
    public string Source { get; private set; } = "simulator";

    /// <summary>The instruments, once the engine is running; empty before.</summary>
    public IReadOnlyList<Instrument> Instruments => _registry?.All ?? [];

    /// <summary>The latest market step, or null before the first.</summary>
    public MarketUpdate? Latest => Volatile.Read(ref _latest);

    /// <summary>The latest correlation matrix, or null before the correlations are warm.</summary>
    public CorrelationUpdate? LatestCorrelations => Volatile.Read(ref _latestCorrelations);

    /// <summary>Whether the engine loop is running.</summary>
    public bool Running { get; internal set; }

    /// <summary>Ticks processed since start.</summary>
    public long Ticks => Interlocked.Read(ref _ticks);

    /// <summary>Market steps closed since start.</summary>
    public long Steps => Interlocked.Read(ref _steps);

    /// <summary>
    /// The engine's number for the first live step, or 0 before it. Engine step numbers count the warm-up steps
    /// too, so the live steps are numbered from here, not from 1.
    /// </summary>
    public long FirstLiveStep => Interlocked.Read(ref _firstLiveStep);

    /// <summary>The wall-clock time of the latest tick, or null before the first.</summary>
    public DateTimeOffset? LastTickAt { get; private set; }

    /// <summary>The engine's per-step latency, for metrics.</summary>
    public LatencyHistogram StepLatency { get; } = new();

    /// <summary>The engine's counters, once running.</summary>
    public EngineCounters? Counters => _engine?.Counters;

    /// <summary>The engine's options, once running.</summary>
    public EngineOptions? EngineOptions => _engine?.Options;

    private long _ticks;
    private long _steps;
    private long _firstLiveStep;

    /// <summary>The most recent warning events, newest last (at most a few hundred).</summary>
    public IReadOnlyList<PublishedWarning> RecentWarnings
    {
        get
        {
            lock (_warningsGate)
            {
                return [.. _recentWarnings];
            }
        }
    }

    /// <summary>The prefix of this run's warning ids: ids never repeat across restarts.</summary>
    public string RunPrefix { get; private set; } = string.Empty;

    /// <summary>Gives this run its warning-id prefix and event-id base from its start time.</summary>
    internal void StartRun(DateTimeOffset startedAt)
    {
        RunPrefix = $"R{startedAt:yyyyMMddTHHmmss}-";
        _eventIdBase = startedAt.ToUnixTimeMilliseconds() * 1_000_000;
    }

    /// <summary>Called by the engine loop before the first tick.</summary>
    internal void Attach(DetectionEngine engine, string source)
    {
        _engine = engine;
        _registry = engine.Registry;
        Source = source;
        _correlationBuffer = new double[engine.Registry.Count * engine.Registry.Count];
        engine.StepLatency = StepLatency;
    }

    /// <summary>
    /// The <see cref="System.Diagnostics.Stopwatch"/> timestamp at which the batch being processed entered the
    /// engine; stamped on the updates it produces, for tick-to-push latency.
    /// </summary>
    internal long BatchEnteredAt { get; set; }

    /// <summary>Called by the engine loop after each batch.</summary>
    /// <param name="ticks">Ticks in the batch.</param>
    /// <param name="now">The wall-clock time.</param>
    internal void RecordBatch(int ticks, DateTimeOffset now)
    {
        Interlocked.Add(ref _ticks, ticks);
        LastTickAt = now;
    }

    /// <summary>The trading runs every live warning event is applied to, set before the engine starts; null for none.</summary>
    internal Vigil.Engine.Trading.TradingRunRegistry? Trading { get; set; }

    /// <summary>True while the engine runs its warm-up steps, which are neither published nor counted.</summary>
    internal bool WarmingUp { get; set; }

    /// <inheritdoc />
    public void OnStep(MarketStep step)
    {
        if (WarmingUp)
        {
            return;
        }

        var update = MarketUpdate.From(step, _registry!, Source) with { EnteredAtTimestamp = BatchEnteredAt };
        Volatile.Write(ref _latest, update);
        if (Interlocked.Increment(ref _steps) == 1)
        {
            Interlocked.Exchange(ref _firstLiveStep, update.Step);
        }
        _pendingUpdates.Add(update);
        // The first step always publishes: subtracting long.MinValue would overflow and never reach the interval.
        if (_lastCorrelationNs == long.MinValue || step.TimestampNs - _lastCorrelationNs >= CorrelationIntervalNs)
        {
            _lastCorrelationNs = step.TimestampNs;
            _engine!.CopyCorrelationsTo(_correlationBuffer);
            var symbols = _registry!.All.Select(i => i.Symbol).ToArray();
            _pendingCorrelations = new CorrelationUpdate(step.TimestampNs, symbols, (double[])_correlationBuffer.Clone());
            Volatile.Write(ref _latestCorrelations, _pendingCorrelations);
        }
    }

    /// <inheritdoc />
    public void OnWarning(WarningEvent warning)
    {
        if (WarmingUp)
        {
            return;
        }

        // On the engine thread, inside the step that raised the warning: live runs halt within that market step.
        Trading?.ApplyWarning(warning.Severity, warning.EventType, warning.WarningId, warning.TimestampNs);
        _pendingWarnings.Add(warning);
    }

    /// <summary>
    /// Publishes an admin's status change as a warning event (<c>status_changed</c>), with an id in the same sequence
    /// as the engine's events so Server-Sent Events resume over both.
    /// </summary>
    /// <param name="bus">The bus.</param>
    /// <param name="latest">The warning's latest engine event.</param>
    /// <param name="change">The change.</param>
    /// <param name="cancellationToken">Stops the wait for the bus.</param>
    internal async ValueTask<PublishedWarning> PublishStatusChangeAsync(IBus bus, WarningEvent latest, WarningStatusChange change, CancellationToken cancellationToken)
    {
        await _warningPublishGate.WaitAsync(cancellationToken);
        try
        {
            var published = Remember(new PublishedWarning(_eventIdBase + ++_eventSequence, latest with { Status = change.Status }) { StatusChange = change });
            await bus.PublishAsync(LiveTopics.Warnings, published, cancellationToken);
            return published;
        }
        finally
        {
            _warningPublishGate.Release();
        }
    }

    /// <summary>Releases the publishing gate.</summary>
    public void Dispose() => _warningPublishGate.Dispose();

    private PublishedWarning Remember(PublishedWarning published)
    {
        lock (_warningsGate)
        {
            _recentWarnings.AddLast(published);
            if (_recentWarnings.Count > RecentWarningCount)
            {
                _recentWarnings.RemoveFirst();
            }
        }

        return published;
    }

    /// <summary>Publishes what the last batch produced. Called on the engine loop, outside the engine's callbacks.</summary>
    internal async ValueTask PublishPendingAsync(IBus bus, VigilMetrics metrics, CancellationToken cancellationToken)
    {
        foreach (var update in _pendingUpdates)
        {
            await bus.PublishAsync(LiveTopics.Market, update, cancellationToken);
        }

        if (_pendingWarnings.Count > 0)
        {
            // Ids are given out as events are published, under the gate an admin's status change takes too, so the
            // bus carries every warning event in id order and a stream resuming after an id misses none.
            await _warningPublishGate.WaitAsync(cancellationToken);
            try
            {
                foreach (var warning in _pendingWarnings)
                {
                    var published = Remember(new PublishedWarning(_eventIdBase + ++_eventSequence, warning));
                    metrics.RecordWarning(warning);
                    await bus.PublishAsync(LiveTopics.Warnings, published, cancellationToken);
                }
            }
            finally
            {
                _warningPublishGate.Release();
            }
        }

        if (_pendingCorrelations is { } correlations)
        {
            await bus.PublishAsync(LiveTopics.Correlations, correlations, cancellationToken);
            _pendingCorrelations = null;
        }

        _pendingUpdates.Clear();
        _pendingWarnings.Clear();
    }
}
