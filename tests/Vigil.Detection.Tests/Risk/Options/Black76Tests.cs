using Vigil.Detection.Risk.Options;

namespace Vigil.Detection.Tests.Risk.Options;

public class Black76Tests
{
    // Every fixture value to 1e-8 relative; values smaller than 1e-10 of the forward (far out-of-the-money premiums
    // and their Greeks, where QuantLib and Vigil both subtract nearly equal tails) to 1e-10 × forward absolute instead.
    private const double Relative = 1e-8;

    private static void Close(double expected, double actual, double scale, string what, Black76Case c)
    {
        var tolerance = Math.Max(Relative * Math.Abs(expected), 1e-10 * scale);
        Assert.True(
            Math.Abs(actual - expected) <= tolerance,
            $"{what} for {c}: expected {expected:R}, got {actual:R} (tolerance {tolerance:E2})");
    }

    [Fact]
    public void Reproduces_the_issue_example_to_its_stated_digits()
    {
        var call = Black76.Greeks(OptionType.Call, 100, 100, 0.5, 0.05, 0.2);
        var put = Black76.Greeks(OptionType.Put, 100, 100, 0.5, 0.05, 0.2);

        Assert.Equal(5.4980, call.Price, 4);
        Assert.Equal(5.4980, put.Price, 4);
        Assert.Equal(0.5151, call.Delta, 4);
        Assert.Equal(0.02744, call.Gamma, 5);
        Assert.Equal(27.44, call.Vega, 2);
        Assert.Equal(0.2744, call.VegaPerVolPoint, 4);
    }

    [Fact]
    public void Issue_example_delta_is_the_discounted_forward_delta_not_N_of_d1()
    {
        var call = Black76.Greeks(OptionType.Call, 100, 100, 0.5, 0.05, 0.2);
        var undiscounted = Vigil.Core.Numerics.SpecialFunctions.NormalCdf(0.5 * 0.2 * Math.Sqrt(0.5));

        Assert.Equal(0.5282, undiscounted, 4);
        Assert.Equal(Math.Exp(-0.025) * undiscounted, call.Delta, 14);
    }

    [Fact]
    public void Issue_example_matches_QuantLib_to_1e_12()
    {
        var e = Black76Fixture.Data.IssueExample;
        var call = Black76.Greeks(OptionType.Call, e.Forward, e.Strike, e.ExpiryYears, e.Rate, e.Volatility);
        var put = Black76.Greeks(OptionType.Put, e.Forward, e.Strike, e.ExpiryYears, e.Rate, e.Volatility);

        Assert.Equal(e.Call, call.Price, 1e-12);
        Assert.Equal(e.Put, put.Price, 1e-12);
        Assert.Equal(e.CallDelta, call.Delta, 1e-12);
        Assert.Equal(e.PutDelta, put.Delta, 1e-12);
        Assert.Equal(e.Gamma, call.Gamma, 1e-14);
        Assert.Equal(e.Vega, call.Vega, 1e-11);
    }

    [Fact]
    public void Reproduces_every_QuantLib_price_and_greek_in_the_fixture()
    {
        var cases = Black76Fixture.Data.Cases;
        Assert.Equal(1080, cases.Count);
        foreach (var c in cases)
        {
            var g = Black76.Greeks(c.OptionType, c.Forward, c.Strike, c.ExpiryYears, c.Rate, c.Volatility);
            var scale = c.Forward;
            Close(c.Price, g.Price, scale, "price", c);
            Close(c.AnalyticPrice, g.Price, scale, "analytic-engine price", c);
            Close(c.Price, Black76.Price(c.OptionType, c.Forward, c.Strike, c.ExpiryYears, c.Rate, c.Volatility), scale, "Price()", c);
            Close(c.Delta, g.Delta, 1, "delta", c);
            Close(c.Gamma, g.Gamma, 1 / c.Forward, "gamma", c);
            Close(c.Vega, g.Vega, scale, "vega", c);
            Close(c.ThetaPerYear, g.ThetaPerYear, scale, "theta", c);
            Close(c.Rho, g.Rho, scale, "rho", c);
        }
    }

