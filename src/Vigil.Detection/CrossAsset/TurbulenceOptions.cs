using Vigil.Core.Validation;

namespace Vigil.Detection.CrossAsset;

/// <summary>Options of the <see cref="TurbulenceDetector"/>.</summary>
/// <param name="WindowLength">
/// The number of past market steps whose sample mean and covariance the step's returns are measured against; the
/// step itself is never in its own window. More than the number of instruments plus 2 (the covariance must be
/// invertible and the expected turbulence finite). Default 2400 steps (10 minutes of 250 ms steps).
/// </param>
/// <param name="FireConfidence">
/// The chi-square confidence, in (0, 1), past which the reading fires: under Gaussian returns the turbulence is
/// chi-square with N degrees of freedom. Default 0.999.
/// </param>
/// <param name="RidgeFraction">
/// The ridge added to the covariance's diagonal, as a fraction of its mean variance, when the plain Cholesky
/// factorisation finds it (near) singular; in (0, 1). Default 1e-6.
/// </param>
public sealed record TurbulenceOptions(
    int WindowLength = 2400,
    double FireConfidence = 0.999,
    double RidgeFraction = 1e-6)
{
    /// <summary>Defaults for daily bars: a 250-trading-day window, as in Kritzman and Li (2010).</summary>
    public static TurbulenceOptions Daily { get; } = new(WindowLength: 250);

    /// <summary>Every problem with these options.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new OptionErrors();
        errors.Require(WindowLength >= 4, $"WindowLength must be at least 4 (got {WindowLength})");
        errors.Require(FireConfidence > 0 && FireConfidence < 1, $"FireConfidence must be in (0, 1) (got {FireConfidence})");
        errors.Require(RidgeFraction > 0 && RidgeFraction < 1, $"RidgeFraction must be in (0, 1) (got {RidgeFraction})");
        return errors.Errors;
    }
}
