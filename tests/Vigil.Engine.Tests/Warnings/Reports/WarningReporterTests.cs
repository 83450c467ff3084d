using System.Text.Json;
using Vigil.Core.Instruments;
using Vigil.Engine.Warnings;
using Vigil.Engine.Warnings.Analogues;
using Vigil.Engine.Warnings.Classification;
using Vigil.Engine.Warnings.Reports;
using static Vigil.Engine.Tests.Warnings.Readings;

namespace Vigil.Engine.Tests.Warnings.Reports;

public sealed class WarningReporterTests
{
    private const long OpenedNs = 1_700_000_000_000_000_000; // 2023-11-14T22:13:20Z

    private static readonly WarningReporter Reporter = new();

    private static readonly RiskContext Risk = new(Ciss: 0.85, AbsorptionShift: 2.4, Turbulence: 9.5, Var99: 0.041, Es99: 0.056,
        MinDistanceToDefault: 1.8, SriskTotal: 540, CrashProtectionCost: 0.023);

    internal static WarningEvent Warning(Severity severity, double composite, WarningTransition kind = WarningTransition.Opened, long durationNs = 0) => new()
    {
        Kind = kind,
        WarningId = "W000007",
        TimestampNs = OpenedNs + durationNs,
        OpenedAtNs = OpenedNs,
        Severity = severity,
        PreviousSeverity = Severity.None,
        PeakSeverity = severity == Severity.None ? Severity.Severe : severity,
        Composite = composite,
        PeakComposite = Math.Max(composite, 0.8),
        MaxAbsZ = 12,
        MaxAbsZSymbol = "SPX",
        CorrelationBreaks = 4,
        SignalCount = 6,
        Contributions = [new DetectorContribution("isolation_forest", 0.97, 0.71, 0.34), new DetectorContribution("ciss", 0.9, 0.85, 0.22)],
        Signals = [new WarningSignal("SPX", "price_spike", 12.3)],
        Breaks = [new CorrelationBreakInfo("SPX", "TLT", -0.3, 0.65)],
        Summary = "test",
    };

    /// <summary>Black Monday: the S&amp;P down a fifth in a day, the VIX-equivalent near 150, everything falling together, credit and currencies barely moving.</summary>
    internal static ClassificationInputs Crash1987() => new(
        [
            R("SPX", AssetClass.EquityIndex, StressSegment.Equity, intradayMove: -0.205, shortMove: -0.04, z: -12, spread: 2.9),
            R("INDU", AssetClass.EquityIndex, StressSegment.Equity, intradayMove: -0.226, z: -11.5),
            R("VIX", AssetClass.Volatility, StressSegment.Volatility, IndicatorCategory.EquityVolatilityIndex, level: 150, z: 15),
            R("US10Y", AssetClass.Rates, StressSegment.Bonds, z: -2.8),
            R("HYG", AssetClass.Credit, StressSegment.Credit, z: 2.4),
            R("DXY", AssetClass.Fx, StressSegment.Fx, intradayMove: -0.02, z: -2.5),
        ],
        TimeSpan.FromMinutes(10), MeanCorrelation: 0.8, MeanCorrelationChange: 0.38, CorrelationBreaks: 4);

    /// <summary>A 1997-like currency crisis: the baht and rupiah collapsing, local equities, credit and rates under stress.</summary>
    internal static ClassificationInputs CurrencyCrisis() => new(
        [
            R("USDTHB", AssetClass.Fx, StressSegment.Fx, shortMove: 0.15, intradayMove: 0.12, z: 9, spread: 2.5),
            R("USDIDR", AssetClass.Fx, StressSegment.Fx, shortMove: 0.07, intradayMove: 0.07, z: 6),
            R("SET", AssetClass.EquityIndex, StressSegment.Equity, intradayMove: -0.045, shortMove: -0.045, z: -4),
            R("VIX", AssetClass.Volatility, StressSegment.Volatility, IndicatorCategory.EquityVolatilityIndex, level: 32, z: 2),
            R("EMBI", AssetClass.Credit, StressSegment.Credit, z: 4),
            R("THB10Y", AssetClass.Rates, StressSegment.Bonds, z: 3.2),
        ],
        TimeSpan.FromDays(1), MeanCorrelation: 0.55, MeanCorrelationChange: 0.12, CorrelationBreaks: 3);

