namespace Vigil.Core.Instruments;

/// <summary>
/// The 18 instruments Vigil watches out of the box: equity indices, FX, rates, credit, volatility, commodities,
/// crypto and financials, one or more per stress segment. The simulator generates them and replay files that use
/// these symbols (such as the benchmark tick files) get their metadata from here.
/// </summary>
public static class DefaultUniverse
{
    /// <summary>The instruments, in the order the simulator and the benchmark files use.</summary>
    public static IReadOnlyList<InstrumentSpec> Instruments { get; } =
    [
        new("SPX", "S&P 500", AssetClass.EquityIndex, StressSegment.Equity),
        new("NDX", "Nasdaq 100", AssetClass.EquityIndex, StressSegment.Equity),
        new("SX5E", "Euro Stoxx 50", AssetClass.EquityIndex, StressSegment.Equity),
        new("NKY", "Nikkei 225", AssetClass.EquityIndex, StressSegment.Equity),
        new("EURUSD", "Euro / US dollar", AssetClass.Fx, StressSegment.Fx),
        new("USDJPY", "US dollar / Japanese yen", AssetClass.Fx, StressSegment.Fx),
        new("GBPUSD", "British pound / US dollar", AssetClass.Fx, StressSegment.Fx),
        new("UST2Y", "US Treasury 2-year yield", AssetClass.Rates, StressSegment.MoneyMarket, ValueKind.Level),
        new("UST10Y", "US Treasury 10-year yield", AssetClass.Rates, StressSegment.Bonds, ValueKind.Level),
        new("BUND10Y", "German Bund 10-year yield", AssetClass.Rates, StressSegment.Bonds, ValueKind.Level),
        new("IG_CDX", "CDX North America Investment Grade (bp)", AssetClass.Credit, StressSegment.Credit),
        new("HY_CDX", "CDX North America High Yield (bp)", AssetClass.Credit, StressSegment.Credit),
        new("VIX", "CBOE Volatility Index", AssetClass.Volatility, StressSegment.Volatility),
        new("MOVE", "ICE BofA MOVE Index", AssetClass.Volatility, StressSegment.Volatility),
        new("GOLD", "Gold spot (USD/oz)", AssetClass.Commodity, StressSegment.Commodities),
        new("WTI", "WTI crude oil (USD/bbl)", AssetClass.Commodity, StressSegment.Commodities),
        new("BTC", "Bitcoin (USD)", AssetClass.Crypto, StressSegment.Crypto),
        new("XLF", "Financial Select Sector SPDR", AssetClass.Equity, StressSegment.FinancialIntermediaries),
    ];

    /// <summary>A new registry holding the default instruments.</summary>
    public static InstrumentRegistry CreateRegistry() => new(Instruments);

    /// <summary>
    /// The spec for <paramref name="symbol"/>: the default instrument's when it is one, otherwise an unclassified
    /// series with <paramref name="valueKind"/>.
    /// </summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="valueKind">The value kind to give an unknown symbol.</param>
    public static InstrumentSpec SpecFor(string symbol, ValueKind valueKind = ValueKind.Price)
    {
        foreach (var spec in Instruments)
        {
            if (string.Equals(spec.Symbol, symbol, StringComparison.OrdinalIgnoreCase))
            {
                return spec;
            }
        }

        return new InstrumentSpec(symbol, symbol, AssetClass.Unknown, StressSegment.None, valueKind);
    }
}
