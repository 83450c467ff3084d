using Vigil.Core.Instruments;
using Vigil.Core.Market;
using Vigil.Engine.Simulation;

namespace Vigil.Engine.Tests.Simulation;

public class CorrelationTests
{
    private const int N = 18;

    [Fact]
    public void Calm_target_correlation_matrix_is_a_positive_definite_correlation_matrix()
    {
        var c = DefaultMarket.CalmCorrelation;
        Assert.Equal(N * N, c.Length);
        for (var i = 0; i < N; i++)
        {
            Assert.Equal(1.0, c[(i * N) + i]);
            for (var j = 0; j < N; j++)
            {
                Assert.Equal(c[(i * N) + j], c[(j * N) + i]);
                Assert.InRange(c[(i * N) + j], -1.0, 1.0);
            }
        }

        Assert.True(SimulationTestKit.MinEigenvalue(c, N) > 0.05);
    }

    [Fact]
    public void Default_dynamics_are_aligned_with_the_default_universe()
    {
        Assert.Equal(DefaultUniverse.Instruments.Count, DefaultMarket.Dynamics.Count);
        for (var i = 0; i < DefaultMarket.Dynamics.Count; i++)
        {
            Assert.Equal(DefaultUniverse.Instruments[i].Symbol, DefaultMarket.Dynamics[i].Symbol);
        }
    }

    [Fact]
    public void Empirical_correlation_of_calm_returns_matches_the_target()
    {
        var simulator = new MarketSimulator(new SimulatorOptions { Seed = 2024 });
        AssertEmpiricalCorrelation(simulator, Expected(DefaultMarket.CalmCorrelation, shift: 0.0));
    }

    [Fact]
    public void Empirical_correlation_under_a_correlation_shift_matches_the_blend_towards_the_crisis_matrix()
    {
        const double Shift = 0.6;
        var scenario = new StressScenario
        {
            Id = "correlated",
            Name = "Correlated",
            CorrelationShift = Shift,
            VolatilityMultiplier = 2.0,
            Duration = TimeSpan.FromDays(1),
        };
        var simulator = new MarketSimulator(new SimulatorOptions { Seed = 77 });
        simulator.Activate(scenario);
        simulator.NextBatch(new Tick[N]);
        Assert.Equal(StressPhase.Peak, simulator.Phase);

        var expected = Expected(DefaultMarket.CalmCorrelation, Shift);
        AssertEmpiricalCorrelation(simulator, expected);

        var target = new double[N * N];
        simulator.GetTargetCorrelation(target);
        for (var k = 0; k < target.Length; k++)
        {
            Assert.Equal(expected[k], target[k], 12);
        }
    }

    [Fact]
    public void Crisis_matrix_makes_risk_assets_move_together()
    {
        var calm = Expected(DefaultMarket.CalmCorrelation, 0.0);
        var crisis = Expected(DefaultMarket.CalmCorrelation, 1.0);
        var spx = 0;
        var sx5e = 2;
        var hy = 11;
        var vix = 12;
        var xlf = 17;

        Assert.True(crisis[(spx * N) + sx5e] > calm[(spx * N) + sx5e] + 0.2);
        Assert.True(crisis[(spx * N) + xlf] > 0.85);
        Assert.True(crisis[(spx * N) + vix] < -0.85);
        Assert.True(crisis[(spx * N) + hy] < calm[(spx * N) + hy]);
        Assert.True(SimulationTestKit.MinEigenvalue(crisis, N) > 0);
        Assert.True(SimulationTestKit.MinEigenvalue(Expected(DefaultMarket.CalmCorrelation, 0.5), N) > 0);
    }

    [Fact]
    public void Target_correlation_returns_to_the_calm_matrix_after_recovery()
    {
        var simulator = new MarketSimulator();
        var batch = new Tick[N];
        simulator.Activate(CrisisPresets.Covid2020);
        SimulationTestKit.RunFor(simulator, batch, TimeSpan.FromMinutes(3));
        var during = new double[N * N];
        simulator.GetTargetCorrelation(during);
        Assert.True(during[11] < -0.8, $"SPX/HY correlation at the peak is {during[11]}");

        SimulationTestKit.RunFor(simulator, batch, CrisisPresets.Covid2020.TotalDuration);
        var after = new double[N * N];
        simulator.GetTargetCorrelation(after);
        for (var k = 0; k < after.Length; k++)
        {
            Assert.Equal(DefaultMarket.CalmCorrelation[k], after[k], 12);
        }
    }

    /// <summary>(1 − w)·calm + w·ββᵀ off the diagonal, computed here from the published inputs.</summary>
    private static double[] Expected(IReadOnlyList<double> calm, double shift)
    {
        var expected = new double[N * N];
        for (var i = 0; i < N; i++)
        {
            for (var j = 0; j < N; j++)
            {
                var loadings = DefaultMarket.Dynamics[i].CrisisLoading * DefaultMarket.Dynamics[j].CrisisLoading;
                expected[(i * N) + j] = i == j ? 1.0 : ((1 - shift) * calm[(i * N) + j]) + (shift * loadings);
            }
        }

        return expected;
    }

    private static void AssertEmpiricalCorrelation(MarketSimulator simulator, double[] expected)
    {
        // With N Gaussian returns the sample correlation's standard error is (1 − ρ²)/√N. Five standard errors per
        // pair keep the chance that any of the 153 pairs fails by chance below 1e-4; at N = 100,000 that is at most
        // 0.016, well below the gaps between calm and crisis correlations the test must tell apart.
        const int Batches = 100_000;
        var returns = SimulationTestKit.Returns(simulator, new Tick[N], Batches);
        var worst = 0.0;
        var worstPair = "";
        for (var i = 0; i < N; i++)
        {
            for (var j = i + 1; j < N; j++)
            {
                var target = expected[(i * N) + j];
                var tolerance = 5.0 * (1 - (target * target)) / Math.Sqrt(Batches);
                var empirical = SimulationTestKit.Correlation(returns[i], returns[j]);
                var excess = Math.Abs(empirical - target) / tolerance;
                if (excess > worst)
                {
                    worst = excess;
                    worstPair = $"{DefaultUniverse.Instruments[i].Symbol}/{DefaultUniverse.Instruments[j].Symbol}: {empirical:F4} vs {target:F4}";
                }
            }
        }

        Assert.True(worst <= 1.0, $"worst pair {worstPair} is {worst:F2} tolerances away");
    }
}
