using Vigil.Detection.Risk.Options;

namespace Vigil.Detection.Tests.Risk.Options;

public class Black76ImpliedVolatilityTests
{
    [Fact]
    public void Recovers_the_volatility_of_every_informative_fixture_price()
    {
        var solved = 0;
        foreach (var c in Black76Fixture.Data.Cases)
        {
            if (c.ImpliedVolatility is not { } quantLib)
            {
                continue;
            }

            var result = Black76.ImpliedVolatility(c.OptionType, c.Forward, c.Strike, c.ExpiryYears, c.Rate, c.Price);

            Assert.True(result.IsConverged, $"{result.Status} for {c}");

            // The true σ to 1e-9 relative, or as close as the premium's rounding allows: a premium known to 1e-15 of
            // the strike pins σ down only to about 1e-15·K/vega deep in the money. QuantLib's own round trip
            // (accuracy set on the price) only to 1e-6.
            var conditioning = 1e-13 * Math.Max(c.Forward, c.Strike) / c.Vega;
            Assert.True(
                Math.Abs(result.Volatility - c.Volatility) <= (1e-9 * c.Volatility) + conditioning,
                $"σ {result.Volatility:R} for {c}");
            var repriced = Black76.Price(c.OptionType, c.Forward, c.Strike, c.ExpiryYears, c.Rate, result.Volatility);
            Assert.True(Math.Abs(repriced - c.Price) <= 1e-13 * Math.Max(c.Forward, c.Strike), $"repriced {repriced:R} for {c}");
            Assert.True(Math.Abs(result.Volatility - quantLib) <= 1e-6 * c.Volatility, $"QuantLib σ {quantLib:R} for {c}");
            Assert.InRange(result.Iterations, 1, 100);
            solved++;
        }

        Assert.True(solved > 800, $"only {solved} fixture cases were informative");
    }

    [Fact]
    public void Solver_needs_few_iterations_across_the_fixture()
    {
        var total = 0;
        var count = 0;
        var most = 0;
        foreach (var c in Black76Fixture.Data.Cases)
        {
            if (c.ImpliedVolatility is null)
            {
                continue;
            }

            var iterations = Black76.ImpliedVolatility(c.OptionType, c.Forward, c.Strike, c.ExpiryYears, c.Rate, c.Price).Iterations;
            total += iterations;
            most = Math.Max(most, iterations);
            count++;
        }

        var mean = (double)total / count;
        Assert.True(mean <= 8 && most <= 15, $"mean {mean:F2} iterations, most {most}");
    }

    [Fact]
    public void Issue_example_round_trips_in_a_few_iterations()
    {
        var result = Black76.ImpliedVolatility(OptionType.Call, 100, 100, 0.5, 0.05, 5.498014870607143);

        Assert.Equal(ImpliedVolatilityStatus.Converged, result.Status);
        Assert.Equal(0.2, result.Volatility, 12);
        Assert.InRange(result.Iterations, 1, 6);
    }

