using Vigil.Core.Numerics;
using Vigil.Engine.Simulation;

namespace Vigil.Engine.Tests.Simulation;

public class ZigguratGaussianTests
{
    [Fact]
    public void Draws_follow_the_standard_normal_distribution_including_the_tails()
    {
        const int N = 2_000_000;
        var random = new Xoshiro256(12345);
        double[] points = [-4.0, -3.7, -3.0, -2.0, -1.0, -0.5, 0.0, 0.3, 1.0, 2.0, 3.0, 3.6541, 3.7, 4.0];
        var below = new int[points.Length];
        double sum = 0, sumSquares = 0, sumFourth = 0;
        for (var k = 0; k < N; k++)
        {
            var z = ZigguratGaussian.Next(random);
            sum += z;
            sumSquares += z * z;
            sumFourth += z * z * z * z;
            for (var p = 0; p < points.Length; p++)
            {
                if (z < points[p])
                {
                    below[p]++;
                }
            }
        }

        // Five standard errors of each estimate: mean 1/√N, variance √(2/N), fourth moment √(96/N).
        Assert.InRange(sum / N, -5 / Math.Sqrt(N), 5 / Math.Sqrt(N));
        Assert.InRange(sumSquares / N, 1 - (5 * Math.Sqrt(2.0 / N)), 1 + (5 * Math.Sqrt(2.0 / N)));
        Assert.InRange(sumFourth / N, 3 - (5 * Math.Sqrt(96.0 / N)), 3 + (5 * Math.Sqrt(96.0 / N)));
        for (var p = 0; p < points.Length; p++)
        {
            var expected = SpecialFunctions.NormalCdf(points[p]);
            var tolerance = 5 * Math.Sqrt(expected * (1 - expected) / N);
            Assert.True(
                Math.Abs(((double)below[p] / N) - expected) <= tolerance,
                $"P(Z < {points[p]}) is {(double)below[p] / N:E4}, expected {expected:E4} ± {tolerance:E1}");
        }
    }

    [Fact]
    public void The_same_generator_state_gives_the_same_draws()
    {
        var a = new Xoshiro256(99);
        var b = new Xoshiro256(99);
        for (var k = 0; k < 10_000; k++)
        {
            Assert.Equal(ZigguratGaussian.Next(a), ZigguratGaussian.Next(b));
        }
    }
}
