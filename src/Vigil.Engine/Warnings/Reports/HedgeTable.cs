namespace Vigil.Engine.Warnings.Reports;

/// <summary>
/// The hedges suggested for each event type, in one table (mirrored row by row in docs/warnings.md, which a test
/// checks). Each event type lists its hedges most direct first.
/// </summary>
public static class HedgeTable
{
    /// <summary>Every event type's hedges.</summary>
    public static IReadOnlyDictionary<EventType, IReadOnlyList<HedgeStrategy>> All { get; } = new Dictionary<EventType, IReadOnlyList<HedgeStrategy>>
    {
        [EventType.MarketCrash] =
        [
            new("Long VIX calls", "VIX 1-2 month calls", "Implied volatility rises fastest when equities fall hardest."),
            new("Put spreads on SPY/QQQ", "SPY and QQQ 1-3 month put spreads", "Cap the cost of crash protection while covering the next leg down."),
            new("Long Treasury duration", "10-30 year Treasuries, TLT", "Government bonds usually rally as money flees equities and rate-cut expectations rise."),
            new("Lower equity beta", "Index futures short, trim high-beta names", "Less exposure to the market's fall itself."),
        ],
        [EventType.FlashCrash] =
        [
            new("Cancel resting stop orders", "Stop and stop-market orders on the affected names", "Stops fill at the worst prints in a move that mostly retraces."),
            new("Use limit orders only", "All venues", "Quotes are thin; market orders pay the widest spreads."),
            new("Short-dated index puts", "SPX or SPY weekly puts", "Cheap cover if the retracement fails and the move resumes."),
        ],
        [EventType.LiquidityCrisis] =
        [
            new("Raise cash", "Cash, overnight money-market funds", "Cash meets margin calls without forced sales into thin markets."),
            new("Exit illiquid positions", "Small caps, high yield, EM debt, structured credit", "Bid-ask spreads and price impact grow the longer the stress lasts."),
            new("T-bill ladder", "1-6 month Treasury bills", "Holds value and matures into cash on a schedule."),
            new("Gold", "Gold, GLD", "A reserve asset outside the banking system's balance sheets."),
        ],
        [EventType.CurrencyCrisis] =
        [
            new("Long USD", "DXY, USD against the falling currency", "The dollar is the funding currency everyone buys back in a currency crisis."),
            new("Safe-haven FX", "JPY and CHF against the falling currency", "Carry trades unwind into the yen and the franc."),
            new("Cut EM exposure", "EM equities, EM local-currency debt", "Currency losses compound asset losses for foreign holders."),
            new("Commodity hedges", "Gold, exporters' commodities", "Real assets hold value as the currency loses it."),
        ],
        [EventType.Geopolitical] =
        [
            new("Long energy", "Brent and WTI futures or calls", "Conflict and sanctions threaten supply."),
            new("Long defence equities", "Defence-sector ETFs", "Spending rises with conflict."),
            new("Gold and safe-haven FX", "Gold, CHF, JPY", "Money seeks assets outside the conflict."),
            new("Index puts", "SPX or regional index puts", "Cover for a broader sell-off if sentiment keeps falling."),
        ],
        [EventType.Pandemic] =
        [
            new("Index puts", "SPX and SPY 1-3 month puts", "Economies stopping hits earnings broadly."),
            new("Long Treasury duration", "10-30 year Treasuries", "Central banks cut and buy bonds."),
            new("Underweight travel and energy", "Airlines, cruise lines, oil producers", "Demand for movement collapses first."),
            new("Overweight healthcare and stay-at-home", "Healthcare, software, online retail", "Demand shifts to them."),
        ],
        [EventType.Infrastructure] =
        [
            new("Reduce open positions on the affected venues", "Orders and positions on halted or degraded venues", "They cannot be managed while the venue is down."),
            new("Route to alternative venues", "Other exchanges, OTC", "Keeps hedges adjustable while the primary venue is out."),
            new("Raise cash for settlement", "Cash, overnight funding", "Failed settlements can leave cash short."),
        ],
        [EventType.CyberAttack] =
        [
            new("Cut exposure to the affected institutions", "Their equity and credit", "Losses and fines follow breaches."),
            new("Hold cash at several banks", "Cash split across banks and custodians", "One institution's outage does not strand all funds."),
            new("Long cybersecurity equities", "Cybersecurity ETFs", "Spending on defence rises after attacks."),
            new("Index puts", "SPX puts", "Cover if the attack spreads to markets at large."),
        ],
        [EventType.NaturalDisaster] =
        [
            new("Underweight insurers and reinsurers", "Property and casualty insurers, reinsurers", "They pay the claims."),
            new("Long rebuilding", "Materials, construction, utilities' suppliers", "Reconstruction demand follows."),
            new("Hedge the region's currency", "The affected country's currency", "Capital leaves and the central bank may ease."),
            new("Commodity hedges", "Commodities produced in the region", "Supply is disrupted."),
        ],
        [EventType.RegulatoryShock] =
        [
            new("Cut duration or pay rates", "Interest-rate swaps, short Treasury futures", "A surprise tightening hurts long bonds."),
            new("Hedge the affected sector", "Puts on the sector hit by the rule", "The change lands on it first."),
            new("Rate-volatility protection", "Swaptions, MOVE-linked options", "Rates volatility rises after policy surprises."),
            new("Quality tilt", "Low-leverage, cash-rich companies", "They need no refinancing at the new rates."),
        ],
        [EventType.Contagion] =
        [
            new("Cut cross-segment exposure", "Positions in every stressed segment", "Correlations rise, so diversification stops working."),
            new("Index puts", "SPX and sector puts", "Cover the common factor that now drives everything."),
            new("Long Treasury duration", "10-30 year Treasuries", "A flight to quality usually lifts them."),
            new("Raise cash", "Cash, T-bills", "Keeps room to act as stress spreads."),
        ],
        [EventType.SystemicRisk] =
        [
            new("CDS protection", "CDX IG and HY, bank single-name CDS", "Pays out as default risk in the system rises."),
            new("Underweight banks", "Bank equities and subordinated debt", "Banks are at the centre of systemic stress."),
            new("Short high yield", "HYG, JNK, HY CDX", "High yield reprices fastest when funding tightens."),
            new("Quality tilt", "Low-leverage, cash-rich companies, Treasuries", "Balance-sheet strength matters most when credit closes."),
        ],
        [EventType.Unclassified] =
        [
            new("Review gross and net exposure", "The whole book", "The stress has no clear type yet, so no targeted hedge is known."),
            new("Index puts", "SPX or SPY 1-3 month puts", "General cover while the picture clears."),
            new("Raise cash", "Cash, T-bills", "Keeps options open."),
        ],
    };

    /// <summary>The hedges for <paramref name="type"/>.</summary>
    /// <param name="type">The event type.</param>
    public static IReadOnlyList<HedgeStrategy> For(EventType type) =>
        All.TryGetValue(type, out IReadOnlyList<HedgeStrategy>? hedges) ? hedges : All[EventType.Unclassified];
}
