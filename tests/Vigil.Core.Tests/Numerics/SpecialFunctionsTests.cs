using Vigil.Core.Numerics;
using Vigil.Core.Tests.Support;

namespace Vigil.Core.Tests.Numerics;

public sealed class SpecialFunctionsTests
{
    // scripts/normal_reference.py: mpmath.ncdf at 50 digits, rounded to double.
    public static TheoryData<double, double> CdfReference => new()
    {
    { -37.5, 4.605353009581955e-308 },
    { -37.0, 5.725571222524577e-300 },
    { -30.0, 4.906713927148187e-198 },
    { -20.0, 2.7536241186062337e-89 },
    { -12.0, 1.776482112077679e-33 },
    { -10.0, 7.619853024160525e-24 },
    { -8.5, 9.479534822203318e-18 },
    { -7.5, 3.1908916729108963e-14 },
    { -7.0, 1.279812543885835e-12 },
    { -6.0, 9.86587645037698e-10 },
    { -5.66, 7.568649751997714e-09 },
    { -5.65, 8.022391850663497e-09 },
    { -5.0, 2.866515718791939e-07 },
    { -4.0, 3.1671241833119924e-05 },
    { -3.5, 0.00023262907903552504 },
    { -3.0, 0.0013498980316300946 },
    { -2.5, 0.006209665325776135 },
    { -2.0, 0.02275013194817921 },
    { -1.959963984540054, 0.025000000000000012 },
    { -1.5, 0.06680720126885807 },
    { -1.0, 0.15865525393145705 },
    { -0.75, 0.2266273523768682 },
    { -0.67, 0.2514288950953101 },
    { -0.66, 0.25462691467133614 },
    { -0.5, 0.3085375387259869 },
    { -0.25, 0.4012936743170763 },
    { -0.1, 0.460172162722971 },
    { 0.0, 0.5 },
    { 0.1, 0.539827837277029 },
    { 0.25, 0.5987063256829237 },
    { 0.5, 0.6914624612740131 },
    { 0.66, 0.7453730853286639 },
    { 0.67, 0.7485711049046899 },
    { 0.75, 0.7733726476231318 },
    { 1.0, 0.8413447460685429 },
    { 1.5, 0.9331927987311419 },
    { 2.0, 0.9772498680518208 },
    { 2.5, 0.9937903346742238 },
    { 3.0, 0.9986501019683699 },
    { 4.0, 0.9999683287581669 },
    { 5.0, 0.9999997133484281 },
    { 6.0, 0.9999999990134123 },
    { 8.0, 0.9999999999999993 },
    };

    // scripts/normal_reference.py: statistics.NormalDist().inv_cdf (Wichura's AS241), which agrees with 50-digit
    // mpmath to 4e-16 relative at every point here. Upper tails are written 1 − t, rounded to double as in Python.
    public static TheoryData<double, double> QuantileReference => new()
    {
        { 1e-300, -37.0470962993612 },
        { 1e-100, -21.27345356096532 },
        { 1e-20, -9.262340089798405 },
        { 1e-15, -7.941345326170995 },
        { 1e-10, -6.361340902404056 },
        { 1e-8, -5.61200124417479 },
        { 1e-5, -4.2648907939228256 },
        { 0.001, -3.090232306167813 },
        { 0.01, -2.3263478740408408 },
        { 0.02, -2.0537489106318225 },
        { 0.02425, -1.9729610513118845 },
        { 0.025, -1.9599639845400538 },
        { 0.05, -1.6448536269514726 },
        { 0.1, -1.2815515655446008 },
        { 0.2, -0.8416212335729142 },
        { 0.3, -0.5244005127080407 },
        { 0.4, -0.2533471031357998 },
        { 0.5, 0.0 },
        { 0.6, 0.2533471031357998 },
        { 0.7, 0.5244005127080407 },
        { 0.8, 0.8416212335729144 },
        { 0.9, 1.2815515655446008 },
        { 0.95, 1.6448536269514715 },
        { 0.975, 1.9599639845400536 },
        { 0.97575, 1.9729610513118847 },
        { 0.98, 2.053748910631822 },
        { 0.99, 2.3263478740408408 },
        { 0.999, 3.090232306167813 },
        { 1 - 1e-5, 4.26489079392384 },
        { 1 - 1e-8, 5.612001243305506 },
        { 1 - 1e-10, 6.361340889697421 },
        { 1 - 1e-15, 7.941444487415977 },
    };

    [Theory]
    [MemberData(nameof(CdfReference))]
    public void Normal_cdf_matches_reference_values(double x, double expected)
    {
        var actual = SpecialFunctions.NormalCdf(x);
        if (x < 0)
        {
            // Full relative precision in the lower tail, a few ulps.
            Close.Equal(expected, actual, 1e-15);
        }
        else
        {
            Close.Equal(expected, actual, 0, 2e-16);
        }
    }

    [Theory]
    [MemberData(nameof(QuantileReference))]
    public void Normal_quantile_matches_reference_values(double probability, double expected)
    {
        var actual = SpecialFunctions.NormalQuantile(probability);
        if (expected == 0)
        {
            Assert.Equal(0.0, actual, 1e-15);
        }
        else
        {
            Close.Equal(expected, actual, 1e-14);
        }
    }

    [Theory]
    [InlineData(0.0, 0.3989422804014327)]
    [InlineData(0.5, 0.3520653267642995)]
    [InlineData(1.0, 0.24197072451914337)]
    [InlineData(2.0, 0.05399096651318806)]
    [InlineData(-3.0, 0.0044318484119380075)]
    [InlineData(5.0, 1.4867195147342979e-06)]
    public void Normal_pdf_matches_reference_values(double x, double expected)
    {
        // Python: statistics.NormalDist().pdf(x).
        Close.Equal(expected, SpecialFunctions.NormalPdf(x), 1e-15);
        Close.Equal(expected, SpecialFunctions.NormalPdf(-x), 1e-15);
    }

