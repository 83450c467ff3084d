namespace Vigil.Engine.Simulation;

/// <summary>How one simulated instrument moves in calm markets and in a crisis.</summary>
/// <param name="Symbol">The instrument's symbol; must match the instrument at the same position in the universe.</param>
/// <param name="Process">The process it follows.</param>
/// <param name="BaseLevel">
/// The starting price or level, and the baseline a <see cref="PriceProcess.MeanRevertingLog"/> instrument returns to;
/// positive unless the process is <see cref="PriceProcess.ArithmeticLevel"/>.
/// </param>
/// <param name="AnnualVolatility">
/// Calm volatility per √year (252 trading days): of log changes for <see cref="PriceProcess.GeometricBrownian"/> and
/// <see cref="PriceProcess.MeanRevertingLog"/> (0.16 is 16%), of level changes in the level's own units for
/// <see cref="PriceProcess.ArithmeticLevel"/> (0.95 is 95 bp on a yield quoted in percent). Non-negative.
/// </param>
/// <param name="DailyVolume">
/// Calm volume per trading day in the instrument's traded unit (contracts, shares, coins, $ millions notional);
/// non-negative, 0 for an untraded index.
/// </param>
/// <param name="CrisisLoading">
/// The instrument's loading on the common risk factor in a crisis, in (−1, 1): positive for instruments that fall
/// with equities (stocks, yields, oil, USDJPY), negative for those that rise (volatility indices, credit spreads).
/// It shapes the crisis correlation matrix and the direction of jumps.
/// </param>
/// <param name="MeanReversionHalfLifeDays">
/// For <see cref="PriceProcess.MeanRevertingLog"/>: the half-life in trading days of a deviation from the target
/// level; positive. Ignored by the other processes.
/// </param>
public sealed record InstrumentDynamics(
    string Symbol,
    PriceProcess Process,
    double BaseLevel,
    double AnnualVolatility,
    double DailyVolume,
    double CrisisLoading,
    double MeanReversionHalfLifeDays = 0);
