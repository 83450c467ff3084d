using Vigil.Engine.Warnings;

namespace Vigil.Engine.Trading;

/// <summary>
/// Owns the state of every trading run, in the style of a risk engine: every command passes through here, every state
/// change is audited, and applying the same command twice changes nothing the second time.
/// </summary>
/// <remarks>
/// <para>
/// Readers never lock: the order gateway calls <see cref="GetState"/> on every order, which looks the run up in a
/// dictionary that is never mutated once published (registration publishes a new copy) and reads the run's current
/// snapshot through a volatile reference. All transitions take one writer lock, so they are serialised and audited in
/// order.
/// </para>
/// <para>
/// Policy: while the latest warning is at or above <see cref="HaltPolicyOptions.HaltAt"/> every live run is halted;
/// at or above <see cref="HaltPolicyOptions.ReduceAt"/> active live runs reduce, and they return to active once the
/// warning falls below it. A halt latches: only <see cref="Resume"/> by an admin lifts it. Paper runs are never
/// changed by the policy. <see cref="KillAll"/> halts every run, live and paper.
/// </para>
/// <para>
/// Re-applying the warning last applied (same id and severity) is a no-op, so a redelivered warning neither
/// re-halts a run an admin has resumed nor audits anything twice; a new warning id or a change of severity is applied
/// afresh.
/// </para>
/// </remarks>
public sealed class TradingRunRegistry
{
    /// <summary>The actor recorded for changes the halt policy makes.</summary>
    public const string PolicyActor = "policy";

    private readonly HaltPolicyOptions _options;
    private readonly Lock _writeLock = new();
    private readonly List<AuditEvent> _audit = [];
    private volatile Dictionary<string, RunSlot> _slots = new(StringComparer.Ordinal);
    private long _lastSequence;
    private Severity _warningSeverity;
    private EventType _warningEventType;
    private string? _warningId;

    /// <summary>Creates an empty registry with the given halt policy.</summary>
    /// <param name="options">The levels at which live runs reduce and halt.</param>
    public TradingRunRegistry(HaltPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new Vigil.Core.Validation.OptionErrors();
        errors.AddNested(nameof(HaltPolicyOptions), options.Validate());
        errors.ThrowIfAny(nameof(HaltPolicyOptions));
        _options = options;
    }

    /// <summary>
    /// Raised for every state change, in sequence order, while the writer lock is held (so handlers see events in
    /// order); handlers should only hand the event on (persist, publish) and must not call back into the registry's
    /// commands.
    /// </summary>
    public event Action<AuditEvent>? AuditAppended;

    /// <summary>The halt policy in force.</summary>
    public HaltPolicyOptions Options => _options;

    /// <summary>Every run's current snapshot, in no particular order.</summary>
    public IReadOnlyList<TradingRun> Runs => [.. _slots.Values.Select(s => s.Run)];

    /// <summary>The severity of the last warning applied.</summary>
    public Severity WarningSeverity
    {
        get
        {
            lock (_writeLock)
            {
                return _warningSeverity;
            }
        }
    }

    /// <summary>The last audit sequence number handed out; 0 before any change.</summary>
    public long LastSequence => Interlocked.Read(ref _lastSequence);

    /// <summary>
    /// Restores a registry saved by <see cref="Export"/>: runs keep their states (halts stay halted), the last warning
    /// stays in force and audit numbering continues after the saved sequence.
    /// </summary>
    /// <param name="state">The saved state.</param>
    /// <param name="options">The halt policy.</param>
    /// <returns>The restored registry; its in-memory audit log starts empty.</returns>
    public static TradingRunRegistry Restore(TradingRegistryState state, HaltPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(state);
        var registry = new TradingRunRegistry(options);
        var slots = new Dictionary<string, RunSlot>(state.Runs.Count, StringComparer.Ordinal);
        foreach (var run in state.Runs)
        {
            if (!slots.TryAdd(run.Id, new RunSlot(run)))
            {
                throw new ArgumentException($"Duplicate run id '{run.Id}' in the saved state.", nameof(state));
            }
        }

        registry._slots = slots;
        registry._lastSequence = state.LastAuditSequence;
        registry._warningSeverity = state.WarningSeverity;
        registry._warningEventType = state.WarningEventType;
        registry._warningId = state.WarningId;
        return registry;
    }

