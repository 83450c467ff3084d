namespace Vigil.Engine.Warnings.Analogues;

/// <summary>A past crisis: when it happened, what happened, and its fingerprint across markets.</summary>
/// <param name="Id">A stable id, for example <c>lehman_2008</c>.</param>
/// <param name="Name">A readable name.</param>
/// <param name="Start">The first day of the acute phase.</param>
/// <param name="End">The last day of the acute phase (the trough, or the point stress eased).</param>
/// <param name="EventType">What kind of crisis it was.</param>
/// <param name="Facts">What happened, in numbers (each a short sentence).</param>
/// <param name="Fingerprint">Its shape across markets, each dimension in [0, 1].</param>
public sealed record HistoricalCrisis(
    string Id,
    string Name,
    DateOnly Start,
    DateOnly End,
    EventType EventType,
    IReadOnlyList<string> Facts,
    CrisisFingerprint Fingerprint);

/// <summary>The past crisis most like the present, and how alike.</summary>
/// <param name="Crisis">The crisis.</param>
/// <param name="Similarity">The cosine similarity of the fingerprints, in [0, 1].</param>
public sealed record AnalogueMatch(HistoricalCrisis Crisis, double Similarity);