    [Fact]
    public void Put_call_parity_holds_across_the_fixture_grid()
    {
        foreach (var c in Black76Fixture.Data.Cases)
        {
            if (c.OptionType != OptionType.Call)
            {
                continue;
            }

            var call = Black76.Price(OptionType.Call, c.Forward, c.Strike, c.ExpiryYears, c.Rate, c.Volatility);
            var put = Black76.Price(OptionType.Put, c.Forward, c.Strike, c.ExpiryYears, c.Rate, c.Volatility);
            var parity = Math.Exp(-c.Rate * c.ExpiryYears) * (c.Forward - c.Strike);
            Assert.True(
                Math.Abs(call - put - parity) <= 1e-12 * (c.Forward + c.Strike),
                $"C − P = {call - put:R} but e^(−rT)(F − K) = {parity:R} for {c}");
        }
    }

    [Fact]
    public void Call_delta_minus_put_delta_is_the_discount_factor()
    {
        var call = Black76.Greeks(OptionType.Call, 4500, 4200, 0.25, 0.05, 0.18);
        var put = Black76.Greeks(OptionType.Put, 4500, 4200, 0.25, 0.05, 0.18);

        Assert.Equal(Math.Exp(-0.05 * 0.25), call.Delta - put.Delta, 14);
        Assert.Equal(call.Gamma, put.Gamma, 15);
        Assert.Equal(call.Vega, put.Vega, 12);
    }

    [Fact]
    public void Greeks_agree_with_finite_differences_of_the_price()
    {
        const OptionType type = OptionType.Put;
        const double f = 78, k = 85, t = 0.3, r = 0.04, s = 0.35;
        double P(double ff, double tt, double rr, double ss) => Black76.Price(type, ff, k, tt, rr, ss);
        var g = Black76.Greeks(type, f, k, t, r, s);

        Assert.Equal((P(f + 1e-3, t, r, s) - P(f - 1e-3, t, r, s)) / 2e-3, g.Delta, 8);
        Assert.Equal((P(f + 1e-2, t, r, s) - (2 * P(f, t, r, s)) + P(f - 1e-2, t, r, s)) / 1e-4, g.Gamma, 6);
        Assert.Equal((P(f, t, r, s + 1e-5) - P(f, t, r, s - 1e-5)) / 2e-5, g.Vega, 6);
        Assert.Equal(-(P(f, t + 1e-5, r, s) - P(f, t - 1e-5, r, s)) / 2e-5, g.ThetaPerYear, 5);
        Assert.Equal((P(f, t, r + 1e-5, s) - P(f, t, r - 1e-5, s)) / 2e-5, g.Rho, 7);
    }

    [Fact]
    public void Per_vol_point_per_day_and_per_basis_point_units_are_scaled_from_the_per_unit_greeks()
    {
        var g = Black76.Greeks(OptionType.Call, 100, 100, 0.5, 0.05, 0.2);

        Assert.Equal(g.Vega / 100, g.VegaPerVolPoint, 15);
        Assert.Equal(g.ThetaPerYear / 365, g.ThetaPerDay, 15);
        Assert.Equal(g.Rho / 10_000, g.RhoPerBasisPoint, 15);
        Assert.True(g.ThetaPerDay < 0);
        Assert.Equal(-0.5 * g.Price, g.Rho, 12);
    }

    [Theory]
    [InlineData(OptionType.Call, 110, 100, 10, 1.0)]
    [InlineData(OptionType.Call, 90, 100, 0, 0.0)]
    [InlineData(OptionType.Call, 100, 100, 0, 0.5)]
    [InlineData(OptionType.Put, 90, 100, 10, -1.0)]
    [InlineData(OptionType.Put, 110, 100, 0, 0.0)]
    [InlineData(OptionType.Put, 100, 100, 0, -0.5)]
    public void At_expiry_the_option_is_worth_intrinsic_with_a_step_delta(
        OptionType type, double forward, double strike, double intrinsic, double delta)
    {
        var g = Black76.Greeks(type, forward, strike, 0, 0.05, 0.2);

        Assert.Equal(intrinsic, g.Price, 15);
        Assert.Equal(delta, g.Delta, 15);
        Assert.Equal(0, g.Gamma);
        Assert.Equal(0, g.Vega);
        Assert.Equal(0, g.Rho);
    }

    [Fact]
    public void Near_expiry_the_price_tends_to_intrinsic()
    {
        var itm = Black76.Price(OptionType.Call, 110, 100, 1e-10, 0.05, 0.2);
        var atm = Black76.Price(OptionType.Call, 100, 100, 1e-10, 0.05, 0.2);

        Assert.Equal(10, itm, 9);
        // At the money the time value is F·σ·√(T/2π) ≈ 8e-5 for T = 1e-10 years.
        Assert.Equal(100 * 0.2 * Math.Sqrt(1e-10 / (2 * Math.PI)), atm, 1e-9);
    }

