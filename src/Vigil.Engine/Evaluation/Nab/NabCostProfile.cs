namespace Vigil.Engine.Evaluation.Nab;

/// <summary>
/// One of NAB's application profiles (<c>config/profiles.json</c>): the weights of its cost matrix.
/// NAB's scorer uses the true-positive, false-positive and false-negative weights; the true-negative weight is carried
/// for completeness and does not enter the score.
/// </summary>
/// <param name="Name">The profile's name, for example <c>standard</c>.</param>
/// <param name="TruePositiveWeight">The reward of a detection at the very start of a window; positive.</param>
/// <param name="FalsePositiveWeight">The cost of a detection outside every window, before any window; non-negative.</param>
/// <param name="FalseNegativeWeight">The cost of a window with no detection; non-negative.</param>
/// <param name="TrueNegativeWeight">Unused by the score; as written in the profile.</param>
public sealed record NabCostProfile(
    string Name,
    double TruePositiveWeight,
    double FalsePositiveWeight,
    double FalseNegativeWeight,
    double TrueNegativeWeight)
{
    /// <summary>NAB's <c>standard</c> profile: TP 1, FP 0.11, FN 1.</summary>
    public static NabCostProfile Standard { get; } = new("standard", 1.0, 0.11, 1.0, 1.0);

    /// <summary>NAB's <c>reward_low_FP_rate</c> profile: TP 1, FP 0.22, FN 1.</summary>
    public static NabCostProfile RewardLowFalsePositives { get; } = new("reward_low_FP_rate", 1.0, 0.22, 1.0, 1.0);

    /// <summary>NAB's <c>reward_low_FN_rate</c> profile: TP 1, FP 0.11, FN 2.</summary>
    public static NabCostProfile RewardLowFalseNegatives { get; } = new("reward_low_FN_rate", 1.0, 0.11, 2.0, 1.0);

    /// <summary>NAB's three profiles in the order of its scoreboard: standard, reward low FP, reward low FN.</summary>
    public static IReadOnlyList<NabCostProfile> All { get; } = [Standard, RewardLowFalsePositives, RewardLowFalseNegatives];
}
