using Vigil.Core.Instruments;

namespace Vigil.Detection.Series;

/// <summary>How a one-period return is taken for each <see cref="ValueKind"/>.</summary>
public static class ReturnMath
{
    /// <summary>
    /// The return from <paramref name="previous"/> to <paramref name="current"/>: the log return for prices, the
    /// difference for levels (which may be zero or negative, so ratios are meaningless).
    /// </summary>
    /// <param name="kind">The series' value kind.</param>
    /// <param name="previous">The earlier value.</param>
    /// <param name="current">The later value.</param>
    public static double Return(ValueKind kind, double previous, double current) =>
        kind == ValueKind.Price ? Math.Log(current / previous) : current - previous;
}
