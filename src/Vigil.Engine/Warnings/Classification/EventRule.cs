using System.Globalization;

namespace Vigil.Engine.Warnings.Classification;

/// <summary>One classification rule: an event type, what it means in words, how to test it, and how it ranks against others.</summary>
/// <param name="Id">A stable identifier, for example <c>market_crash.vix_and_equity_fall</c>; listed in docs/warnings.md.</param>
/// <param name="EventType">The type the rule votes for.</param>
/// <param name="Description">The rule in one human-readable line.</param>
/// <param name="Priority">Higher wins when several rules fire (see <see cref="EventRules"/> for the order and why).</param>
/// <param name="Evaluate">Returns the evidence of every condition when all are met, or null when the rule does not fire.</param>
public sealed record EventRule(
    string Id,
    EventType EventType,
    string Description,
    int Priority,
    Func<ClassificationInputs, IReadOnlyList<RuleEvidence>?> Evaluate)
{
    /// <inheritdoc />
    public override string ToString() => Id;
}

/// <summary>How a measured value must compare to its threshold.</summary>
public enum Comparison
{
    /// <summary>Strictly greater (">"), for "above" and "more than".</summary>
    Above,

    /// <summary>Greater or equal ("≥"), for "N or more".</summary>
    AtLeast,

    /// <summary>Strictly less ("&lt;").</summary>
    Below,

    /// <summary>Less or equal ("≤").</summary>
    AtMost,
}

/// <summary>How evidence numbers are written.</summary>
public enum EvidenceUnit
{
    /// <summary>A plain number.</summary>
    Plain,

    /// <summary>A fraction written as a percentage (0.05 as 5%).</summary>
    Percent,

    /// <summary>Basis points.</summary>
    BasisPoints,

    /// <summary>A multiple of normal (3×).</summary>
    Multiple,

    /// <summary>Percentage points.</summary>
    PercentagePoints,

    /// <summary>Minutes.</summary>
    Minutes,
}

/// <summary>Building blocks the rule table is written with.</summary>
public static class RuleConditions
{
    /// <summary>Compares one value to a threshold; evidence when met, null when not (NaN never meets).</summary>
    /// <param name="label">What was measured.</param>
    /// <param name="value">The measured value.</param>
    /// <param name="comparison">How it must compare.</param>
    /// <param name="threshold">The threshold.</param>
    /// <param name="unit">How to write the numbers.</param>
    /// <param name="scaleWhenThresholdZero">The excess that counts as full strength when the threshold is 0 (otherwise half the threshold's size).</param>
    public static RuleEvidence? Check(string label, double value, Comparison comparison, double threshold, EvidenceUnit unit, double scaleWhenThresholdZero = 1)
    {
        double excess = comparison is Comparison.Below or Comparison.AtMost ? threshold - value : value - threshold;
        bool met = comparison is Comparison.Above or Comparison.Below ? excess > 0 : excess >= 0;
        if (!met)
        {
            return null;
        }

        // Strength grows from 0.5 at the threshold to 1 at half the threshold again past it, so "just met" and "far past" differ.
        double scale = threshold != 0 ? 0.5 * Math.Abs(threshold) : scaleWhenThresholdZero;
        double strength = 0.5 + (0.5 * Math.Min(1, excess / scale));
        string op = comparison switch
        {
            Comparison.Above => ">",
            Comparison.AtLeast => "≥",
            Comparison.Below => "<",
            _ => "≤",
        };
        return new RuleEvidence(label, value, threshold, $"{label} {Format(value, unit)} {op} {Format(threshold, unit)}", strength);
    }

    /// <summary>The reading that best meets the condition among those matching <paramref name="filter"/>; evidence when it meets, null when none does.</summary>
    /// <param name="inputs">The inputs.</param>
    /// <param name="filter">Which readings qualify.</param>
    /// <param name="measure">The number measured on a reading.</param>
    /// <param name="what">What is measured, appended to the symbol in the evidence.</param>
    /// <param name="comparison">How it must compare.</param>
    /// <param name="threshold">The threshold.</param>
    /// <param name="unit">How to write the numbers.</param>
    public static RuleEvidence? Best(
        ClassificationInputs inputs,
        Func<InstrumentReading, bool> filter,
        Func<InstrumentReading, double> measure,
        string what,
        Comparison comparison,
        double threshold,
        EvidenceUnit unit)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        RuleEvidence? best = null;
        foreach (InstrumentReading reading in inputs.Readings)
        {
            if (!filter(reading))
            {
                continue;
            }

            RuleEvidence? evidence = Check($"{reading.Symbol} {what}", measure(reading), comparison, threshold, unit);
            if (evidence is not null && (best is null || evidence.Strength > best.Strength))
            {
                best = evidence;
            }
        }

        return best;
    }

    /// <summary>All conditions' evidence when every one is met; null otherwise.</summary>
    /// <param name="conditions">The conditions.</param>
    public static IReadOnlyList<RuleEvidence>? All(params RuleEvidence?[] conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        var met = new List<RuleEvidence>(conditions.Length);
        foreach (RuleEvidence? condition in conditions)
        {
            if (condition is null)
            {
                return null;
            }

            met.Add(condition);
        }

        return met;
    }

    /// <summary>The strongest of alternative conditions, or null when none is met.</summary>
    /// <param name="alternatives">The alternatives.</param>
    public static RuleEvidence? AnyOf(params RuleEvidence?[] alternatives)
    {
        ArgumentNullException.ThrowIfNull(alternatives);
        RuleEvidence? best = null;
        foreach (RuleEvidence? alternative in alternatives)
        {
            if (alternative is not null && (best is null || alternative.Strength > best.Strength))
            {
                best = alternative;
            }
        }

        return best;
    }

    private static string Format(double value, EvidenceUnit unit) => unit switch
    {
        EvidenceUnit.Percent => (value * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%",
        EvidenceUnit.BasisPoints => value.ToString("0.#", CultureInfo.InvariantCulture) + " bp",
        EvidenceUnit.Multiple => value.ToString("0.##", CultureInfo.InvariantCulture) + "×",
        EvidenceUnit.PercentagePoints => value.ToString("0.##", CultureInfo.InvariantCulture) + " pp",
        EvidenceUnit.Minutes => value.ToString("0.#", CultureInfo.InvariantCulture) + " min",
        _ => value.ToString("0.##", CultureInfo.InvariantCulture),
    };
}