    internal static ClassificationInputs Crash(double spxIntraday, double vixLevel) => new(
        [
            R("SPX", AssetClass.EquityIndex, StressSegment.Equity, intradayMove: spxIntraday, z: spxIntraday * 100),
            R("VIX", AssetClass.Volatility, StressSegment.Volatility, IndicatorCategory.EquityVolatilityIndex, level: vixLevel, z: vixLevel / 8),
        ],
        TimeSpan.FromMinutes(10), MeanCorrelation: 0.6, MeanCorrelationChange: 0.05, CorrelationBreaks: 1);

    [Fact]
    public void A_1987_like_crash_is_a_market_crash_like_black_monday_with_vix_call_hedges()
    {
        BlackSwanReport report = Reporter.Build(Warning(Severity.Extreme, 0.95), Crash1987(), Risk);

        Assert.Equal(EventType.MarketCrash, report.EventType);
        Assert.Equal("black_monday_1987", report.Analogue?.CrisisId);
        Assert.Contains(report.Hedges, h => h.Strategy == "Long VIX calls");
        Assert.Contains(report.Hedges, h => h.Strategy == "Put spreads on SPY/QQQ");
        Assert.Equal("Market crash (EXTREME): INDU -22.6% intraday, VIX 150", report.Title);
        Assert.Contains("market_crash.vix_and_equity_fall", report.Triggers[0], StringComparison.Ordinal);
        Assert.Equal(1.0, report.Fingerprint.Drawdown);
        Assert.Equal(1.0, report.Fingerprint.Speed);
    }

    [Fact]
    public void A_currency_crisis_gets_fx_hedges_and_a_currency_crisis_analogue()
    {
        BlackSwanReport report = Reporter.Build(Warning(Severity.Severe, 0.8), CurrencyCrisis(), Risk);

        Assert.Equal(EventType.CurrencyCrisis, report.EventType);
        Assert.Equal(EventType.CurrencyCrisis, report.Analogue?.EventType);
        Assert.Equal(["Long USD", "Safe-haven FX", "Cut EM exposure", "Commodity hedges"], report.Hedges.Select(h => h.Strategy));
        Assert.StartsWith("Currency crisis (SEVERE): USDTHB +15.0%", report.Title, StringComparison.Ordinal);
        Assert.Contains("USDTHB has moved +15.0%", report.Hedges[0].Rationale, StringComparison.Ordinal);
        Assert.Contains("SET is -4.5% intraday; ", report.Narrative.What, StringComparison.Ordinal);
        Assert.Equal(["USDTHB", "USDIDR", "EMBI", "SET", "THB10Y"], report.AffectedSymbols);
    }

    [Fact]
    public void Title_and_narrative_carry_the_actual_numbers()
    {
        BlackSwanReport report = Reporter.Build(Warning(Severity.Severe, 0.82, WarningTransition.Escalated, durationNs: 754L * 60 * 1_000_000_000), Crash(-0.061, 41.2), Risk);

        Assert.Equal("Market crash (SEVERE): SPX -6.1% intraday, VIX 41.2", report.Title);
        WarningNarrative n = report.Narrative;
        Assert.Contains("SPX intraday fall 6.1% > 4%", n.Why, StringComparison.Ordinal);
        Assert.Contains("isolation_forest", n.Why, StringComparison.Ordinal);
        Assert.Contains("SPX/TLT from -0.30 to +0.65", n.How, StringComparison.Ordinal);
        Assert.Contains("CISS stress index 0.85", n.How, StringComparison.Ordinal);
        Assert.DoesNotContain("rates:", n.How, StringComparison.Ordinal);
        Assert.Contains("SPX is -6.1% intraday", n.What, StringComparison.Ordinal);
        Assert.Contains("99% VaR is 4.1% and expected shortfall 5.6%", n.What, StringComparison.Ordinal);
        Assert.Contains("costs 2.3% of the index", n.What, StringComparison.Ordinal);
        Assert.Contains("Opened 2023-11-14T22:13:20Z; escalated at 2023-11-15T10:47:20Z, 12 h 34 min after opening", n.When, StringComparison.Ordinal);
        Assert.Contains("SPX (z -6.1, equity)", n.Where, StringComparison.Ordinal);
        Assert.Contains(report.Analogue!.Name, n.When, StringComparison.Ordinal);
    }

