using System.Globalization;
using System.Text;
using Vigil.Core.Instruments;
using Vigil.Engine.Warnings.Classification;
using static Vigil.Engine.Warnings.Reports.ReportFacts;

namespace Vigil.Engine.Warnings.Reports;

/// <summary>
/// Writes a report's title, narrative, actions and hedges from its numbers. Every clause names a reading, a rule or a
/// model value of this warning; a clause whose input is missing (NaN, absent) is left out rather than written vaguely.
/// </summary>
internal static class ReportWriter
{
    private enum Headline
    {
        Equity,
        Vix,
        Fx,
        Move,
        Spread,
        InvestmentGrade,
        BankCds,
        Cause,
        Sentiment,
        Energy,
        Flash,
        Segments,
        Lead,
    }

    public static string Title(ReportContext c)
    {
        Headline[] order = c.EventType switch
        {
            EventType.MarketCrash => [Headline.Equity, Headline.Vix],
            EventType.FlashCrash => [Headline.Flash, Headline.Vix],
            EventType.LiquidityCrisis => [Headline.Spread, Headline.Move, Headline.Equity],
            EventType.CurrencyCrisis => [Headline.Fx, Headline.Equity],
            EventType.Geopolitical => [Headline.Sentiment, Headline.Energy, Headline.Equity],
            EventType.Pandemic or EventType.Infrastructure or EventType.CyberAttack or EventType.NaturalDisaster or EventType.RegulatoryShock
                => [Headline.Cause, Headline.Equity, Headline.Vix],
            EventType.Contagion => [Headline.Segments, Headline.Equity],
            EventType.SystemicRisk => [Headline.InvestmentGrade, Headline.BankCds, Headline.Equity],
            _ => [Headline.Lead, Headline.Equity, Headline.Vix],
        };
        var parts = new List<string>(3);
        foreach (Headline kind in order)
        {
            if (HeadlineText(c, kind) is { } text && !parts.Contains(text))
            {
                parts.Add(text);
            }
        }

        string lead = parts.Count > 0 ? string.Join(", ", parts) : $"composite {Number(c.Warning.Composite, 2)}";
        return $"{Words(c.EventType)} ({c.SeverityLabel}): {lead}";
    }

    public static WarningNarrative Narrative(ReportContext c) => new(Why(c), How(c), What(c), When(c), Where(c));

    public static IReadOnlyList<string> Actions(ReportContext c)
    {
        WarningEvent w = c.Warning;
        string type = Words(c.EventType).ToLowerInvariant();
        string focus = Focus(c);
        IReadOnlyList<HedgeStrategy> hedges = HedgeTable.For(c.EventType);
        string firstHedges = string.Join(" and ", hedges.Take(2).Select(h => LowerFirst(h.Strategy)));
        string protection = double.IsFinite(c.Risk.CrashProtectionCost) && c.Risk.CrashProtectionCost > 0
            ? $" (a 10%-OTM one-month index put costs {Percent(c.Risk.CrashProtectionCost)} of the index)"
            : string.Empty;
        string? plan = c.Analogue is { } a
            ? $"Plan for an episode like {a.Name} (similarity {Number(a.Similarity, 2)}): its acute phase lasted {Days(a)} days."
            : null;
        var actions = new List<string>();
        switch (w.Severity)
        {
            case Severity.Extreme:
                actions.Add($"Halt new risk: no new positions while the {type} warning {w.WarningId} is EXTREME (composite {Number(w.Composite, 2)}).");
                actions.Add($"Cut gross exposure now, first in {focus}.");
                actions.Add($"Confirm every live trading run halted on warning {w.WarningId}; halts latch until an admin resumes them.");
                actions.Add($"Put on the hedges for a {type}: {firstHedges}{protection}.");
                break;
            case Severity.Severe:
                actions.Add($"Stop new risk and cut gross exposure in {focus} (SEVERE, composite {Number(w.Composite, 2)}).");
                actions.Add($"Put on the hedges for a {type}: {firstHedges}{protection}.");
                actions.Add($"Confirm every live trading run halted on warning {w.WarningId}.");
                break;
            case Severity.High:
                actions.Add($"Reduce risk in {focus} (HIGH, composite {Number(w.Composite, 2)}).");
                actions.Add($"Check that live trading runs halted on warning {w.WarningId}; paper runs keep running.");
                actions.Add($"Price the hedges for a {type}: {firstHedges}{protection}.");
                break;
            case Severity.Elevated:
                actions.Add($"Review limits and exposure to {focus} (ELEVATED, composite {Number(w.Composite, 2)}).");
                actions.Add($"Price the hedges for a {type}: {firstHedges}{protection}.");
                break;
            default:
                actions.Add($"Review warning {w.WarningId}: it peaked at {w.PeakSeverity.ToString().ToUpperInvariant()} with composite {Number(w.PeakComposite, 2)} and lasted {Duration(w.DurationNs)}.");
                actions.Add($"Resume live trading runs halted on warning {w.WarningId} only after checking their positions in {focus}.");
                actions.Add($"Unwind the {type} hedges ({firstHedges}) as they stop paying.");
                plan = null;
                break;
        }

        if (plan is not null)
        {
            actions.Add(plan);
        }

        return actions;
    }

