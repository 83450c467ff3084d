using Vigil.Core.Numerics;

namespace Vigil.Detection.Risk.Options;

/// <summary>
/// Black's 1976 model of European options on futures: the futures level F is lognormal with volatility σ and no
/// drift under the pricing measure, and the premium is paid now, discounted at the continuously compounded rate r:
/// call = e^{−rT}·[F·N(d1) − K·N(d2)], put = e^{−rT}·[K·N(−d2) − F·N(−d1)], with
/// d1 = [ln(F/K) + σ²T/2]/(σ√T) and d2 = d1 − σ√T.
/// </summary>
/// <remarks>
/// <para>
/// Units: F and K in the futures' price units; T in years (calendar, Actual/365 when built from days); r and σ as
/// fractions a year (0.05, 0.2). Sensitivities are per option on one unit of the underlying; see
/// <see cref="Black76Greeks"/> for each one's convention. Reproduces QuantLib's <c>BlackCalculator</c> and
/// <c>AnalyticEuropeanEngine</c> on 1,080 cases to 1e-8 relative (1e-10 of the forward absolute for the tiniest values; tests/Vigil.Detection.Tests/Risk/Options/Fixtures/black76_quantlib.json).
/// </para>
/// <para>
/// Limits: when σ√T = 0 (σ = 0 or T = 0) the option is worth its discounted intrinsic value; delta is the discounted
/// step (half of it exactly at the money), gamma 0, vega its limit as σ → 0 (e^{−rT}·F·√T·φ(0) at the money, else 0),
/// and theta only the discounting term r·V, because the volatility term has no finite limit at the money.
/// Deep in or out of the money the tails of N keep full relative precision, so far out-of-the-money premiums are
/// small but not rounded to zero until they underflow.
/// </para>
/// <para>Every method is allocation-free and validates its arguments, throwing <see cref="ArgumentOutOfRangeException"/> naming the argument and its value.</para>
/// </remarks>
public static class Black76
{
    /// <summary>Calendar days in a year, for <see cref="Black76Greeks.ThetaPerDay"/> and expiries built from days (Actual/365 Fixed).</summary>
    public const double DaysPerYear = 365.0;

    /// <summary>The longest accepted expiry, in years.</summary>
    public const double MaxExpiryYears = 100.0;

    /// <summary>The largest accepted volatility, as a fraction a year (100 is 10,000%).</summary>
    public const double MaxVolatility = 100.0;

    /// <summary>The largest accepted absolute rate, as a fraction a year (1 is 100%).</summary>
    public const double MaxAbsoluteRate = 1.0;

    private static readonly double InverseSqrtTwoPi = 1.0 / Math.Sqrt(2.0 * Math.PI);

    /// <summary>The premium of one option on one unit of the underlying, in the futures' price units.</summary>
    /// <param name="type">Call or put.</param>
    /// <param name="forward">The futures level F; positive and finite.</param>
    /// <param name="strike">The strike K; positive and finite.</param>
    /// <param name="expiryYears">The time to expiry T in years; in [0, 100].</param>
    /// <param name="rate">The continuously compounded discount rate r (0.05 is 5%); in [−1, 1].</param>
    /// <param name="volatility">The volatility σ of the futures' log level, a year (0.2 is 20%); in [0, 100].</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range or not a number.</exception>
    public static double Price(OptionType type, double forward, double strike, double expiryYears, double rate, double volatility)
    {
        ValidateMarket(type, forward, strike, expiryYears, rate);
        ValidateVolatility(volatility);
        return PriceUnchecked(type, forward, strike, expiryYears, Math.Exp(-rate * expiryYears), volatility);
    }

    /// <summary>The premium and its sensitivities; see <see cref="Black76Greeks"/> for units and conventions.</summary>
    /// <param name="type">Call or put.</param>
    /// <param name="forward">The futures level F; positive and finite.</param>
    /// <param name="strike">The strike K; positive and finite.</param>
    /// <param name="expiryYears">The time to expiry T in years; in [0, 100].</param>
    /// <param name="rate">The continuously compounded discount rate r (0.05 is 5%); in [−1, 1].</param>
    /// <param name="volatility">The volatility σ of the futures' log level, a year (0.2 is 20%); in [0, 100].</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range or not a number.</exception>
    public static Black76Greeks Greeks(OptionType type, double forward, double strike, double expiryYears, double rate, double volatility)
    {
        ValidateMarket(type, forward, strike, expiryYears, rate);
        ValidateVolatility(volatility);
        return GreeksUnchecked(type, forward, strike, expiryYears, rate, volatility);
    }