    public static TheoryData<ClassificationInputs, string> TitlesByType => new()
    {
        {
            new([R("ES", AssetClass.EquityIndex, shortMove: -0.07, intradayMove: -0.02, retraced: 0.6), R("VIX", AssetClass.Volatility, category: IndicatorCategory.EquityVolatilityIndex, level: 30)], TimeSpan.FromMinutes(10), 0.5, 0, 0),
            "Flash crash (HIGH): ES -7.0% within 10 min, 60.0% retraced, VIX 30"
        },
        {
            new([R("COVIDNEWS", AssetClass.Indicator, category: IndicatorCategory.PandemicNews, z: 6), R("SPX", AssetClass.EquityIndex, intradayMove: -0.05)], TimeSpan.FromDays(1), 0.5, 0, 0),
            "Pandemic (HIGH): COVIDNEWS z +6.0, SPX -5.0% intraday"
        },
        {
            new([R("IG", AssetClass.Credit, category: IndicatorCategory.InvestmentGradeSpread, level: 250, z: 4), R("BANKCDS", AssetClass.Credit, category: IndicatorCategory.BankCds, z: 5)], TimeSpan.FromDays(1), 0.7, 0.2, 3),
            "Systemic risk (HIGH): IG 250 bp, BANKCDS z +5.0"
        },
        {
            new([R("HYG", AssetClass.Credit, spread: 4.2), R("MOVE", AssetClass.Volatility, category: IndicatorCategory.BondVolatilityIndex, level: 180)], TimeSpan.FromMinutes(10), 0.5, 0, 0),
            "Liquidity crisis (HIGH): HYG spread 4.2× normal, MOVE 180"
        },
        {
            new([R("SENT", AssetClass.Indicator, category: IndicatorCategory.NewsSentiment, z: -4), R("BRENT", AssetClass.Commodity, category: IndicatorCategory.Energy, intradayMove: 0.08)], TimeSpan.FromDays(1), 0.5, 0, 0),
            "Geopolitical (HIGH): SENT z -4.0, BRENT +8.0% intraday"
        },
    };

    [Theory]
    [MemberData(nameof(TitlesByType))]
    public void Titles_lead_with_the_evidence_of_their_event_type(ClassificationInputs inputs, string title) =>
        Assert.Equal(title, Reporter.Build(Warning(Severity.High, 0.7), inputs, Risk).Title);

    [Fact]
    public void Different_warnings_get_different_narratives_in_every_part()
    {
        WarningNarrative crash = Reporter.Build(Warning(Severity.Severe, 0.82), Crash(-0.061, 41.2), Risk).Narrative;
        WarningNarrative currency = Reporter.Build(Warning(Severity.Severe, 0.82), CurrencyCrisis(), Risk).Narrative;

        Assert.NotEqual(crash.Why, currency.Why);
        Assert.NotEqual(crash.How, currency.How);
        Assert.NotEqual(crash.What, currency.What);
        Assert.NotEqual(crash.When, currency.When);
        Assert.NotEqual(crash.Where, currency.Where);
    }

