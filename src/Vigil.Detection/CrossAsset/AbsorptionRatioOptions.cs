using Vigil.Core.Validation;

namespace Vigil.Detection.CrossAsset;

/// <summary>Options of the <see cref="AbsorptionRatioDetector"/>.</summary>
/// <param name="CorrelationHalfLife">
/// The half-life, in market steps, of the exponentially weighted correlation matrix whose eigenvalues give the
/// absorption ratio; positive. Default 1200 steps (5 minutes of 250 ms steps).
/// </param>
/// <param name="MinObservations">The steps the correlation matrix needs before the first ratio; at least 2. Default 240.</param>
/// <param name="ShortWindow">The steps averaged for the short-window ratio AR_short; at least 1. Default 60 (15 seconds).</param>
/// <param name="LongWindow">
/// The steps of the long window: AR_long is its average ratio and σ(AR) the standard deviation of the ratio over
/// it; greater than <paramref name="ShortWindow"/>. Default 1200 (5 minutes).
/// </param>
/// <param name="EigenInterval">
/// The ratio is recomputed from fresh eigenvalues every this many steps and held in between; at least 1. Default 8
/// (every 2 s live): the eigenvalues of an 18×18 matrix cost about 10 µs on a loaded machine (see
/// docs/PERFORMANCE.md), so the amortised cost per step stays near 1–2 µs, and a correlation matrix with a
/// 1200-step half-life barely moves in 8 steps.
/// </param>
/// <param name="EigenvectorFraction">The fraction of the N eigenvectors counted, rounded up and at least 1, in (0, 1]. Default 0.2 (the top fifth).</param>
/// <param name="FireShift">The standardised shift ΔAR at and above which a reading fires, in standard deviations; positive. Default 1 (Kritzman et al.'s one-sigma signal).</param>
public sealed record AbsorptionRatioOptions(
    double CorrelationHalfLife = 1200,
    int MinObservations = 240,
    int ShortWindow = 60,
    int LongWindow = 1200,
    int EigenInterval = 8,
    double EigenvectorFraction = 0.2,
    double FireShift = 1.0)
{
    /// <summary>
    /// Defaults for daily bars, after Kritzman, Li, Page and Rigobon (2011): a correlation half-life of 250 trading
    /// days (their 500-day window, exponentially weighted with a 250-day half-life), a 15-day against a 250-day
    /// (one-year) shift, fresh eigenvalues every day.
    /// </summary>
    public static AbsorptionRatioOptions Daily { get; } = new(
        CorrelationHalfLife: 250,
        MinObservations: 250,
        ShortWindow: 15,
        LongWindow: 250,
        EigenInterval: 1);

    /// <summary>Every problem with these options.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new OptionErrors();
        errors.Require(CorrelationHalfLife > 0, $"CorrelationHalfLife must be positive (got {CorrelationHalfLife})");
        errors.Require(MinObservations >= 2, $"MinObservations must be at least 2 (got {MinObservations})");
        errors.Require(ShortWindow >= 1, $"ShortWindow must be at least 1 (got {ShortWindow})");
        errors.Require(LongWindow > ShortWindow && LongWindow >= 2, $"LongWindow must exceed ShortWindow and be at least 2 (got {LongWindow} and {ShortWindow})");
        errors.Require(EigenInterval >= 1, $"EigenInterval must be at least 1 (got {EigenInterval})");
        errors.Require(EigenvectorFraction > 0 && EigenvectorFraction <= 1, $"EigenvectorFraction must be in (0, 1] (got {EigenvectorFraction})");
        errors.Require(FireShift > 0, $"FireShift must be positive (got {FireShift})");
        return errors.Errors;
    }
}
