using Vigil.Core.Instruments;
using Vigil.Engine.Warnings.Classification;

namespace Vigil.Engine.Pipeline;

/// <summary>
/// A named indicator series (news sentiment, an energy index, bank CDS, a credit spread, ...) the engine watches
/// beside its instruments: it gets the same per-series detectors and z-scores and feeds warning classification, but
/// stays out of the state vector and the correlation matrix, so series can be added while the engine runs.
/// </summary>
/// <param name="Symbol">The unique name, for example <c>NEWS_SENTIMENT</c>; ASCII letters, digits, '_', '-' or '.', at most 64.</param>
/// <param name="Name">A readable name.</param>
/// <param name="Category">What it stands for when classifying warnings.</param>
/// <param name="Segment">The stress segment it counts towards, or <see cref="StressSegment.None"/>.</param>
public sealed record IndicatorSpec(string Symbol, string Name, IndicatorCategory Category, StressSegment Segment = StressSegment.None)
{
    /// <summary>Whether <paramref name="symbol"/> follows the naming rule: 1 to 64 ASCII letters, digits, '_', '-' or '.'.</summary>
    /// <param name="symbol">The candidate symbol.</param>
    public static bool IsValidSymbol(string? symbol) => IndicatorBook.IsValidSymbol(symbol);
}
