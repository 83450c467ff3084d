using Vigil.Core.Instruments;

namespace Vigil.Detection.Systemic;

/// <summary>The five market segments of the CISS (Holló, Kremer and Lo Duca, 2012), in the index's order.</summary>
public enum CissSegment
{
    /// <summary>Money market: short-term rates and funding spreads.</summary>
    MoneyMarket = 0,

    /// <summary>Bond market: government yields, their volatility, corporate spreads, bond implied volatility.</summary>
    Bonds = 1,

    /// <summary>Equity market: broad equity indices and equity implied volatility.</summary>
    Equity = 2,

    /// <summary>Financial intermediaries: bank and financial-sector equity.</summary>
    FinancialIntermediaries = 3,

    /// <summary>Foreign exchange.</summary>
    Fx = 4,
}

/// <summary>The raw stress indicator taken from an instrument; an instrument gives one or two.</summary>
public enum CissIndicatorKind
{
    /// <summary>Realised volatility: the root of an exponentially weighted mean of squared log returns (prices) or squared changes (levels).</summary>
    RealisedVolatility = 0,

    /// <summary>CMAX, the maximum cumulated loss: 1 − P_t / max P over the window, in [0, 1).</summary>
    Cmax,

    /// <summary>The level itself, for series whose level is the stress (credit spreads, implied-volatility indices, spread indicators).</summary>
    Level,
}

/// <summary>
/// Which CISS segment an instrument counts towards and which raw indicators it gives, from its metadata. One table,
/// so the choice is in one place:
/// <list type="table">
/// <item><term>StressSegment MoneyMarket</term><description>money market (UST2Y, T-bill rates, funding spreads)</description></item>
/// <item><term>StressSegment Bonds, Credit</term><description>bond market (UST10Y, BUND10Y, credit spreads: the paper's bond segment holds the corporate–government spread)</description></item>
/// <item><term>StressSegment Equity</term><description>equity market (SPX, NDX, SX5E, NKY)</description></item>
/// <item><term>StressSegment FinancialIntermediaries</term><description>financial intermediaries (XLF, bank stocks)</description></item>
/// <item><term>StressSegment Fx</term><description>foreign exchange</description></item>
/// <item><term>AssetClass Volatility (StressSegment Volatility)</term><description>bond market for bond-volatility indices (MOVE, SRVIX, TYVIX), equity market for every other implied-volatility index (VIX, VSTOXX, VXN)</description></item>
/// <item><term>StressSegment None</term><description>by asset class: equity index → equity, FX → FX, rates and credit → bonds, volatility as above; anything else is left out</description></item>
/// <item><term>Commodities, crypto, everything else</term><description>left out: the CISS has no segment for them</description></item>
/// </list>
/// The indicators: credit spreads, implied-volatility indices and indicator series give their level (the level is the
/// stress); rates and other level series give the realised volatility of their changes; FX pairs give realised
/// volatility; equity and other prices give realised volatility and CMAX.
/// </summary>
public static class CissSegmentMap
{
    /// <summary>The implied-volatility indices of bond markets; every other volatility index counts as equity.</summary>
    private static readonly string[] BondVolatilityIndices = ["MOVE", "SRVIX", "TYVIX"];

    /// <summary>The CISS segment of <paramref name="instrument"/>, or null when the CISS leaves it out.</summary>
    /// <param name="instrument">The instrument.</param>
    public static CissSegment? SegmentOf(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        if (instrument.AssetClass == AssetClass.Volatility)
        {
            return IsBondVolatility(instrument.Symbol) ? CissSegment.Bonds : CissSegment.Equity;
        }

        return instrument.Segment switch
        {
            StressSegment.MoneyMarket => CissSegment.MoneyMarket,
            StressSegment.Bonds or StressSegment.Credit => CissSegment.Bonds,
            StressSegment.Equity => CissSegment.Equity,
            StressSegment.FinancialIntermediaries => CissSegment.FinancialIntermediaries,
            StressSegment.Fx => CissSegment.Fx,
            StressSegment.None => instrument.AssetClass switch
            {
                AssetClass.EquityIndex => CissSegment.Equity,
                AssetClass.Fx => CissSegment.Fx,
                AssetClass.Rates or AssetClass.Credit => CissSegment.Bonds,
                _ => null,
            },
            _ => null,
        };
    }

    /// <summary>Whether <paramref name="instrument"/> gives the realised-volatility indicator.</summary>
    /// <param name="instrument">The instrument.</param>
    public static bool HasVolatility(Instrument instrument) => !IsLevelIndicator(instrument);

    /// <summary>Whether <paramref name="instrument"/> gives the CMAX indicator: prices other than FX whose level is not itself the stress.</summary>
    /// <param name="instrument">The instrument.</param>
    public static bool HasCmax(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return instrument.ValueKind == ValueKind.Price && instrument.AssetClass != AssetClass.Fx && !IsLevelIndicator(instrument);
    }

    /// <summary>Whether the level of <paramref name="instrument"/> is itself the stress indicator (spreads, implied volatility, indicator series).</summary>
    /// <param name="instrument">The instrument.</param>
    public static bool IsLevelIndicator(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return instrument.AssetClass is AssetClass.Credit or AssetClass.Volatility or AssetClass.Indicator;
    }

    private static bool IsBondVolatility(string symbol)
    {
        foreach (var name in BondVolatilityIndices)
        {
            if (string.Equals(name, symbol, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
