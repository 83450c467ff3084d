using System.Diagnostics.CodeAnalysis;
using Vigil.Core.Instruments;

namespace Vigil.Engine.Simulation;

/// <summary>
/// Four historical crises as <see cref="StressScenario"/>s, grounded in what happened and compressed into minutes of
/// event time. Moves are peak-to-trough over the scenario's onset and peak; targets are the levels volatility indices
/// and spreads reached. Where a number is not quoted in a description it is a rounded approximation of the episode.
/// Use <see cref="StressScenario.ScaleDurations"/> to play a preset slower or faster.
/// </summary>
public static class CrisisPresets
{
    /// <summary>
    /// Lehman 2008 (<c>lehman2008</c>): equities −57%, financials −80%, VIX to 80.9, high yield to 2,000 bp, yields
    /// down 1.3–3 points; 2 minutes of onset, 10 at the peak, 6 of recovery.
    /// </summary>
    public static StressScenario Lehman2008 { get; } = new()
    {
        Id = "lehman2008",
        Name = "Lehman 2008",
        Description =
            "The global financial crisis around Lehman Brothers' bankruptcy on 15 September 2008. The S&P 500 fell "
            + "56.8% from its October 2007 peak to its March 2009 trough and financial stocks lost about 80%; the VIX "
            + "closed at a record 80.86 on 20 November 2008; high-yield spreads passed 2,000 bp; oil fell from $147 "
            + "in July 2008 to about $33 in December; Treasury yields collapsed as money fled to safety and "
            + "sterling lost about 30% against the dollar. About seventeen months of peak to trough play out over 12 minutes of event time "
            + "(2 of onset, 10 at the peak), followed by 6 minutes of recovery.",
        OnsetDuration = TimeSpan.FromMinutes(2),
        Duration = TimeSpan.FromMinutes(10),
        RecoveryDuration = TimeSpan.FromMinutes(6),

        // Realised S&P 500 volatility passed 80% a year in October–November 2008, four to five times calm levels.
        VolatilityMultiplier = 4.0,
        SegmentVolatilityMultipliers = new Dictionary<StressSegment, double>
        {
            [StressSegment.FinancialIntermediaries] = 5.0,
            [StressSegment.Crypto] = 2.0,
        }.AsReadOnly(),
        CorrelationShift = 0.8,
        SegmentMoves = new Dictionary<StressSegment, double>
        {
            [StressSegment.Equity] = -0.57,
            [StressSegment.FinancialIntermediaries] = -0.80,
            [StressSegment.MoneyMarket] = -3.0,
            [StressSegment.Bonds] = -1.6,
            [StressSegment.Fx] = -0.10,

            // Bitcoin did not trade until 2010; it is stressed like a high-beta risk asset.
            [StressSegment.Crypto] = -0.50,
        }.AsReadOnly(),
        InstrumentMoves = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
        {
            ["BUND10Y"] = -1.3,
            ["USDJPY"] = -0.15,
            ["GBPUSD"] = -0.30,
            ["GOLD"] = 0.15,
            ["WTI"] = -0.60,
        }.AsReadOnly(),
        LevelTargets = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
        {
            ["VIX"] = 80.9,
            ["MOVE"] = 250,
            ["IG_CDX"] = 250,
            ["HY_CDX"] = 2_000,
        }.AsReadOnly(),
        RecoveryRetracement = 0.2,
        JumpIntensityPerMinute = 0.5,
        MeanJumpSizeDailySigmas = 2.0,
        VolumeMultiplier = 3.0,
    };

