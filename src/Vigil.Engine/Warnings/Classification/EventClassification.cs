namespace Vigil.Engine.Warnings.Classification;

/// <summary>One measured condition of a rule: the number, what it was compared against, and the text shown to people.</summary>
/// <param name="Label">What was measured, for example <c>VIX</c>.</param>
/// <param name="Value">The measured value.</param>
/// <param name="Threshold">The value it had to pass.</param>
/// <param name="Text">The human-readable evidence, for example <c>VIX 41.2 &gt; 35</c>.</param>
/// <param name="Strength">How far past the threshold, in [0.5, 1]: 0.5 exactly at the threshold, 1 at 1.5 times it or beyond.</param>
public sealed record RuleEvidence(string Label, double Value, double Threshold, string Text, double Strength);

/// <summary>A rule that fired, with the numbers that met it.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="Evidence">Each condition the rule checked, with its numbers.</param>
/// <param name="Strength">The weakest condition's strength: a rule is only as sure as its least-met condition.</param>
public sealed record TriggeredRule(EventRule Rule, IReadOnlyList<RuleEvidence> Evidence, double Strength)
{
    /// <inheritdoc />
    public override string ToString() => $"{Rule.Id}: {string.Join("; ", Evidence.Select(e => e.Text))}";
}

/// <summary>The event type decided for a warning, and why.</summary>
/// <param name="EventType">The chosen type; <see cref="EventType.Unclassified"/> when no rule fired.</param>
/// <param name="Triggered">Every rule that fired, highest priority first; the first decided the type.</param>
/// <param name="Confidence">
/// In [0, 1]: the winning type's strength (its strongest fired rule) times that strength's share of the total strength of all
/// distinct event types that fired (each type counted by its strongest rule), so s_win² / Σ s_type. A lone rule at its threshold scores 0.5; a lone rule far past it 1;
/// rivals firing at the same time lower it. 0 when unclassified.
/// </param>
public sealed record EventClassification(EventType EventType, IReadOnlyList<TriggeredRule> Triggered, double Confidence)
{
    /// <summary>No rule fired.</summary>
    public static EventClassification Unclassified { get; } = new(EventType.Unclassified, [], 0);
}
