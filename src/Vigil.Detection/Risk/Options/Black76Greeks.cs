namespace Vigil.Detection.Risk.Options;

/// <summary>
/// The Black-76 price of one European option on a futures contract and its sensitivities, per one option on one unit
/// of the underlying (multiply by quantity and contract multiplier for a position).
/// </summary>
/// <param name="Price">The premium, in the futures' price units; e^{−rT}·[F·N(d1) − K·N(d2)] for a call.</param>
/// <param name="Delta">
/// ∂V/∂F, the change in premium per 1.00 change of the futures level, discounted: e^{−rT}·N(d1) for a call,
/// −e^{−rT}·N(−d1) for a put, so in [0, e^{−rT}] and [−e^{−rT}, 0]. This is QuantLib's
/// <c>BlackCalculator.deltaForward()</c>; it gives the 0.5151 for F = K = 100, T = 0.5, r = 5%, σ = 20%
/// (the undiscounted N(d1) would give 0.5282).
/// </param>
/// <param name="Gamma">∂²V/∂F², per 1.00 of the futures level squared: e^{−rT}·φ(d1)/(F·σ·√T); the same for calls and puts.</param>
/// <param name="Vega">∂V/∂σ per 1.00 (100 points) of volatility: e^{−rT}·F·φ(d1)·√T; see <see cref="VegaPerVolPoint"/>.</param>
/// <param name="ThetaPerYear">
/// ∂V/∂t per year of calendar time passing (that is −∂V/∂T with F, r and σ fixed): r·V − e^{−rT}·F·φ(d1)·σ/(2√T);
/// usually negative. See <see cref="ThetaPerDay"/>.
/// </param>
/// <param name="Rho">
/// ∂V/∂r per 1.00 (100%) of the continuously compounded rate with the futures level fixed: −T·V, because only the
/// discount factor depends on r in Black-76.
/// </param>
public readonly record struct Black76Greeks(
    double Price,
    double Delta,
    double Gamma,
    double Vega,
    double ThetaPerYear,
    double Rho)
{
    /// <summary>The change in premium per volatility point (σ from 20% to 21%): <see cref="Vega"/> / 100.</summary>
    public double VegaPerVolPoint => Vega / 100.0;

    /// <summary>The change in premium over one calendar day: <see cref="ThetaPerYear"/> / 365.</summary>
    public double ThetaPerDay => ThetaPerYear / Black76.DaysPerYear;

    /// <summary>The change in premium per basis point of the rate: <see cref="Rho"/> / 10,000.</summary>
    public double RhoPerBasisPoint => Rho / 10_000.0;
}
