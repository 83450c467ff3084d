namespace Vigil.Core.Instruments;

/// <summary>What kind of market an instrument trades in.</summary>
public enum AssetClass
{
    /// <summary>Unknown or not yet classified (for example a symbol first seen in a replay file).</summary>
    Unknown = 0,

    /// <summary>An equity index (S&amp;P 500, Euro Stoxx 50, Nikkei).</summary>
    EquityIndex,

    /// <summary>A single stock or a sector fund.</summary>
    Equity,

    /// <summary>A currency pair.</summary>
    Fx,

    /// <summary>A government bond yield or rate.</summary>
    Rates,

    /// <summary>A credit spread or credit default swap index.</summary>
    Credit,

    /// <summary>An implied-volatility index (VIX, MOVE).</summary>
    Volatility,

    /// <summary>A commodity (gold, oil).</summary>
    Commodity,

    /// <summary>A crypto asset.</summary>
    Crypto,

    /// <summary>A non-price indicator series (a stress index, a sentiment score, a macro series).</summary>
    Indicator,
}
