using Vigil.Core.Validation;

namespace Vigil.Engine.Warnings;

/// <summary>What one market step tells the warning tracker.</summary>
/// <param name="TimestampNs">The step's event time.</param>
/// <param name="Composite">The ensemble's composite score, in [0, 1].</param>
/// <param name="MaxAbsZ">The largest |z| across instruments in the step.</param>
/// <param name="CorrelationBreaks">The number of correlation breaks.</param>
/// <param name="Signals">The number of firing signals.</param>
public readonly record struct WarningInputs(long TimestampNs, double Composite, double MaxAbsZ, int CorrelationBreaks, int Signals);

/// <summary>What a step did to the warning state.</summary>
public enum WarningTransition
{
    /// <summary>Nothing changed.</summary>
    None = 0,

    /// <summary>A warning opened.</summary>
    Opened,

    /// <summary>The open warning's severity rose.</summary>
    Escalated,

    /// <summary>The open warning's severity fell.</summary>
    DeEscalated,

    /// <summary>The open warning closed.</summary>
    Closed,

    /// <summary>
    /// The open warning's event type was refined (a broader or more specific type's rule fired); its severity did not
    /// change. Raised by the engine, not the tracker.
    /// </summary>
    Reclassified,
}

/// <summary>
/// The warning state machine: one warning per episode, with hysteresis on opening, closing and de-escalating
/// (<see cref="WarningOptions"/>). A step's level is the highest reached by any of the composite, the largest |z|,
/// the correlation breaks and the signal count, held at its peak over <see cref="WarningOptions.SeverityWindow"/>
/// steps; severity is that level, and at least <see cref="Severity.Elevated"/> while a warning is open.
/// Escalation is immediate; de-escalation waits for confirmation. It allocates nothing after construction.
/// </summary>
public sealed class WarningTracker
{
    private readonly WarningOptions _options;
    private readonly Severity[] _recentLevels;
    private int _recentNext;
    private int _aboveRun;
    private int _belowRun;
    private int _lowerRun;
    private Severity _lowerRunMax;

    /// <summary>Creates a tracker with no warning open.</summary>
    /// <param name="options">The options; defaults when null.</param>
    public WarningTracker(WarningOptions? options = null)
    {
        _options = options ?? new WarningOptions();
        var errors = new OptionErrors();
        errors.AddNested(nameof(WarningOptions), _options.Validate());
        errors.ThrowIfAny(nameof(WarningOptions));
        _recentLevels = new Severity[_options.SeverityWindow];
    }

    /// <summary>The options in force.</summary>
    public WarningOptions Options => _options;

    /// <summary>Whether a warning is open.</summary>
    public bool IsOpen { get; private set; }

    /// <summary>The open warning's severity; <see cref="Severity.None"/> when none is open.</summary>
    public Severity Severity { get; private set; }

    /// <summary>The severity before the latest change.</summary>
    public Severity PreviousSeverity { get; private set; }

    /// <summary>The highest severity the open (or last) warning reached.</summary>
    public Severity PeakSeverity { get; private set; }

    /// <summary>The highest composite the open (or last) warning reached.</summary>
    public double PeakComposite { get; private set; }

    /// <summary>The event time the open (or last) warning opened.</summary>
    public long OpenedAtNs { get; private set; }

    /// <summary>The number of warnings opened so far; the open warning's sequence number.</summary>
    public long Sequence { get; private set; }

    /// <summary>The severity the inputs alone reach, before hysteresis.</summary>
    /// <param name="inputs">One step's inputs.</param>
    public Severity LevelOf(in WarningInputs inputs)
    {
        var level = _options.Composite.LevelOf(inputs.Composite);
        level = Max(level, _options.MaxAbsZ.LevelOf(inputs.MaxAbsZ));
        level = Max(level, _options.CorrelationBreaks.LevelOf(inputs.CorrelationBreaks));
        return Max(level, _options.Signals.LevelOf(inputs.Signals));
    }

    /// <summary>Feeds one market step.</summary>
    /// <param name="inputs">The step's inputs.</param>
    /// <returns>What changed.</returns>
    public WarningTransition Update(in WarningInputs inputs)
    {
        var held = HoldPeak(LevelOf(inputs));
        return IsOpen ? UpdateOpen(inputs, held) : UpdateClosed(inputs, held);
    }

    /// <summary>Closes any open warning and forgets the runs; the sequence number is kept.</summary>
    public void Reset()
    {
        IsOpen = false;
        Severity = Severity.None;
        PreviousSeverity = Severity.None;
        _aboveRun = _belowRun = _lowerRun = 0;
        _lowerRunMax = Severity.None;
        Array.Clear(_recentLevels);
    }

    private Severity HoldPeak(Severity level)
    {
        _recentLevels[_recentNext] = level;
        _recentNext = _recentNext + 1 == _recentLevels.Length ? 0 : _recentNext + 1;
        var peak = Severity.None;
        foreach (var recent in _recentLevels)
        {
            peak = Max(peak, recent);
        }

        return peak;
    }

    private WarningTransition UpdateClosed(in WarningInputs inputs, Severity held)
    {
        _aboveRun = inputs.Composite >= _options.EnterThreshold ? _aboveRun + 1 : 0;
        if (_aboveRun < _options.EnterConfirmations)
        {
            return WarningTransition.None;
        }

        IsOpen = true;
        Sequence++;
        OpenedAtNs = inputs.TimestampNs;
        PreviousSeverity = Severity.None;
        Severity = Max(Severity.Elevated, held);
        PeakSeverity = Severity;
        PeakComposite = inputs.Composite;
        _aboveRun = _belowRun = _lowerRun = 0;
        return WarningTransition.Opened;
    }

    private WarningTransition UpdateOpen(in WarningInputs inputs, Severity held)
    {
        PeakComposite = Math.Max(PeakComposite, inputs.Composite);
        _belowRun = inputs.Composite < _options.ExitThreshold ? _belowRun + 1 : 0;
        if (_belowRun >= _options.ExitConfirmations)
        {
            PreviousSeverity = Severity;
            Severity = Severity.None;
            IsOpen = false;
            _belowRun = _lowerRun = 0;
            return WarningTransition.Closed;
        }

        var level = Max(Severity.Elevated, held);
        if (level > Severity)
        {
            PreviousSeverity = Severity;
            Severity = level;
            PeakSeverity = Max(PeakSeverity, level);
            _lowerRun = 0;
            return WarningTransition.Escalated;
        }

        if (level == Severity)
        {
            _lowerRun = 0;
            return WarningTransition.None;
        }

        _lowerRunMax = _lowerRun == 0 ? level : Max(_lowerRunMax, level);
        if (++_lowerRun < _options.DeescalationConfirmations)
        {
            return WarningTransition.None;
        }

        PreviousSeverity = Severity;
        Severity = _lowerRunMax;
        _lowerRun = 0;
        return WarningTransition.DeEscalated;
    }

    private static Severity Max(Severity a, Severity b) => a > b ? a : b;
}
