namespace Vigil.Detection;

/// <summary>The names detectors go by in scores, warnings, reports and configuration.</summary>
public static class DetectorNames
{
    /// <summary>The rolling z-score of returns.</summary>
    public const string ZScore = "ZSCORE";

    /// <summary>Price far from its rolling mean.</summary>
    public const string PriceSpike = "PRICE_SPIKE";

    /// <summary>Volume against its rolling profile.</summary>
    public const string VolumeAnomaly = "VOLUME_ANOMALY";

    /// <summary>Short-window volatility jumping against long-window volatility.</summary>
    public const string VolatilityBurst = "VOLATILITY_BURST";

    /// <summary>A large fast move followed by a large retracement.</summary>
    public const string FlashCrash = "FLASH_CRASH";

    /// <summary>The Isolation Forest over the market state vector.</summary>
    public const string IsolationForest = "ISOLATION_FOREST";

    /// <summary>Short-window correlations breaking away from their long-window baseline.</summary>
    public const string CorrelationRegime = "CORRELATION_REGIME";

    /// <summary>The CISS composite indicator of systemic stress (Holló, Kremer and Lo Duca).</summary>
    public const string Ciss = "CISS";

    /// <summary>The absorption ratio's standardised shift (Kritzman et al.): variance concentrating in few eigenvectors.</summary>
    public const string AbsorptionRatio = "ABSORPTION_RATIO";

    /// <summary>The turbulence index (Kritzman and Li): Mahalanobis distance of the step's returns from their rolling mean and covariance.</summary>
    public const string Turbulence = "TURBULENCE";

    /// <summary>The LSTM autoencoder's reconstruction error over a window of state vectors.</summary>
    public const string LstmAutoencoder = "LSTM_AUTOENCODER";

    /// <summary>The portfolio's VaR against its own long-run level (VaR, ES and their backtests).</summary>
    public const string MarketRisk = "MARKET_RISK";

    /// <summary>Aggregate SRISK of the watched institutions against their equity (Merton distance to default and SRISK).</summary>
    public const string Srisk = "SRISK";

    /// <summary>What crash protection costs: the Black-76 price of a 10%-out-of-the-money one-month index put at the volatility index's level.</summary>
    public const string CrashProtection = "CRASH_PROTECTION";
}
