using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Vigil.Engine.Pipeline;
using Vigil.Server.Api;
using Vigil.Server.Metrics;
using Vigil.Server.Options;

namespace Vigil.Server.Live;

/// <summary>One pushed value waiting for the engine loop.</summary>
/// <param name="Spec">The series it belongs to, as first registered.</param>
/// <param name="Value">The value, finite.</param>
internal readonly record struct PendingSignal(IndicatorSpec Spec, double Value);

/// <summary>What a batch of pushed values came to at the inbox.</summary>
internal enum SignalAdmission
{
    /// <summary>Every value was queued.</summary>
    Queued,

    /// <summary>The queue had no room for the batch; nothing was queued.</summary>
    QueueFull,
}

/// <summary>
/// Indicator values pushed over HTTP on their way to the single-threaded engine: request threads check each value
/// against the series already known (category, the series cap) and queue it, bounded; the engine loop drains the
/// queue on its own thread before each batch of ticks and publishes the series' state after it. A pushed value
/// applies at the engine's current event time (the simulator's market time), so it joins the step of the next
/// batch; the timestamp a client posts is kept for display only.
/// </summary>
public sealed class SignalInbox
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SeriesEntry> _series = new(StringComparer.OrdinalIgnoreCase);
    private readonly int _maxSeries;
    private readonly int _capacity;
    private readonly Counter<long> _acceptedCounter;
    private readonly Counter<long> _rejectedCounter;
    private List<PendingSignal> _queue = [];
    private List<PendingSignal> _draining = [];
    private IReadOnlyList<IndicatorInfo> _snapshot = [];
    private long _accepted;
    private long _rejected;

    /// <summary>Creates the inbox with the <c>Vigil:Signals</c> settings.</summary>
    public SignalInbox(IOptions<VigilOptions> options, IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meterFactory);
        var settings = options.Value.Signals;
        _maxSeries = settings.MaxSeries;
        _capacity = settings.QueueLength;
        var meter = meterFactory.Create(VigilMetrics.MeterName);
        _acceptedCounter = meter.CreateCounter<long>("vigil.signals.accepted", "{value}", "Indicator values accepted over POST /api/v1/signals.");
        _rejectedCounter = meter.CreateCounter<long>("vigil.signals.rejected", "{value}", "Indicator values rejected over POST /api/v1/signals, by field.");
    }

    /// <summary>The most series the inbox admits.</summary>
    public int MaxSeries => _maxSeries;

    /// <summary>Values accepted since start.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Values rejected since start (every bad item of every request, including requests rejected whole).</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Values waiting for the engine loop.</summary>
    public int Queued
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>The series as the engine's latest batch left them; empty before the first value is processed.</summary>
    public IReadOnlyList<IndicatorInfo> Series => Volatile.Read(ref _snapshot);

    /// <summary>The latest posted timestamp of a series (nanoseconds since the Unix epoch), or null when none was posted.</summary>
    public long? PostedAtNs(string symbol)
    {
        lock (_gate)
        {
            return _series.TryGetValue(symbol, out var entry) ? entry.PostedAtNs : null;
        }
    }

    /// <summary>Counts rejected values, by the field at fault.</summary>
    internal void CountRejected(string field, int count = 1)
    {
        Interlocked.Add(ref _rejected, count);
        _rejectedCounter.Add(count, new KeyValuePair<string, object?>("field", field));
    }

    /// <summary>
    /// Checks each candidate against the known series and queues the good ones, all or none: a candidate for an
    /// unknown series needs a category and room under the series cap, one for a known series must not name another
    /// category. The per-item problems go to <paramref name="problems"/> (index, field, reason).
    /// </summary>
    internal SignalAdmission Admit(IReadOnlyList<SignalCandidate> candidates, List<(int Index, string Field, string Reason)> problems, out int queued)
    {
        queued = 0;
        lock (_gate)
        {
            var accepted = new List<(SignalCandidate Candidate, SeriesEntry Entry, bool New)>(candidates.Count);
            var added = new Dictionary<string, SeriesEntry>(StringComparer.OrdinalIgnoreCase);
            foreach (var c in candidates)
            {
                if (_series.TryGetValue(c.Symbol, out var entry) || added.TryGetValue(c.Symbol, out entry))
                {
                    if (c.Category is { } category && category != entry.Spec.Category)
                    {
                        problems.Add((c.Index, "category", $"series '{entry.Spec.Symbol}' has category {SignalNames.Category(entry.Spec.Category)}; it cannot become {SignalNames.Category(category)}"));
                        continue;
                    }

                    accepted.Add((c, entry, false));
                    continue;
                }

                if (c.Category is not { } newCategory)
                {
                    problems.Add((c.Index, "category", $"is required the first time series '{c.Symbol}' is sent"));
                    continue;
                }

                if (_series.Count + added.Count >= _maxSeries)
                {
                    problems.Add((c.Index, "series", $"'{c.Symbol}' would be series {_maxSeries + 1}; the engine holds at most {_maxSeries} (Vigil:Signals:MaxSeries)"));
                    continue;
                }

                var spec = new IndicatorSpec(c.Symbol, c.Name ?? c.Symbol, newCategory, c.Segment ?? SignalNames.DefaultSegment(newCategory));
                entry = new SeriesEntry(spec);
                added.Add(c.Symbol, entry);
                accepted.Add((c, entry, true));
            }

            if (_queue.Count + accepted.Count > _capacity)
            {
                return SignalAdmission.QueueFull;
            }

            foreach (var (symbol, entry) in added)
            {
                _series.Add(symbol, entry);
            }

            foreach (var (c, entry, _) in accepted)
            {
                _queue.Add(new PendingSignal(entry.Spec, c.Value));
                if (c.PostedAtNs is { } posted)
                {
                    entry.PostedAtNs = posted;
                }
            }

            queued = accepted.Count;
        }

        Interlocked.Add(ref _accepted, queued);
        if (queued > 0)
        {
            _acceptedCounter.Add(queued);
        }

        return SignalAdmission.Queued;
    }

    /// <summary>
    /// Feeds every queued value to the engine at its current event time. Called on the engine loop before a batch
    /// of ticks.
    /// </summary>
    /// <returns>The values fed.</returns>
    internal int Drain(DetectionEngine engine)
    {
        List<PendingSignal> batch;
        lock (_gate)
        {
            if (_queue.Count == 0)
            {
                return 0;
            }

            batch = _queue;
            _queue = _draining;
            _draining = batch;
        }

        // Before the first tick the engine has no event time; 0 keeps every later tick in order.
        var now = engine.EventTimeNs == long.MinValue ? 0 : engine.EventTimeNs;
        var count = 0;
        foreach (var pending in batch)
        {
            int id;
            try
            {
                // The API admits only series that fit the engine's cap, categories and symbols; this guards the loop regardless.
                id = engine.RegisterIndicator(pending.Spec);
            }
            catch (ArgumentException)
            {
                CountRejected("series");
                continue;
            }

            engine.OnIndicator(id, now, pending.Value);
            count++;
        }

        batch.Clear();
        return count;
    }

    /// <summary>Publishes the series' state after the engine's batch, when there are series. Called on the engine loop.</summary>
    internal void Publish(DetectionEngine engine)
    {
        if (engine.IndicatorCount > 0)
        {
            Volatile.Write(ref _snapshot, engine.Indicators);
        }
    }

    private sealed class SeriesEntry(IndicatorSpec spec)
    {
        public IndicatorSpec Spec { get; } = spec;

        public long? PostedAtNs { get; set; }
    }
}

/// <summary>One checked value of a push, before the inbox admits it.</summary>
/// <param name="Index">Its index in the request (0 for a single value).</param>
/// <param name="Symbol">The series.</param>
/// <param name="Category">The category, when given.</param>
/// <param name="Name">The readable name, when given.</param>
/// <param name="Segment">The stress segment, when given.</param>
/// <param name="Value">The value, finite.</param>
/// <param name="PostedAtNs">The posted timestamp, when given, in nanoseconds since the Unix epoch.</param>
internal sealed record SignalCandidate(int Index, string Symbol, Vigil.Engine.Warnings.Classification.IndicatorCategory? Category, string? Name, Vigil.Core.Instruments.StressSegment? Segment, double Value, long? PostedAtNs);
