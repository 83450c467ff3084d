using Vigil.Engine.Warnings.Analogues;
using Vigil.Engine.Warnings.Classification;

namespace Vigil.Engine.Warnings.Reports;

/// <summary>
/// Turns a warning event and what the engine knows at that moment into a <see cref="BlackSwanReport"/>. Runs only
/// at warning events (opened, escalated, de-escalated, closed), so it may allocate. Deterministic.
/// </summary>
public sealed class WarningReporter
{
    private readonly EventClassifier _classifier;

    /// <summary>A reporter over the standard rule table.</summary>
    public WarningReporter()
        : this(new EventClassifier())
    {
    }

    /// <summary>A reporter over the given classifier.</summary>
    /// <param name="classifier">Decides the event type.</param>
    public WarningReporter(EventClassifier classifier)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        _classifier = classifier;
    }

    /// <summary>Builds the report.</summary>
    /// <param name="warning">The warning event (its <see cref="WarningEvent.Report"/> is ignored).</param>
    /// <param name="inputs">The readings of every instrument and indicator at the event.</param>
    /// <param name="risk">The risk models' readings at the event.</param>
    public BlackSwanReport Build(WarningEvent warning, ClassificationInputs inputs, RiskContext risk)
    {
        ArgumentNullException.ThrowIfNull(warning);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(risk);

        // Skeleton: classification only; the full narrative, probability, fingerprint and hedges come next.
        var classification = _classifier.Classify(inputs);
        return new BlackSwanReport(
            Title: $"{classification.EventType} ({warning.Severity})",
            EventType: classification.EventType,
            Probability: warning.Composite,
            Confidence: classification.Confidence,
            ZScores: [],
            Triggers: [.. classification.Triggered.Select(t => t.ToString())],
            Fingerprint: default,
            Analogue: null,
            Narrative: new WarningNarrative(warning.Summary, string.Empty, string.Empty, string.Empty, string.Empty),
            Actions: [],
            Hedges: [],
            AffectedSegments: [],
            AffectedSymbols: []);
    }
}
