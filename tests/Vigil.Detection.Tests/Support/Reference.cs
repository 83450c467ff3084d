using Vigil.Core.Numerics;

namespace Vigil.Detection.Tests.Support;

/// <summary>Plain reference computations and generated series the detectors are checked against.</summary>
internal static class Reference
{
    /// <summary>The arithmetic mean of <paramref name="values"/>[from, to).</summary>
    public static double Mean(IReadOnlyList<double> values, int from, int to)
    {
        double sum = 0;
        for (var i = from; i < to; i++)
        {
            sum += values[i];
        }

        return sum / (to - from);
    }

    /// <summary>The sample standard deviation (divisor n − 1) of <paramref name="values"/>[from, to), by two passes.</summary>
    public static double SampleStdDev(IReadOnlyList<double> values, int from, int to)
    {
        var mean = Mean(values, from, to);
        double sum = 0;
        for (var i = from; i < to; i++)
        {
            var d = values[i] - mean;
            sum += d * d;
        }

        return Math.Sqrt(sum / (to - from - 1));
    }

    /// <summary>A geometric random walk from <paramref name="start"/> with per-step log volatility <paramref name="volatility"/>.</summary>
    public static double[] RandomWalk(ulong seed, int length, double start = 100.0, double volatility = 0.001)
    {
        var random = new Xoshiro256(seed);
        var values = new double[length];
        var price = start;
        for (var i = 0; i < length; i++)
        {
            price *= Math.Exp(volatility * random.NextGaussian());
            values[i] = price;
        }

        return values;
    }

    /// <summary>The median of <paramref name="values"/>.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]);
    }
}

/// <summary>Assertions on floating-point closeness with a message that shows both values and the tolerance.</summary>
internal static class Close
{
    /// <summary>Asserts |actual − expected| ≤ absolute + relative·|expected|.</summary>
    public static void Equal(double expected, double actual, double relative, double absolute = 0.0, string? context = null)
    {
        var tolerance = absolute + (relative * Math.Abs(expected));
        var error = Math.Abs(actual - expected);
        Assert.True(
            error <= tolerance,
            $"{context}{(context is null ? "" : ": ")}expected {expected:R}, actual {actual:R}, error {error:R} > tolerance {tolerance:R}");
    }
}
