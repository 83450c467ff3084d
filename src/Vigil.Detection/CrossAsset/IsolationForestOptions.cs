using System.Numerics;

namespace Vigil.Detection.CrossAsset;

/// <summary>
/// How an <see cref="IsolationForest"/> is grown. The defaults are those of Liu, Ting and Zhou (2008): 200 trees,
/// subsamples of 256 rows, height limit ceil(log2 256) = 8.
/// </summary>
public sealed record IsolationForestOptions
{
    /// <summary>The most trees a forest may have.</summary>
    public const int MaxTreeCount = 10_000;

    /// <summary>The largest subsample a tree may be grown on.</summary>
    public const int MaxSubsampleSize = 65_536;

    /// <summary>The largest height limit accepted.</summary>
    public const int MaxHeightLimit = 64;

    /// <summary>The number of isolation trees, t; from 1 to <see cref="MaxTreeCount"/>. Default 200.</summary>
    public int TreeCount { get; init; } = 200;

    /// <summary>
    /// The rows each tree is grown on, ψ, drawn without replacement; from 2 to <see cref="MaxSubsampleSize"/>.
    /// When fewer rows are given, every tree uses all of them. Default 256.
    /// </summary>
    public int SubsampleSize { get; init; } = 256;

    /// <summary>
    /// The height limit l: nodes at this depth are external. Null (the default) means ceil(log2 ψ) for the effective
    /// subsample size ψ, as in the paper; otherwise from 1 to <see cref="MaxHeightLimit"/>.
    /// </summary>
    public int? MaxDepth { get; init; }

    /// <summary>The seed of the generator that draws subsamples, features and split points. Default 0.</summary>
    public ulong Seed { get; init; }

    /// <summary>Every problem with these options, empty when they are valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (TreeCount is < 1 or > MaxTreeCount)
        {
            problems.Add($"{nameof(TreeCount)} must be from 1 to {MaxTreeCount}; got {TreeCount}.");
        }

        if (SubsampleSize is < 2 or > MaxSubsampleSize)
        {
            problems.Add($"{nameof(SubsampleSize)} must be from 2 to {MaxSubsampleSize}; got {SubsampleSize}.");
        }

        if (MaxDepth is < 1 or > MaxHeightLimit)
        {
            problems.Add($"{nameof(MaxDepth)} must be null (automatic) or from 1 to {MaxHeightLimit}; got {MaxDepth}.");
        }

        return problems;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> listing every problem when these options are invalid.</summary>
    public void Validate()
    {
        var problems = Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid Isolation Forest options: " + string.Join(" ", problems));
        }
    }

    /// <summary>The height limit for effective subsample size <paramref name="subsampleSize"/>: <see cref="MaxDepth"/> or ceil(log2 ψ).</summary>
    internal int HeightLimitFor(int subsampleSize) => MaxDepth ?? CeilingLog2(subsampleSize);

    /// <summary>ceil(log2 n) for n ≥ 2, computed on integers so that powers of two are exact.</summary>
    internal static int CeilingLog2(int n) => 32 - BitOperations.LeadingZeroCount((uint)(n - 1));
}
