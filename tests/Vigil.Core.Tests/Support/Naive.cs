namespace Vigil.Core.Tests.Support;

/// <summary>Plain reference computations the incremental estimators are checked against.</summary>
internal static class Naive
{
    /// <summary>The arithmetic mean, by summing once.</summary>
    public static double Mean(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }

        return sum / values.Length;
    }

    /// <summary>The sum of squared deviations from the mean, by two passes.</summary>
    public static double SumOfSquaredDeviations(ReadOnlySpan<double> values)
    {
        var mean = Mean(values);
        double sum = 0;
        foreach (var v in values)
        {
            var d = v - mean;
            sum += d * d;
        }

        return sum;
    }

    /// <summary>The sample variance (divisor n − 1), by two passes.</summary>
    public static double SampleVariance(ReadOnlySpan<double> values) =>
        values.Length > 1 ? SumOfSquaredDeviations(values) / (values.Length - 1) : 0.0;

    /// <summary>The population variance (divisor n), by two passes.</summary>
    public static double PopulationVariance(ReadOnlySpan<double> values) =>
        values.Length > 0 ? SumOfSquaredDeviations(values) / values.Length : 0.0;

    /// <summary>The last <paramref name="window"/> values of <paramref name="values"/> (all of them when fewer).</summary>
    public static ReadOnlySpan<double> LastWindow(List<double> values, int window)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values);
        return span.Length <= window ? span : span[^window..];
    }

    /// <summary>A standard normal variate from <see cref="Random"/> by Box–Muller, independent of the code under test.</summary>
    public static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
