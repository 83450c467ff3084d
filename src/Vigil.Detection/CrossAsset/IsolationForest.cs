using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vigil.Detection.CrossAsset;

/// <summary>
/// An Isolation Forest (Liu, Ting and Zhou, 2008): an ensemble of random trees that isolate points by splitting on
/// a random feature at a uniform random point between the node's minimum and maximum. Anomalies are isolated in
/// fewer splits, so their mean path length E[h(x)] is short and their score s = 2^(−E[h(x)] / c(ψ)) is close to 1;
/// typical points score about 0.5 or below.
/// </summary>
/// <remarks>
/// A forest is immutable once fitted and safe to score from several threads. Scoring walks flat arrays of 16-byte
/// nodes, every tree in one array, without allocating. The same rows, schema and options give a bit-identical forest
/// and bit-identical scores.
/// </remarks>
public sealed partial class IsolationForest
{
    /// <summary>The Euler–Mascheroni constant γ used by the harmonic-number approximation H(i) ≈ ln(i) + γ.</summary>
    public const double EulerGamma = 0.5772156649015329;

    private readonly IsolationTreeNode[] _nodes;
    private readonly int[] _roots;
    private readonly WalkNode[] _walk;
    private readonly int[] _treeDepths;
    private readonly int _featureCount;
    private readonly double _averagePathLength;

    private IsolationForest(
        FeatureSchema schema,
        IsolationForestOptions options,
        int subsampleSize,
        int heightLimit,
        IsolationForestTrainingInfo training,
        IsolationTreeNode[] nodes,
        int[] roots)
    {
        Schema = schema;
        Options = options;
        SubsampleSize = subsampleSize;
        HeightLimit = heightLimit;
        Training = training;
        _nodes = nodes;
        _roots = roots;
        _walk = BuildWalk(nodes);
        _treeDepths = MeasureDepths(nodes, roots);
        _featureCount = schema.Count;
        _averagePathLength = AveragePathLength(subsampleSize);
    }

    /// <summary>The features every scored vector holds, in order.</summary>
    public FeatureSchema Schema { get; }

    /// <summary>The options the forest was grown with.</summary>
    public IsolationForestOptions Options { get; }

    /// <summary>The effective subsample size ψ: the smaller of <see cref="IsolationForestOptions.SubsampleSize"/> and the training row count.</summary>
    public int SubsampleSize { get; }

    /// <summary>The effective height limit l: no external node is deeper.</summary>
    public int HeightLimit { get; }

    /// <summary>What the forest was fitted on.</summary>
    public IsolationForestTrainingInfo Training { get; }

    /// <summary>The number of trees.</summary>
    public int TreeCount => _roots.Length;

    /// <summary>The number of nodes in all trees.</summary>
    public int NodeCount => _nodes.Length;

    /// <summary>Every tree's nodes, each tree in preorder, starting at its entry in <see cref="Roots"/>.</summary>
    internal ReadOnlySpan<IsolationTreeNode> Nodes => _nodes;

    /// <summary>The index of each tree's root in <see cref="Nodes"/>, ascending.</summary>
    internal ReadOnlySpan<int> Roots => _roots;

    /// <summary>
    /// The average path length c(n) of an unsuccessful search in a binary search tree of n points, which normalises
    /// path lengths: c(n) = 2H(n − 1) − 2(n − 1)/n with H(i) = ln(i) + γ, and c(2) = 1, c(1) = c(0) = 0 (as in
    /// scikit-learn's <c>_average_path_length</c>).
    /// </summary>
    /// <param name="n">The number of points; not negative.</param>
    /// <returns>c(n), non-decreasing in n.</returns>
    public static double AveragePathLength(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (n <= 1)
        {
            return 0.0;
        }

        if (n == 2)
        {
            return 1.0;
        }

        var m = n - 1.0;
        return (2.0 * (Math.Log(m) + EulerGamma)) - (2.0 * m / n);
    }

    /// <summary>The anomaly score s(x) = 2^(−E[h(x)] / c(ψ)), in (0, 1): near 1 for anomalies, 0.5 or below for typical points.</summary>
    /// <param name="x">The feature vector, <see cref="FeatureSchema.Count"/> values in schema order. NaN compares
    /// false with every split, so a NaN feature always goes right; callers that may hold NaN should not score.</param>
    /// <returns>The score.</returns>
    public double Score(ReadOnlySpan<double> x) => ScoreOfMeanPathLength(MeanPathLength(x));

    /// <summary>
    /// The path length h(x) averaged over the trees: edges from the root to the external node x falls in, plus
    /// c(size) for the training rows that node still held. In [0, <see cref="HeightLimit"/> + c(ψ)].
    /// </summary>
    /// <param name="x">The feature vector, <see cref="FeatureSchema.Count"/> values in schema order.</param>
    /// <returns>E[h(x)], in edges.</returns>
    public double MeanPathLength(ReadOnlySpan<double> x)
    {
        if (x.Length != _featureCount)
        {
            ThrowWrongLength(x.Length, _featureCount);
        }

        return SumPathLengths(x) / _roots.Length;
    }

