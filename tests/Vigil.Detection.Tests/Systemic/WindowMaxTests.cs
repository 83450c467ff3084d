using Vigil.Core.Numerics;
using Vigil.Detection.Systemic;

namespace Vigil.Detection.Tests.Systemic;

public sealed class WindowMaxTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(50)]
    public void The_maximum_is_that_of_the_last_values_by_brute_force(int windowLength)
    {
        var random = new Xoshiro256((ulong)windowLength);
        var window = new WindowMax(windowLength);
        var values = new List<double>();
        Assert.True(double.IsNaN(window.Max));
        for (var t = 0; t < 2000; t++)
        {
            // Rounded values so ties occur; a trend in places so the queue runs long.
            var value = Math.Round((t % 300 < 100 ? -t * 0.01 : 0) + (5 * random.NextDouble()), 1);
            values.Add(value);
            window.Add(value);
            var expected = values.Skip(Math.Max(0, values.Count - windowLength)).Max();
            Assert.Equal(expected, window.Max);
        }
    }
}
