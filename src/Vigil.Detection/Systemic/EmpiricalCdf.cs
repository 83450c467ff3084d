using Vigil.Core.Statistics;

namespace Vigil.Detection.Systemic;

/// <summary>
/// The empirical CDF transform of one raw stress indicator, as in the CISS: each new value is ranked among the values
/// of a window that expands from the first value up to <see cref="WindowLength"/> and then rolls, itself included,
/// with ties given their average rank. O(log n) search plus one block move of at most the window per value; no
/// allocation after construction.
/// </summary>
public sealed class EmpiricalCdf
{
    private readonly RollingQuantile _window;

    /// <summary>Creates an empty transform.</summary>
    /// <param name="windowLength">The most values ranked against; at least 1.</param>
    public EmpiricalCdf(int windowLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowLength);
        _window = new RollingQuantile(windowLength);
    }

    /// <summary>The most values kept.</summary>
    public int WindowLength => _window.WindowLength;

    /// <summary>The number of values held.</summary>
    public int Count => _window.Count;

    /// <summary>Adds <paramref name="value"/> and returns its empirical CDF value among the values held, in (0, 1].</summary>
    /// <param name="value">The raw indicator value; finite.</param>
    public double AddAndRank(double value)
    {
        if (!double.IsFinite(value))
        {
            ThrowNotFinite(value);
        }

        _window.Add(value);
        var below = _window.CountBelow(value);
        // Values ≤ x are those below the next representable double.
        var atOrBelow = _window.CountBelow(Math.BitIncrement(value));
        return CissMath.AverageRank(below, atOrBelow - below, _window.Count);
    }

    /// <summary>
    /// The empirical CDF value <paramref name="value"/> would have among the values held if it were one of them
    /// (counted once more, ties averaged), without adding it: in (0, 1]. O(log n).
    /// </summary>
    /// <param name="value">The raw indicator value; finite.</param>
    public double Rank(double value)
    {
        if (!double.IsFinite(value))
        {
            ThrowNotFinite(value);
        }

        var below = _window.CountBelow(value);
        var atOrBelow = _window.CountBelow(Math.BitIncrement(value));
        return CissMath.AverageRank(below, atOrBelow - below + 1, _window.Count + 1);
    }

    /// <summary>Forgets every value.</summary>
    public void Reset() => _window.Reset();

    private static void ThrowNotFinite(double value) =>
        throw new ArgumentException($"An indicator value must be finite (got {value}).", nameof(value));
}
