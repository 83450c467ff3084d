namespace Vigil.Detection.Risk.Options;

/// <summary>One position's value and sensitivities, in currency: the per-unit Black-76 figures × quantity × multiplier.</summary>
/// <param name="Position">The position valued.</param>
/// <param name="UnitPrice">The premium per unit of the underlying, in the futures' price units.</param>
/// <param name="Value">The position's value, in currency (negative when short).</param>
/// <param name="Delta">Currency change per 1.00 rise of the futures level.</param>
/// <param name="DeltaContracts">Futures-equivalent contracts: unit delta × quantity (for a futures contract with the option's multiplier).</param>
/// <param name="CashDelta">Currency change per 100% rise of the futures level: <paramref name="Delta"/> × F (divide by 100 for 1%).</param>
/// <param name="Gamma">Change of <paramref name="Delta"/> per 1.00 rise of the futures level.</param>
/// <param name="VegaPerVolPoint">Currency change per volatility point (σ + 0.01).</param>
/// <param name="ThetaPerDay">Currency change over one calendar day.</param>
/// <param name="RhoPerBasisPoint">Currency change per basis point of the discount rate.</param>
public sealed record PositionValuation(
    OptionPosition Position,
    double UnitPrice,
    double Value,
    double Delta,
    double DeltaContracts,
    double CashDelta,
    double Gamma,
    double VegaPerVolPoint,
    double ThetaPerDay,
    double RhoPerBasisPoint);

/// <summary>The sensitivities of every position on one underlying, summed; in currency.</summary>
/// <param name="Underlying">The symbol.</param>
/// <param name="Value">The summed value.</param>
/// <param name="Delta">Currency change per 1.00 rise of the futures level (all positions are assumed on one futures contract).</param>
/// <param name="CashDelta">Currency change per 100% rise of the underlying.</param>
/// <param name="Gamma">Change of <paramref name="Delta"/> per 1.00 rise of the futures level.</param>
/// <param name="VegaPerVolPoint">Currency change per volatility point on every option of the underlying.</param>
/// <param name="ThetaPerDay">Currency change over one calendar day.</param>
public sealed record UnderlyingExposure(
    string Underlying,
    double Value,
    double Delta,
    double CashDelta,
    double Gamma,
    double VegaPerVolPoint,
    double ThetaPerDay);

/// <summary>The book's value and Greeks: totals in currency, per underlying and per position. Serialises as it is.</summary>
/// <param name="RiskFreeRate">The discount rate used.</param>
/// <param name="Value">The book's value, in currency.</param>
/// <param name="CashDelta">Currency change if every underlying rose 100% at once (divide by 100 for 1%).</param>
/// <param name="VegaPerVolPoint">Currency change if every implied volatility rose one point.</param>
/// <param name="ThetaPerDay">Currency change over one calendar day.</param>
/// <param name="RhoPerBasisPoint">Currency change per basis point of the discount rate.</param>
/// <param name="Underlyings">Per underlying, in order of first appearance in the book.</param>
/// <param name="Positions">Per position, in book order.</param>
public sealed record OptionsBookValuation(
    double RiskFreeRate,
    double Value,
    double CashDelta,
    double VegaPerVolPoint,
    double ThetaPerDay,
    double RhoPerBasisPoint,
    IReadOnlyList<UnderlyingExposure> Underlyings,
    IReadOnlyList<PositionValuation> Positions);

/// <summary>
/// One position's profit and loss under a scenario: by full Black-76 repricing, and by its second-order Taylor
/// expansion in the Greeks (delta, gamma, vega and rho terms) for comparison. Currency throughout.
/// </summary>
/// <param name="Id">The position's id.</param>
/// <param name="Underlying">The position's underlying.</param>
/// <param name="FuturesBefore">The futures level before the shock.</param>
/// <param name="FuturesAfter">The futures level after it.</param>
/// <param name="VolatilityBefore">The implied volatility before.</param>
/// <param name="VolatilityAfter">The implied volatility after.</param>
/// <param name="ValueBefore">The position's value before.</param>
/// <param name="ValueAfter">The position's value after, fully repriced.</param>
/// <param name="FullPnl">ValueAfter − ValueBefore.</param>
/// <param name="DeltaPnl">Δ·dF.</param>
/// <param name="GammaPnl">½·Γ·dF².</param>
/// <param name="VegaPnl">vega·dσ.</param>
/// <param name="RhoPnl">ρ·dr.</param>
/// <param name="GreeksPnl">The sum of the four terms.</param>
/// <param name="ApproximationError">GreeksPnl − FullPnl: what the Taylor expansion misses (vanna, volga, higher-order gamma).</param>
public sealed record PositionScenarioPnl(
    string Id,
    string Underlying,
    double FuturesBefore,
    double FuturesAfter,
    double VolatilityBefore,
    double VolatilityAfter,
    double ValueBefore,
    double ValueAfter,
    double FullPnl,
    double DeltaPnl,
    double GammaPnl,
    double VegaPnl,
    double RhoPnl,
    double GreeksPnl,
    double ApproximationError);

/// <summary>The book's profit and loss under one scenario, in total and per position; currency.</summary>
/// <param name="ScenarioId">The scenario's id.</param>
/// <param name="ScenarioName">The scenario's display name.</param>
/// <param name="RateBefore">The discount rate before.</param>
/// <param name="RateAfter">The discount rate after the shift, clamped to [−1, 1].</param>
/// <param name="ValueBefore">The book's value before.</param>
/// <param name="ValueAfter">The book's value after full repricing.</param>
/// <param name="FullPnl">The total P&amp;L by full repricing.</param>
/// <param name="GreeksPnl">The total P&amp;L by the delta-gamma-vega-rho approximation.</param>
/// <param name="DeltaPnl">The delta term's total.</param>
/// <param name="GammaPnl">The gamma term's total.</param>
/// <param name="VegaPnl">The vega term's total.</param>
/// <param name="RhoPnl">The rho term's total.</param>
/// <param name="Positions">Per position, in book order.</param>
public sealed record OptionsScenarioResult(
    string ScenarioId,
    string ScenarioName,
    double RateBefore,
    double RateAfter,
    double ValueBefore,
    double ValueAfter,
    double FullPnl,
    double GreeksPnl,
    double DeltaPnl,
    double GammaPnl,
    double VegaPnl,
    double RhoPnl,
    IReadOnlyList<PositionScenarioPnl> Positions)
{
    /// <summary>GreeksPnl − FullPnl for the whole book.</summary>
    public double ApproximationError => GreeksPnl - FullPnl;
}
