using System.Globalization;
using Vigil.Core.Instruments;
using Vigil.Engine.Warnings.Analogues;
using Vigil.Engine.Warnings.Classification;
using static Vigil.Engine.Warnings.Reports.ReportFacts;

namespace Vigil.Engine.Warnings.Reports;

/// <summary>
/// Turns a warning event and what the engine knows at that moment into a <see cref="BlackSwanReport"/>. Runs only
/// at warning events (opened, escalated, de-escalated, closed), so it may allocate. Deterministic: the same inputs give
/// an equal report (every list is ordered by value, ties by symbol).
/// </summary>
public sealed class WarningReporter
{
    /// <summary>At most this many z-scores are reported.</summary>
    public const int MaxZScores = 24;

    /// <summary>At most this many affected symbols are reported.</summary>
    public const int MaxAffectedSymbols = 24;

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
        ArgumentNullException.ThrowIfNull(inputs);
        return Build(warning, inputs, risk, _classifier.Classify(inputs));
    }

    /// <summary>Builds the report with the event type already decided (the engine keeps one type per episode).</summary>
    /// <param name="warning">The warning event (its <see cref="WarningEvent.Report"/> is ignored).</param>
    /// <param name="inputs">The readings of every instrument and indicator at the event.</param>
    /// <param name="risk">The risk models' readings at the event.</param>
    /// <param name="classification">The event type and the rules behind it; its first triggered rule decided the type.</param>
    public static BlackSwanReport Build(WarningEvent warning, ClassificationInputs inputs, RiskContext risk, EventClassification classification)
    {
        ArgumentNullException.ThrowIfNull(warning);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(risk);
        ArgumentNullException.ThrowIfNull(classification);

        ReportFacts facts = Of(inputs);
        CrisisFingerprint fingerprint = WarningFingerprint.From(inputs, risk);
        AnalogueSummary? analogue = WarningFingerprint.Analogue(fingerprint);
        double probability = WarningProbability.Of(warning.Composite, warning.Severity, WarningProbability.FamiliesOf(inputs, warning.CorrelationBreaks));
        (IReadOnlyList<string> segments, IReadOnlyList<string> symbols) = Affected(facts, classification);
        var context = new ReportContext(warning, facts, risk, classification, analogue, segments, symbols);

        return new BlackSwanReport(
            Title: ReportWriter.Title(context),
            EventType: classification.EventType,
            Probability: probability,
            Confidence: classification.Confidence,
            ZScores: [.. facts.ByAbsZ.Take(MaxZScores).Select(r => new SourceZScore(r.Symbol, r.AssetClass == AssetClass.Indicator, r.ZScore))],
            Triggers: [.. classification.Triggered.Select(t => t.ToString())],
            Fingerprint: fingerprint,
            Analogue: analogue,
            Narrative: ReportWriter.Narrative(context),
            Actions: ReportWriter.Actions(context),
            Hedges: ReportWriter.Hedges(context),
            AffectedSegments: segments,
            AffectedSymbols: symbols);
    }

    // Stressed readings (|z| 3+) and the readings the fired rules cite, most stressed first.
    private static (IReadOnlyList<string> Segments, IReadOnlyList<string> Symbols) Affected(ReportFacts facts, EventClassification classification)
    {
        var cited = new HashSet<string>(StringComparer.Ordinal);
        foreach (TriggeredRule rule in classification.Triggered)
        {
            foreach (RuleEvidence evidence in rule.Evidence)
            {
                foreach (InstrumentReading r in facts.Inputs.Readings)
                {
                    if (evidence.Label.StartsWith(r.Symbol + " ", StringComparison.Ordinal))
                    {
                        cited.Add(r.Symbol);
                    }
                }
            }
        }

        var symbols = new List<string>();
        var segments = new List<string>();
        IEnumerable<InstrumentReading> involved = facts.ByAbsZ.Concat(facts.Inputs.Readings.Where(r => !double.IsFinite(r.ZScore)).OrderBy(r => r.Symbol, StringComparer.Ordinal));
        foreach (InstrumentReading r in involved)
        {
            if (Math.Abs(r.ZScore) < StressZ && !cited.Contains(r.Symbol))
            {
                continue;
            }

            if (!symbols.Contains(r.Symbol) && symbols.Count < MaxAffectedSymbols)
            {
                symbols.Add(r.Symbol);
            }

            string segment = SnakeCase(r.Segment.ToString());
            if (r.Segment != StressSegment.None && !segments.Contains(segment))
            {
                segments.Add(segment);
            }
        }

        return (segments, symbols);
    }
}

/// <summary>What the writers of a report's text need.</summary>
internal sealed record ReportContext(
    WarningEvent Warning,
    ReportFacts Facts,
    RiskContext Risk,
    EventClassification Classification,
    AnalogueSummary? Analogue,
    IReadOnlyList<string> Segments,
    IReadOnlyList<string> Symbols)
{
    public EventType EventType => Classification.EventType;

    // A closed warning has no current severity; its peak says what it was.
    public string SeverityLabel => Warning.Severity == Severity.None
        ? $"closed, peak {Warning.PeakSeverity.ToString().ToUpperInvariant()}"
        : Warning.Severity.ToString().ToUpperInvariant();
}
