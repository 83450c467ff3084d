using System.Runtime.InteropServices;
using Vigil.Core.Instruments;

namespace Vigil.Engine.Pipeline;

/// <summary>The per-series detectors, as bits, for the set that fired on an instrument within a step.</summary>
[Flags]
public enum FiredDetectors
{
    /// <summary>None fired.</summary>
    None = 0,

    /// <summary>ZSCORE: |z| of a return at or past its threshold.</summary>
    ZScore = 1,

    /// <summary>PRICE_SPIKE.</summary>
    PriceSpike = 2,

    /// <summary>VOLUME_ANOMALY.</summary>
    VolumeAnomaly = 4,

    /// <summary>VOLATILITY_BURST.</summary>
    VolatilityBurst = 8,

    /// <summary>FLASH_CRASH.</summary>
    FlashCrash = 16,
}

/// <summary>One instrument as a market step left it: what the store keeps per step and instrument, and what the dashboard shows.</summary>
/// <param name="Instrument">The instrument.</param>
/// <param name="Ticked">Whether it ticked in the step.</param>
/// <param name="Price">Its latest price or level (NaN before its first tick).</param>
/// <param name="Return">The step's return: log return for prices, difference for levels.</param>
/// <param name="Volatility">Short-run volatility per step, in return units.</param>
/// <param name="ReturnZ">The step return over long-run volatility (NaN while warming up).</param>
/// <param name="VolatilityLogRatio">Log of short-run over long-run volatility (NaN while warming up).</param>
/// <param name="PriceZ">The price's distance from its rolling mean, in standard deviations.</param>
/// <param name="VolumeZ">The step volume's z-score against its profile (NaN while warming up).</param>
/// <param name="Volume">The step's total volume.</param>
/// <param name="MaxAbsZ">The largest |z| of a tick return in the step.</param>
/// <param name="ZScoreScore">ZSCORE's latest score, in [0, 1].</param>
/// <param name="PriceSpikeScore">PRICE_SPIKE's latest score.</param>
/// <param name="VolumeAnomalyScore">VOLUME_ANOMALY's latest score.</param>
/// <param name="VolatilityBurstScore">VOLATILITY_BURST's latest score.</param>
/// <param name="FlashCrashScore">FLASH_CRASH's latest score.</param>
/// <param name="Fired">The detectors that fired on any tick of the step.</param>
[StructLayout(LayoutKind.Auto)]
public readonly record struct InstrumentSnapshot(
    InstrumentId Instrument,
    bool Ticked,
    double Price,
    double Return,
    double Volatility,
    double ReturnZ,
    double VolatilityLogRatio,
    double PriceZ,
    double VolumeZ,
    double Volume,
    double MaxAbsZ,
    double ZScoreScore,
    double PriceSpikeScore,
    double VolumeAnomalyScore,
    double VolatilityBurstScore,
    double FlashCrashScore,
    FiredDetectors Fired);
