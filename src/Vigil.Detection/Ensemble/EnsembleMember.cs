namespace Vigil.Detection.Ensemble;

/// <summary>A detector's place in the ensemble.</summary>
/// <param name="Name">The detector's name (see <see cref="DetectorNames"/>).</param>
/// <param name="Weight">Its weight in the composite; non-negative and finite.</param>
/// <param name="Confirming">
/// Whether the detector only confirms: it counts in the composite when its score is above the composite of the
/// other (primary) detectors, so it can raise the composite but never hold it down. For slow risk models (CISS,
/// VaR, SRISK, the absorption ratio), which lag the first seconds of a fast crash that the primary detectors see:
/// counting their still-calm scores then would delay the warning, while their high scores in a slowly building
/// crisis still lift it.
/// </param>
public sealed record EnsembleMember(string Name, double Weight, bool Confirming = false);
