namespace Vigil.Detection.Risk.Credit;

/// <summary>
/// One institution's credit risk at a snapshot. Money amounts are in the options' currency unit ($ millions by
/// default); volatilities, drifts and probabilities are annual fractions.
/// </summary>
/// <param name="Name">The institution.</param>
/// <param name="EquitySymbol">The instrument its equity follows.</param>
/// <param name="ModelledFromProxy">Whether the equity is a stand-in modelled from the proxy (the simulator's XLF).</param>
/// <param name="EquityValue">The market value of equity E.</param>
/// <param name="EquityVolatility">The annualised EWMA equity volatility σ_E; null before two returns.</param>
/// <param name="AssetValue">The Merton asset value V; null when it was not solved.</param>
/// <param name="AssetVolatility">The Merton asset volatility σ_V; null when it was not solved.</param>
/// <param name="DefaultPoint">The KMV default point D (short-term debt plus a weight of long-term debt).</param>
/// <param name="Liabilities">The total liabilities of SRISK.</param>
/// <param name="DistanceToDefault">DD at the horizon with μ = r, in standard deviations; null when unsolved.</param>
/// <param name="ProbabilityOfDefault">PD = N(−DD), in [0, 1]; null when unsolved.</param>
/// <param name="Beta">The EWMA beta of its equity against the market; null before two market returns (LRMES then uses the stand-in multiple, or 1).</param>
/// <param name="Lrmes">The long-run marginal expected shortfall, as a fraction.</param>
/// <param name="Srisk">SRISK, the capital shortfall in a crisis (0 for a surplus).</param>
/// <param name="SriskShare">Its share of the aggregate SRISK, in [0, 1] (0 when the aggregate is 0).</param>
/// <param name="SolverStatus">How the Merton solve ended, or null when it was not attempted (no volatility yet).</param>
public sealed record InstitutionCreditRisk(
    string Name,
    string EquitySymbol,
    bool ModelledFromProxy,
    double EquityValue,
    double? EquityVolatility,
    double? AssetValue,
    double? AssetVolatility,
    double DefaultPoint,
    double Liabilities,
    double? DistanceToDefault,
    double? ProbabilityOfDefault,
    double? Beta,
    double Lrmes,
    double Srisk,
    double SriskShare,
    MertonSolveStatus? SolverStatus);

/// <summary>The credit risk of every watched institution and of the system, as the API serves it. Unknown values are null rather than NaN, so the record serialises with default JSON options.</summary>
/// <param name="IsReady">Whether the monitor has seen its warm-up period.</param>
/// <param name="Steps">The steps seen.</param>
/// <param name="Institutions">Every institution, in the options' order.</param>
/// <param name="AggregateSrisk">The sum of the institutions' SRISK (the positive parts only).</param>
/// <param name="TotalEquity">The sum of the institutions' equity values.</param>
/// <param name="SriskToEquity">The aggregate SRISK over the total equity, the monitor's raw stress reading; null without equity.</param>
/// <param name="MinDistanceToDefault">The smallest DD, or null when none was solved.</param>
/// <param name="Weakest">The institution with the smallest DD, or null.</param>
/// <param name="RiskFreeRate">The rate r (and drift μ) used, an annual fraction.</param>
/// <param name="HorizonYears">The horizon T, in years.</param>
public sealed record CreditRiskReport(
    bool IsReady,
    long Steps,
    IReadOnlyList<InstitutionCreditRisk> Institutions,
    double AggregateSrisk,
    double TotalEquity,
    double? SriskToEquity,
    double? MinDistanceToDefault,
    string? Weakest,
    double RiskFreeRate,
    double HorizonYears);