    public static IReadOnlyList<HedgeStrategy> Hedges(ReportContext c)
    {
        var hedges = new List<HedgeStrategy>();
        foreach (HedgeStrategy hedge in HedgeTable.For(c.EventType))
        {
            string rationale = hedge.Rationale;
            if (hedge.Instruments.Contains("put", StringComparison.OrdinalIgnoreCase) && double.IsFinite(c.Risk.CrashProtectionCost) && c.Risk.CrashProtectionCost > 0)
            {
                rationale += $" A 10%-OTM one-month index put costs {Percent(c.Risk.CrashProtectionCost)} of the index now.";
            }

            if (hedge.Strategy.Contains("VIX", StringComparison.Ordinal) && c.Facts.Vix is { } vix)
            {
                rationale += $" The VIX is at {Number(vix.Level)} now.";
            }

            if (hedge.Strategy.Contains("USD", StringComparison.Ordinal) && c.Facts.LargestFx is { } fx && FxMoveOf(fx) > 0)
            {
                rationale += $" {fx.Symbol} has moved {SignedPercent(SignedFxMoveOf(fx))}.";
            }

            hedges.Add(hedge with { Rationale = rationale });
        }

        return hedges;
    }

    private static string Why(ReportContext c)
    {
        var text = new StringBuilder();
        EventClassification k = c.Classification;
        if (k.Triggered.Count > 0)
        {
            TriggeredRule winner = k.Triggered[0];
            text.Append(CultureInfo.InvariantCulture, $"{Words(c.EventType)} because {string.Join("; ", winner.Evidence.Select(e => e.Text))} (rule {winner.Rule.Id}, type confidence {Number(k.Confidence, 2)}).");
            IEnumerable<string> others = k.Triggered.Skip(1).Select(t => t.ToString());
            if (k.Triggered.Count > 1)
            {
                text.Append(CultureInfo.InvariantCulture, $" Also fired: {string.Join(" | ", others)}.");
            }
        }
        else
        {
            text.Append("No classification rule fired, so the type stays unclassified");
            if (c.Analogue is { } a)
            {
                text.Append(CultureInfo.InvariantCulture, $"; its shape is closest to {a.Name}, a {Words(a.EventType).ToLowerInvariant()} (similarity {Number(a.Similarity, 2)})");
            }

            text.Append('.');
        }

        IEnumerable<string> leaders = c.Facts.ByAbsZ.Take(3).Select(r => $"{r.Symbol} z {Z(r.ZScore)}");
        if (c.Facts.ByAbsZ.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" Leading readings: {string.Join(", ", leaders)}.");
        }

        WarningEvent w = c.Warning;
        if (double.IsFinite(w.Composite))
        {
            text.Append(CultureInfo.InvariantCulture, $" Composite {Number(w.Composite, 2)} (peak {Number(w.PeakComposite, 2)}) at {c.SeverityLabel}");
            IEnumerable<string> detectors = w.Contributions.Take(2).Select(d => $"{d.Detector} (score {Number(d.Score, 2)}, contribution {Number(d.Contribution, 2)})");
            text.Append(w.Contributions.Count > 0 ? $", led by {string.Join(" and ", detectors)}." : ".");
        }