    [Fact]
    public void Unknown_risk_models_leave_their_clauses_out()
    {
        WarningNarrative n = Reporter.Build(Warning(Severity.High, 0.7), Crash(-0.061, 41.2), RiskContext.Unknown).Narrative;
        string all = string.Join(" ", n.Why, n.How, n.What, n.When, n.Where);

        Assert.DoesNotContain("NaN", all, StringComparison.Ordinal);
        Assert.DoesNotContain("CISS", all, StringComparison.Ordinal);
        Assert.DoesNotContain("VaR", all, StringComparison.Ordinal);
        Assert.DoesNotContain("SRISK", all, StringComparison.Ordinal);
        Assert.DoesNotContain("put costs", all, StringComparison.Ordinal);
        Assert.DoesNotContain("turbulence", all, StringComparison.Ordinal);
        Assert.Contains("SPX is -6.1% intraday", n.What, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_inputs_give_an_equal_report()
    {
        string first = JsonSerializer.Serialize(new WarningReporter().Build(Warning(Severity.Extreme, 0.95), Crash1987(), Risk));
        string second = JsonSerializer.Serialize(new WarningReporter().Build(Warning(Severity.Extreme, 0.95), Crash1987(), Risk));
        Assert.Equal(first, second);
    }

    [Fact]
    public void Where_two_readings_play_one_role_the_more_stressed_leads_whatever_their_order()
    {
        InstrumentReading spx = R("SPX", AssetClass.EquityIndex, StressSegment.Equity, intradayMove: -0.05, z: -5);
        InstrumentReading vix = R("VIX", AssetClass.Volatility, StressSegment.Volatility, IndicatorCategory.EquityVolatilityIndex, level: 38, z: 4);
        InstrumentReading vxn = R("VXN", AssetClass.Volatility, StressSegment.Volatility, IndicatorCategory.EquityVolatilityIndex, level: 44, z: 4.5);
        string forward = Reporter.Build(Warning(Severity.High, 0.7), new ClassificationInputs([spx, vix, vxn], TimeSpan.FromMinutes(10), 0.5, 0.1, 1), Risk).Title;
        string backward = Reporter.Build(Warning(Severity.High, 0.7), new ClassificationInputs([vxn, vix, spx], TimeSpan.FromMinutes(10), 0.5, 0.1, 1), Risk).Title;

        Assert.Equal("Market crash (HIGH): SPX -5.0% intraday, VXN 44", forward);
        Assert.Equal(forward, backward);
    }

    [Fact]
    public void ZScores_are_finite_largest_first_capped_and_mark_indicators()
    {
        var readings = Enumerable.Range(0, 30).Select(i => R($"S{i:00}", AssetClass.Equity, z: (i % 2 == 0 ? 1 : -1) * i * 0.2)).ToList();
        readings.Add(R("NEWS", AssetClass.Indicator, category: IndicatorCategory.NewsSentiment, z: -9));
        readings.Add(R("GAP", AssetClass.Equity, z: double.NaN));
        BlackSwanReport report = Reporter.Build(Warning(Severity.High, 0.7), new ClassificationInputs(readings, TimeSpan.FromMinutes(10), 0.3, 0, 0), Risk);

        Assert.Equal(WarningReporter.MaxZScores, report.ZScores.Count);
        Assert.Equal(new SourceZScore("NEWS", true, -9), report.ZScores[0]);
        Assert.False(report.ZScores[1].IsIndicator);
        Assert.DoesNotContain(report.ZScores, z => z.Source == "GAP");
        Assert.Equal(report.ZScores.Select(z => Math.Abs(z.ZScore)).OrderDescending(), report.ZScores.Select(z => Math.Abs(z.ZScore)));
    }

    [Fact]
    public void Several_stressed_segments_without_rising_correlation_stay_unclassified_and_say_so()
    {
        var inputs = new ClassificationInputs(
            [
                R("XLF", AssetClass.Equity, StressSegment.FinancialIntermediaries, z: -5),
                R("HYG", AssetClass.Credit, StressSegment.Credit, z: 4),
                R("EURUSD", AssetClass.Fx, StressSegment.Fx, z: 3.5),
                R("GLD", AssetClass.Commodity, StressSegment.Commodities, z: 1),
            ],
            TimeSpan.FromMinutes(10), 0.3, 0.02, 0);
        BlackSwanReport report = Reporter.Build(Warning(Severity.High, 0.7), inputs, Risk);

        Assert.Equal(EventType.Unclassified, report.EventType);
        Assert.Equal(0, report.Confidence);
        Assert.StartsWith("Unclassified stress (HIGH): XLF z -5.0", report.Title, StringComparison.Ordinal);
        Assert.Contains("No classification rule fired", report.Narrative.Why, StringComparison.Ordinal);
        Assert.Equal(["financial_intermediaries", "credit", "fx"], report.AffectedSegments);
        Assert.Equal(["XLF", "HYG", "EURUSD"], report.AffectedSymbols);
        Assert.Equal("Review gross and net exposure", report.Hedges[0].Strategy);
    }

    [Fact]
    public void Calm_readings_have_a_zero_fingerprint_and_no_analogue()
    {
        var inputs = new ClassificationInputs([R("SPX", AssetClass.EquityIndex, StressSegment.Equity)], TimeSpan.FromMinutes(10), 0.2, 0, 0);
        BlackSwanReport report = Reporter.Build(Warning(Severity.Elevated, 0.5), inputs, RiskContext.Unknown);

        Assert.True(report.Fingerprint.IsZero);
        Assert.Null(report.Analogue);
    }

    [Fact]
    public void Actions_are_scaled_by_severity()
    {
        ClassificationInputs inputs = Crash(-0.061, 41.2);
        IReadOnlyList<string> extreme = Reporter.Build(Warning(Severity.Extreme, 0.95), inputs, Risk).Actions;
        IReadOnlyList<string> elevated = Reporter.Build(Warning(Severity.Elevated, 0.55), inputs, Risk).Actions;
        BlackSwanReport closedReport = Reporter.Build(Warning(Severity.None, 0.2, WarningTransition.Closed, 3_600_000_000_000), inputs, Risk);
        IReadOnlyList<string> closed = closedReport.Actions;
        Assert.StartsWith("Market crash (closed, peak SEVERE): SPX -6.1% intraday", closedReport.Title, StringComparison.Ordinal);

        Assert.StartsWith("Halt new risk", extreme[0], StringComparison.Ordinal);
        Assert.Contains("Cut gross exposure now, first in SPX.", extreme);
        Assert.Contains(extreme, a => a.StartsWith("Put on the hedges for a market crash: long VIX calls and put spreads on SPY/QQQ", StringComparison.Ordinal));
        Assert.StartsWith("Review limits and exposure to SPX (ELEVATED, composite 0.55)", elevated[0], StringComparison.Ordinal);
        Assert.DoesNotContain(elevated, a => a.Contains("Halt", StringComparison.Ordinal));
        Assert.StartsWith("Review warning W000007: it peaked at SEVERE", closed[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Probability_is_in_the_unit_interval_and_rises_with_composite_and_severity()
    {
        ClassificationInputs inputs = Crash1987();
        double previousSeverityLevel = -1;
        foreach (Severity severity in Enum.GetValues<Severity>())
        {
            double previous = -1;
            for (var step = 0; step <= 20; step++)
            {
                double p = Reporter.Build(Warning(severity, step / 20.0), inputs, Risk).Probability;
                Assert.InRange(p, 0, 1);
                Assert.True(p > previous, $"not increasing in composite at {severity}, {step / 20.0}");
                previous = p;
            }

            double atHalf = Reporter.Build(Warning(severity, 0.5), inputs, Risk).Probability;
            Assert.True(atHalf > previousSeverityLevel, $"not increasing in severity at {severity}");
            previousSeverityLevel = atHalf;
        }

        Assert.Equal(WarningProbability.Of(0.5, Severity.High, EvidenceFamilies.Correlation), Reporter.Build(Warning(Severity.High, 0.5), Crash(-0.001, 12), Risk).Probability, 12);
    }

    [Fact]
    public void More_agreeing_evidence_families_raise_probability()
    {
        double one = WarningProbability.Of(0.6, Severity.High, EvidenceFamilies.Price);
        double three = WarningProbability.Of(0.6, Severity.High, EvidenceFamilies.Price | EvidenceFamilies.Credit | EvidenceFamilies.Volatility);
        Assert.True(three > one);
        Assert.Equal(EvidenceFamilies.Price | EvidenceFamilies.Correlation | EvidenceFamilies.Volatility, WarningProbability.FamiliesOf(Crash1987(), 0));
        Assert.True(WarningProbability.Of(double.NaN, Severity.None, EvidenceFamilies.None) is > 0 and < 0.1);
    }
}
