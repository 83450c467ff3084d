namespace Vigil.Detection.Models;

/// <summary>The kinds of model the registry keeps; each kind has its own monotonic version sequence.</summary>
public static class ModelKinds
{
    /// <summary>An Isolation Forest over the engine's state vector (payload: the <c>VIGIL-IF</c> model file).</summary>
    public const string IsolationForest = "isolation_forest";

    /// <summary>The LSTM autoencoder over windows of the state vector (payload: its own Save(Stream) format).</summary>
    public const string LstmAutoencoder = "lstm_autoencoder";

    /// <summary>A score calibration.</summary>
    public const string Calibration = "calibration";

    /// <summary>Every kind, in the order listings show them.</summary>
    public static IReadOnlyList<string> All { get; } = [IsolationForest, LstmAutoencoder, Calibration];

    /// <summary>Whether <paramref name="kind"/> is one of <see cref="All"/> (ordinal, lower case).</summary>
    /// <param name="kind">The kind name.</param>
    /// <returns>True when known.</returns>
    public static bool IsKnown(string? kind)
    {
        foreach (var known in All)
        {
            if (string.Equals(known, kind, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the known kinds when <paramref name="kind"/> is not one.</summary>
    /// <param name="kind">The kind name.</param>
    /// <param name="argumentName">The argument to name in the exception.</param>
    public static void ThrowIfUnknown(string? kind, string argumentName)
    {
        if (!IsKnown(kind))
        {
            throw new ArgumentException($"Unknown model kind '{kind}'; the kinds are {string.Join(", ", All)}.", argumentName);
        }
    }
}
