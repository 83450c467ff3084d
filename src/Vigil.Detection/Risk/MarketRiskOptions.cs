using Vigil.Core.Validation;

namespace Vigil.Detection.Risk;

/// <summary>Options of the <see cref="MarketRiskMonitor"/>. The defaults suit the live service (steps of 250 ms); <see cref="Daily"/> suits daily bars.</summary>
public sealed record MarketRiskOptions
{
    /// <summary>The options for daily bars: windows in trading days, RiskMetrics' daily decay (λ ≈ 0.94), ten years of regime history.</summary>
    public static MarketRiskOptions Daily { get; } = new()
    {
        WindowLength = 500,
        VolatilityHalfLife = 11.2,
        MinObservations = 60,
        RegimeHistoryLength = 2520,
        RegimeSampleInterval = 1,
    };

    /// <summary>The rolling window of returns per instrument behind the historical VaR and the skewness and kurtosis, in steps; at least 20.</summary>
    public int WindowLength { get; init; } = 1000;

    /// <summary>The half-life of the EWMA volatility behind the Gaussian and Cornish-Fisher VaR, in steps; positive.</summary>
    public double VolatilityHalfLife { get; init; } = 120;

    /// <summary>The VaR confidence levels reported, each in (0.5, 1); 0.95 and 0.99 by default.</summary>
    public IReadOnlyList<double> ConfidenceLevels { get; init; } = [0.95, 0.99];

    /// <summary>The expected-shortfall confidence level, in (0.5, 1); 0.975 by default (Basel's FRTB).</summary>
    public double ExpectedShortfallConfidence { get; init; } = 0.975;

    /// <summary>The horizon of the reported VaR and ES, in steps (or days with <see cref="Daily"/>); at least 1. Backtests always test one-step forecasts.</summary>
    public int HorizonSteps { get; init; } = 1;

    /// <summary>The confidence level of the one-step forecasts that are backtested and drive the reading, in (0.5, 1); 0.99 as in Basel.</summary>
    public double BacktestConfidence { get; init; } = 0.99;

    /// <summary>The number of latest forecasts the backtests cover; at least 2 (250 for the Basel traffic light).</summary>
    public int BacktestLength { get; init; } = 250;

    /// <summary>The size of the Kupiec and Christoffersen tests, in (0, 1).</summary>
    public double TestLevel { get; init; } = 0.05;

    /// <summary>The returns an instrument needs in its window before it forecasts; in [10, <see cref="WindowLength"/>].</summary>
    public int MinObservations { get; init; } = 100;

    /// <summary>The number of volatility samples kept as each instrument's long-run distribution; at least <see cref="MinRegimeSamples"/>.</summary>
    public int RegimeHistoryLength { get; init; } = 2000;

    /// <summary>The steps between two samples of the long-run volatility distribution; positive (so 2000 samples every 20 steps of 250 ms cover 2.8 hours).</summary>
    public int RegimeSampleInterval { get; init; } = 20;

    /// <summary>The samples of the long-run distribution needed before a regime is called; at least 2.</summary>
    public int MinRegimeSamples { get; init; } = 20;

    /// <summary>The volatility percentile below which the regime is calm, in (0, <see cref="TurbulentPercentile"/>).</summary>
    public double CalmPercentile { get; init; } = 0.75;

    /// <summary>The volatility percentile at or above which the regime is turbulent, in (<see cref="CalmPercentile"/>, 1).</summary>
    public double TurbulentPercentile { get; init; } = 0.95;

    /// <summary>
    /// The portfolio's positions by symbol (weights, so VaR is in return units, or notionals, so it is in currency);
    /// null for equal weights over the instruments whose values are prices (over every series when none are prices).
    /// </summary>
    public IReadOnlyDictionary<string, double>? PortfolioWeights { get; init; }

    /// <summary>Every problem with these options.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new OptionErrors();
        errors.Require(WindowLength >= 20, $"WindowLength must be at least 20 (got {WindowLength})");
        errors.Require(VolatilityHalfLife > 0 && double.IsFinite(VolatilityHalfLife), $"VolatilityHalfLife must be positive (got {VolatilityHalfLife})");
        errors.Require(ConfidenceLevels is { Count: > 0 }, "ConfidenceLevels must hold at least one level");
        if (ConfidenceLevels is not null)
        {
            foreach (var level in ConfidenceLevels)
            {
                errors.Require(level > 0.5 && level < 1, $"ConfidenceLevels must each be in (0.5, 1) (got {level})");
            }
        }

        errors.Require(ExpectedShortfallConfidence > 0.5 && ExpectedShortfallConfidence < 1, $"ExpectedShortfallConfidence must be in (0.5, 1) (got {ExpectedShortfallConfidence})");
        errors.Require(HorizonSteps >= 1, $"HorizonSteps must be at least 1 (got {HorizonSteps})");
        errors.Require(BacktestConfidence > 0.5 && BacktestConfidence < 1, $"BacktestConfidence must be in (0.5, 1) (got {BacktestConfidence})");
        errors.Require(BacktestLength >= 2, $"BacktestLength must be at least 2 (got {BacktestLength})");
        errors.Require(TestLevel > 0 && TestLevel < 1, $"TestLevel must be in (0, 1) (got {TestLevel})");
        errors.Require(MinObservations >= 10 && MinObservations <= WindowLength, $"MinObservations must be in [10, WindowLength] (got {MinObservations})");
        errors.Require(MinRegimeSamples >= 2, $"MinRegimeSamples must be at least 2 (got {MinRegimeSamples})");
        errors.Require(RegimeHistoryLength >= MinRegimeSamples, $"RegimeHistoryLength must be at least MinRegimeSamples (got {RegimeHistoryLength})");
        errors.Require(RegimeSampleInterval >= 1, $"RegimeSampleInterval must be positive (got {RegimeSampleInterval})");
        errors.Require(CalmPercentile > 0 && CalmPercentile < TurbulentPercentile && TurbulentPercentile < 1,
            $"CalmPercentile and TurbulentPercentile must satisfy 0 < calm < turbulent < 1 (got {CalmPercentile} and {TurbulentPercentile})");
        if (PortfolioWeights is not null)
        {
            foreach (var (symbol, weight) in PortfolioWeights)
            {
                errors.Require(double.IsFinite(weight), $"PortfolioWeights[{symbol}] must be finite (got {weight})");
            }
        }

        return errors.Errors;
    }
}