    [Fact]
    public void A_premium_below_intrinsic_says_so()
    {
        // The put is 10 in the money: e^(−rT)·10 ≈ 9.75 is the least it can be worth.
        var result = Black76.ImpliedVolatility(OptionType.Put, 90, 100, 0.5, 0.05, 9.0);

        Assert.Equal(ImpliedVolatilityStatus.BelowIntrinsic, result.Status);
        Assert.False(result.IsConverged);
        Assert.True(double.IsNaN(result.Volatility));
        Assert.Contains("intrinsic", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_premium_above_the_price_at_the_highest_volatility_says_so()
    {
        var atFive = Black76.Price(OptionType.Call, 100, 100, 0.5, 0.05, 5.0);

        Assert.Equal(ImpliedVolatilityStatus.AboveUpperBound, Black76.ImpliedVolatility(OptionType.Call, 100, 100, 0.5, 0.05, atFive + 0.5).Status);
        Assert.Equal(ImpliedVolatilityStatus.AboveUpperBound, Black76.ImpliedVolatility(OptionType.Call, 100, 100, 0.5, 0.05, 100).Status);
    }

    [Fact]
    public void A_premium_below_the_price_at_the_lowest_volatility_says_so()
    {
        var options = new ImpliedVolatilityOptions(LowerVolatility: 0.1);
        var atTenPercent = Black76.Price(OptionType.Call, 100, 100, 0.5, 0.05, 0.1);

        var result = Black76.ImpliedVolatility(OptionType.Call, 100, 100, 0.5, 0.05, 0.5 * atTenPercent, options);

        Assert.Equal(ImpliedVolatilityStatus.BelowLowerBound, result.Status);
    }

    [Fact]
    public void An_expired_option_has_no_implied_volatility()
    {
        var result = Black76.ImpliedVolatility(OptionType.Call, 110, 100, 0, 0.05, 10);

        Assert.Equal(ImpliedVolatilityStatus.NoTimeValue, result.Status);
    }

    [Fact]
    public void Too_few_iterations_report_no_convergence_with_the_last_estimate()
    {
        var price = Black76.Price(OptionType.Put, 4500, 3000, 0.1, 0.05, 0.45);

        var result = Black76.ImpliedVolatility(
            OptionType.Put, 4500, 3000, 0.1, 0.05, price, new ImpliedVolatilityOptions(MaxIterations: 2));

        Assert.Equal(ImpliedVolatilityStatus.NotConverged, result.Status);
        Assert.Equal(2, result.Iterations);
        Assert.InRange(result.Volatility, 1e-6, 5);
        Assert.Contains("2 iterations", result.Describe(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.08)]
    [InlineData(0.8)]
    [InlineData(3.0)]
    public void Converges_far_from_the_money_and_at_extreme_volatilities(double sigma)
    {
        foreach (var strike in new[] { 60.0, 95.0, 100.0, 105.0, 160.0 })
        {
            foreach (var type in new[] { OptionType.Call, OptionType.Put })
            {
                var price = Black76.Price(type, 100, strike, 1.0, 0.02, sigma);
                var vega = Black76.Greeks(type, 100, strike, 1.0, 0.02, sigma).Vega;
                if (vega < 1e-8 * Math.Max(price, 1e-12))
                {
                    continue;
                }

                var result = Black76.ImpliedVolatility(type, 100, strike, 1.0, 0.02, price);
                Assert.True(result.IsConverged, $"{type} K={strike} σ={sigma}: {result.Status}");
                Assert.Equal(sigma, result.Volatility, (1e-9 * sigma) + (1e-13 * strike / vega));
            }
        }
    }

    [Fact]
    public void Bad_arguments_throw_and_bad_options_list_every_problem()
    {
        Assert.Equal("price", Assert.Throws<ArgumentOutOfRangeException>(() => Black76.ImpliedVolatility(OptionType.Call, 100, 100, 1, 0, -1)).ParamName);
        Assert.Equal("price", Assert.Throws<ArgumentOutOfRangeException>(() => Black76.ImpliedVolatility(OptionType.Call, 100, 100, 1, 0, double.NaN)).ParamName);
        Assert.Equal("forward", Assert.Throws<ArgumentOutOfRangeException>(() => Black76.ImpliedVolatility(OptionType.Call, -1, 100, 1, 0, 1)).ParamName);

        var bad = new ImpliedVolatilityOptions(LowerVolatility: 0, UpperVolatility: -1, VolatilityTolerance: 0, MaxIterations: 0);
        Assert.Equal(4, bad.Validate().Count);
        var error = Assert.Throws<ArgumentException>(() => Black76.ImpliedVolatility(OptionType.Call, 100, 100, 1, 0, 5, bad));
        Assert.Contains("LowerVolatility", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxIterations", error.Message, StringComparison.Ordinal);
    }
}
