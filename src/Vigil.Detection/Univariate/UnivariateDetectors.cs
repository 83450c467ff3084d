using Vigil.Core.Streaming;

namespace Vigil.Detection.Univariate;

/// <summary>Makes univariate detectors by the names used on the command line.</summary>
public static class UnivariateDetectors
{
    /// <summary>The name of <see cref="WindowedGaussianDetector"/>: <c>windowed-gaussian</c>.</summary>
    public const string WindowedGaussianName = "windowed-gaussian";

    /// <summary>The name of <see cref="VigilDetector"/>: <c>vigil</c>.</summary>
    public const string VigilName = "vigil";

    /// <summary>The valid names, in the order they are listed.</summary>
    public static IReadOnlyList<string> Names { get; } = [VigilName, WindowedGaussianName];

    /// <summary>Makes a new detector with its default settings.</summary>
    /// <param name="name">One of <see cref="Names"/>, ignoring case.</param>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the valid names.</exception>
    public static ISeriesDetector Create(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            VigilName => new VigilDetector(),
            WindowedGaussianName => new WindowedGaussianDetector(),
            _ => throw new ArgumentException(
                $"Unknown univariate detector '{name}'. Valid names: {string.Join(", ", Names)}.", nameof(name)),
        };
    }
}
