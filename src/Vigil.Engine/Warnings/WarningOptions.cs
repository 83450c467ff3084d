using Vigil.Core.Validation;

namespace Vigil.Engine.Warnings;

/// <summary>
/// When warnings open, escalate, de-escalate and close. A warning opens when the composite stays at or above
/// <see cref="EnterThreshold"/> for <see cref="EnterConfirmations"/> steps and closes when it stays below the lower
/// <see cref="ExitThreshold"/> for <see cref="ExitConfirmations"/> steps; the gap between the two thresholds and
/// the confirmations keep one episode from flapping into many warnings.
/// </summary>
public sealed record WarningOptions
{
    /// <summary>The composite at or above which a warning may open, in (0, 1].</summary>
    public double EnterThreshold { get; init; } = 0.6;

    /// <summary>Consecutive steps at or above <see cref="EnterThreshold"/> needed to open; at least 1.</summary>
    public int EnterConfirmations { get; init; } = 2;

    /// <summary>The composite below which an open warning may close, in [0, <see cref="EnterThreshold"/>).</summary>
    public double ExitThreshold { get; init; } = 0.3;

    /// <summary>Consecutive steps below <see cref="ExitThreshold"/> needed to close; at least 1.</summary>
    public int ExitConfirmations { get; init; } = 40;

    /// <summary>Consecutive steps at a lower severity needed before an open warning de-escalates; at least 1.</summary>
    public int DeescalationConfirmations { get; init; } = 120;

    /// <summary>
    /// The severity a step reaches is the highest reached over this many steps up to it (a peak hold), so one
    /// quiet step in a crisis does not count as calm; at least 1.
    /// </summary>
    public int SeverityWindow { get; init; } = 20;

    /// <summary>The composite scores that reach each severity.</summary>
    public SeverityLevels Composite { get; init; } = new(0.6, 0.7, 0.8, 0.9);

    /// <summary>The largest |z| across instruments that reaches each severity: 2.5–3 ELEVATED, 3–4 HIGH, 4–5 SEVERE, 5 and above EXTREME (each band includes its lower end).</summary>
    public SeverityLevels MaxAbsZ { get; init; } = new(2.5, 3, 4, 5);

    /// <summary>The number of correlation breaks that reaches each severity: 1–2 ELEVATED, 3–4 HIGH, 5–7 SEVERE, more than 7 EXTREME.</summary>
    public SeverityLevels CorrelationBreaks { get; init; } = new(1, 3, 5, 8);

    /// <summary>The number of firing signals that reaches each severity: 2–3 ELEVATED, 4–5 HIGH, 6–8 SEVERE, more than 8 EXTREME.</summary>
    public SeverityLevels Signals { get; init; } = new(2, 4, 6, 9);

    /// <summary>Every problem with these options.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new OptionErrors();
        errors.Require(EnterThreshold > 0 && EnterThreshold <= 1, $"EnterThreshold must be in (0, 1] (got {EnterThreshold})");
        errors.Require(ExitThreshold >= 0 && ExitThreshold < EnterThreshold, $"ExitThreshold must be in [0, EnterThreshold) (got {ExitThreshold})");
        errors.Require(EnterConfirmations >= 1, $"EnterConfirmations must be at least 1 (got {EnterConfirmations})");
        errors.Require(ExitConfirmations >= 1, $"ExitConfirmations must be at least 1 (got {ExitConfirmations})");
        errors.Require(DeescalationConfirmations >= 1, $"DeescalationConfirmations must be at least 1 (got {DeescalationConfirmations})");
        errors.Require(SeverityWindow >= 1 && SeverityWindow <= 10_000, $"SeverityWindow must be in [1, 10000] (got {SeverityWindow})");
        errors.Require(Composite.IsIncreasing, $"Composite levels must be finite and increasing (got {Composite})");
        errors.Require(MaxAbsZ.IsIncreasing, $"MaxAbsZ levels must be finite and increasing (got {MaxAbsZ})");
        errors.Require(CorrelationBreaks.IsIncreasing, $"CorrelationBreaks levels must be finite and increasing (got {CorrelationBreaks})");
        errors.Require(Signals.IsIncreasing, $"Signals levels must be finite and increasing (got {Signals})");
        return errors.Errors;
    }
}
