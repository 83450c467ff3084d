namespace Vigil.Core.Numerics;

/// <summary>The standard normal distribution's functions, accurate to double precision.</summary>
public static class SpecialFunctions
{
    private const double SqrtTwoPi = 2.506628274631000502415765284811;
    private const double InverseSqrtTwo = 0.70710678118654752440084436210485;
    private const double InverseSqrtPi = 0.56418958354775628694807945156077;

    /// <summary>The standard normal density φ(x).</summary>
    /// <param name="x">The point.</param>
    public static double NormalPdf(double x) => Math.Exp(-0.5 * x * x) / SqrtTwoPi;

    /// <summary>
    /// The standard normal cumulative distribution Φ(x), from Cody's rational Chebyshev approximations of erf and
    /// erfc (Math. Comp. 1969). Relative error below 1e-15 for −37.5 ≤ x ≤ 0 (below that Φ is subnormal, and 0
    /// past −38.5); for x &gt; 0 it is 1 − Φ(−x), so absolute error about 1e-16.
    /// </summary>
    /// <param name="x">The point.</param>
    public static double NormalCdf(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        var a = Math.Abs(x);
        var y = a * InverseSqrtTwo;
        if (y <= 0.46875)
        {
            // Near the centre Φ = (1 + erf(x/√2))/2 loses nothing to cancellation.
            var erf = y * ErfSmall(y * y);
            return x < 0 ? 0.5 - (0.5 * erf) : 0.5 + (0.5 * erf);
        }

        // Away from the centre the tail Φ(−|x|) = erfcx(|x|/√2)·exp(−x²/2)/2 keeps full relative precision:
        // erfcx is smooth, and exp(−x²/2) is taken in two factors so that rounding x² costs nothing.
        double tail;
        if (a >= 40.0)
        {
            tail = 0.0;
        }
        else
        {
            var erfcx = y <= 4.0 ? ErfcxMiddle(y) : ErfcxLarge(y);
            var high = Math.Floor(a * 16.0) / 16.0;
            var rest = (a - high) * (a + high) / 2.0;
            tail = 0.5 * erfcx * Math.Exp(-high * high / 2.0) * Math.Exp(-rest);
        }

        return x > 0 ? 1.0 - tail : tail;
    }

    /// <summary>
    /// The standard normal quantile Φ⁻¹(p): Acklam's rational approximation refined by one Halley step against
    /// <see cref="NormalCdf"/> (below p ≈ 5e-308, where Φ is subnormal, by one Newton step on an asymptotic series
    /// for log Φ), which brings it to a relative error below 1e-15.
    /// </summary>
    /// <param name="probability">In (0, 1); 0 and 1 give −∞ and +∞.</param>
    public static double NormalQuantile(double probability)
    {
        if (double.IsNaN(probability) || probability < 0 || probability > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "Probability must be in [0, 1].");
        }

        if (probability == 0)
        {
            return double.NegativeInfinity;
        }

        if (probability == 1)
        {
            return double.PositiveInfinity;
        }

