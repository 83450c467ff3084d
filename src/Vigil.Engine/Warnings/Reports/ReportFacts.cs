using System.Globalization;
using System.Text.RegularExpressions;
using Vigil.Core.Instruments;
using Vigil.Engine.Warnings.Classification;

namespace Vigil.Engine.Warnings.Reports;

/// <summary>
/// The readings a report leans on, found once per report: the worst equity move, the volatility indices, the largest
/// currency move, the widest bid-ask spread, the credit gauges. Each is null when no reading of its kind has a finite value.
/// </summary>
internal sealed partial class ReportFacts
{
    /// <summary>A reading counts as stressed from this |z| on, as in the classification rules.</summary>
    public const double StressZ = EventRules.StressZ;

    private ReportFacts(ClassificationInputs inputs)
    {
        Inputs = inputs;
        foreach (InstrumentReading r in inputs.Readings)
        {
            // Where several readings play one role (two volatility indices, say), the most stressed one speaks for it.
            switch (r.Category)
            {
                case IndicatorCategory.EquityVolatilityIndex when double.IsFinite(r.Level) && Beats(r.Level, r, Vix?.Level, Vix):
                    Vix = r;
                    break;
                case IndicatorCategory.BondVolatilityIndex when double.IsFinite(r.Level) && Beats(r.Level, r, Move?.Level, Move):
                    Move = r;
                    break;
                case IndicatorCategory.InvestmentGradeSpread when double.IsFinite(r.Level) && Beats(r.Level, r, InvestmentGrade?.Level, InvestmentGrade):
                    InvestmentGrade = r;
                    break;
                case IndicatorCategory.BankCds when double.IsFinite(r.ZScore) && Beats(r.ZScore, r, BankCds?.ZScore, BankCds):
                    BankCds = r;
                    break;
                default:
                    break;
            }

            if (r.AssetClass == AssetClass.EquityIndex && double.IsFinite(r.IntradayMoveFraction)
                && Beats(-r.IntradayMoveFraction, r, -WorstEquity?.IntradayMoveFraction, WorstEquity))
            {
                WorstEquity = r;
            }

            double fxMove = FxMoveOf(r);
            if (r.AssetClass == AssetClass.Fx && double.IsFinite(fxMove) && Beats(fxMove, r, LargestFx is null ? null : FxMoveOf(LargestFx), LargestFx))
            {
                LargestFx = r;
            }

            if (r.SpreadMultiple is { } multiple && double.IsFinite(multiple) && Beats(multiple, r, WidestSpread?.SpreadMultiple, WidestSpread))
            {
                WidestSpread = r;
            }

            if (r.AssetClass == AssetClass.Rates && r.Category != IndicatorCategory.YieldCurveSlope && double.IsFinite(r.ZScore)
                && Beats(Math.Abs(r.ZScore), r, LargestRates is null ? null : Math.Abs(LargestRates.ZScore), LargestRates))
            {
                LargestRates = r;
            }

            if (r.AssetClass == AssetClass.Credit && double.IsFinite(r.ZScore) && Beats(Math.Abs(r.ZScore), r, LargestCredit is null ? null : Math.Abs(LargestCredit.ZScore), LargestCredit))
            {
                LargestCredit = r;
            }
        }

        // Most stressed first; ties by symbol so the order never depends on the order readings arrive in.
        ByAbsZ = [.. inputs.Readings.Where(r => double.IsFinite(r.ZScore))
            .OrderByDescending(r => Math.Abs(r.ZScore)).ThenBy(r => r.Symbol, StringComparer.Ordinal)];
    }

    /// <summary>The inputs.</summary>
    public ClassificationInputs Inputs { get; }

    /// <summary>The equity index with the largest intraday fall (or smallest rise).</summary>
    public InstrumentReading? WorstEquity { get; }

    /// <summary>The equity volatility index (VIX).</summary>
    public InstrumentReading? Vix { get; }

    /// <summary>The bond volatility index (MOVE).</summary>
    public InstrumentReading? Move { get; }

