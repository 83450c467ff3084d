using Vigil.Engine.Warnings.Classification;

namespace Vigil.Engine.Pipeline;

/// <summary>
/// What well-known symbols stand for when classifying warnings (the VIX is the equity volatility index, IG_CDX an
/// investment-grade spread, ...); <see cref="EngineOptions.Categories"/> overrides and extends the table.
/// </summary>
public static class InstrumentCategories
{
    /// <summary>The built-in table, by symbol (case-insensitive).</summary>
    public static IReadOnlyDictionary<string, IndicatorCategory> BuiltIn { get; } =
        new Dictionary<string, IndicatorCategory>(StringComparer.OrdinalIgnoreCase)
        {
            ["VIX"] = IndicatorCategory.EquityVolatilityIndex,
            ["VSTOXX"] = IndicatorCategory.EquityVolatilityIndex,
            ["V2X"] = IndicatorCategory.EquityVolatilityIndex,
            ["VXN"] = IndicatorCategory.EquityVolatilityIndex,
            ["MOVE"] = IndicatorCategory.BondVolatilityIndex,
            ["IG_CDX"] = IndicatorCategory.InvestmentGradeSpread,
            ["CDX_IG"] = IndicatorCategory.InvestmentGradeSpread,
            ["ITRAXX_MAIN"] = IndicatorCategory.InvestmentGradeSpread,
            ["BAA_SPREAD"] = IndicatorCategory.InvestmentGradeSpread,
            ["BANK_CDS"] = IndicatorCategory.BankCds,
            ["US2S10S"] = IndicatorCategory.YieldCurveSlope,
            ["T10Y2Y"] = IndicatorCategory.YieldCurveSlope,
            ["WTI"] = IndicatorCategory.Energy,
            ["BRENT"] = IndicatorCategory.Energy,
            ["NATGAS"] = IndicatorCategory.Energy,
            ["XLE"] = IndicatorCategory.Energy,
            ["ITA"] = IndicatorCategory.Defence,
            ["XAR"] = IndicatorCategory.Defence,
        };

    /// <summary>The category of <paramref name="symbol"/>: the override when one names it, else the built-in table, else <see cref="IndicatorCategory.None"/>.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="overrides">Categories by symbol that win over the built-in table; matched ignoring case.</param>
    public static IndicatorCategory Of(string symbol, IReadOnlyDictionary<string, IndicatorCategory>? overrides)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        if (overrides is not null)
        {
            if (overrides.TryGetValue(symbol, out var direct))
            {
                return direct;
            }

            foreach (var (key, value) in overrides)
            {
                if (string.Equals(key, symbol, StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }
        }

        return BuiltIn.TryGetValue(symbol, out var category) ? category : IndicatorCategory.None;
    }
}
