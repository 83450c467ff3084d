using Vigil.Core.Instruments;
using Vigil.Engine.Warnings.Analogues;
using Vigil.Engine.Warnings.Classification;

namespace Vigil.Engine.Warnings.Reports;

/// <summary>
/// The live warning described on the crisis library's scale (each dimension relative to the worst episode on record,
/// 0..1), so it can be matched with <see cref="CrisisLibrary.BestMatch"/>. The mapping is the table in docs/warnings.md;
/// each dimension takes the largest of its gauges, and a gauge whose input is missing (NaN) counts as 0.
/// </summary>
public static class WarningFingerprint
{
    /// <summary>An equity-index fall of this fraction within the intraday window scores a full drawdown.</summary>
    public const double FullDrawdownFraction = 0.20;

    /// <summary>The VIX level that counts as calm (0) and the level that scores a full volatility spike.</summary>
    public const double CalmVix = 20, FullVix = 80;

    /// <summary>The |z| of a volatility or equity-index series that scores a full volatility spike.</summary>
    public const double FullVolatilityZ = 10;

    /// <summary>A rise of mean cross-asset correlation that scores a full correlation spike.</summary>
    public const double FullCorrelationRise = 0.4;

    /// <summary>The investment-grade spread that counts as calm, and the one that scores a full widening, in basis points.</summary>
    public const double CalmIgSpreadBp = 100, FullIgSpreadBp = 600;

    /// <summary>The |z| of a credit series (spreads, bank CDS) that scores a full widening.</summary>
    public const double FullCreditZ = 8;

    /// <summary>A currency move of this fraction scores a full FX move.</summary>
    public const double FullFxMoveFraction = 0.10;

    /// <summary>The |z| of a currency or government-rate series that scores a full move.</summary>
    public const double FullFxZ = 10, FullRatesZ = 8;

    /// <summary>The bid-ask spread multiple that scores full illiquidity (1× is normal).</summary>
    public const double FullSpreadMultiple = 10;

    /// <summary>The MOVE level that counts as calm, and the level that scores full illiquidity.</summary>
    public const double CalmMove = 80, FullMove = 200;

    /// <summary>An equity-index move of this fraction within the intraday window scores full speed.</summary>
    public const double FullSpeedFraction = 0.10;

    /// <summary>The live fingerprint.</summary>
    /// <param name="inputs">The readings at the warning.</param>
    /// <param name="risk">The risk models' readings (the CISS adds to the liquidity gauge when known).</param>
    public static CrisisFingerprint From(ClassificationInputs inputs, RiskContext risk)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(risk);
        double drawdown = 0, volatility = 0, credit = 0, fx = 0, rates = 0, liquidity = 0, speed = 0;
        double otherPriceSpeed = 0;
        bool hasEquityIndex = false;
        foreach (InstrumentReading r in inputs.Readings)
        {
            double absZ = Math.Abs(r.ZScore);
            switch (r.Category)
            {
                case IndicatorCategory.EquityVolatilityIndex:
                    volatility = Max(volatility, (r.Level - CalmVix) / (FullVix - CalmVix), absZ / FullVolatilityZ);
                    break;
                case IndicatorCategory.BondVolatilityIndex:
                    liquidity = Max(liquidity, (r.Level - CalmMove) / (FullMove - CalmMove));
                    break;
                case IndicatorCategory.InvestmentGradeSpread:
                    credit = Max(credit, (r.Level - CalmIgSpreadBp) / (FullIgSpreadBp - CalmIgSpreadBp), absZ / FullCreditZ);
                    break;
                case IndicatorCategory.BankCds:
                    credit = Max(credit, absZ / FullCreditZ);
                    break;
                default:
                    break;
            }

            switch (r.AssetClass)
            {
                case AssetClass.EquityIndex:
                    hasEquityIndex = true;
                    drawdown = Max(drawdown, -r.IntradayMoveFraction / FullDrawdownFraction, -r.ShortMoveFraction / FullDrawdownFraction);
                    volatility = Max(volatility, absZ / FullVolatilityZ);
                    speed = Max(speed, Math.Abs(r.IntradayMoveFraction) / FullSpeedFraction);
                    break;
                case AssetClass.Volatility:
                    volatility = Max(volatility, absZ / FullVolatilityZ);
                    break;
                case AssetClass.Credit:
                    credit = Max(credit, absZ / FullCreditZ);
                    break;
                case AssetClass.Fx:
                    fx = Max(fx, ReportFacts.FxMoveOf(r) / FullFxMoveFraction, absZ / FullFxZ);
                    break;
                case AssetClass.Rates when r.Category != IndicatorCategory.YieldCurveSlope:
                    rates = Max(rates, absZ / FullRatesZ);
                    break;
                default:
                    break;
            }

            if (r.AssetClass is not (AssetClass.Indicator or AssetClass.EquityIndex or AssetClass.Unknown))
            {
                otherPriceSpeed = Max(otherPriceSpeed, Math.Abs(r.IntradayMoveFraction) / FullSpeedFraction);
            }

            if (r.SpreadMultiple is { } multiple)
            {
                liquidity = Max(liquidity, (multiple - 1) / (FullSpreadMultiple - 1));
            }
        }

        // Speed is how fast equities move; without an equity index, how fast any traded price moves.
        if (!hasEquityIndex)
        {
            speed = otherPriceSpeed;
        }

        // A rise against normal says more than the level; the level stands in when the change is unknown.
        double correlation = double.IsFinite(inputs.MeanCorrelationChange)
            ? inputs.MeanCorrelationChange / FullCorrelationRise
            : (inputs.MeanCorrelation - 0.2) / 0.6;
        liquidity = Max(liquidity, risk.Ciss);

        return new CrisisFingerprint(drawdown, volatility, correlation, credit, fx, rates, liquidity, speed).Clamped();
    }

    /// <summary>The analogue for a fingerprint, or null when it is all zeros.</summary>
    /// <param name="fingerprint">The live fingerprint.</param>
    public static AnalogueSummary? Analogue(in CrisisFingerprint fingerprint)
    {
        AnalogueMatch? match = CrisisLibrary.BestMatch(fingerprint);
        return match is null
            ? null
            : new AnalogueSummary(match.Crisis.Id, match.Crisis.Name, match.Crisis.Start, match.Crisis.End, match.Crisis.EventType, match.Similarity, match.Crisis.Facts);
    }

    // NaN never wins: a missing gauge counts as no stress.
    private static double Max(double current, params ReadOnlySpan<double> candidates)
    {
        foreach (double candidate in candidates)
        {
            if (candidate > current)
            {
                current = candidate;
            }
        }

        return current;
    }
}