    /// <summary>The investment-grade spread.</summary>
    public InstrumentReading? InvestmentGrade { get; }

    /// <summary>The bank CDS gauge.</summary>
    public InstrumentReading? BankCds { get; }

    /// <summary>The currency pair with the largest move over the short or intraday window.</summary>
    public InstrumentReading? LargestFx { get; }

    /// <summary>The instrument with the widest bid-ask spread against its normal.</summary>
    public InstrumentReading? WidestSpread { get; }

    /// <summary>The government rate with the largest |z|.</summary>
    public InstrumentReading? LargestRates { get; }

    /// <summary>The credit series with the largest |z|.</summary>
    public InstrumentReading? LargestCredit { get; }

    /// <summary>Readings with a finite z, largest |z| first.</summary>
    public IReadOnlyList<InstrumentReading> ByAbsZ { get; }

    /// <summary>The facts of <paramref name="inputs"/>.</summary>
    /// <param name="inputs">The readings.</param>
    public static ReportFacts Of(ClassificationInputs inputs) => new(inputs);

    /// <summary>A currency's move: the larger of its short and intraday moves, in size.</summary>
    /// <param name="reading">The reading.</param>
    public static double FxMoveOf(InstrumentReading reading) =>
        Math.Abs(Math.Abs(reading.ShortMoveFraction) >= Math.Abs(reading.IntradayMoveFraction) || double.IsNaN(reading.IntradayMoveFraction)
            ? reading.ShortMoveFraction
            : reading.IntradayMoveFraction);

    /// <summary>The signed move of <see cref="FxMoveOf"/>.</summary>
    /// <param name="reading">The reading.</param>
    public static double SignedFxMoveOf(InstrumentReading reading) =>
        Math.Abs(reading.ShortMoveFraction) >= Math.Abs(reading.IntradayMoveFraction) || double.IsNaN(reading.IntradayMoveFraction)
            ? reading.ShortMoveFraction
            : reading.IntradayMoveFraction;

    /// <summary>A fraction as a signed percentage with one decimal, for example <c>-6.1%</c>.</summary>
    /// <param name="fraction">The fraction (0.061 = 6.1%).</param>
    public static string SignedPercent(double fraction) => (fraction * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A fraction as a percentage with up to two decimals, for example <c>4.25%</c>.</summary>
    /// <param name="fraction">The fraction.</param>
    public static string Percent(double fraction) => (fraction * 100).ToString("0.0#", CultureInfo.InvariantCulture) + "%";

    /// <summary>A number with up to <paramref name="decimals"/> decimals.</summary>
    /// <param name="value">The number.</param>
    /// <param name="decimals">At most this many decimals.</param>
    public static string Number(double value, int decimals = 1) =>
        value.ToString(decimals switch { 0 => "0", 1 => "0.#", 2 => "0.##", _ => "0.###" }, CultureInfo.InvariantCulture);

    /// <summary>A z-score with sign and one decimal, for example <c>-5.2</c>.</summary>
    /// <param name="z">The z-score.</param>
    public static string Z(double z) => z.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture);

    /// <summary>An enum name in snake case, for example <c>financial_intermediaries</c>.</summary>
    /// <param name="pascal">The PascalCase name.</param>
    public static string SnakeCase(string pascal) => UpperLetter().Replace(pascal, "_$1").ToLowerInvariant();

    /// <summary>An event type in words, for example <c>Market crash</c>.</summary>
    /// <param name="type">The event type.</param>
    public static string Words(EventType type) => type switch
    {
        EventType.Unclassified => "Unclassified stress",
        _ => Capitalise(SnakeCase(type.ToString()).Replace('_', ' ')),
    };

    // Larger wins; equal values go to the smaller symbol, so the choice never depends on the readings' order.
    private static bool Beats(double value, InstrumentReading reading, double? currentValue, InstrumentReading? current) =>
        current is null || value > currentValue || (value == currentValue && string.CompareOrdinal(reading.Symbol, current.Symbol) < 0);

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex UpperLetter();
}
