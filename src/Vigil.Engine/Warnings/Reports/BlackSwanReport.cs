using Vigil.Engine.Warnings.Analogues;

namespace Vigil.Engine.Warnings.Reports;

/// <summary>Where a warning stands for the people handling it.</summary>
public enum WarningStatus
{
    /// <summary>The episode is live and needs attention.</summary>
    Active = 0,

    /// <summary>Easing or acknowledged: still watched, no longer acute.</summary>
    Monitoring,

    /// <summary>Over: the engine closed the episode, or an admin resolved it.</summary>
    Resolved,
}

/// <summary>One source's z-score at the warning.</summary>
/// <param name="Source">The instrument's or indicator's symbol.</param>
/// <param name="IsIndicator">Whether it is an indicator series rather than a traded instrument.</param>
/// <param name="ZScore">The signed z-score of its latest move or value against its normal.</param>
public sealed record SourceZScore(string Source, bool IsIndicator, double ZScore);

/// <summary>The warning told in five parts, each written from the numbers of the warning.</summary>
/// <param name="Why">Root cause: what set it off, with the readings.</param>
/// <param name="How">Mechanism: how the stress is spreading (correlations, segments, credit, liquidity).</param>
/// <param name="What">Impact: what it does to portfolios (drawdowns, VaR, volatility).</param>
/// <param name="When">Timeline: when it started, how fast it moved, how long comparable episodes lasted.</param>
/// <param name="Where">Affected sectors and assets.</param>
public sealed record WarningNarrative(string Why, string How, string What, string When, string Where);

/// <summary>A hedge suggested for the event type.</summary>
/// <param name="Strategy">What to do, for example <c>Long VIX calls</c>.</param>
/// <param name="Instruments">What to trade, for example <c>VIX 1-2 month calls</c>.</param>
/// <param name="Rationale">Why it helps in this event, with the warning's numbers where they bear on it.</param>
public sealed record HedgeStrategy(string Strategy, string Instruments, string Rationale);

/// <summary>The historical crisis the warning looks most like.</summary>
/// <param name="CrisisId">The crisis's id in <see cref="CrisisLibrary"/>.</param>
/// <param name="Name">Its name.</param>
/// <param name="Start">Its acute phase's first day.</param>
/// <param name="End">Its acute phase's last day.</param>
/// <param name="EventType">Its event type.</param>
/// <param name="Similarity">Cosine similarity of the fingerprints, in [0, 1].</param>
/// <param name="Facts">What happened then.</param>
public sealed record AnalogueSummary(string CrisisId, string Name, DateOnly Start, DateOnly End, EventType EventType, double Similarity, IReadOnlyList<string> Facts);

/// <summary>The risk models' readings at the warning, for the narrative; NaN where a model is not ready.</summary>
/// <param name="Ciss">The CISS stress index, in [0, 1].</param>
/// <param name="AbsorptionShift">The absorption ratio's standardised shift (positive = markets moving together).</param>
/// <param name="Turbulence">Turbulence (Mahalanobis distance squared over the instrument count).</param>
/// <param name="Var99">One-step 99% value at risk of the equal-weight book, as a positive fraction of value.</param>
/// <param name="Es99">One-step 99% expected shortfall, as a positive fraction.</param>
/// <param name="MinDistanceToDefault">The smallest Merton distance to default among the institutions watched.</param>
/// <param name="SriskTotal">Aggregate SRISK of the institutions watched, in the model's currency units (bn).</param>
/// <param name="CrashProtectionCost">Price of a 10%-OTM one-month index put, as a fraction of the index.</param>
public sealed record RiskContext(
    double Ciss,
    double AbsorptionShift,
    double Turbulence,
    double Var99,
    double Es99,
    double MinDistanceToDefault,
    double SriskTotal,
    double CrashProtectionCost)
{
    /// <summary>No risk model ready.</summary>
    public static RiskContext Unknown { get; } = new(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
}

/// <summary>
/// What a warning means: its event type, probability and confidence, the sources and rules behind it, the closest
/// historical crisis, the narrative, and what to do. Built by <see cref="WarningReporter"/> at each warning event.
/// </summary>
/// <param name="Title">One line, for example <c>Market crash (SEVERE): SPX -6.1% intraday, VIX 41</c>.</param>
/// <param name="EventType">The classified event type.</param>
/// <param name="Probability">In [0, 1]: how likely the episode is a real crisis (method in docs/warnings.md).</param>
/// <param name="Confidence">In [0, 1]: how sure the event type is (method in docs/warnings.md).</param>
/// <param name="ZScores">Per source, largest |z| first (at most a few dozen).</param>
/// <param name="Triggers">Each classification rule that fired, with its evidence, highest priority first.</param>
/// <param name="Fingerprint">The live fingerprint on the library's scale.</param>
/// <param name="Analogue">The closest historical crisis, or null when the fingerprint is empty.</param>
/// <param name="Narrative">Why, how, what, when, where.</param>
/// <param name="Actions">Suggested actions, most urgent first.</param>
/// <param name="Hedges">Hedging strategies for the event type.</param>
/// <param name="AffectedSegments">The stress segments involved (lower-case names, for example <c>equity</c>).</param>
/// <param name="AffectedSymbols">The instruments and indicators involved, most stressed first.</param>
public sealed record BlackSwanReport(
    string Title,
    EventType EventType,
    double Probability,
    double Confidence,
    IReadOnlyList<SourceZScore> ZScores,
    IReadOnlyList<string> Triggers,
    CrisisFingerprint Fingerprint,
    AnalogueSummary? Analogue,
    WarningNarrative Narrative,
    IReadOnlyList<string> Actions,
    IReadOnlyList<HedgeStrategy> Hedges,
    IReadOnlyList<string> AffectedSegments,
    IReadOnlyList<string> AffectedSymbols);
