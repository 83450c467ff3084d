using Vigil.Core.Numerics;
using Vigil.Detection.Risk.Credit;

namespace Vigil.Detection.Tests.Risk.Credit;

public sealed class SriskTests
{
    [Fact]
    public void Issue_reference_D_900_W_60_LRMES_41_7_percent_gives_SRISK_39_8()
    {
        Assert.Equal(39.8, Srisk.Compute(900, 60, 0.417), 1);
    }

    [Fact]
    public void A_well_capitalised_firm_has_zero_SRISK_but_a_negative_shortfall()
    {
        Assert.Equal(0, Srisk.Compute(100, 60, 0.417));
        Assert.True(Srisk.CapitalShortfall(100, 60, 0.417) < 0);
    }

    [Fact]
    public void Lrmes_of_beta_one_is_the_market_fall_and_grows_with_beta()
    {
        Assert.Equal(0.4, Srisk.Lrmes(1.0), 12);
        Assert.Equal(0.0, Srisk.Lrmes(0.0), 12);
        // β = 2: 1 − 0.6² = 0.64.
        Assert.Equal(0.64, Srisk.Lrmes(2.0), 12);
        Assert.True(Srisk.Lrmes(1.5) > Srisk.Lrmes(1.2));
    }

    [Fact]
    public void Beta_that_gives_LRMES_41_7_percent_is_about_1_06()
    {
        var beta = Math.Log(1 - 0.417) / Math.Log(0.6);

        Assert.Equal(0.417, Srisk.Lrmes(beta), 12);
        Assert.Equal(1.0563, beta, 4);
    }

    [Theory]
    [InlineData(-1.0, 60.0, 0.4, 0.08)]
    [InlineData(900.0, double.NaN, 0.4, 0.08)]
    [InlineData(900.0, 60.0, 0.4, 1.0)]
    public void Invalid_inputs_are_rejected(double d, double w, double lrmes, double k)
    {
        Assert.Throws<ArgumentException>(() => Srisk.Compute(d, w, lrmes, k));
    }

    [Fact]
    public void Ewma_beta_recovers_the_beta_of_synthetic_returns()
    {
        var rng = new Xoshiro256(7);
        var beta = new EwmaBeta(halfLife: 2000);
        for (var i = 0; i < 20_000; i++)
        {
            var market = 0.01 * Gaussian(rng);
            var firm = 0.0002 + (1.4 * market) + (0.008 * Gaussian(rng));
            beta.Add(market, firm);
        }

        // The effective sample is about 5,800 pairs: the standard error of β is about 0.8/√5800 ≈ 0.011.
        Assert.Equal(1.4, beta.Beta, 0.05);
    }

    [Fact]
    public void Ewma_beta_follows_a_change_of_beta_within_a_few_half_lives()
    {
        var rng = new Xoshiro256(11);
        var beta = new EwmaBeta(halfLife: 100);
        for (var i = 0; i < 3000; i++)
        {
            var market = 0.01 * Gaussian(rng);
            beta.Add(market, (i < 2000 ? 0.8 : 2.0) * market);
        }

        Assert.Equal(2.0, beta.Beta, 0.01);
        beta.Reset();
        Assert.True(double.IsNaN(beta.Beta));
    }

    private static double Gaussian(Xoshiro256 rng) => rng.NextGaussian();
}
