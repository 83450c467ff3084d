namespace Vigil.Detection.Risk;

/// <summary>How volatile a series is against its own long-run distribution of volatility.</summary>
public enum RiskRegime
{
    /// <summary>Not enough history to say.</summary>
    Unknown = 0,

    /// <summary>Volatility below the calm percentile (75th by default) of its history.</summary>
    Calm,

    /// <summary>Volatility between the calm and the turbulent percentiles.</summary>
    Elevated,

    /// <summary>Volatility at or above the turbulent percentile (95th by default) of its history.</summary>
    Turbulent,
}

/// <summary>A way of forecasting VaR.</summary>
public enum VarMethod
{
    /// <summary>The empirical quantile of the rolling window.</summary>
    Historical = 0,

    /// <summary>Normal with the window mean and the EWMA volatility.</summary>
    Gaussian,

    /// <summary>Cornish-Fisher with the window mean, skewness and kurtosis and the EWMA volatility.</summary>
    CornishFisher,
}

/// <summary>VaR at one confidence level by each method, as positive losses in return units over the horizon.</summary>
/// <param name="ConfidenceLevel">α, for example 0.99.</param>
/// <param name="Historical">The historical VaR (type-7 quantile of the window, scaled by √h).</param>
/// <param name="Gaussian">The Gaussian VaR.</param>
/// <param name="CornishFisher">The Cornish-Fisher VaR.</param>
public sealed record VarLevel(double ConfidenceLevel, double Historical, double Gaussian, double CornishFisher);

/// <summary>Expected shortfall at one confidence level by each method, as positive losses in return units over the horizon.</summary>
/// <param name="ConfidenceLevel">α, for example 0.975.</param>
/// <param name="Historical">The mean window loss at or beyond the historical VaR, scaled by √h.</param>
/// <param name="Gaussian">The Gaussian ES.</param>
/// <param name="CornishFisher">The Cornish-Fisher ES (tail mean of the Cornish-Fisher quantile).</param>
public sealed record ExpectedShortfallLevel(double ConfidenceLevel, double Historical, double Gaussian, double CornishFisher);

/// <summary>The backtest of one method's one-step forecasts over the latest forecasts.</summary>
/// <param name="Method">The method.</param>
/// <param name="Kupiec">Kupiec's proportion-of-failures test.</param>
/// <param name="Christoffersen">Christoffersen's independence and conditional-coverage tests.</param>
/// <param name="TrafficLight">The Basel traffic light of the exception count (meant for 250 forecasts at 99%).</param>
public sealed record VarBacktest(VarMethod Method, KupiecTest Kupiec, ChristoffersenTest Christoffersen, TrafficLight TrafficLight);

/// <summary>The risk of one instrument or of the portfolio. Values are null until the series has enough returns.</summary>
/// <param name="Symbol">The instrument's symbol, or <see cref="MarketRiskMonitor.PortfolioSymbol"/>.</param>
/// <param name="Observations">The returns in the window.</param>
/// <param name="Mean">The window's mean return per step.</param>
/// <param name="Volatility">The EWMA standard deviation of returns per step.</param>
/// <param name="Skewness">The window's population skewness.</param>
/// <param name="ExcessKurtosis">The window's population excess kurtosis.</param>
/// <param name="VolatilityPercentile">The share of the long-run volatility samples below the current volatility, in [0, 1].</param>
/// <param name="Regime">The risk regime from that percentile.</param>
/// <param name="Var">VaR at each configured confidence level.</param>
/// <param name="ExpectedShortfall">ES at the configured ES confidence level.</param>
/// <param name="Backtests">One backtest per method, empty before two forecasts have been tested.</param>
public sealed record SeriesRisk(
    string Symbol,
    int Observations,
    double? Mean,
    double? Volatility,
    double? Skewness,
    double? ExcessKurtosis,
    double? VolatilityPercentile,
    RiskRegime Regime,
    IReadOnlyList<VarLevel> Var,
    ExpectedShortfallLevel? ExpectedShortfall,
    IReadOnlyList<VarBacktest> Backtests);

/// <summary>One position's share of the portfolio's covariance VaR.</summary>
/// <param name="Symbol">The instrument's symbol.</param>
/// <param name="Position">The weight or notional.</param>
/// <param name="ComponentVaR">Its component VaR; the components sum to the total.</param>
/// <param name="Share">Its component over the total, 0 when the total is 0.</param>
public sealed record PositionRisk(string Symbol, double Position, double ComponentVaR, double Share);

/// <summary>The portfolio's VaR through the covariance matrix and from the joint history, at the backtest confidence level.</summary>
/// <param name="ConfidenceLevel">α.</param>
/// <param name="Volatility">σ_p = √(w'Σw) per step from the EWMA covariance.</param>
/// <param name="CovarianceVaR">The zero-mean Gaussian VaR z_α σ_p √h.</param>
/// <param name="HistoricalVaR">The historical VaR of Σ w_i r_i over the joint window (a missing return counts as 0), √h-scaled; null before any step.</param>
/// <param name="Positions">The positions with nonzero weight and their component VaR.</param>
public sealed record PortfolioPositionsRisk(double ConfidenceLevel, double Volatility, double CovarianceVaR, double? HistoricalVaR, IReadOnlyList<PositionRisk> Positions);

/// <summary>What the <see cref="MarketRiskMonitor"/> knows, for the API and the dashboard's VaR panel.</summary>
/// <param name="Steps">The steps seen.</param>
/// <param name="IsReady">Whether the monitor's reading is ready.</param>
/// <param name="HorizonSteps">The horizon of the reported VaR and ES, in steps.</param>
/// <param name="BacktestConfidence">The confidence level of the backtested one-step forecasts.</param>
/// <param name="Regime">The portfolio's risk regime.</param>
/// <param name="RelativeVaR">The portfolio's one-step Gaussian VaR over its long-run median (the reading's raw value); null before ready.</param>
/// <param name="Portfolio">The portfolio's own series (its returns Σ w_i r_i).</param>
/// <param name="Positions">The portfolio through the covariance matrix, with component VaR.</param>
/// <param name="Instruments">Every instrument in registry order.</param>
public sealed record MarketRiskReport(
    long Steps,
    bool IsReady,
    int HorizonSteps,
    double BacktestConfidence,
    RiskRegime Regime,
    double? RelativeVaR,
    SeriesRisk Portfolio,
    PortfolioPositionsRisk Positions,
    IReadOnlyList<SeriesRisk> Instruments);
