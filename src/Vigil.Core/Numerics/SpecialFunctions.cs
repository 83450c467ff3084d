namespace Vigil.Core.Numerics;

/// <summary>The standard normal distribution's functions, accurate to double precision.</summary>
public static class SpecialFunctions
{
    private const double SqrtTwoPi = 2.506628274631000502415765284811;

    /// <summary>The standard normal density φ(x).</summary>
    /// <param name="x">The point.</param>
    public static double NormalPdf(double x) => Math.Exp(-0.5 * x * x) / SqrtTwoPi;

    /// <summary>The standard normal cumulative distribution Φ(x), by Hart's algorithm 5666 (absolute error below 1e-14).</summary>
    /// <param name="x">The point.</param>
    public static double NormalCdf(double x)
    {
        var a = Math.Abs(x);
        double tail;
        if (a > 37.0)
        {
            tail = 0.0;
        }
        else
        {
            var e = Math.Exp(-a * a / 2.0);
            if (a < 7.07106781186547)
            {
                var n = (3.52624965998911E-02 * a) + 0.700383064443688;
                n = (n * a) + 6.37396220353165;
                n = (n * a) + 33.912866078383;
                n = (n * a) + 112.079291497871;
                n = (n * a) + 221.213596169931;
                n = (n * a) + 220.206867912376;
                var d = (8.83883476483184E-02 * a) + 1.75566716318264;
                d = (d * a) + 16.064177579207;
                d = (d * a) + 86.7807322029461;
                d = (d * a) + 296.564248779674;
                d = (d * a) + 637.333633378831;
                d = (d * a) + 793.826512519948;
                d = (d * a) + 440.413735824752;
                tail = e * n / d;
            }
            else
            {
                var c = a + 0.65;
                c = a + (4.0 / c);
                c = a + (3.0 / c);
                c = a + (2.0 / c);
                c = a + (1.0 / c);
                tail = e / c / SqrtTwoPi;
            }
        }

        return x > 0 ? 1.0 - tail : tail;
    }

    /// <summary>
    /// The standard normal quantile Φ⁻¹(p): Acklam's rational approximation refined by one Halley step against
    /// <see cref="NormalCdf"/>, which brings it to double precision.
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

        const double pLow = 0.02425;
        double x;
        if (probability < pLow)
        {
            var q = Math.Sqrt(-2 * Math.Log(probability));
            x = TailNumerator(q) / TailDenominator(q);
        }
        else if (probability <= 1 - pLow)
        {
            var q = probability - 0.5;
            var r = q * q;
            x = (((((((-3.969683028665376e+01 * r) + 2.209460984245205e+02) * r) - 2.759285104469687e+02) * r
                   + 1.383577518672690e+02) * r) - 3.066479806614716e+01) * r + 2.506628277459239e+00;
            x *= q;
            x /= (((((((-5.447609879822406e+01 * r) + 1.615858368580409e+02) * r) - 1.556989798598866e+02) * r
                    + 6.680131188771972e+01) * r) - 1.328068155288572e+01) * r + 1.0;
        }
        else
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - probability));
            x = -TailNumerator(q) / TailDenominator(q);
        }

        // One Halley step on Φ(x) − p.
        var error = NormalCdf(x) - probability;
        var u = error * SqrtTwoPi * Math.Exp(x * x / 2.0);
        return x - (u / (1.0 + (x * u / 2.0)));
    }

    private static double TailNumerator(double q) =>
        (((((((-7.784894002430293e-03 * q) - 3.223964580411365e-01) * q) - 2.400758277161838e+00) * q
           - 2.549732539343734e+00) * q) + 4.374664141464968e+00) * q + 2.938163982698783e+00;

    private static double TailDenominator(double q) =>
        (((((7.784695709041462e-03 * q) + 3.224671290700398e-01) * q) + 2.445134137142996e+00) * q
         + 3.754408661907416e+00) * q + 1.0;
}
