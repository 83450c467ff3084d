namespace Vigil.Engine.Warnings.Classification;

/// <summary>Decides a warning's event type from the rule table: every rule is evaluated, the highest-priority one that fires wins.</summary>
public sealed class EventClassifier
{
    private readonly IReadOnlyList<EventRule> _rulesByPriority;

    /// <summary>A classifier over <see cref="EventRules.All"/>.</summary>
    public EventClassifier()
        : this(EventRules.All)
    {
    }

    /// <summary>A classifier over the given rules.</summary>
    /// <param name="rules">The rules; ties in priority keep their listed order.</param>
    public EventClassifier(IReadOnlyList<EventRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rulesByPriority = [.. rules.OrderByDescending(r => r.Priority)];
    }

    /// <summary>Classifies one warning's inputs.</summary>
    /// <param name="inputs">What the engine knows at the warning.</param>
    public EventClassification Classify(ClassificationInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var triggered = new List<TriggeredRule>();
        foreach (EventRule rule in _rulesByPriority)
        {
            IReadOnlyList<RuleEvidence>? evidence = rule.Evaluate(inputs);
            if (evidence is { Count: > 0 })
            {
                triggered.Add(new TriggeredRule(rule, evidence, evidence.Min(e => e.Strength)));
            }
        }

        if (triggered.Count == 0)
        {
            return EventClassification.Unclassified;
        }

        TriggeredRule winner = triggered[0];
        double winnerStrength = triggered.Where(t => t.Rule.EventType == winner.Rule.EventType).Max(t => t.Strength);
        double totalStrength = triggered.GroupBy(t => t.Rule.EventType).Sum(g => g.Max(t => t.Strength));
        return new EventClassification(winner.Rule.EventType, triggered, winnerStrength * winnerStrength / totalStrength);
    }
}
