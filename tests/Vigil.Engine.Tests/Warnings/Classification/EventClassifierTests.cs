using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Vigil.Core.Instruments;
using Vigil.Engine.Warnings;
using Vigil.Engine.Warnings.Classification;
using static Vigil.Engine.Tests.Warnings.Readings;

namespace Vigil.Engine.Tests.Warnings.Classification;

public sealed class EventClassifierTests
{
    private static readonly TimeSpan TenMinutes = TimeSpan.FromMinutes(10);

    private static ClassificationInputs In(params InstrumentReading[] readings) => new(readings, TenMinutes, 0.3, 0, 0);

    private static ClassificationInputs InWithCorrelationRise(double rise, params InstrumentReading[] readings) =>
        new(readings, TenMinutes, 0.6, rise, 5);

    private static InstrumentReading Vix(double level) =>
        R("VIX", AssetClass.Volatility, StressSegment.Volatility, IndicatorCategory.EquityVolatilityIndex, level: level);

    private static InstrumentReading Spx(double intradayMove) => R("SPX", AssetClass.EquityIndex, StressSegment.Equity, intradayMove: intradayMove);

    private static InstrumentReading News(IndicatorCategory category, double z) => R(category.ToString(), AssetClass.Indicator, category: category, z: z);

    private static readonly EventClassifier Classifier = new();

    private static IEnumerable<string> FiredIds(ClassificationInputs inputs) => Classifier.Classify(inputs).Triggered.Select(t => t.Rule.Id);

    /// <summary>Per rule: inputs built to just meet it, and the same inputs just short of it.</summary>
    public static TheoryData<string, ClassificationInputs, ClassificationInputs> MeetAndShort => new()
    {
        { "flash_crash.fast_move_retraced", In(R("ES", AssetClass.EquityIndex, shortMove: -0.05, retraced: 0.5)), In(R("ES", AssetClass.EquityIndex, shortMove: -0.0499, retraced: 0.5)) },
        { "cyber_attack.incident_with_market", In(News(IndicatorCategory.CyberIncident, 3), Spx(-0.02)), In(News(IndicatorCategory.CyberIncident, 2.99), Spx(-0.02)) },
        { "infrastructure.outage_with_market", In(News(IndicatorCategory.InfrastructureOutage, 3), Vix(25)), In(News(IndicatorCategory.InfrastructureOutage, 3), Vix(24.9)) },
        { "pandemic.news_with_market", In(News(IndicatorCategory.PandemicNews, 4), Spx(-0.02)), In(News(IndicatorCategory.PandemicNews, 4), Spx(-0.0199)) },
        { "natural_disaster.news_with_market", In(News(IndicatorCategory.NaturalDisasterNews, 3), Vix(30)), In(News(IndicatorCategory.NaturalDisasterNews, 2.9), Vix(30)) },
        { "regulatory_shock.policy_with_market", In(News(IndicatorCategory.PolicyNews, 3), R("US2Y", AssetClass.Rates, z: -3)), In(News(IndicatorCategory.PolicyNews, 3), R("US2Y", AssetClass.Rates, z: -2.9)) },
        { "geopolitical.sentiment_collapse_energy_spike", In(News(IndicatorCategory.NewsSentiment, -3), R("BRENT", AssetClass.Commodity, category: IndicatorCategory.Energy, intradayMove: 0.05)), In(News(IndicatorCategory.NewsSentiment, -3), R("BRENT", AssetClass.Commodity, category: IndicatorCategory.Energy, intradayMove: 0.049)) },
        { "currency_crisis.fx_move", In(R("USDTRY", AssetClass.Fx, intradayMove: 0.05)), In(R("USDTRY", AssetClass.Fx, intradayMove: 0.0499)) },
        { "currency_crisis.inversion_with_fx_volatility", In(R("US10Y2Y", AssetClass.Rates, category: IndicatorCategory.YieldCurveSlope, level: -0.01), R("EURUSD", AssetClass.Fx, z: 3)), In(R("US10Y2Y", AssetClass.Rates, category: IndicatorCategory.YieldCurveSlope, level: 0), R("EURUSD", AssetClass.Fx, z: 3)) },
        { "liquidity_crisis.spreads_wide", In(R("HYG", AssetClass.Credit, spread: 3)), In(R("HYG", AssetClass.Credit, spread: 2.99)) },
        { "liquidity_crisis.bond_volatility", In(R("MOVE", AssetClass.Volatility, category: IndicatorCategory.BondVolatilityIndex, level: 150.1)), In(R("MOVE", AssetClass.Volatility, category: IndicatorCategory.BondVolatilityIndex, level: 150)) },
        { "systemic_risk.ig_spreads_with_correlation", InWithCorrelationRise(0.1, R("IG", AssetClass.Credit, category: IndicatorCategory.InvestmentGradeSpread, level: 201)), InWithCorrelationRise(0.1, R("IG", AssetClass.Credit, category: IndicatorCategory.InvestmentGradeSpread, level: 200)) },
        { "systemic_risk.bank_cds_with_correlation", InWithCorrelationRise(0.1, R("BANKCDS", AssetClass.Credit, category: IndicatorCategory.BankCds, z: 3)), InWithCorrelationRise(0.099, R("BANKCDS", AssetClass.Credit, category: IndicatorCategory.BankCds, z: 3)) },
        {
            "contagion.segments_and_correlation",
            InWithCorrelationRise(0.15, R("A", AssetClass.Equity, StressSegment.Equity, z: 3), R("B", AssetClass.Credit, StressSegment.Credit, z: -3), R("C", AssetClass.Fx, StressSegment.Fx, z: 3)),
            InWithCorrelationRise(0.15, R("A", AssetClass.Equity, StressSegment.Equity, z: 3), R("B", AssetClass.Credit, StressSegment.Credit, z: -3), R("C", AssetClass.Fx, StressSegment.Fx, z: 2.99))
        },
        {
            "contagion.financials_spreading",
            In(R("XLF", AssetClass.Equity, StressSegment.FinancialIntermediaries, intradayMove: -0.05, z: -4), R("UST2Y", AssetClass.Rates, StressSegment.MoneyMarket, z: -3), R("IG", AssetClass.Credit, StressSegment.Credit, z: 3)),
            In(R("XLF", AssetClass.Equity, StressSegment.FinancialIntermediaries, intradayMove: -0.05, z: -4), R("UST2Y", AssetClass.Rates, StressSegment.MoneyMarket, z: -3), R("BANKS", AssetClass.Equity, StressSegment.FinancialIntermediaries, z: 5))
        },
        { "market_crash.vix_and_equity_fall", In(Vix(35.1), Spx(-0.041)), In(Vix(35.1), Spx(-0.04)) },
    };

