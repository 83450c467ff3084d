using Vigil.Core.Validation;

namespace Vigil.Detection.Risk.Options;

/// <summary>
/// A holding of European options on one futures contract, valued with <see cref="Black76"/>. Plain properties, so
/// it serialises to and from JSON as it is.
/// </summary>
/// <param name="Id">A short unique name within the book, for example <c>SPX-P4200-3M</c>.</param>
/// <param name="Underlying">The symbol of the underlying instrument in the registry, for example <c>SPX</c>; scenario shocks are looked up by it (case-insensitive).</param>
/// <param name="Type">Call or put.</param>
/// <param name="FuturesLevel">The futures price F the option is written on, in its price units (index points, $/bbl, $/oz, points of par for bond futures); positive.</param>
/// <param name="Strike">The strike K, in the same units; positive.</param>
/// <param name="ExpiryYears">The time to expiry in years (Actual/365); in [0, 100].</param>
/// <param name="Volatility">The Black-76 implied volatility, as a fraction a year (0.2 is 20%); in [0, 100].</param>
/// <param name="Quantity">The number of contracts; negative for a short position; finite.</param>
/// <param name="ContractMultiplier">The currency value of one point of the futures level per contract (50 for E-mini S&amp;P 500, 1,000 for WTI and 10-year note futures, 100 for gold); positive.</param>
public sealed record OptionPosition(
    string Id,
    string Underlying,
    OptionType Type,
    double FuturesLevel,
    double Strike,
    double ExpiryYears,
    double Volatility,
    double Quantity,
    double ContractMultiplier)
{
    /// <summary>The currency value of one unit of premium for the whole position: <see cref="Quantity"/> × <see cref="ContractMultiplier"/>.</summary>
    public double Scale => Quantity * ContractMultiplier;

    /// <summary>Every problem with this position, each naming the field and its value.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new OptionErrors();
        errors.Require(!string.IsNullOrWhiteSpace(Id), "Id must be non-empty");
        errors.Require(!string.IsNullOrWhiteSpace(Underlying), $"Underlying must be non-empty (position '{Id}')");
        errors.Require(Type is OptionType.Call or OptionType.Put, $"Type must be Call or Put (got {Type})");
        errors.Require(FuturesLevel > 0 && double.IsFinite(FuturesLevel), $"FuturesLevel must be positive and finite (got {FuturesLevel})");
        errors.Require(Strike > 0 && double.IsFinite(Strike), $"Strike must be positive and finite (got {Strike})");
        errors.Require(ExpiryYears >= 0 && ExpiryYears <= Black76.MaxExpiryYears, $"ExpiryYears must be in [0, {Black76.MaxExpiryYears}] (got {ExpiryYears})");
        errors.Require(Volatility >= 0 && Volatility <= Black76.MaxVolatility, $"Volatility must be in [0, {Black76.MaxVolatility}] (got {Volatility})");
        errors.Require(double.IsFinite(Quantity), $"Quantity must be finite (got {Quantity})");
        errors.Require(ContractMultiplier > 0 && double.IsFinite(ContractMultiplier), $"ContractMultiplier must be positive and finite (got {ContractMultiplier})");
        return errors.Errors;
    }
}