        return text.ToString();
    }

    private static string How(ReportContext c)
    {
        WarningEvent w = c.Warning;
        ClassificationInputs inputs = c.Facts.Inputs;
        var clauses = new List<string>();
        if (double.IsFinite(inputs.MeanCorrelation))
        {
            string change = double.IsFinite(inputs.MeanCorrelationChange) && inputs.MeanCorrelationChange != 0
                ? $", {(inputs.MeanCorrelationChange > 0 ? "up" : "down")} {Number(Math.Abs(inputs.MeanCorrelationChange), 2)} on normal"
                : string.Empty;
            clauses.Add($"mean cross-asset correlation is {Number(inputs.MeanCorrelation, 2)}{change}");
        }

        int breaks = Math.Max(w.CorrelationBreaks, inputs.CorrelationBreaks);
        if (breaks > 0)
        {
            string pairs = w.Breaks.Count > 0
                ? ", the largest " + string.Join(", ", w.Breaks.Take(3).Select(b => $"{b.First}/{b.Second} from {Signed(b.Before)} to {Signed(b.After)}"))
                : string.Empty;
            clauses.Add($"{breaks} instrument pair{(breaks == 1 ? string.Empty : "s")} broke their usual correlation{pairs}");
        }

        if (c.Segments.Count > 0)
        {
            clauses.Add($"stress spans {c.Segments.Count} segment{(c.Segments.Count == 1 ? string.Empty : "s")} ({string.Join(", ", c.Segments)})");
        }

        var credit = new List<string>();
        if (c.Facts.InvestmentGrade is { } ig)
        {
            credit.Add($"{ig.Symbol} {Number(ig.Level, 0)} bp");
        }

        if (c.Facts.BankCds is { } cds)
        {
            credit.Add($"{cds.Symbol} z {Z(cds.ZScore)}");
        }

        if (c.Facts.LargestCredit is { } cr && Math.Abs(cr.ZScore) >= 2 && cr != c.Facts.BankCds && cr != c.Facts.InvestmentGrade)
        {
            credit.Add($"{cr.Symbol} z {Z(cr.ZScore)}");
        }

        if (credit.Count > 0)
        {
            clauses.Add($"credit: {string.Join(", ", credit)}");
        }

        if (c.Facts.LargestRates is { } rates && Math.Abs(rates.ZScore) >= 2)
        {
            clauses.Add($"rates: {rates.Symbol} z {Z(rates.ZScore)}");
        }

        var liquidity = new List<string>();
        if (c.Facts.WidestSpread is { SpreadMultiple: >= 1.5 } spread)
        {
            liquidity.Add($"bid-ask spreads up to {Number(spread.SpreadMultiple!.Value)}× normal ({spread.Symbol})");
        }

        if (c.Facts.Move is { } move)
        {
            liquidity.Add($"{move.Symbol} bond volatility at {Number(move.Level)}");
        }

        if (liquidity.Count > 0)
        {
            clauses.Add($"liquidity: {string.Join(", ", liquidity)}");
        }

        RiskContext r = c.Risk;
        var models = new List<string>();
        if (double.IsFinite(r.Ciss))
        {
            models.Add($"CISS stress index {Number(r.Ciss, 2)}");
        }

        if (double.IsFinite(r.AbsorptionShift))
        {
            models.Add($"absorption-ratio shift {Signed(r.AbsorptionShift)} (markets {(r.AbsorptionShift > 0 ? "moving together" : "decoupling")})");
        }

        if (double.IsFinite(r.Turbulence))
        {
            models.Add($"turbulence {Number(r.Turbulence)}");
        }

        if (models.Count > 0)
        {
            clauses.Add(string.Join(", ", models));
        }

        if (w.SignalCount > 0)
        {
            string strongest = w.Signals.Count > 0 ? $", strongest {w.Signals[0].Detector} on {w.Signals[0].Symbol} ({Number(w.Signals[0].Raw, 2)})" : string.Empty;
            clauses.Add($"{w.SignalCount} per-series signal{(w.SignalCount == 1 ? string.Empty : "s")} firing{strongest}");
        }

        return clauses.Count > 0
            ? Sentence(clauses)
            : $"No spread beyond {c.Warning.MaxAbsZSymbol ?? "the leading reading"} is measured: {breaks} correlation breaks, {c.Segments.Count} stressed segments.";
    }

    private static string What(ReportContext c)
    {
        var clauses = new List<string>();
        WarningEvent w = c.Warning;
        if (c.Facts.WorstEquity is { } eq)
        {
            // With daily data the short window is the day itself, so the short move would only repeat the intraday one.
            string shortMove = double.IsFinite(eq.ShortMoveFraction) && eq.ShortMoveFraction != 0 && eq.ShortMoveFraction != eq.IntradayMoveFraction
                ? $" ({SignedPercent(eq.ShortMoveFraction)} over the last {Window(c.Facts.Inputs.ShortWindow)})"
                : string.Empty;
            clauses.Add($"{eq.Symbol} is {SignedPercent(eq.IntradayMoveFraction)} intraday{shortMove}");
        }

        if (c.Facts.Vix is { } vix)
        {
            clauses.Add(double.IsFinite(vix.ZScore) ? $"{vix.Symbol} at {Number(vix.Level)} (z {Z(vix.ZScore)})" : $"{vix.Symbol} at {Number(vix.Level)}");
        }

        if (c.Facts.LargestFx is { } fx && FxMoveOf(fx) >= 0.01)
        {
            clauses.Add($"{fx.Symbol} {SignedPercent(SignedFxMoveOf(fx))}");
        }

        RiskContext r = c.Risk;
        if (double.IsFinite(r.Var99))
        {
            string es = double.IsFinite(r.Es99) ? $" and expected shortfall {Percent(r.Es99)}" : string.Empty;
            clauses.Add($"an equal-weight book's one-step 99% VaR is {Percent(r.Var99)}{es}");
        }
        else if (double.IsFinite(r.Es99))
        {
            clauses.Add($"an equal-weight book's one-step 99% expected shortfall is {Percent(r.Es99)}");
        }

        if (double.IsFinite(r.MinDistanceToDefault))
        {
            clauses.Add($"the weakest institution is {Number(r.MinDistanceToDefault, 2)} standard deviations from default");
        }

        if (double.IsFinite(r.SriskTotal))
        {
            clauses.Add($"aggregate SRISK is {Number(r.SriskTotal, 0)} bn");
        }

        if (double.IsFinite(r.CrashProtectionCost))
        {
            clauses.Add($"a 10%-OTM one-month index put costs {Percent(r.CrashProtectionCost)} of the index");
        }

        if (clauses.Count == 0 && w.MaxAbsZSymbol is not null)
        {
            clauses.Add($"the largest move is {w.MaxAbsZSymbol} at |z| {Number(w.MaxAbsZ)}");
        }

        var text = new StringBuilder(clauses.Count > 0 ? Sentence(clauses) : $"Severity {c.SeverityLabel} with composite {Number(w.Composite, 2)}.");
        if (c.Analogue is { } a)
        {
            text.Append(CultureInfo.InvariantCulture, $" It looks most like {a.Name} (similarity {Number(a.Similarity, 2)})");
            text.Append(a.Facts.Count > 0 ? $": {a.Facts[0]}" : ".");
        }

        return text.ToString();
    }

    private static string When(ReportContext c)
    {
        WarningEvent w = c.Warning;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Opened {Iso(w.OpenedAtNs)}");
        text.Append(w.Kind == WarningTransition.Opened
            ? "."
            : $"; {KindWords(w.Kind)} at {Iso(w.TimestampNs)}, {Duration(w.DurationNs)} after opening.");

        // The fastest mover over the short window shows how abrupt the stress is.
        InstrumentReading? fastest = null;
        foreach (InstrumentReading r in c.Facts.Inputs.Readings)
        {
            if (r.AssetClass != AssetClass.Indicator && double.IsFinite(r.ShortMoveFraction) && r.ShortMoveFraction != 0
                && (fastest is null || Math.Abs(r.ShortMoveFraction) > Math.Abs(fastest.ShortMoveFraction)
                    || (Math.Abs(r.ShortMoveFraction) == Math.Abs(fastest.ShortMoveFraction) && string.CompareOrdinal(r.Symbol, fastest.Symbol) < 0)))
            {
                fastest = r;
            }
        }

        if (fastest is not null)
        {
            string retraced = fastest.ShortRetracementFraction > 0 ? $", {Percent(fastest.ShortRetracementFraction)} of it retraced since" : string.Empty;
            text.Append(CultureInfo.InvariantCulture, $" Fastest move: {fastest.Symbol} {SignedPercent(fastest.ShortMoveFraction)} within {Window(c.Facts.Inputs.ShortWindow)}{retraced}.");
        }

        if (c.Analogue is { } a)
        {
            text.Append(CultureInfo.InvariantCulture, $" {a.Name}'s acute phase lasted {Days(a)} days ({a.Start:yyyy-MM-dd} to {a.End:yyyy-MM-dd}).");
        }

        return text.ToString();
    }

    private static string Where(ReportContext c)
    {
        var text = new StringBuilder();
        text.Append(c.Segments.Count > 0
            ? $"Segments: {string.Join(", ", c.Segments)}."
            : $"No segment has a reading at |z| {Number(StressZ)} or more.");
        IEnumerable<string> top = c.Facts.ByAbsZ.Take(5).Select(r =>
            r.Segment == StressSegment.None ? $"{r.Symbol} (z {Z(r.ZScore)})" : $"{r.Symbol} (z {Z(r.ZScore)}, {SnakeCase(r.Segment.ToString())})");
        if (c.Facts.ByAbsZ.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" Most stressed: {string.Join(", ", top)}.");
        }

        return text.ToString();
    }

    private static string? HeadlineText(ReportContext c, Headline kind)
    {
        ReportFacts f = c.Facts;
        switch (kind)
        {
            case Headline.Equity when f.WorstEquity is { } eq && Math.Abs(eq.IntradayMoveFraction) >= 0.005:
                return $"{eq.Symbol} {SignedPercent(eq.IntradayMoveFraction)} intraday";
            case Headline.Vix when f.Vix is { } vix:
                return $"{vix.Symbol} {Number(vix.Level)}";
            case Headline.Fx when f.LargestFx is { } fx && FxMoveOf(fx) > 0:
                return $"{fx.Symbol} {SignedPercent(SignedFxMoveOf(fx))}";
            case Headline.Move when f.Move is { } move:
                return $"{move.Symbol} {Number(move.Level)}";
            case Headline.Spread when f.WidestSpread is { } spread:
                return $"{spread.Symbol} spread {Number(spread.SpreadMultiple!.Value)}× normal";
            case Headline.InvestmentGrade when f.InvestmentGrade is { } ig:
                return $"{ig.Symbol} {Number(ig.Level, 0)} bp";
            case Headline.BankCds when f.BankCds is { } cds:
                return $"{cds.Symbol} z {Z(cds.ZScore)}";
            case Headline.Cause:
            case Headline.Sentiment:
            {
                InstrumentReading? indicator = f.ByAbsZ.FirstOrDefault(r => r.Category == CauseCategory(kind == Headline.Sentiment ? EventType.Geopolitical : c.EventType));
                return indicator is null ? null : $"{indicator.Symbol} z {Z(indicator.ZScore)}";
            }

            case Headline.Energy:
            {
                InstrumentReading? energy = f.Inputs.Readings.Where(r => r.Category == IndicatorCategory.Energy && double.IsFinite(r.IntradayMoveFraction))
                    .OrderByDescending(r => r.IntradayMoveFraction).ThenBy(r => r.Symbol, StringComparer.Ordinal).FirstOrDefault();
                return energy is null ? null : $"{energy.Symbol} {SignedPercent(energy.IntradayMoveFraction)} intraday";
            }

            case Headline.Flash:
            {
                // The rule reads equity indices only; the headline names the index it fired on, not a coin that swung further.
                InstrumentReading? flash = f.Inputs.Readings.Where(r => r.AssetClass == AssetClass.EquityIndex && double.IsFinite(r.ShortMoveFraction) && r.ShortRetracementFraction > 0)
                    .OrderByDescending(r => Math.Abs(r.ShortMoveFraction) >= 0.05 && r.ShortRetracementFraction >= 0.5)
                    .ThenByDescending(r => Math.Abs(r.ShortMoveFraction)).ThenBy(r => r.Symbol, StringComparer.Ordinal).FirstOrDefault();
                return flash is null
                    ? null
                    : $"{flash.Symbol} {SignedPercent(flash.ShortMoveFraction)} within {Window(f.Inputs.ShortWindow)}, {Percent(flash.ShortRetracementFraction)} retraced";
            }

            case Headline.Segments when c.Segments.Count > 0:
                return $"stress in {string.Join(", ", c.Segments)}";
            case Headline.Lead when f.ByAbsZ.Count > 0:
                return $"{f.ByAbsZ[0].Symbol} z {Z(f.ByAbsZ[0].ZScore)}";
            default:
                return null;
        }
    }

    private static IndicatorCategory CauseCategory(EventType type) => type switch
    {
        EventType.Pandemic => IndicatorCategory.PandemicNews,
        EventType.Infrastructure => IndicatorCategory.InfrastructureOutage,
        EventType.CyberAttack => IndicatorCategory.CyberIncident,
        EventType.NaturalDisaster => IndicatorCategory.NaturalDisasterNews,
        EventType.RegulatoryShock => IndicatorCategory.PolicyNews,
        EventType.Geopolitical => IndicatorCategory.NewsSentiment,
        _ => IndicatorCategory.None,
    };

    // The positions to act on first: the affected traded instruments (a volatility index or an indicator is a gauge, not a
    // holding), else the most stressed readings, else the segments.
    private static string Focus(ReportContext c)
    {
        var traded = new HashSet<string>(
            c.Facts.Inputs.Readings.Where(r => r.AssetClass is not (AssetClass.Volatility or AssetClass.Indicator)).Select(r => r.Symbol),
            StringComparer.Ordinal);
        IEnumerable<string> affectedTraded = c.Symbols.Where(traded.Contains);
        IEnumerable<string> names = affectedTraded.Any() ? affectedTraded.Take(3)
            : c.Symbols.Count > 0 ? c.Symbols.Take(3)
            : c.Facts.ByAbsZ.Take(3).Select(r => r.Symbol);
        string list = string.Join(", ", names);
        return list.Length > 0 ? list : c.Warning.MaxAbsZSymbol ?? $"the {c.Segments.Count} stressed segments";
    }

    // "Long VIX calls" reads "long VIX calls" inside a sentence; acronyms keep their case.
    private static string LowerFirst(string text) => text.Length == 0 ? text : char.ToLowerInvariant(text[0]) + text[1..];

    private static string Sentence(List<string> clauses)
    {
        string joined = string.Join("; ", clauses);
        return char.ToUpperInvariant(joined[0]) + joined[1..] + ".";
    }

    private static string Signed(double value) => value.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);

    private static int Days(AnalogueSummary a) => a.End.DayNumber - a.Start.DayNumber + 1;

    private static string Iso(long unixNs) =>
        DateTime.UnixEpoch.AddTicks(unixNs / TimeSpan.NanosecondsPerTick).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string KindWords(WarningTransition kind) => kind switch
    {
        WarningTransition.Escalated => "escalated",
        WarningTransition.DeEscalated => "de-escalated",
        WarningTransition.Reclassified => "reclassified",
        WarningTransition.Closed => "closed",
        _ => "updated",
    };

    private static string Duration(long ns)
    {
        TimeSpan span = TimeSpan.FromTicks(Math.Max(0, ns) / TimeSpan.NanosecondsPerTick);
        return span.TotalDays >= 1 ? $"{(int)span.TotalDays} d {span.Hours} h"
            : span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min"
            : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes} min"
            : $"{(int)span.TotalSeconds} s";
    }

    private static string Window(TimeSpan window) =>
        window.TotalDays >= 1 ? $"{Number(window.TotalDays)} day{(window.TotalDays == 1 ? string.Empty : "s")}"
        : window.TotalHours >= 1 ? $"{Number(window.TotalHours)} h"
        : $"{Number(window.TotalMinutes)} min";
}
