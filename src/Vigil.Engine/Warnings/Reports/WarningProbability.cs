using Vigil.Core.Instruments;
using Vigil.Engine.Warnings.Classification;

namespace Vigil.Engine.Warnings.Reports;

/// <summary>The independent families of evidence a warning can rest on.</summary>
[Flags]
public enum EvidenceFamilies
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>A traded price (not a volatility index or indicator) at |z| 3+.</summary>
    Price = 1,

    /// <summary>A correlation break, or mean cross-asset correlation up 0.1+.</summary>
    Correlation = 2,

    /// <summary>A credit series, investment-grade spread or bank CDS at |z| 3+, or investment-grade spreads above 200 bp.</summary>
    Credit = 4,

    /// <summary>The VIX at 25+, the MOVE above 150, or a volatility index at |z| 3+.</summary>
    Volatility = 8,

    /// <summary>An indicator series (news, sentiment, macro) at |z| 3+.</summary>
    Indicator = 16,
}

/// <summary>
/// How likely a warning is a real crisis rather than noise, in [0, 1]: a logistic of the composite score, the severity
/// reached, and how many independent families of evidence agree (method and worked values in docs/warnings.md).
/// Increasing in each of the three, so a stronger composite or a higher severity never lowers it.
/// </summary>
public static class WarningProbability
{
    /// <summary>The logistic's intercept: no composite, no severity and no evidence give about 5%.</summary>
    public const double Intercept = -3.0;

    /// <summary>Weight of the composite score (in [0, 1]).</summary>
    public const double CompositeWeight = 3.0;

    /// <summary>Weight of each severity step (ELEVATED = 1 … EXTREME = 4).</summary>
    public const double SeverityWeight = 0.6;

    /// <summary>Weight of each agreeing evidence family (0 to 5).</summary>
    public const double FamilyWeight = 0.5;

    /// <summary>The probability.</summary>
    /// <param name="composite">The composite score in [0, 1]; NaN counts as 0.</param>
    /// <param name="severity">The severity reached.</param>
    /// <param name="families">The evidence families that agree.</param>
    public static double Of(double composite, Severity severity, EvidenceFamilies families)
    {
        double c = double.IsNaN(composite) ? 0 : Math.Clamp(composite, 0, 1);
        int familyCount = System.Numerics.BitOperations.PopCount((uint)families);
        double x = Intercept + (CompositeWeight * c) + (SeverityWeight * (int)severity) + (FamilyWeight * familyCount);
        return 1 / (1 + Math.Exp(-x));
    }

    /// <summary>Which evidence families agree in the readings.</summary>
    /// <param name="inputs">The readings.</param>
    /// <param name="correlationBreaks">Correlation breaks at the warning.</param>
    public static EvidenceFamilies FamiliesOf(ClassificationInputs inputs, int correlationBreaks)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        EvidenceFamilies families = EvidenceFamilies.None;
        if (correlationBreaks > 0 || inputs.CorrelationBreaks > 0 || inputs.MeanCorrelationChange >= 0.1)
        {
            families |= EvidenceFamilies.Correlation;
        }

        foreach (InstrumentReading r in inputs.Readings)
        {
            bool stressed = Math.Abs(r.ZScore) >= EventRules.StressZ;
            if (r.Category is IndicatorCategory.InvestmentGradeSpread or IndicatorCategory.BankCds || r.AssetClass == AssetClass.Credit)
            {
                if (stressed || (r.Category == IndicatorCategory.InvestmentGradeSpread && r.Level > 200))
                {
                    families |= EvidenceFamilies.Credit;
                }
            }
            else if (r.AssetClass == AssetClass.Volatility || r.Category is IndicatorCategory.EquityVolatilityIndex or IndicatorCategory.BondVolatilityIndex)
            {
                if (stressed || (r.Category == IndicatorCategory.EquityVolatilityIndex && r.Level >= 25) || (r.Category == IndicatorCategory.BondVolatilityIndex && r.Level > 150))
                {
                    families |= EvidenceFamilies.Volatility;
                }
            }
            else if (r.AssetClass == AssetClass.Indicator)
            {
                if (stressed)
                {
                    families |= EvidenceFamilies.Indicator;
                }
            }
            else if (stressed)
            {
                families |= EvidenceFamilies.Price;
            }
        }

        return families;
    }
}
