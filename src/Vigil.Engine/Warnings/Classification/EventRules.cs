using Vigil.Core.Instruments;
using static Vigil.Engine.Warnings.Classification.RuleConditions;

namespace Vigil.Engine.Warnings.Classification;

/// <summary>
/// The classification rules, in one table (mirrored line by line in docs/warnings.md).
/// Priority, highest first: a specific cause named by its own indicator (cyber, infrastructure, pandemic, natural disaster,
/// regulatory, geopolitical) or the distinctive shape of a flash crash beats a generic market symptom; among symptoms a
/// narrower mechanism (currency, liquidity, systemic, contagion) beats the broadest one, a market crash.
/// </summary>
public static class EventRules
{
    /// <summary>A "stressed" reading or segment has |z| at least this.</summary>
    public const double StressZ = 3;

    /// <summary>The market confirmation every cause-category rule needs: an equity index down at least 2% intraday or the VIX at 25 or more.</summary>
    public const string MarketConfirmation = "an equity index down 2%+ intraday or VIX 25+";

    /// <summary>Every rule, highest priority first.</summary>
    public static IReadOnlyList<EventRule> All { get; } =
    [
        new("flash_crash.fast_move_retraced", EventType.FlashCrash,
            "An equity index moving 5%+ within a short window of at most 10 minutes, of which 50%+ has retraced", 120,
            FlashCrash),
        new("cyber_attack.incident_with_market", EventType.CyberAttack,
            $"Cyber-incident intensity z 3+ with {MarketConfirmation}", 110,
            i => Cause(i, IndicatorCategory.CyberIncident, "cyber incidents z")),
        new("infrastructure.outage_with_market", EventType.Infrastructure,
            $"Infrastructure-outage intensity z 3+ with {MarketConfirmation}", 105,
            i => Cause(i, IndicatorCategory.InfrastructureOutage, "outages z")),
        new("pandemic.news_with_market", EventType.Pandemic,
            $"Pandemic-news intensity z 3+ with {MarketConfirmation}", 100,
            i => Cause(i, IndicatorCategory.PandemicNews, "pandemic news z")),
        new("natural_disaster.news_with_market", EventType.NaturalDisaster,
            $"Natural-disaster news intensity z 3+ with {MarketConfirmation}", 95,
            i => Cause(i, IndicatorCategory.NaturalDisasterNews, "disaster news z")),
        new("regulatory_shock.policy_with_market", EventType.RegulatoryShock,
            $"Policy-news intensity z 3+ with a rates |z| 3+ or {MarketConfirmation}", 90,
            i => All(
                Best(i, r => r.Category == IndicatorCategory.PolicyNews, r => r.ZScore, "policy news z", Comparison.AtLeast, StressZ, EvidenceUnit.Plain),
                AnyOf(
                    Best(i, r => r.AssetClass == AssetClass.Rates, r => Math.Abs(r.ZScore), "|z|", Comparison.AtLeast, StressZ, EvidenceUnit.Plain),
                    Market(i)))),
        new("geopolitical.sentiment_collapse_energy_spike", EventType.Geopolitical,
            "News sentiment z -3 or lower with an energy price up 5%+ intraday", 85,
            i => All(
                Best(i, r => r.Category == IndicatorCategory.NewsSentiment, r => r.ZScore, "sentiment z", Comparison.AtMost, -StressZ, EvidenceUnit.Plain),
                Best(i, r => r.Category == IndicatorCategory.Energy, r => r.IntradayMoveFraction, "intraday move", Comparison.AtLeast, 0.05, EvidenceUnit.Percent))),
        new("systemic_risk.ig_spreads_with_correlation", EventType.SystemicRisk,
            "Investment-grade spreads above 200 bp with mean cross-asset correlation up 0.1+", 80,
            i => All(
                Best(i, r => r.Category == IndicatorCategory.InvestmentGradeSpread, r => r.Level, "spread", Comparison.Above, 200, EvidenceUnit.BasisPoints),
                CorrelationRising(i, 0.1))),
        new("systemic_risk.bank_cds_with_correlation", EventType.SystemicRisk,
            "Bank CDS z 3+ with mean cross-asset correlation up 0.1+", 79,
            i => All(
                Best(i, r => r.Category == IndicatorCategory.BankCds, r => r.ZScore, "CDS z", Comparison.AtLeast, StressZ, EvidenceUnit.Plain),
                CorrelationRising(i, 0.1))),
        new("market_crash.vix_and_equity_fall", EventType.MarketCrash,
            "VIX above 35 with an equity index down more than 4% intraday", 77,
            i => All(
                Best(i, r => r.Category == IndicatorCategory.EquityVolatilityIndex, r => r.Level, "level", Comparison.Above, 35, EvidenceUnit.Plain),
                Best(i, r => r.AssetClass == AssetClass.EquityIndex, r => -r.IntradayMoveFraction, "intraday fall", Comparison.Above, 0.04, EvidenceUnit.Percent))),
        new("contagion.segments_and_correlation", EventType.Contagion,
            "Three or more stress segments each with a reading at |z| 3+, with mean cross-asset correlation up 0.15+", 75,
            i => All(StressedSegments(i, 3), CorrelationRising(i, 0.15))),
        new("contagion.financials_spreading", EventType.Contagion,
            "Bank stocks (the financial-intermediaries segment) down 5%+ intraday with a stressed reading (|z| 3+) in two or more other segments", 74,
            i => All(
                Best(i, r => r.Segment == StressSegment.FinancialIntermediaries && r.Category == IndicatorCategory.None, r => -r.IntradayMoveFraction, "intraday fall", Comparison.AtLeast, 0.05, EvidenceUnit.Percent),
                StressedSegments(i, 2, except: StressSegment.FinancialIntermediaries))),
        new("currency_crisis.fx_move", EventType.CurrencyCrisis,
            "A currency pair moving 5%+ (either way) over the short or intraday window", 70,
            i => All(Best(i, r => r.AssetClass == AssetClass.Fx,
                r => Math.Max(Math.Abs(r.ShortMoveFraction), Math.Abs(r.IntradayMoveFraction)), "|move|", Comparison.AtLeast, 0.05, EvidenceUnit.Percent))),
        new("currency_crisis.inversion_with_fx_volatility", EventType.CurrencyCrisis,
            "An inverted yield curve (slope below 0) with an FX |z| 3+", 69,
            i => All(
                Best(i, r => r.Category == IndicatorCategory.YieldCurveSlope, r => r.Level, "slope", Comparison.Below, 0, EvidenceUnit.PercentagePoints),
                Best(i, r => r.AssetClass == AssetClass.Fx, r => Math.Abs(r.ZScore), "|z|", Comparison.AtLeast, StressZ, EvidenceUnit.Plain))),
        new("liquidity_crisis.spreads_wide", EventType.LiquidityCrisis,
            "A bid-ask spread 3× its normal or wider", 65,
            i => All(Best(i, r => r.SpreadMultiple.HasValue, r => r.SpreadMultiple ?? double.NaN, "bid-ask spread", Comparison.AtLeast, 3, EvidenceUnit.Multiple))),
        new("liquidity_crisis.bond_volatility", EventType.LiquidityCrisis,
            "The MOVE bond-volatility index above 150", 64,
            i => All(Best(i, r => r.Category == IndicatorCategory.BondVolatilityIndex, r => r.Level, "level", Comparison.Above, 150, EvidenceUnit.Plain))),
    ];

