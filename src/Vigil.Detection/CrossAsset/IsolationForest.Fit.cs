using Vigil.Core.Numerics;

namespace Vigil.Detection.CrossAsset;

public sealed partial class IsolationForest
{
    /// <summary>
    /// Grows a forest on training rows, exactly as in the paper: each tree draws ψ rows without replacement, then
    /// splits each node on a random feature at a uniform random point in [min, max) of that feature over the node's
    /// rows, until the node holds one row, all its rows are equal, or it reaches the height limit.
    /// </summary>
    /// <param name="rowsRowMajor">The rows one after another, <paramref name="rowCount"/> × <see cref="FeatureSchema.Count"/>
    /// values; all finite.</param>
    /// <param name="rowCount">The number of rows; at least 2.</param>
    /// <param name="schema">The features each row holds, in order.</param>
    /// <param name="options">How to grow the forest; validated.</param>
    /// <param name="trainingStartNs">The event time of the first row (ns since the Unix epoch), recorded in the model, when known.</param>
    /// <param name="trainingEndNs">The event time of the last row (ns since the Unix epoch), recorded in the model, when known.</param>
    /// <returns>The fitted forest.</returns>
    /// <exception cref="ArgumentException">The options are invalid, the sizes disagree, there are fewer than 2 rows,
    /// a value is NaN or infinite (the message names the row and feature), or the time range is reversed.</exception>
    public static IsolationForest Fit(
        ReadOnlySpan<double> rowsRowMajor,
        int rowCount,
        FeatureSchema schema,
        IsolationForestOptions options,
        long? trainingStartNs = null,
        long? trainingEndNs = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (rowCount < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(rowCount), rowCount, "An Isolation Forest needs at least 2 training rows.");
        }

        var featureCount = schema.Count;
        if (rowsRowMajor.Length != (long)rowCount * featureCount)
        {
            throw new ArgumentException(
                $"Expected {rowCount} rows × {featureCount} features = {(long)rowCount * featureCount} values; got {rowsRowMajor.Length}.",
                nameof(rowsRowMajor));
        }

        for (var k = 0; k < rowsRowMajor.Length; k++)
        {
            if (!double.IsFinite(rowsRowMajor[k]))
            {
                var feature = k % featureCount;
                throw new ArgumentException(
                    $"Training row {k / featureCount}, feature {feature} '{schema.Names[feature]}' is {rowsRowMajor[k]}; training rows must be finite.",
                    nameof(rowsRowMajor));
            }
        }

        if (trainingStartNs > trainingEndNs)
        {
            throw new ArgumentException($"The training range ends ({trainingEndNs} ns) before it starts ({trainingStartNs} ns).", nameof(trainingEndNs));
        }

        var subsampleSize = Math.Min(options.SubsampleSize, rowCount);
        var heightLimit = options.HeightLimitFor(subsampleSize);
        var grower = new TreeGrower(rowsRowMajor, rowCount, featureCount, subsampleSize, heightLimit, options.Seed);
        var roots = new int[options.TreeCount];
        for (var t = 0; t < roots.Length; t++)
        {
            roots[t] = grower.GrowTree();
        }

