using System.Collections.Immutable;
using Vigil.Core.Instruments;

namespace Vigil.Engine.Simulation;

/// <summary>
/// Calm-market dynamics for the 18 instruments of <see cref="DefaultUniverse"/>, in its order: levels of mid
/// November 2023 (the simulator's default start), typical calm volatilities and volumes, and a calm correlation
/// matrix of daily changes. The numbers are rounded, representative values, not a fit to one data set.
/// </summary>
public static class DefaultMarket
{
    /// <summary>
    /// Per-instrument dynamics, aligned with <see cref="DefaultUniverse.Instruments"/>. Volumes are those of each
    /// market's main traded vehicle: the front futures contract for indices, FX, rates, VIX and commodities, shares of
    /// XLF, coins for BTC, $ millions notional for the CDX indices; MOVE is not traded.
    /// </summary>
    public static IReadOnlyList<InstrumentDynamics> Dynamics { get; } =
    [
        new("SPX", PriceProcess.GeometricBrownian, 4_500, 0.16, 1_500_000, 0.95),
        new("NDX", PriceProcess.GeometricBrownian, 15_800, 0.21, 600_000, 0.93),
        new("SX5E", PriceProcess.GeometricBrownian, 4_250, 0.18, 900_000, 0.92),
        new("NKY", PriceProcess.GeometricBrownian, 32_500, 0.19, 800_000, 0.85),
        new("EURUSD", PriceProcess.GeometricBrownian, 1.085, 0.075, 250_000, 0.45),
        new("USDJPY", PriceProcess.GeometricBrownian, 150.5, 0.09, 200_000, 0.70),
        new("GBPUSD", PriceProcess.GeometricBrownian, 1.245, 0.085, 120_000, 0.55),
        new("UST2Y", PriceProcess.ArithmeticLevel, 4.85, 0.90, 500_000, 0.55),
        new("UST10Y", PriceProcess.ArithmeticLevel, 4.45, 0.95, 1_500_000, 0.70),
        new("BUND10Y", PriceProcess.ArithmeticLevel, 2.60, 0.75, 700_000, 0.60),
        new("IG_CDX", PriceProcess.MeanRevertingLog, 65, 0.45, 20_000, -0.88, MeanReversionHalfLifeDays: 20),
        new("HY_CDX", PriceProcess.MeanRevertingLog, 420, 0.35, 5_000, -0.92, MeanReversionHalfLifeDays: 20),
        new("VIX", PriceProcess.MeanRevertingLog, 14.5, 1.00, 250_000, -0.92, MeanReversionHalfLifeDays: 10),
        new("MOVE", PriceProcess.MeanRevertingLog, 115, 0.60, 0, -0.70, MeanReversionHalfLifeDays: 15),
        new("GOLD", PriceProcess.GeometricBrownian, 1_960, 0.15, 250_000, 0.20),
        new("WTI", PriceProcess.GeometricBrownian, 78, 0.35, 1_000_000, 0.75),
        new("BTC", PriceProcess.GeometricBrownian, 37_000, 0.55, 30_000, 0.75),
        new("XLF", PriceProcess.GeometricBrownian, 35.0, 0.20, 40_000_000, 0.93),
    ];