        // The upper half by symmetry: 1 − p is exact for p ≥ 0.5, and Φ keeps its relative precision below 0.
        return probability > 0.5 ? -LowerQuantile(1 - probability) : LowerQuantile(probability);
    }

    private static double LowerQuantile(double probability)
    {
        const double pLow = 0.02425;
        double x;
        if (probability < pLow)
        {
            var q = Math.Sqrt(-2 * Math.Log(probability));
            x = TailNumerator(q) / TailDenominator(q);
        }
        else
        {
            var q = probability - 0.5;
            var r = q * q;
            x = (((((((-3.969683028665376e+01 * r) + 2.209460984245205e+02) * r) - 2.759285104469687e+02) * r
                   + 1.383577518672690e+02) * r) - 3.066479806614716e+01) * r + 2.506628277459239e+00;
            x *= q;
            x /= (((((((-5.447609879822406e+01 * r) + 1.615858368580409e+02) * r) - 1.556989798598866e+02) * r
                    + 6.680131188771972e+01) * r) - 1.328068155288572e+01) * r + 1.0;
        }

        if (x < -37.5)
        {
            // Φ(x) is subnormal here and exp(x²/2) overflows, so refine on log Φ instead: one Newton step with
            // Φ(x) = φ(x)/|x|·(1 − 1/x² + 3/x⁴ − 15/x⁶ + 105/x⁸), whose next term is below 2e-13 relative.
            var z = 1.0 / (x * x);
            var series = 1.0 - (z * (1.0 - (z * (3.0 - (z * (15.0 - (105.0 * z)))))));
            var logCdf = (-x * x / 2.0) - Math.Log(-x * SqrtTwoPi) + Math.Log(series);
            return x - ((logCdf - Math.Log(probability)) * series / -x);
        }

        // One Halley step on Φ(x) − p.
        var error = NormalCdf(x) - probability;
        var u = error * SqrtTwoPi * Math.Exp(x * x / 2.0);
        return x - (u / (1.0 + (x * u / 2.0)));
    }

    // erf(y)/y for y ≤ 0.46875, as a rational function of y².
    private static double ErfSmall(double ysq)
    {
        var num = 1.85777706184603153e-1 * ysq;
        var den = ysq;
        num = (num + 3.16112374387056560e00) * ysq;
        den = (den + 2.36012909523441209e01) * ysq;
        num = (num + 1.13864154151050156e02) * ysq;
        den = (den + 2.44024637934444173e02) * ysq;
        num = (num + 3.77485237685302021e02) * ysq;
        den = (den + 1.28261652607737228e03) * ysq;
        return (num + 3.20937758913846947e03) / (den + 2.84423683343917062e03);
    }

    // erfcx(y) = exp(y²)·erfc(y) for 0.46875 < y ≤ 4.
    private static double ErfcxMiddle(double y)
    {
        var num = 2.15311535474403846e-8 * y;
        var den = y;
        num = (num + 5.64188496988670089e-1) * y;
        den = (den + 1.57449261107098347e01) * y;
        num = (num + 8.88314979438837594e00) * y;
        den = (den + 1.17693950891312499e02) * y;
        num = (num + 6.61191906371416295e01) * y;
        den = (den + 5.37181101862009858e02) * y;
        num = (num + 2.98635138197400131e02) * y;
        den = (den + 1.62138957456669019e03) * y;
        num = (num + 8.81952221241769090e02) * y;
        den = (den + 3.29079923573345963e03) * y;
        num = (num + 1.71204761263407058e03) * y;
        den = (den + 4.36261909014324716e03) * y;
        num = (num + 2.05107837782607147e03) * y;
        den = (den + 3.43936767414372164e03) * y;
        return (num + 1.23033935479799725e03) / (den + 1.23033935480374942e03);
    }

    // erfcx(y) for y > 4: (1/√π − r(1/y²)) / y.
    private static double ErfcxLarge(double y)
    {
        var ysq = 1.0 / (y * y);
        var num = 1.63153871373020978e-2 * ysq;
        var den = ysq;
        num = (num + 3.05326634961232344e-1) * ysq;
        den = (den + 2.56852019228982242e00) * ysq;
        num = (num + 3.60344899949804439e-1) * ysq;
        den = (den + 1.87295284992346047e00) * ysq;
        num = (num + 1.25781726111229246e-1) * ysq;
        den = (den + 5.27905102951428412e-1) * ysq;
        num = (num + 1.60837851487422766e-2) * ysq;
        den = (den + 6.05183413124413191e-2) * ysq;
        var r = ysq * (num + 6.58749161529837803e-4) / (den + 2.33520497626869185e-3);
        return (InverseSqrtPi - r) / y;
    }

    private static double TailNumerator(double q) =>
        (((((((-7.784894002430293e-03 * q) - 3.223964580411365e-01) * q) - 2.400758277161838e+00) * q
           - 2.549732539343734e+00) * q) + 4.374664141464968e+00) * q + 2.938163982698783e+00;

    private static double TailDenominator(double q) =>
        (((((7.784695709041462e-03 * q) + 3.224671290700398e-01) * q) + 2.445134137142996e+00) * q
         + 3.754408661907416e+00) * q + 1.0;
}
