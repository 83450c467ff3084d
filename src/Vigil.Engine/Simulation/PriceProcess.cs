namespace Vigil.Engine.Simulation;

/// <summary>The stochastic process a simulated instrument follows.</summary>
public enum PriceProcess
{
    /// <summary>
    /// Geometric Brownian motion: the log price is a random walk, so the price stays positive and has no level it
    /// returns to. Used for equity indices, FX, commodities, crypto and sector funds.
    /// </summary>
    GeometricBrownian = 0,

    /// <summary>
    /// The log level is a target plus an Ornstein–Uhlenbeck deviation: it mean-reverts towards a baseline in calm
    /// markets and towards a scenario's target level in a crisis. Used for volatility indices and credit spreads.
    /// </summary>
    MeanRevertingLog,

    /// <summary>
    /// The level is an additive random walk and may go negative. Used for yields, whose changes are quoted in
    /// percentage points rather than percent.
    /// </summary>
    ArithmeticLevel,
}
