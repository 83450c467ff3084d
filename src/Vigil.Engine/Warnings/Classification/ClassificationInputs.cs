using Vigil.Core.Instruments;

namespace Vigil.Engine.Warnings.Classification;

/// <summary>What a series stands for when classifying, beyond its asset class. Lets rules find "the VIX" or "the news sentiment" without knowing symbols.</summary>
public enum IndicatorCategory
{
    /// <summary>A plain market price or rate with no special role.</summary>
    None = 0,

    /// <summary>The equity implied-volatility index (VIX); level in volatility points.</summary>
    EquityVolatilityIndex,

    /// <summary>The bond implied-volatility index (MOVE); level in basis points.</summary>
    BondVolatilityIndex,

    /// <summary>An investment-grade corporate credit spread; level in basis points.</summary>
    InvestmentGradeSpread,

    /// <summary>A bank credit default swap spread or index; level in basis points.</summary>
    BankCds,

    /// <summary>A yield-curve slope (long minus short yield); level in percentage points, negative when inverted.</summary>
    YieldCurveSlope,

    /// <summary>Energy prices (oil, gas).</summary>
    Energy,

    /// <summary>Defence-sector equities.</summary>
    Defence,

    /// <summary>A news-sentiment score; a collapse shows as a large negative z.</summary>
    NewsSentiment,

    /// <summary>An intensity of pandemic or outbreak news or case counts.</summary>
    PandemicNews,

    /// <summary>An intensity of market-infrastructure outage reports (exchange halts, settlement failures).</summary>
    InfrastructureOutage,

    /// <summary>An intensity of cyber-incident reports.</summary>
    CyberIncident,

    /// <summary>An intensity of natural-disaster reports (earthquake, hurricane, flood).</summary>
    NaturalDisasterNews,

    /// <summary>An intensity of policy or regulatory announcements (surprise rate moves, bans, downgrades).</summary>
    PolicyNews,
}

/// <summary>What the engine knows about one instrument or indicator at the moment of a warning.</summary>
/// <param name="Symbol">The instrument's symbol, used in evidence text.</param>
/// <param name="AssetClass">The instrument's asset class.</param>
/// <param name="Segment">The stress segment it counts towards.</param>
/// <param name="Category">Its role for classification; <see cref="IndicatorCategory.None"/> for plain prices.</param>
/// <param name="Level">The latest value, in the instrument's own unit (see <see cref="IndicatorCategory"/> for the units rules rely on).</param>
/// <param name="ShortMoveFraction">Signed relative move over the short window (0.05 = +5%); for rates and spreads the engine may pass 0.</param>
/// <param name="IntradayMoveFraction">Signed relative move over the intraday (or one-step daily) window.</param>
/// <param name="ShortRetracementFraction">Share of the short window's largest move that has since been retraced, in [0, 1]; 0 when unknown.</param>
/// <param name="ZScore">Signed z-score of the latest value or move against its normal; for news-intensity series, how unusual the intensity is.</param>
/// <param name="SpreadMultiple">Bid-ask spread as a multiple of its normal (1 = normal), or null when not known.</param>
public sealed record InstrumentReading(
    string Symbol,
    AssetClass AssetClass,
    StressSegment Segment,
    IndicatorCategory Category,
    double Level,
    double ShortMoveFraction,
    double IntradayMoveFraction,
    double ShortRetracementFraction,
    double ZScore,
    double? SpreadMultiple);

/// <summary>Everything the classifier looks at for one warning.</summary>
/// <param name="Readings">One reading per instrument or indicator.</param>
/// <param name="ShortWindow">The length of the short window behind <see cref="InstrumentReading.ShortMoveFraction"/> (10 minutes live, 1 day for daily data).</param>
/// <param name="MeanCorrelation">Mean pairwise cross-asset correlation now, in [-1, 1].</param>
/// <param name="MeanCorrelationChange">Change of <paramref name="MeanCorrelation"/> against its normal (positive = correlations rising).</param>
/// <param name="CorrelationBreaks">How many instrument pairs broke their usual correlation.</param>
public sealed record ClassificationInputs(
    IReadOnlyList<InstrumentReading> Readings,
    TimeSpan ShortWindow,
    double MeanCorrelation,
    double MeanCorrelationChange,
    int CorrelationBreaks);