    /// <summary>Saves everything needed to carry on after a restart.</summary>
    /// <returns>The state.</returns>
    public TradingRegistryState Export()
    {
        lock (_writeLock)
        {
            return new TradingRegistryState(
                [.. _slots.Values.Select(s => s.Run).OrderBy(r => r.Id, StringComparer.Ordinal)],
                _lastSequence,
                _warningSeverity,
                _warningEventType,
                _warningId);
        }
    }

    /// <summary>
    /// Adds a run. A live run registered while a warning is in force immediately gets the policy's state (audited).
    /// </summary>
    /// <param name="id">A unique id.</param>
    /// <param name="name">A human-readable name.</param>
    /// <param name="mode">Live or paper.</param>
    /// <param name="timestampNs">Now, in Unix nanoseconds.</param>
    /// <returns>The run's snapshot after registration.</returns>
    public TradingRun Register(string id, string name, RunMode mode, long timestampNs)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(name);
        lock (_writeLock)
        {
            if (_slots.ContainsKey(id))
            {
                throw new ArgumentException($"A run with id '{id}' is already registered.", nameof(id));
            }

            var slot = new RunSlot(new TradingRun(id, name, mode, RunState.Active, timestampNs));

            // Copy-on-write so lock-free readers only ever see a dictionary nobody mutates.
            var slots = new Dictionary<string, RunSlot>(_slots, StringComparer.Ordinal) { [id] = slot };
            _slots = slots;
            if (mode == RunMode.Live && _warningId is not null)
            {
                ApplyPolicy(slot, timestampNs);
            }

            return slot.Run;
        }
    }

    /// <summary>The gateway check: what run <paramref name="runId"/> may do now. O(1), lock-free, allocation-free.</summary>
    /// <param name="runId">The run.</param>
    /// <returns>Its state.</returns>
    /// <exception cref="KeyNotFoundException">No such run.</exception>
    public RunState GetState(string runId) =>
        _slots.TryGetValue(runId, out var slot) ? slot.Run.State : throw new KeyNotFoundException($"No trading run '{runId}'.");

    /// <summary>Like <see cref="GetState"/> but without throwing for an unknown run.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="state">Its state, when found.</param>
    /// <returns>Whether the run exists.</returns>
    public bool TryGetState(string runId, out RunState state)
    {
        if (_slots.TryGetValue(runId, out var slot))
        {
            state = slot.Run.State;
            return true;
        }

        state = default;
        return false;
    }

    /// <summary>The run's current snapshot, or null when there is no such run.</summary>
    /// <param name="runId">The run.</param>
    /// <returns>The snapshot.</returns>
    public TradingRun? Get(string runId) => _slots.TryGetValue(runId, out var slot) ? slot.Run : null;

    /// <summary>
    /// Applies the latest warning (or calm, with <see cref="Severity.None"/>) to every live run, within this call.
    /// </summary>
    /// <param name="severity">The warning's severity.</param>
    /// <param name="eventType">What kind of event it is.</param>
    /// <param name="warningId">The warning's id, recorded in the audit trail.</param>
    /// <param name="timestampNs">The warning's time, in Unix nanoseconds.</param>
    /// <returns>How many runs changed state.</returns>
    public int ApplyWarning(Severity severity, EventType eventType, string warningId, long timestampNs)
    {
        ArgumentNullException.ThrowIfNull(warningId);
        lock (_writeLock)
        {
            if (warningId == _warningId && severity == _warningSeverity)
            {
                return 0;
            }

            _warningSeverity = severity;
            _warningEventType = eventType;
            _warningId = warningId;
            var changed = 0;
            foreach (var slot in _slots.Values)
            {
                if (slot.Run.Mode == RunMode.Live && ApplyPolicy(slot, timestampNs))
                {
                    changed++;
                }
            }

            return changed;
        }
    }

    /// <summary>Lifts a halt. Only an admin may; everyone else is refused with a reason.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="actor">Who asks.</param>
    /// <param name="isAdmin">Whether <paramref name="actor"/> is an admin, as the caller established.</param>
    /// <param name="timestampNs">Now, in Unix nanoseconds.</param>
    /// <returns>Whether the run resumed, or why not.</returns>
    public CommandResult Resume(string runId, string actor, bool isAdmin, long timestampNs)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (!isAdmin)
        {
            return CommandResult.Refused($"Only an admin may resume a halted run; '{actor}' is not an admin.");
        }

        lock (_writeLock)
        {
            if (!_slots.TryGetValue(runId, out var slot))
            {
                return CommandResult.Refused($"No trading run '{runId}'.");
            }

            if (slot.Run.State != RunState.Halted)
            {
                return CommandResult.Refused($"Run '{runId}' is {slot.Run.State}, not halted.");
            }

            Transition(slot, slot.Run with { State = RunState.Active, EndedNs = null, KillReason = null, KillLevel = null }, timestampNs, $"Resumed by {actor}", actor, null);
            return CommandResult.Ok;
        }
    }

    /// <summary>The manual kill switch: halts every run, live and paper, that is not halted already.</summary>
    /// <param name="actor">Who pulled it.</param>
    /// <param name="reason">Why.</param>
    /// <param name="timestampNs">Now, in Unix nanoseconds.</param>
    /// <returns>How many runs were halted.</returns>
    public int KillAll(string actor, string reason, long timestampNs)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        lock (_writeLock)
        {
            var changed = 0;
            foreach (var slot in _slots.Values)
            {
                if (slot.Run.State != RunState.Halted)
                {
                    var killReason = $"Kill switch: {reason}";
                    Transition(slot, slot.Run with { State = RunState.Halted, EndedNs = timestampNs, KillReason = killReason, KillLevel = null }, timestampNs, killReason, actor, null);
                    changed++;
                }
            }

            return changed;
        }
    }

    /// <summary>The audit events after <paramref name="sequence"/>, oldest first (0 for all held in memory).</summary>
    /// <param name="sequence">The last sequence the caller has seen.</param>
    /// <returns>A copy of the later events.</returns>
    public IReadOnlyList<AuditEvent> AuditSince(long sequence)
    {
        lock (_writeLock)
        {
            // Sequences are gap-free within the in-memory log, so the start index follows from the first one held.
            if (_audit.Count == 0)
            {
                return [];
            }

            var start = (int)Math.Clamp(sequence - _audit[0].Sequence + 1, 0, _audit.Count);
            return _audit.GetRange(start, _audit.Count - start);
        }
    }

    /// <summary>The kill reason for a warning, for example <c>Black swan: market_crash (high)</c>.</summary>
    /// <param name="eventType">The event type.</param>
    /// <param name="severity">The severity.</param>
    /// <returns>The reason.</returns>
    public static string BlackSwanReason(EventType eventType, Severity severity) =>
        $"Black swan: {eventType.WireName()} ({severity.ToString().ToLowerInvariant()})";

    // Moves one live run to what the warning in force requires; called under the writer lock.
    private bool ApplyPolicy(RunSlot slot, long timestampNs)
    {
        var run = slot.Run;
        var severity = _warningSeverity;
        if (severity >= _options.HaltAt)
        {
            if (run.State == RunState.Halted)
            {
                return false;
            }

            var reason = BlackSwanReason(_warningEventType, severity);
            Transition(slot, run with { State = RunState.Halted, EndedNs = timestampNs, KillReason = reason, KillLevel = severity }, timestampNs, reason, PolicyActor, _warningId);
            return true;
        }

        if (severity >= _options.ReduceAt)
        {
            if (run.State != RunState.Active)
            {
                return false;
            }

            var reason = $"Reduce only: {_warningEventType.WireName()} ({severity.ToString().ToLowerInvariant()})";
            Transition(slot, run with { State = RunState.Reducing }, timestampNs, reason, PolicyActor, _warningId);
            return true;
        }

        if (run.State != RunState.Reducing)
        {
            return false;
        }

        Transition(slot, run with { State = RunState.Active }, timestampNs, $"Warning fell to {severity.ToString().ToLowerInvariant()}", PolicyActor, _warningId);
        return true;
    }

    // Publishes the new snapshot and audits it; called under the writer lock.
    private void Transition(RunSlot slot, TradingRun next, long timestampNs, string reason, string actor, string? warningId)
    {
        var from = slot.Run.State;
        slot.Run = next;
        var sequence = Interlocked.Increment(ref _lastSequence);
        var audit = new AuditEvent(sequence, timestampNs, next.Id, from, next.State, reason, actor, warningId);
        _audit.Add(audit);
        AuditAppended?.Invoke(audit);
    }

    private sealed class RunSlot(TradingRun run)
    {
        private volatile TradingRun _run = run;

        public TradingRun Run
        {
            get => _run;
            set => _run = value;
        }
    }
}