    /// <summary>
    /// The volatility σ at which the Black-76 premium equals <paramref name="price"/>, by Newton's method safeguarded
    /// by bisection inside a bracket (default [1e-6, 5]) that always contains the root: every step that would leave the
    /// bracket is a bisection (in log σ) instead, so it cannot diverge. It solves on the time value (the
    /// out-of-the-money option's premium, by parity), starts at the premium's inflection point in σ, and steps by
    /// Newton on the log of the time value from above and on the time value from below; about 7 iterations on
    /// average and at most 12 over the QuantLib fixture. Ordinary failures (premium below intrinsic, outside the
    /// bracket's prices, no time value, no convergence) come back as a status.
    /// </summary>
    /// <param name="type">Call or put.</param>
    /// <param name="forward">The futures level F; positive and finite.</param>
    /// <param name="strike">The strike K; positive and finite.</param>
    /// <param name="expiryYears">The time to expiry T in years; in [0, 100].</param>
    /// <param name="rate">The continuously compounded discount rate r; in [−1, 1].</param>
    /// <param name="price">The observed premium per unit of the underlying; non-negative and finite.</param>
    /// <param name="options">The bracket and tolerances; <see cref="ImpliedVolatilityOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range or not a number.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public static ImpliedVolatilityResult ImpliedVolatility(
        OptionType type, double forward, double strike, double expiryYears, double rate, double price,
        ImpliedVolatilityOptions? options = null)
    {
        ValidateMarket(type, forward, strike, expiryYears, rate);
        if (!(price >= 0) || !double.IsFinite(price))
        {
            throw new ArgumentOutOfRangeException(nameof(price), price, "The premium must be non-negative and finite.");
        }

        options ??= ImpliedVolatilityOptions.Default;
        if (!ReferenceEquals(options, ImpliedVolatilityOptions.Default))
        {
            var problems = options.Validate();
            if (problems.Count > 0)
            {
                throw new ArgumentException(
                    $"Invalid {nameof(ImpliedVolatilityOptions)}: {string.Join("; ", problems)}.", nameof(options));
            }
        }

        var discount = Math.Exp(-rate * expiryYears);
        var intrinsic = discount * Math.Max(type == OptionType.Call ? forward - strike : strike - forward, 0.0);
        var noArbitrageBound = discount * (type == OptionType.Call ? forward : strike);

        // Premiums are quoted to a few digits: a premium within rounding of intrinsic is intrinsic, not an arbitrage.
        var slack = 8e-16 * noArbitrageBound;
        if (price < intrinsic - slack)
        {
            return new ImpliedVolatilityResult(ImpliedVolatilityStatus.BelowIntrinsic, double.NaN, 0);
        }

        if (price >= noArbitrageBound)
        {
            return new ImpliedVolatilityResult(ImpliedVolatilityStatus.AboveUpperBound, double.NaN, 0);
        }

        if (expiryYears == 0)
        {
            return new ImpliedVolatilityResult(ImpliedVolatilityStatus.NoTimeValue, double.NaN, 0);
        }

        var low = options.LowerVolatility;
        var high = options.UpperVolatility;
        var priceHigh = PriceUnchecked(type, forward, strike, expiryYears, discount, high);
        if (priceHigh - intrinsic <= slack)
        {
            // Even the highest volatility adds no time value the premium could tell apart from intrinsic.
            return new ImpliedVolatilityResult(ImpliedVolatilityStatus.NoTimeValue, double.NaN, 0);
        }

        if (price > priceHigh)
        {
            return new ImpliedVolatilityResult(ImpliedVolatilityStatus.AboveUpperBound, double.NaN, 0);
        }

        var priceLow = PriceUnchecked(type, forward, strike, expiryYears, discount, low);
        if (price < priceLow)
        {
            return new ImpliedVolatilityResult(ImpliedVolatilityStatus.BelowLowerBound, double.NaN, 0);
        }

        // Solve on the time value, which is the out-of-the-money option's premium (put-call parity): computed
        // directly it keeps its digits however deep in the money the quoted option is.
        var target = price - intrinsic;
        if (!(target > 0))
        {
            return new ImpliedVolatilityResult(ImpliedVolatilityStatus.BelowLowerBound, double.NaN, 0);
        }

        var outOfTheMoneyCall = forward <= strike;
        var logTarget = Math.Log(target);

        // Away from the money start at the inflection point of the premium in σ, σ = √(2|ln(F/K)|/T), where Newton's
        // method on the premium converges monotonically (Manaster and Koehler, 1982), capped at the bracket's top; at
        // the money, where that point is 0, from Brenner and Subrahmanyam's V ≈ e^{−rT}·F·σ·√(T/2π).
        var sqrtT = Math.Sqrt(expiryYears);
        var logMoneyness = Math.Log(forward / strike);
        var inflection = Math.Sqrt(2.0 * Math.Abs(logMoneyness) / expiryYears);
        var guess = inflection > low
            ? Math.Min(inflection, high)
            : target / (discount * forward * sqrtT * InverseSqrtTwoPi);
        var sigma = guess > low && guess <= high ? guess : Math.Sqrt(low * high);
        var tolerance = options.VolatilityTolerance;
        for (var iteration = 1; iteration <= options.MaxIterations; iteration++)
        {
            var stdDev = sigma * sqrtT;
            var d1 = (logMoneyness / stdDev) + (0.5 * stdDev);
            var d2 = d1 - stdDev;
            double plus, minus;
            if (outOfTheMoneyCall)
            {
                plus = forward * SpecialFunctions.NormalCdf(d1);
                minus = strike * SpecialFunctions.NormalCdf(d2);
            }
            else
            {
                plus = strike * SpecialFunctions.NormalCdf(-d2);
                minus = forward * SpecialFunctions.NormalCdf(-d1);
            }

            var timeValue = discount * (plus - minus);
            var difference = timeValue - target;

            // Within the rounding of the two terms the premium is a difference of, no σ fits better: stop rather
            // than bisect through noise.
            if (Math.Abs(difference) <= 4 * double.Epsilon + (1e-15 * discount * (plus + minus)))
            {
                return new ImpliedVolatilityResult(ImpliedVolatilityStatus.Converged, sigma, iteration);
            }

            // The premium increases with σ, so the root stays between the last estimates above and below it.
            if (difference < 0)
            {
                low = sigma;
            }
            else
            {
                high = sigma;
            }

            // From above, Newton on the log of the time value: far out of the money the premium falls like
            // e^{−c/σ²}, so Newton on the premium itself crawls down, while its log is nearly linear there. From
            // below, Newton on the premium, which is nearly linear in σ near and above the inflection point.
            var vega = discount * forward * InverseSqrtTwoPi * Math.Exp(-0.5 * d1 * d1) * sqrtT;
            var newton = difference > 0 && timeValue > 0
                ? sigma - ((Math.Log(timeValue) - logTarget) * timeValue / vega)
                : sigma - (difference / vega);
            double next;
            bool newtonStep;
            if (newton > low && newton < high)
            {
                next = newton;
                newtonStep = true;
            }
            else
            {
                // Bisect in log σ: the bracket spans decades, and small volatilities are as likely as large ones.
                next = Math.Sqrt(low * high);
                newtonStep = false;
            }

            var step = Math.Abs(next - sigma);
            sigma = next;
            if ((newtonStep && step <= tolerance * Math.Max(1.0, sigma)) || high - low <= tolerance)
            {
                return new ImpliedVolatilityResult(ImpliedVolatilityStatus.Converged, sigma, iteration);
            }
        }

        return new ImpliedVolatilityResult(ImpliedVolatilityStatus.NotConverged, sigma, options.MaxIterations);
    }

    /// <summary>The premium without argument checks; <paramref name="discount"/> is e^{−rT}.</summary>
    internal static double PriceUnchecked(OptionType type, double forward, double strike, double expiryYears, double discount, double volatility)
    {
        var stdDev = volatility * Math.Sqrt(expiryYears);
        if (stdDev == 0)
        {
            return discount * Math.Max(type == OptionType.Call ? forward - strike : strike - forward, 0.0);
        }

        var d1 = (Math.Log(forward / strike) / stdDev) + (0.5 * stdDev);
        var d2 = d1 - stdDev;

        // Each type from its own tails (not the other through parity), so deep out-of-the-money premiums keep their digits.
        return type == OptionType.Call
            ? discount * ((forward * SpecialFunctions.NormalCdf(d1)) - (strike * SpecialFunctions.NormalCdf(d2)))
            : discount * ((strike * SpecialFunctions.NormalCdf(-d2)) - (forward * SpecialFunctions.NormalCdf(-d1)));
    }

    /// <summary>The premium and sensitivities without argument checks.</summary>
    internal static Black76Greeks GreeksUnchecked(OptionType type, double forward, double strike, double expiryYears, double rate, double volatility)
    {
        var discount = Math.Exp(-rate * expiryYears);
        var sqrtT = Math.Sqrt(expiryYears);
        var stdDev = volatility * sqrtT;
        var isCall = type == OptionType.Call;
        if (stdDev == 0)
        {
            var intrinsicValue = discount * Math.Max(isCall ? forward - strike : strike - forward, 0.0);
            var step = forward > strike ? 1.0 : forward < strike ? 0.0 : 0.5;
            var limitDelta = isCall ? discount * step : -discount * (1.0 - step);
            var limitVega = forward == strike ? discount * forward * sqrtT * InverseSqrtTwoPi : 0.0;
            return new Black76Greeks(intrinsicValue, limitDelta, 0.0, limitVega, rate * intrinsicValue, -expiryYears * intrinsicValue);
        }

        var d1 = (Math.Log(forward / strike) / stdDev) + (0.5 * stdDev);
        var d2 = d1 - stdDev;
        var density = InverseSqrtTwoPi * Math.Exp(-0.5 * d1 * d1);
        double price;
        double delta;
        if (isCall)
        {
            var nd1 = SpecialFunctions.NormalCdf(d1);
            price = discount * ((forward * nd1) - (strike * SpecialFunctions.NormalCdf(d2)));
            delta = discount * nd1;
        }
        else
        {
            var nMinusD1 = SpecialFunctions.NormalCdf(-d1);
            price = discount * ((strike * SpecialFunctions.NormalCdf(-d2)) - (forward * nMinusD1));
            delta = -discount * nMinusD1;
        }

        var gamma = discount * density / (forward * stdDev);
        var vega = discount * forward * density * sqrtT;
        var theta = (rate * price) - (discount * forward * density * volatility / (2.0 * sqrtT));
        return new Black76Greeks(price, delta, gamma, vega, theta, -expiryYears * price);
    }

    private static void ValidateMarket(OptionType type, double forward, double strike, double expiryYears, double rate)
    {
        if (type is not (OptionType.Call or OptionType.Put))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "The option type must be Call or Put.");
        }

        if (!(forward > 0) || !double.IsFinite(forward))
        {
            throw new ArgumentOutOfRangeException(nameof(forward), forward, "The futures level must be positive and finite.");
        }

        if (!(strike > 0) || !double.IsFinite(strike))
        {
            throw new ArgumentOutOfRangeException(nameof(strike), strike, "The strike must be positive and finite.");
        }

        if (!(expiryYears >= 0 && expiryYears <= MaxExpiryYears))
        {
            throw new ArgumentOutOfRangeException(nameof(expiryYears), expiryYears, $"The expiry must be in [0, {MaxExpiryYears}] years.");
        }

        if (!(Math.Abs(rate) <= MaxAbsoluteRate))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, $"The rate must be in [−{MaxAbsoluteRate}, {MaxAbsoluteRate}] (a fraction a year).");
        }
    }

    private static void ValidateVolatility(double volatility)
    {
        if (!(volatility >= 0 && volatility <= MaxVolatility))
        {
            throw new ArgumentOutOfRangeException(nameof(volatility), volatility, $"The volatility must be in [0, {MaxVolatility}] (a fraction a year).");
        }
    }
}