    /// <summary>The score s = 2^(−E[h] / c(ψ)) of a mean path length, as <see cref="Score"/> computes it.</summary>
    /// <param name="meanPathLength">E[h(x)], in edges; not negative.</param>
    /// <returns>The score, in (0, 1] (1 only for a path length of 0, which no vector reaches).</returns>
    public double ScoreOfMeanPathLength(double meanPathLength) => Math.Pow(2.0, -meanPathLength / _averagePathLength);

    /// <summary>
    /// Sums every tree's path length for <paramref name="x"/> in tree order. Each tree is walked exactly its depth in
    /// steps over <see cref="_walk"/>, where external nodes loop to themselves, so no branch depends on the data;
    /// eight trees are walked side by side so that their independent loads overlap (on x64 eight measure faster than
    /// four, and more run out of registers).
    /// </summary>
    private double SumPathLengths(ReadOnlySpan<double> x)
    {
        // Indices are trusted: a fitted or loaded forest holds only features below the schema's count (x has that
        // length) and children inside the node array, so the walk reads through refs without bounds checks.
        ref var walk = ref MemoryMarshal.GetArrayDataReference(_walk);
        ref var x0 = ref MemoryMarshal.GetReference(x);
        var nodes = _nodes;
        var roots = _roots;
        var depths = _treeDepths;
        var sum = 0.0;
        var t = 0;
        for (; t + 8 <= roots.Length; t += 8)
        {
            var a = roots[t];
            var b = roots[t + 1];
            var c = roots[t + 2];
            var d = roots[t + 3];
            var e = roots[t + 4];
            var f = roots[t + 5];
            var g = roots[t + 6];
            var h = roots[t + 7];
            var steps = depths[t];
            for (var k = 1; k < 8; k++)
            {
                steps = Math.Max(steps, depths[t + k]);
            }

            for (var s = 0; s < steps; s++)
            {
                a = Step(ref walk, ref x0, a);
                b = Step(ref walk, ref x0, b);
                c = Step(ref walk, ref x0, c);
                d = Step(ref walk, ref x0, d);
                e = Step(ref walk, ref x0, e);
                f = Step(ref walk, ref x0, f);
                g = Step(ref walk, ref x0, g);
                h = Step(ref walk, ref x0, h);
            }

            sum += nodes[a].Value;
            sum += nodes[b].Value;
            sum += nodes[c].Value;
            sum += nodes[d].Value;
            sum += nodes[e].Value;
            sum += nodes[f].Value;
            sum += nodes[g].Value;
            sum += nodes[h].Value;
        }

        for (; t < roots.Length; t++)
        {
            var i = roots[t];
            for (var s = 0; s < depths[t]; s++)
            {
                i = Step(ref walk, ref x0, i);
            }

            sum += nodes[i].Value;
        }

        return sum;
    }

    /// <summary>One step down a tree: to the left child (the next node) when x[feature] ≤ split point, else to the right.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Step(ref WalkNode walk, ref double x, int i)
    {
        ref readonly var node = ref Unsafe.Add(ref walk, (nint)(uint)i);
        var left = Unsafe.Add(ref x, (nint)(uint)node.Feature) <= node.Threshold ? 1 : 0;
        return node.Right + (left * (i + 1 - node.Right));
    }

    /// <summary>The scoring form of the nodes; see <see cref="WalkNode"/>.</summary>
    private static WalkNode[] BuildWalk(IsolationTreeNode[] nodes)
    {
        var walk = new WalkNode[nodes.Length];
        for (var i = 0; i < nodes.Length; i++)
        {
            var node = nodes[i];
            walk[i] = node.IsLeaf ? new WalkNode(0, i, double.NaN) : new WalkNode(node.Feature, node.Right, node.Value);
        }

        return walk;
    }

    /// <summary>The depth of each tree's deepest external node, which bounds the steps its walk needs.</summary>
    private static int[] MeasureDepths(IsolationTreeNode[] nodes, int[] roots)
    {
        var depths = new int[roots.Length];
        for (var t = 0; t < roots.Length; t++)
        {
            depths[t] = Depth(nodes, roots[t]);
        }

        return depths;

        static int Depth(IsolationTreeNode[] nodes, int i) =>
            nodes[i].IsLeaf ? 0 : 1 + Math.Max(Depth(nodes, i + 1), Depth(nodes, nodes[i].Right));
    }

    [DoesNotReturn]
    private static void ThrowWrongLength(int actual, int expected) =>
        throw new ArgumentException($"The vector has {actual} features; the forest expects {expected}.", "x");

    /// <summary>
    /// A node as the scoring walk sees it. An external node has split point NaN, which every comparison fails, and
    /// its own index as right child, so once a walk reaches it, it stays; a walk of a tree's depth in steps therefore
    /// always ends on the external node the paper's walk stops at.
    /// </summary>
    private readonly struct WalkNode(int feature, int right, double threshold)
    {
        public readonly int Feature = feature;
        public readonly int Right = right;
        public readonly double Threshold = threshold;
    }
}
