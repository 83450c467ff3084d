using Vigil.Core.Instruments;
using Vigil.Engine.Live;
using Vigil.Engine.Warnings;
using Vigil.Engine.Warnings.Analogues;
using Vigil.Engine.Warnings.Classification;
using Vigil.Engine.Warnings.Reports;

namespace Vigil.Storage.Tests;

/// <summary>Warning events with reports built by the engine's reporter over crafted readings.</summary>
internal static class TestReports
{
    public static ClassificationInputs MarketCrash { get; } = new(
        [
            Reading("SPX", AssetClass.EquityIndex, StressSegment.Equity, IndicatorCategory.None, 4100, -0.09, -0.09, -6.5),
            Reading("VIX", AssetClass.Volatility, StressSegment.Volatility, IndicatorCategory.EquityVolatilityIndex, 48, 0.6, 0.6, 7.2),
        ],
        TimeSpan.FromMinutes(10),
        0.7,
        0.3,
        4);

    public static ClassificationInputs LiquidityCrisis { get; } = new(
        [Reading("MOVE", AssetClass.Volatility, StressSegment.Volatility, IndicatorCategory.BondVolatilityIndex, 175, 0.3, 0.3, 4.1)],
        TimeSpan.FromMinutes(10),
        0.4,
        0.1,
        1);

    /// <summary>The event with a report from <see cref="WarningReporter"/>, the analogue and the narrative filled in as the engine will.</summary>
    public static PublishedWarning WithReport(PublishedWarning published, ClassificationInputs inputs, WarningStatus status, string crisisId = "black_monday_1987")
    {
        var report = new WarningReporter().Build(published.Warning, inputs, RiskContext.Unknown);
        var crisis = CrisisLibrary.Find(crisisId)!;
        report = report with
        {
            ZScores = [.. inputs.Readings.Select(r => new SourceZScore(r.Symbol, r.Category != IndicatorCategory.None, r.ZScore))],
            Fingerprint = crisis.Fingerprint with { Speed = 0.9 },
            Analogue = new AnalogueSummary(crisis.Id, crisis.Name, crisis.Start, crisis.End, crisis.EventType, 0.87, crisis.Facts),
            Narrative = new WarningNarrative("SPX fell 9%", "Correlations rose 0.3", "VaR doubled", "Within 10 minutes", "Equity, volatility"),
            Actions = ["Cut equity beta"],
            Hedges = [new HedgeStrategy("Long VIX calls", "VIX 1-2 month calls", "VIX at 48 still below 1987 levels")],
            AffectedSegments = ["equity", "volatility"],
            AffectedSymbols = ["SPX", "VIX"],
        };
        return published with { Warning = published.Warning with { Report = report, Status = status } };
    }

    private static InstrumentReading Reading(string symbol, AssetClass assetClass, StressSegment segment, IndicatorCategory category, double level, double shortMove, double intradayMove, double z) =>
        new(symbol, assetClass, segment, category, level, shortMove, intradayMove, 0, z, null);
}
