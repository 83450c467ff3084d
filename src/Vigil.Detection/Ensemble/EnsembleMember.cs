namespace Vigil.Detection.Ensemble;

/// <summary>A detector's place in the ensemble.</summary>
/// <param name="Name">The detector's name (see <see cref="DetectorNames"/>).</param>
/// <param name="Weight">Its weight in the composite; non-negative and finite.</param>
public sealed record EnsembleMember(string Name, double Weight);