    [Fact]
    public void Zero_volatility_gives_the_discounted_intrinsic_value_and_the_at_the_money_vega_limit()
    {
        var discount = Math.Exp(-0.05);
        var itm = Black76.Greeks(OptionType.Put, 90, 100, 1, 0.05, 0);
        var otm = Black76.Greeks(OptionType.Call, 90, 100, 1, 0.05, 0);
        var atm = Black76.Greeks(OptionType.Call, 100, 100, 1, 0.05, 0);
        var almostZero = Black76.Greeks(OptionType.Call, 100, 100, 1, 0.05, 1e-9);

        Assert.Equal(10 * discount, itm.Price, 14);
        Assert.Equal(-discount, itm.Delta, 15);
        Assert.Equal(0.05 * itm.Price, itm.ThetaPerYear, 14);
        Assert.Equal(0, otm.Price);
        Assert.Equal(0, otm.Delta);
        Assert.Equal(almostZero.Vega, atm.Vega, 8);
        Assert.Equal(0.5 * discount, atm.Delta, 15);
    }

    [Fact]
    public void Deep_in_and_out_of_the_money_options_behave_like_forwards_and_like_nothing()
    {
        var deepItm = Black76.Greeks(OptionType.Call, 100, 20, 0.25, 0.03, 0.2);
        var deepOtm = Black76.Greeks(OptionType.Call, 100, 500, 0.25, 0.03, 0.2);

        Assert.Equal(Math.Exp(-0.0075) * 80, deepItm.Price, 12);
        Assert.Equal(Math.Exp(-0.0075), deepItm.Delta, 14);
        Assert.True(deepOtm.Price is > 0 and < 1e-50, $"deep out-of-the-money premium {deepOtm.Price}");
        Assert.True(deepOtm.Delta is > 0 and < 1e-50);
    }

    [Theory]
    [InlineData(0, 100, 1, 0.05, 0.2, "forward")]
    [InlineData(-5, 100, 1, 0.05, 0.2, "forward")]
    [InlineData(double.NaN, 100, 1, 0.05, 0.2, "forward")]
    [InlineData(100, 0, 1, 0.05, 0.2, "strike")]
    [InlineData(100, double.PositiveInfinity, 1, 0.05, 0.2, "strike")]
    [InlineData(100, 100, -0.1, 0.05, 0.2, "expiryYears")]
    [InlineData(100, 100, double.NaN, 0.05, 0.2, "expiryYears")]
    [InlineData(100, 100, 1, 5, 0.2, "rate")]
    [InlineData(100, 100, 1, double.NaN, 0.2, "rate")]
    [InlineData(100, 100, 1, 0.05, -0.2, "volatility")]
    [InlineData(100, 100, 1, 0.05, double.NaN, "volatility")]
    public void Bad_arguments_are_rejected_naming_the_argument(
        double forward, double strike, double expiry, double rate, double vol, string name)
    {
        var priceError = Assert.Throws<ArgumentOutOfRangeException>(() => Black76.Price(OptionType.Call, forward, strike, expiry, rate, vol));
        var greeksError = Assert.Throws<ArgumentOutOfRangeException>(() => Black76.Greeks(OptionType.Put, forward, strike, expiry, rate, vol));

        Assert.Equal(name, priceError.ParamName);
        Assert.Equal(name, greeksError.ParamName);
    }

    [Fact]
    public void An_undefined_option_type_is_rejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Black76.Price((OptionType)7, 100, 100, 1, 0.05, 0.2));

        Assert.Equal("type", error.ParamName);
    }

    [Fact]
    public void Pricing_with_greeks_allocates_nothing()
    {
        var sink = 0.0;
        var bytes = Vigil.Testing.Allocations.Fewest(run =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                var g = Black76.Greeks(i % 2 == 0 ? OptionType.Call : OptionType.Put, 100 + (i % 7), 100, 0.5, 0.05, 0.2);
                sink += g.Price + g.Delta;
                sink += Black76.ImpliedVolatility(OptionType.Call, 100, 100 + (i % 5), 0.5, 0.05, 6.0).Volatility;
            }
        });

        Assert.Equal(0, bytes);
        Assert.True(sink > 0);
    }
}