    [Fact]
    public void Normal_cdf_is_symmetric_monotone_and_its_slope_is_the_pdf()
    {
        var previous = 0.0;
        for (var x = -40.0; x <= 40.0; x += 0.01)
        {
            var cdf = SpecialFunctions.NormalCdf(x);
            Assert.InRange(cdf, 0.0, 1.0);
            Assert.True(cdf >= previous, $"Φ decreases at {x}");
            previous = cdf;

            Close.Equal(1.0, cdf + SpecialFunctions.NormalCdf(-x), 0, 2.3e-16, $"Φ({x}) + Φ(−{x})");

            if (Math.Abs(x) < 8)
            {
                // Central difference: error h²·|φ''|/6 ≤ 1e-10 and cancellation about 1e-16/h.
                const double h = 1e-4;
                var slope = (SpecialFunctions.NormalCdf(x + h) - SpecialFunctions.NormalCdf(x - h)) / (2 * h);
                Close.Equal(SpecialFunctions.NormalPdf(x), slope, 0, 1e-9, $"slope at {x}");
            }
        }
    }

    [Fact]
    public void Normal_cdf_edge_cases()
    {
        Assert.Equal(0.5, SpecialFunctions.NormalCdf(0.0));
        Assert.Equal(1.0, SpecialFunctions.NormalCdf(double.PositiveInfinity));
        Assert.Equal(0.0, SpecialFunctions.NormalCdf(double.NegativeInfinity));
        Assert.Equal(0.0, SpecialFunctions.NormalCdf(-50.0));
        Assert.Equal(1.0, SpecialFunctions.NormalCdf(50.0));
        Assert.True(double.IsNaN(SpecialFunctions.NormalCdf(double.NaN)));
    }

    [Fact]
    public void Quantile_inverts_the_cdf_where_the_cdf_keeps_its_digits()
    {
        // Below 0 Φ has full relative precision, so Φ⁻¹(Φ(x)) must give x back to near rounding.
        for (var x = -37.0; x <= 0.0; x += 0.0625)
        {
            var roundTrip = SpecialFunctions.NormalQuantile(SpecialFunctions.NormalCdf(x));
            Close.Equal(x, roundTrip, 1e-14, 1e-15, $"x = {x}");
        }
    }

    [Fact]
    public void Cdf_of_the_quantile_gives_the_probability_back()
    {
        var random = new Random(2);
        for (var i = 0; i < 20_000; i++)
        {
            // Log-uniform over (1e-300, 1) on both sides of one half.
            var tail = Math.Pow(10, -300 * Math.Pow(random.NextDouble(), 3)) / 2;
            var p = random.Next(2) == 0 ? tail : 1 - tail;
            var x = SpecialFunctions.NormalQuantile(p);
            var back = SpecialFunctions.NormalCdf(x);
            if (p < 0.5)
            {
                // Rounding x to a double alone moves Φ(x) by |x|·ulp(x)/2 ≈ x²·1.1e-16 relative.
                Close.Equal(p, back, 1e-14 + (x * x * 2.2e-16), 0, $"p = {p:R}");
            }
            else
            {
                // Φ near 1 is held to absolute precision only.
                Close.Equal(p, back, 0, 3.4e-16, $"p = {p:R}");
            }
        }
    }

    [Fact]
    public void Quantile_is_antisymmetric_about_one_half()
    {
        // Dyadic probabilities, so 1 − p is exact.
        for (var k = 1; k < 1024; k++)
        {
            var p = k / 1024.0;
            Close.Equal(-SpecialFunctions.NormalQuantile(p), SpecialFunctions.NormalQuantile(1 - p), 1e-15, 1e-16, $"p = {p}");
        }

        for (var e = 2; e <= 52; e++)
        {
            var p = Math.ScaleB(1.0, -e);
            Close.Equal(-SpecialFunctions.NormalQuantile(p), SpecialFunctions.NormalQuantile(1 - p), 1e-14, 0, $"p = 2^-{e}");
        }
    }

    [Fact]
    public void Quantile_is_finite_down_to_the_smallest_positive_double()
    {
        // scripts/normal_reference.py: statistics.NormalDist().inv_cdf, equal to the 50-digit roots of Φ(x) = p.
        Close.Equal(-38.46740561714434, SpecialFunctions.NormalQuantile(double.Epsilon), 1e-14);
        Close.Equal(-37.66306033194952, SpecialFunctions.NormalQuantile(1e-310), 1e-14);
        for (var e = 300; e <= 323; e++)
        {
            var q = SpecialFunctions.NormalQuantile(Math.Pow(10, -e));
            Assert.True(double.IsFinite(q) && q < -37.0, $"Φ⁻¹(1e-{e}) = {q}");
        }
    }

    [Fact]
    public void Quantile_edge_cases()
    {
        Assert.Equal(double.NegativeInfinity, SpecialFunctions.NormalQuantile(0.0));
        Assert.Equal(double.PositiveInfinity, SpecialFunctions.NormalQuantile(1.0));
        Assert.Equal(0.0, SpecialFunctions.NormalQuantile(0.5), 1e-16);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-1e-300)]
    [InlineData(-0.5)]
    [InlineData(1.0000000000000002)]
    [InlineData(2.0)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Quantile_rejects_probabilities_outside_the_unit_interval(double probability) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SpecialFunctions.NormalQuantile(probability));
}
