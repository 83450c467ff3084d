namespace Vigil.Engine.Warnings;

/// <summary>What kind of crisis a warning (or a past crisis) is. Serialised in snake case, for example <c>market_crash</c>.</summary>
public enum EventType
{
    /// <summary>Not classified.</summary>
    Unclassified = 0,

    /// <summary>A broad, fast fall of equity markets with volatility spiking.</summary>
    MarketCrash,

    /// <summary>A large move within minutes that mostly retraces.</summary>
    FlashCrash,

    /// <summary>Funding and market liquidity drying up: spreads widen, bonds' volatility jumps, assets are sold for cash.</summary>
    LiquidityCrisis,

    /// <summary>A currency falling fast, or a peg breaking.</summary>
    CurrencyCrisis,

    /// <summary>War, sanctions or political upheaval: sentiment collapsing with energy prices spiking.</summary>
    Geopolitical,

    /// <summary>A pandemic stopping economies.</summary>
    Pandemic,

    /// <summary>Market infrastructure failing: exchanges closed, settlement or clearing disrupted.</summary>
    Infrastructure,

    /// <summary>A cyber attack on markets or institutions.</summary>
    CyberAttack,

    /// <summary>A natural disaster with market consequences.</summary>
    NaturalDisaster,

    /// <summary>A sudden change of policy or regulation (a rate shock, a downgrade, a ban).</summary>
    RegulatoryShock,

    /// <summary>Stress spreading from one segment or institution to others.</summary>
    Contagion,

    /// <summary>The financial system itself at risk: banks, credit and correlations all under stress.</summary>
    SystemicRisk,
}

/// <summary>Event types as the wire, the stores and the kill reasons write them.</summary>
public static class EventTypeNames
{
    private static readonly string[] Names = [.. Enum.GetValues<EventType>().Select(t => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(t.ToString()))];

    /// <summary>The snake-case name, for example <c>market_crash</c>.</summary>
    /// <param name="eventType">The type.</param>
    public static string WireName(this EventType eventType) => Names[(int)eventType];

    /// <summary>Every name, in the enum's order.</summary>
    public static IReadOnlyList<string> All => Names;
}
