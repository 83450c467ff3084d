namespace Vigil.Detection.CrossAsset;

/// <summary>
/// One node of an isolation tree, 16 bytes. A forest keeps every tree's nodes in one array, each tree in preorder,
/// so an internal node's left child is the next node and only the right child's index is stored.
/// </summary>
internal readonly struct IsolationTreeNode
{
    /// <summary>The <see cref="Feature"/> of an external node.</summary>
    public const int LeafFeature = -1;

    /// <summary>The feature tested, or <see cref="LeafFeature"/> for an external node.</summary>
    public readonly int Feature;

    /// <summary>The index of the right child in the forest's node array; 0 for an external node.</summary>
    public readonly int Right;

    /// <summary>
    /// For an internal node, the split point: x[Feature] ≤ Value goes left. For an external node, its whole path
    /// length contribution e + c(size): its depth plus the average path length of the training rows it holds.
    /// </summary>
    public readonly double Value;

    /// <summary>Creates a node.</summary>
    public IsolationTreeNode(int feature, int right, double value)
    {
        Feature = feature;
        Right = right;
        Value = value;
    }

    /// <summary>Whether the node is external.</summary>
    public bool IsLeaf => Feature < 0;

    /// <summary>An external node with path length <paramref name="pathLength"/>.</summary>
    public static IsolationTreeNode Leaf(double pathLength) => new(LeafFeature, 0, pathLength);
}
