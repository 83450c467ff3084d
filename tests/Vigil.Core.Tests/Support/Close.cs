namespace Vigil.Core.Tests.Support;

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