    /// <summary>
    /// The calm correlation of daily changes (log changes of prices, volatility indices and spreads; level changes of
    /// yields), 18×18 row-major in <see cref="DefaultUniverse"/> order. Equity indices correlate about 0.45–0.9 with
    /// each other and XLF 0.4–0.7 with them; VIX, MOVE and credit spreads move against equities; yields rise with
    /// equities a little and with USDJPY; gold moves with the euro and against yields. Positive definite (smallest
    /// eigenvalue about 0.086).
    /// </summary>
    public static ImmutableArray<double> CalmCorrelation { get; } =
    [
        // SPX  NDX   SX5E   NKY  EURUSD USDJPY GBPUSD UST2Y UST10Y BUND  IG_CDX HY_CDX  VIX   MOVE   GOLD   WTI    BTC    XLF
        1.00, 0.88, 0.62, 0.45, 0.10, 0.25, 0.15, 0.12, 0.18, 0.20, -0.60, -0.70, -0.75, -0.25, 0.05, 0.30, 0.25, 0.72, // SPX
        0.88, 1.00, 0.52, 0.42, 0.08, 0.22, 0.12, 0.08, 0.10, 0.12, -0.52, -0.62, -0.70, -0.22, 0.06, 0.22, 0.30, 0.58, // NDX
        0.62, 0.52, 1.00, 0.48, 0.00, 0.20, 0.10, 0.10, 0.15, 0.22, -0.45, -0.50, -0.50, -0.18, 0.03, 0.28, 0.15, 0.55, // SX5E
        0.45, 0.42, 0.48, 1.00, 0.05, 0.45, 0.08, 0.08, 0.10, 0.10, -0.30, -0.35, -0.32, -0.12, 0.00, 0.18, 0.12, 0.38, // NKY
        0.10, 0.08, 0.00, 0.05, 1.00, -0.30, 0.60, -0.15, -0.10, 0.15, -0.08, -0.10, -0.08, 0.00, 0.35, 0.12, 0.05, 0.05, // EURUSD
        0.25, 0.22, 0.20, 0.45, -0.30, 1.00, -0.20, 0.40, 0.45, 0.25, -0.20, -0.22, -0.25, -0.10, -0.30, 0.08, 0.02, 0.25, // USDJPY
        0.15, 0.12, 0.10, 0.08, 0.60, -0.20, 1.00, -0.10, -0.05, 0.05, -0.10, -0.12, -0.12, -0.05, 0.25, 0.12, 0.05, 0.10, // GBPUSD
        0.12, 0.08, 0.10, 0.08, -0.15, 0.40, -0.10, 1.00, 0.80, 0.45, -0.15, -0.15, -0.18, -0.10, -0.25, 0.15, -0.02, 0.25, // UST2Y
        0.18, 0.10, 0.15, 0.10, -0.10, 0.45, -0.05, 0.80, 1.00, 0.62, -0.20, -0.22, -0.22, -0.05, -0.35, 0.22, -0.03, 0.30, // UST10Y
        0.20, 0.12, 0.22, 0.10, 0.15, 0.25, 0.05, 0.45, 0.62, 1.00, -0.18, -0.20, -0.20, -0.05, -0.20, 0.18, 0.00, 0.18, // BUND10Y
        -0.60, -0.52, -0.45, -0.30, -0.08, -0.20, -0.10, -0.15, -0.20, -0.18, 1.00, 0.80, 0.55, 0.30, 0.00, -0.25, -0.15, -0.55, // IG_CDX
        -0.70, -0.62, -0.50, -0.35, -0.10, -0.22, -0.12, -0.15, -0.22, -0.20, 0.80, 1.00, 0.62, 0.30, 0.00, -0.30, -0.18, -0.55, // HY_CDX
        -0.75, -0.70, -0.50, -0.32, -0.08, -0.25, -0.12, -0.18, -0.22, -0.20, 0.55, 0.62, 1.00, 0.45, 0.05, -0.25, -0.20, -0.62, // VIX
        -0.25, -0.22, -0.18, -0.12, 0.00, -0.10, -0.05, -0.10, -0.05, -0.05, 0.30, 0.30, 0.45, 1.00, 0.08, -0.05, -0.10, -0.22, // MOVE
        0.05, 0.06, 0.03, 0.00, 0.35, -0.30, 0.25, -0.25, -0.35, -0.20, 0.00, 0.00, 0.05, 0.08, 1.00, 0.18, 0.10, -0.05, // GOLD
        0.30, 0.22, 0.28, 0.18, 0.12, 0.08, 0.12, 0.15, 0.22, 0.18, -0.25, -0.30, -0.25, -0.05, 0.18, 1.00, 0.10, 0.25, // WTI
        0.25, 0.30, 0.15, 0.12, 0.05, 0.02, 0.05, -0.02, -0.03, 0.00, -0.15, -0.18, -0.20, -0.10, 0.10, 0.10, 1.00, 0.15, // BTC
        0.72, 0.58, 0.55, 0.38, 0.05, 0.25, 0.10, 0.25, 0.30, 0.18, -0.55, -0.55, -0.62, -0.22, -0.05, 0.25, 0.15, 1.00, // XLF
    ];
}
