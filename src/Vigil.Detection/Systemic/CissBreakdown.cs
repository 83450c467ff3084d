namespace Vigil.Detection.Systemic;

/// <summary>The CISS and what it is made of at one step, for the API and the dashboard (plain values, JSON-friendly).</summary>
/// <param name="IsReady">Whether every included segment has a ready indicator; when false the index and its parts are null.</param>
/// <param name="Steps">The market steps seen.</param>
/// <param name="Index">The CISS s'·C·s, in [0, 1]; null when not ready.</param>
/// <param name="SumOfSquares">Σ (w_i z_i)², the index with every cross-correlation 0; null when not ready.</param>
/// <param name="CorrelationPart">The index less <paramref name="SumOfSquares"/>: the part due to correlation between segments; null when not ready.</param>
/// <param name="WeightsRenormalised">True when a segment has no instrument, is left out, and the other weights are divided by their sum.</param>
/// <param name="Segments">The five segments in CISS order, included or not.</param>
/// <param name="CorrelationSegments">The names of the included segments, the rows and columns of <paramref name="Correlations"/>.</param>
/// <param name="Correlations">The EWMA cross-correlations of the included segments' sub-indices, in [−1, 1]; empty when not ready.</param>
/// <param name="Indicators">Every raw indicator with its latest value and transform.</param>
public sealed record CissBreakdown(
    bool IsReady,
    long Steps,
    double? Index,
    double? SumOfSquares,
    double? CorrelationPart,
    bool WeightsRenormalised,
    IReadOnlyList<CissSegmentBreakdown> Segments,
    IReadOnlyList<string> CorrelationSegments,
    IReadOnlyList<IReadOnlyList<double>> Correlations,
    IReadOnlyList<CissIndicatorBreakdown> Indicators);

/// <summary>One segment's part of the CISS.</summary>
/// <param name="Segment">The segment's name (<see cref="CissSegment"/>).</param>
/// <param name="Included">Whether any instrument maps to it; a left-out segment has weight 0 and no values.</param>
/// <param name="Symbols">The instruments that map to it.</param>
/// <param name="ConfiguredWeight">The weight from the options.</param>
/// <param name="Weight">The weight used, after renormalising over the included segments; in [0, 1].</param>
/// <param name="SubIndex">The mean of its ready indicators' empirical-CDF values, in (0, 1]; null when none is ready.</param>
/// <param name="WeightedSubIndex">Weight × sub-index; null when not ready.</param>
/// <param name="Contribution">w_i z_i · Σ_j C_ij w_j z_j: its share of the index (the shares sum to the index); null when not ready.</param>
public sealed record CissSegmentBreakdown(
    string Segment,
    bool Included,
    IReadOnlyList<string> Symbols,
    double ConfiguredWeight,
    double Weight,
    double? SubIndex,
    double? WeightedSubIndex,
    double? Contribution);

/// <summary>One raw stress indicator.</summary>
/// <param name="Symbol">The instrument it is taken from.</param>
/// <param name="Segment">The segment it counts towards.</param>
/// <param name="Kind">The indicator (<see cref="CissIndicatorKind"/>).</param>
/// <param name="Observations">The values its empirical CDF holds.</param>
/// <param name="Value">The latest raw value (volatility per step, CMAX in [0, 1), or the level); null before the first.</param>
/// <param name="Transformed">The latest empirical-CDF value in (0, 1]; null until it holds enough values to count.</param>
public sealed record CissIndicatorBreakdown(
    string Symbol,
    string Segment,
    string Kind,
    int Observations,
    double? Value,
    double? Transformed);