    [Theory]
    [MemberData(nameof(MeetAndShort))]
    public void Each_rule_fires_when_met_and_not_when_just_short(string ruleId, ClassificationInputs meets, ClassificationInputs justShort)
    {
        Assert.Contains(ruleId, FiredIds(meets));
        Assert.DoesNotContain(ruleId, FiredIds(justShort));
    }

    [Theory]
    [MemberData(nameof(MeetAndShort))]
    public void A_lone_rule_decides_its_own_event_type(string ruleId, ClassificationInputs meets, ClassificationInputs justShort)
    {
        _ = justShort;
        EventRule rule = EventRules.All.Single(r => r.Id == ruleId);
        EventClassification result = Classifier.Classify(meets);
        Assert.Equal(rule.EventType, result.EventType);
        Assert.Equal(ruleId, result.Triggered[0].Rule.Id);
    }

    [Fact]
    public void Nothing_firing_is_unclassified_with_zero_confidence()
    {
        EventClassification result = Classifier.Classify(In(Vix(18), Spx(-0.005), R("EURUSD", AssetClass.Fx, intradayMove: 0.003, z: 1)));
        Assert.Equal(EventType.Unclassified, result.EventType);
        Assert.Empty(result.Triggered);
        Assert.Equal(0, result.Confidence);
    }

    [Fact]
    public void Missing_values_as_NaN_never_meet_a_rule()
    {
        EventClassification result = Classifier.Classify(new ClassificationInputs(
            [Vix(double.NaN), Spx(double.NaN), R("HYG", AssetClass.Credit, spread: double.NaN), R("USDTRY", AssetClass.Fx, intradayMove: double.NaN, z: double.NaN)],
            TenMinutes, double.NaN, double.NaN, 0));
        Assert.Equal(EventType.Unclassified, result.EventType);
    }

    [Fact]
    public void Empty_inputs_are_unclassified() =>
        Assert.Equal(EventType.Unclassified, Classifier.Classify(In()).EventType);

    [Fact]
    public void Evidence_states_the_numbers_that_met_the_rule()
    {
        TriggeredRule crash = Classifier.Classify(In(Vix(41.2), Spx(-0.052))).Triggered.Single();
        Assert.Equal(["VIX level 41.2 > 35", "SPX intraday fall 5.2% > 4%"], crash.Evidence.Select(e => e.Text));
    }

    [Fact]
    public void A_pandemic_with_a_market_crash_is_classified_as_pandemic_with_both_rules_reported()
    {
        EventClassification result = Classifier.Classify(In(Vix(60), Spx(-0.09), News(IndicatorCategory.PandemicNews, 6)));
        Assert.Equal(EventType.Pandemic, result.EventType);
        Assert.Equal(["pandemic.news_with_market", "market_crash.vix_and_equity_fall"], result.Triggered.Select(t => t.Rule.Id));
    }

    [Fact]
    public void A_flash_crash_outranks_the_market_crash_it_looks_like()
    {
        ClassificationInputs inputs = In(Vix(40), R("SPX", AssetClass.EquityIndex, shortMove: -0.07, intradayMove: -0.05, retraced: 0.6));
        Assert.Equal(EventType.FlashCrash, Classifier.Classify(inputs).EventType);
    }

