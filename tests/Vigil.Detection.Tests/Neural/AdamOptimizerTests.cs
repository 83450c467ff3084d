using Vigil.Detection.Neural;

namespace Vigil.Detection.Tests.Neural;

public sealed class AdamOptimizerTests
{
    [Fact]
    public void Two_steps_match_the_hand_computation_and_torch_optim_adam()
    {
        // By hand: m1 = 0.1 g1, v1 = 0.001 g1², so the first step is lr · g/(|g| + ε): 1 → 1 − 0.1 · 0.5/(0.5 + 1e-8).
        // The second step's values are torch.optim.Adam(lr=0.1) on the same gradients (float64).
        double[] parameters = [1.0, -2.0];
        var adam = new AdamOptimizer(2, learningRate: 0.1);

        adam.Step(parameters, [0.5, -0.1]);
        Assert.Equal(1.0 - (0.1 * 0.5 / (0.5 + 1e-8)), parameters[0], 1e-15);
        Assert.Equal(-2.0 + (0.1 * 0.1 / (0.1 + 1e-8)), parameters[1], 1e-15);

        adam.Step(parameters, [0.2, 0.3]);
        Assert.Equal(0.8101424839029282, parameters[0], 1e-14);
        Assert.Equal(-1.9494189911200654, parameters[1], 1e-14);
        Assert.Equal(2, adam.StepCount);
    }

    [Fact]
    public void Reset_forgets_the_moments()
    {
        double[] a = [1.0];
        double[] b = [1.0];
        var adam = new AdamOptimizer(1, 0.05);
        adam.Step(a, [3.0]);
        adam.Reset();
        a[0] = 1.0;
        adam.Step(a, [0.7]);
        new AdamOptimizer(1, 0.05).Step(b, [0.7]);
        Assert.Equal(b[0], a[0]);
    }

    [Fact]
    public void Clipping_scales_a_long_gradient_to_the_maximum_norm_and_leaves_a_short_one()
    {
        double[] g = [3.0, 4.0];
        var norm = AdamOptimizer.ClipGradientNorm(g, 1.0);
        Assert.Equal(5.0, norm, 1e-12);
        Assert.Equal(0.6, g[0], 1e-6);
        Assert.Equal(0.8, g[1], 1e-6);

        double[] shortOne = [0.3, 0.4];
        AdamOptimizer.ClipGradientNorm(shortOne, 1.0);
        Assert.Equal([0.3, 0.4], shortOne);
    }

    [Fact]
    public void Rejects_invalid_hyperparameters_and_mismatched_lengths()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamOptimizer(2, learningRate: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamOptimizer(2, beta1: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamOptimizer(0));
        var adam = new AdamOptimizer(2);
        Assert.Throws<ArgumentException>(() => adam.Step(new double[3], new double[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => AdamOptimizer.ClipGradientNorm(new double[2], 0));
    }
}