    /// <summary>
    /// COVID 2020 (<c>covid2020</c>): equities −34%, VIX to 82.7, high yield above 1,000 bp, oil −55%; 1 minute of
    /// onset, 5 at the peak, 4 of recovery.
    /// </summary>
    public static StressScenario Covid2020 { get; } = new()
    {
        Id = "covid2020",
        Name = "COVID 2020",
        Description =
            "The COVID-19 crash. The S&P 500 fell 33.9% in 23 trading days, from its record on 19 February 2020 to "
            + "23 March 2020, the fastest fall into a bear market on record, tripping market-wide circuit breakers "
            + "four times; the VIX closed at a record 82.69 on 16 March; high-yield spreads rose above 1,000 bp; oil "
            + "more than halved; the ten-year Treasury yield fell below 1% for the first time; bitcoin roughly "
            + "halved in the 12–13 March sell-off. The 23 trading days play out over 6 minutes of event time (1 of "
            + "onset, 5 at the peak), followed by 4 minutes of recovery.",
        OnsetDuration = TimeSpan.FromMinutes(1),
        Duration = TimeSpan.FromMinutes(5),
        RecoveryDuration = TimeSpan.FromMinutes(4),
        VolatilityMultiplier = 4.0,
        SegmentVolatilityMultipliers = new Dictionary<StressSegment, double>
        {
            [StressSegment.Crypto] = 2.5,
        }.AsReadOnly(),
        CorrelationShift = 0.85,
        SegmentMoves = new Dictionary<StressSegment, double>
        {
            [StressSegment.Equity] = -0.34,
            [StressSegment.FinancialIntermediaries] = -0.42,
            [StressSegment.MoneyMarket] = -1.1,
            [StressSegment.Bonds] = -0.8,
            [StressSegment.Crypto] = -0.40,
        }.AsReadOnly(),
        InstrumentMoves = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
        {
            ["BUND10Y"] = -0.2,
            ["EURUSD"] = -0.02,
            ["GBPUSD"] = -0.10,
            ["GOLD"] = -0.03,
            ["WTI"] = -0.55,
        }.AsReadOnly(),
        LevelTargets = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
        {
            ["VIX"] = 82.7,
            ["MOVE"] = 160,
            ["IG_CDX"] = 150,
            ["HY_CDX"] = 1_050,
        }.AsReadOnly(),
        RecoveryRetracement = 0.3,
        JumpIntensityPerMinute = 1.0,
        MeanJumpSizeDailySigmas = 1.5,
        VolumeMultiplier = 3.5,
    };

    /// <summary>
    /// SVB 2023 (<c>svb2023</c>): financials −7.7% against −1.8% for the index, two-year yields −100 bp, VIX only to
    /// 26.5; 30 seconds of onset, 2 minutes at the peak, 4 of recovery.
    /// </summary>
    public static StressScenario Svb2023 { get; } = new()
    {
        Id = "svb2023",
        Name = "SVB 2023",
        Description =
            "The run on Silicon Valley Bank (8–13 March 2023), a crisis contained inside the banking sector. On "
            + "9 March the KBW Bank Index fell 7.7% while the S&P 500 fell about 1.8%; SVB failed on 10 March; the "
            + "two-year Treasury yield fell more than 100 bp in three trading days, its largest fall since 1987, and "
            + "Treasury volatility (MOVE) reached its highest since 2008, yet the VIX closed no higher than 26.52 "
            + "(13 March). XLF stands in for bank stocks. The days play out over 2.5 minutes of event time "
            + "(30 seconds of onset, 2 minutes at the peak), followed by 4 minutes of recovery.",
        OnsetDuration = TimeSpan.FromSeconds(30),
        Duration = TimeSpan.FromMinutes(2),
        RecoveryDuration = TimeSpan.FromMinutes(4),
        VolatilityMultiplier = 1.3,
        SegmentVolatilityMultipliers = new Dictionary<StressSegment, double>
        {
            [StressSegment.FinancialIntermediaries] = 2.0,
            [StressSegment.MoneyMarket] = 2.5,
            [StressSegment.Bonds] = 1.8,
        }.AsReadOnly(),

        // Correlation rises among banks, equities, credit and volatility only: contagion stays in one corner.
        CorrelationShift = 0.3,
        CorrelationSegments =
        [
            StressSegment.Equity, StressSegment.FinancialIntermediaries, StressSegment.Credit, StressSegment.Volatility,
        ],
        SegmentMoves = new Dictionary<StressSegment, double>
        {
            [StressSegment.Equity] = -0.018,
            [StressSegment.FinancialIntermediaries] = -0.077,
            [StressSegment.MoneyMarket] = -1.0,
            [StressSegment.Bonds] = -0.4,
            [StressSegment.Crypto] = -0.10,
        }.AsReadOnly(),
        InstrumentMoves = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
        {
            ["BUND10Y"] = -0.3,
            ["USDJPY"] = -0.03,
            ["GOLD"] = 0.05,
        }.AsReadOnly(),
        LevelTargets = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
        {
            ["VIX"] = 26.5,
            ["MOVE"] = 190,
            ["IG_CDX"] = 85,
            ["HY_CDX"] = 520,
        }.AsReadOnly(),
        RecoveryRetracement = 0.3,
        VolumeMultiplier = 2.0,
    };