    [Fact]
    public void A_flash_crash_needs_a_short_window_of_at_most_ten_minutes()
    {
        InstrumentReading fastRetraced = R("SPX", AssetClass.EquityIndex, shortMove: -0.07, retraced: 0.6);
        ClassificationInputs daily = new([fastRetraced], TimeSpan.FromDays(1), 0.3, 0, 0);
        Assert.Equal(EventType.Unclassified, Classifier.Classify(daily).EventType);
    }

    [Fact]
    public void A_flash_crash_needs_the_move_and_the_retracement_on_the_same_instrument()
    {
        ClassificationInputs inputs = In(
            R("SPX", AssetClass.EquityIndex, shortMove: -0.07, retraced: 0.1),
            R("NDX", AssetClass.EquityIndex, shortMove: -0.01, retraced: 0.9));
        Assert.DoesNotContain("flash_crash.fast_move_retraced", FiredIds(inputs));
    }

    [Fact]
    public void Systemic_risk_outranks_market_crash_and_contagion_when_all_fire()
    {
        ClassificationInputs inputs = InWithCorrelationRise(
            0.3,
            Vix(45),
            R("SPX", AssetClass.EquityIndex, StressSegment.Equity, intradayMove: -0.06, z: -5),
            R("BANKCDS", AssetClass.Credit, StressSegment.FinancialIntermediaries, IndicatorCategory.BankCds, z: 5),
            R("HY", AssetClass.Credit, StressSegment.Credit, z: 4));
        EventClassification result = Classifier.Classify(inputs);
        Assert.Equal(EventType.SystemicRisk, result.EventType);
        Assert.Equal(
            ["systemic_risk.bank_cds_with_correlation", "market_crash.vix_and_equity_fall", "contagion.segments_and_correlation"],
            result.Triggered.Select(t => t.Rule.Id));
    }

    [Fact]
    public void News_without_market_confirmation_does_not_classify()
    {
        EventClassification result = Classifier.Classify(In(News(IndicatorCategory.CyberIncident, 8), Vix(15), Spx(0.002)));
        Assert.Equal(EventType.Unclassified, result.EventType);
    }

    [Fact]
    public void Confidence_is_one_half_for_a_lone_rule_just_met_and_one_far_past_it()
    {
        Assert.Equal(0.5, Classifier.Classify(In(R("HYG", AssetClass.Credit, spread: 3))).Confidence, 9);
        Assert.Equal(1.0, Classifier.Classify(In(R("HYG", AssetClass.Credit, spread: 10))).Confidence, 9);
    }

    [Fact]
    public void Rival_event_types_lower_confidence()
    {
        double alone = Classifier.Classify(In(R("USDTRY", AssetClass.Fx, intradayMove: 0.1))).Confidence;
        double withRival = Classifier.Classify(In(R("USDTRY", AssetClass.Fx, intradayMove: 0.1, spread: 5))).Confidence;
        Assert.Equal(1.0, alone, 9);
        Assert.Equal(0.5, withRival, 9);
        Assert.InRange(withRival, 0, alone - 0.1);
    }

    [Fact]
    public void Equal_priorities_keep_their_listed_order()
    {
        EventRule first = new("test.first", EventType.Pandemic, "always", 1, _ => [new RuleEvidence("x", 1, 0, "x 1 > 0", 1)]);
        EventRule second = new("test.second", EventType.Contagion, "always", 1, _ => [new RuleEvidence("x", 1, 0, "x 1 > 0", 1)]);
        Assert.Equal(EventType.Pandemic, new EventClassifier([first, second]).Classify(In()).EventType);
        Assert.Equal(EventType.Contagion, new EventClassifier([second, first]).Classify(In()).EventType);
    }

    [Fact]
    public void Rule_ids_are_unique_and_every_event_type_has_a_rule()
    {
        Assert.Equal(EventRules.All.Count, EventRules.All.Select(r => r.Id).Distinct().Count());
        IEnumerable<EventType> covered = EventRules.All.Select(r => r.EventType).Distinct();
        Assert.Equal(Enum.GetValues<EventType>().Where(t => t != EventType.Unclassified).Order(), covered.Order());
    }

    [Fact]
    public void Every_rule_has_a_meet_and_short_test_case()
    {
        IEnumerable<string> tested = MeetAndShort.Select(row => (string)row[0]);
        Assert.Equal(EventRules.All.Select(r => r.Id).Order(), tested.Order());
    }

    [Fact]
    public void Docs_table_lists_exactly_the_code_rules_with_their_priorities_and_types()
    {
        string docs = File.ReadAllText(DocsPath());
        var rows = Regex.Matches(docs, @"^\|\s*(\d+)\s*\|\s*`([a-z_.]+)`\s*\|\s*([a-z_]+)\s*\|", RegexOptions.Multiline)
            .Select(m => (Priority: int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Id: m.Groups[2].Value, Type: m.Groups[3].Value))
            .ToList();
        var code = EventRules.All.Select(r => (r.Priority, r.Id, Type: SnakeCase(r.EventType))).ToList();
        Assert.Equal(code, rows);
    }

    private static string SnakeCase(EventType type) => Regex.Replace(type.ToString(), "(?<!^)([A-Z])", "_$1").ToLowerInvariant();

    private static string DocsPath([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", "..", "docs", "warnings.md"));
}