        return new IsolationForest(
            schema,
            options,
            subsampleSize,
            heightLimit,
            new IsolationForestTrainingInfo(rowCount, trainingStartNs, trainingEndNs),
            grower.ToArray(),
            roots);
    }

    /// <summary>Grows a forest on the rows of a rectangular array; see the span overload.</summary>
    /// <param name="rows">One row per training observation, <see cref="FeatureSchema.Count"/> columns; all finite.</param>
    /// <param name="schema">The features each row holds, in order.</param>
    /// <param name="options">How to grow the forest; validated.</param>
    /// <returns>The fitted forest.</returns>
    public static IsolationForest Fit(double[,] rows, FeatureSchema schema, IsolationForestOptions options)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(schema);
        var rowCount = rows.GetLength(0);
        var columns = rows.GetLength(1);
        if (columns != schema.Count)
        {
            throw new ArgumentException($"The rows have {columns} columns; the schema has {schema.Count} features.", nameof(rows));
        }

        var flat = new double[rows.Length];
        for (var r = 0; r < rowCount; r++)
        {
            for (var f = 0; f < columns; f++)
            {
                flat[(r * columns) + f] = rows[r, f];
            }
        }

        return Fit(flat, rowCount, schema, options);
    }

    /// <summary>Grows the trees of one forest, one after another, from one random stream.</summary>
    private ref struct TreeGrower
    {
        private readonly ReadOnlySpan<double> _rows;
        private readonly int _featureCount;
        private readonly int _heightLimit;
        private readonly Xoshiro256 _random;

        // Row indices; partial Fisher–Yates shuffles draw each subsample from the front.
        private readonly int[] _permutation;

        // The current tree's rows, partitioned in place so that every node owns a contiguous range.
        private readonly int[] _sample;

        // Feature indices; the constant ones for a node are moved to the back while searching for a split feature.
        private readonly int[] _features;
        private readonly List<IsolationTreeNode> _nodes;

        public TreeGrower(ReadOnlySpan<double> rows, int rowCount, int featureCount, int subsampleSize, int heightLimit, ulong seed)
        {
            _rows = rows;
            _featureCount = featureCount;
            _heightLimit = heightLimit;
            _random = new Xoshiro256(seed);
            _permutation = new int[rowCount];
            for (var r = 0; r < rowCount; r++)
            {
                _permutation[r] = r;
            }

            _sample = new int[subsampleSize];
            _features = new int[featureCount];
            for (var f = 0; f < featureCount; f++)
            {
                _features[f] = f;
            }

            _nodes = new List<IsolationTreeNode>(subsampleSize * 2);
        }

        /// <summary>Draws a subsample and grows one tree on it; returns the root's index.</summary>
        public readonly int GrowTree()
        {
            var n = _permutation.Length;
            var psi = _sample.Length;
            if (psi < n)
            {
                for (var i = 0; i < psi; i++)
                {
                    var j = i + _random.NextInt(n - i);
                    (_permutation[i], _permutation[j]) = (_permutation[j], _permutation[i]);
                }
            }

            Array.Copy(_permutation, _sample, psi);
            return Grow(0, psi, 0);
        }

        public readonly IsolationTreeNode[] ToArray() => [.. _nodes];

        /// <summary>Grows the subtree over sample[start..end) at <paramref name="depth"/>; returns its root's index.</summary>
        private readonly int Grow(int start, int end, int depth)
        {
            var size = end - start;
            if (size <= 1 || depth >= _heightLimit || !TryChooseSplit(start, end, out var feature, out var threshold))
            {
                _nodes.Add(IsolationTreeNode.Leaf(depth + AveragePathLength(size)));
                return _nodes.Count - 1;
            }

            var middle = Partition(start, end, feature, threshold);
            var index = _nodes.Count;
            _nodes.Add(default);
            Grow(start, middle, depth + 1);
            var right = Grow(middle, end, depth + 1);
            _nodes[index] = new IsolationTreeNode(feature, right, threshold);
            return index;
        }

        /// <summary>
        /// Picks a uniformly random feature among those not constant over the node's rows and a split point uniform
        /// in [min, max); false when every feature is constant, that is, all the node's rows are equal.
        /// </summary>
        private readonly bool TryChooseSplit(int start, int end, out int feature, out double threshold)
        {
            var candidates = _featureCount;
            while (candidates > 0)
            {
                var pick = _random.NextInt(candidates);
                feature = _features[pick];
                var min = double.PositiveInfinity;
                var max = double.NegativeInfinity;
                for (var k = start; k < end; k++)
                {
                    var v = _rows[(_sample[k] * _featureCount) + feature];
                    min = Math.Min(min, v);
                    max = Math.Max(max, v);
                }

                if (max > min)
                {
                    threshold = min + ((max - min) * _random.NextDouble());

                    // Rounding (or an overflowing max − min) can land on max, which would leave the right side empty.
                    if (!(threshold < max))
                    {
                        threshold = min;
                    }

                    return true;
                }

                candidates--;
                (_features[pick], _features[candidates]) = (_features[candidates], _features[pick]);
            }

            feature = IsolationTreeNode.LeafFeature;
            threshold = 0;
            return false;
        }

        /// <summary>Moves the rows with x[feature] ≤ threshold to the front of the range; returns where the rest start.</summary>
        private readonly int Partition(int start, int end, int feature, double threshold)
        {
            var low = start;
            var high = end - 1;
            while (low <= high)
            {
                if (_rows[(_sample[low] * _featureCount) + feature] <= threshold)
                {
                    low++;
                }
                else
                {
                    (_sample[low], _sample[high]) = (_sample[high], _sample[low]);
                    high--;
                }
            }

            return low;
        }
    }
}
