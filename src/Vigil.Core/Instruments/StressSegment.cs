namespace Vigil.Core.Instruments;

/// <summary>
/// The market segment an instrument's stress counts towards. The first five are the segments of the ECB's
/// composite indicator of systemic stress (CISS); the others cover markets the CISS leaves out.
/// </summary>
public enum StressSegment
{
    /// <summary>Not assigned to a segment.</summary>
    None = 0,

    /// <summary>Money market: interbank rates, short-term funding.</summary>
    MoneyMarket,

    /// <summary>Bond market: government yields and their volatility.</summary>
    Bonds,

    /// <summary>Equity market: broad equity indices.</summary>
    Equity,

    /// <summary>Financial intermediaries: bank and financial-sector equity and credit.</summary>
    FinancialIntermediaries,

    /// <summary>Foreign exchange.</summary>
    Fx,

    /// <summary>Implied volatility.</summary>
    Volatility,

    /// <summary>Corporate credit spreads.</summary>
    Credit,

    /// <summary>Commodities.</summary>
    Commodities,

    /// <summary>Crypto assets.</summary>
    Crypto,
}