    /// <summary>An event type's priority: that of its highest-priority rule; 0 for <see cref="EventType.Unclassified"/>.</summary>
    /// <param name="eventType">The type.</param>
    public static int PriorityOf(EventType eventType)
    {
        var priority = 0;
        foreach (var rule in All)
        {
            if (rule.EventType == eventType && rule.Priority > priority)
            {
                priority = rule.Priority;
            }
        }

        return priority;
    }

    private static IReadOnlyList<RuleEvidence>? FlashCrash(ClassificationInputs inputs)
    {
        RuleEvidence? window = Check("short window", inputs.ShortWindow.TotalMinutes, Comparison.AtMost, 10, EvidenceUnit.Minutes);
        if (window is null)
        {
            return null;
        }

        // The big move and its retracement must belong to the same instrument, so pick per reading rather than per condition.
        IReadOnlyList<RuleEvidence>? best = null;
        // Equity indices only: a single stock, a coin or a commodity swings 5% and back in minutes far more often, and
        // a flash crash is a market-wide air pocket.
        foreach (InstrumentReading reading in inputs.Readings)
        {
            if (reading.AssetClass != AssetClass.EquityIndex)
            {
                continue;
            }

            IReadOnlyList<RuleEvidence>? found = All(
                window,
                Check($"{reading.Symbol} |short move|", Math.Abs(reading.ShortMoveFraction), Comparison.AtLeast, 0.05, EvidenceUnit.Percent),
                Check($"{reading.Symbol} retraced", reading.ShortRetracementFraction, Comparison.AtLeast, 0.5, EvidenceUnit.Percent));
            if (found is not null && (best is null || found.Min(e => e.Strength) > best.Min(e => e.Strength)))
            {
                best = found;
            }
        }

        return best;
    }

    private static IReadOnlyList<RuleEvidence>? Cause(ClassificationInputs inputs, IndicatorCategory category, string what) =>
        All(Best(inputs, r => r.Category == category, r => r.ZScore, what, Comparison.AtLeast, StressZ, EvidenceUnit.Plain), Market(inputs));

    private static RuleEvidence? Market(ClassificationInputs inputs) => AnyOf(
        Best(inputs, r => r.AssetClass == AssetClass.EquityIndex, r => -r.IntradayMoveFraction, "intraday fall", Comparison.AtLeast, 0.02, EvidenceUnit.Percent),
        Best(inputs, r => r.Category == IndicatorCategory.EquityVolatilityIndex, r => r.Level, "level", Comparison.AtLeast, 25, EvidenceUnit.Plain));

    private static RuleEvidence? CorrelationRising(ClassificationInputs inputs, double minimumRise) =>
        Check("mean correlation change", inputs.MeanCorrelationChange, Comparison.AtLeast, minimumRise, EvidenceUnit.Plain);

    private static RuleEvidence? StressedSegments(ClassificationInputs inputs, int minimumSegments, StressSegment except = StressSegment.None)
    {
        SortedSet<StressSegment> stressed = [];
        foreach (InstrumentReading reading in inputs.Readings)
        {
            if (reading.Segment != StressSegment.None && reading.Segment != except && Math.Abs(reading.ZScore) >= StressZ)
            {
                stressed.Add(reading.Segment);
            }
        }

        return Check($"stressed segments ({string.Join(", ", stressed)})", stressed.Count, Comparison.AtLeast, minimumSegments, EvidenceUnit.Plain);
    }
}