    /// <summary>
    /// Flash Crash 2010 (<c>flashcrash2010</c>): equities −9% in minutes, then 70% of it back, VIX to about 40;
    /// 30 seconds of onset, 2 minutes of falling, 4 of recovery.
    /// </summary>
    public static StressScenario FlashCrash2010 { get; } = new()
    {
        Id = "flashcrash2010",
        Name = "Flash Crash 2010",
        Description =
            "The flash crash of 6 May 2010. From about 2:32 p.m. New York time US stocks and E-mini S&P 500 futures "
            + "fell about 9% within minutes as liquidity vanished (the Dow lost nearly 1,000 points; the S&P 500 "
            + "traded 8.6% below its previous close at the low), then regained most of the fall within the hour; "
            + "the episode lasted about 36 minutes and the VIX touched about 40. It plays out over 6.5 minutes of "
            + "event time with the same shape: 30 seconds of onset and 2 minutes of falling, then 4 minutes in "
            + "which 70% of the fall is retraced.",
        OnsetDuration = TimeSpan.FromSeconds(30),
        Duration = TimeSpan.FromMinutes(2),
        RecoveryDuration = TimeSpan.FromMinutes(4),
        VolatilityMultiplier = 2.5,
        SegmentVolatilityMultipliers = new Dictionary<StressSegment, double>
        {
            // Bitcoin had no market yet in May 2010.
            [StressSegment.Crypto] = 1.0,
        }.AsReadOnly(),
        CorrelationShift = 0.7,
        SegmentMoves = new Dictionary<StressSegment, double>
        {
            [StressSegment.Equity] = -0.09,
            [StressSegment.FinancialIntermediaries] = -0.10,
            [StressSegment.MoneyMarket] = -0.05,
            [StressSegment.Bonds] = -0.10,
            [StressSegment.Credit] = 0.15,
        }.AsReadOnly(),
        InstrumentMoves = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
        {
            ["EURUSD"] = -0.015,
            ["USDJPY"] = -0.03,
            ["GOLD"] = 0.01,
            ["WTI"] = -0.04,
        }.AsReadOnly(),
        LevelTargets = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
        {
            ["VIX"] = 40.0,
            ["MOVE"] = 130,
        }.AsReadOnly(),
        RecoveryRetracement = 0.7,
        JumpIntensityPerMinute = 1.0,
        MeanJumpSizeDailySigmas = 0.6,
        VolumeMultiplier = 5.0,
    };

    /// <summary>All presets, in historical order.</summary>
    public static IReadOnlyList<StressScenario> All { get; } = [Lehman2008, FlashCrash2010, Covid2020, Svb2023];

    /// <summary>The preset ids, in the order of <see cref="All"/>.</summary>
    public static IReadOnlyList<string> Ids { get; } = ["lehman2008", "flashcrash2010", "covid2020", "svb2023"];

    /// <summary>Looks a preset up by id, ignoring case.</summary>
    /// <param name="id">The id, for example <c>covid2020</c>.</param>
    /// <param name="scenario">The preset, when found.</param>
    public static bool TryGet(string? id, [NotNullWhen(true)] out StressScenario? scenario)
    {
        foreach (var preset in All)
        {
            if (string.Equals(preset.Id, id?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                scenario = preset;
                return true;
            }
        }

        scenario = null;
        return false;
    }

    /// <summary>The preset with <paramref name="id"/>, ignoring case.</summary>
    /// <param name="id">The id, for example <c>covid2020</c>.</param>
    /// <exception cref="ArgumentException">No preset has that id; the message lists the valid ids.</exception>
    public static StressScenario Get(string id)
    {
        if (TryGet(id, out var scenario))
        {
            return scenario;
        }

        throw new ArgumentException(
            $"Unknown crisis preset '{id}'. Valid ids: {string.Join(", ", Ids)}.", nameof(id));
    }
}
