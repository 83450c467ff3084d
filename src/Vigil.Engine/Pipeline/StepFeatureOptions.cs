using Vigil.Core.Validation;

namespace Vigil.Engine.Pipeline;

/// <summary>How each instrument's per-step features (the state vector) and the cross-asset signals are smoothed.</summary>
public sealed record StepFeatureOptions
{
    /// <summary>The half-life, in steps, of the long-run volatility and volume baselines; positive.</summary>
    public double LongHalfLife { get; init; } = 1200;

    /// <summary>The half-life, in steps, of the short-run volatility; positive and below <see cref="LongHalfLife"/>.</summary>
    public double ShortHalfLife { get; init; } = 8;

    /// <summary>The steps an instrument needs before its features count; at least 2.</summary>
    public int MinObservations { get; init; } = 30;

    /// <summary>The weight of the newest step in the exponentially smoothed cross-asset signals, in (0, 1]; 1 is no smoothing.</summary>
    public double SignalSmoothing { get; init; } = 0.3;

    /// <summary>The most a feature may read in absolute value; larger values are clipped so one broken print cannot dominate.</summary>
    public double FeatureClip { get; init; } = 20;

    /// <summary>Every problem with these options.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new OptionErrors();
        errors.Require(LongHalfLife > 0, $"LongHalfLife must be positive (got {LongHalfLife})");
        errors.Require(ShortHalfLife > 0 && ShortHalfLife < LongHalfLife, $"ShortHalfLife must be positive and below LongHalfLife (got {ShortHalfLife})");
        errors.Require(MinObservations >= 2, $"MinObservations must be at least 2 (got {MinObservations})");
        errors.Require(SignalSmoothing > 0 && SignalSmoothing <= 1, $"SignalSmoothing must be in (0, 1] (got {SignalSmoothing})");
        errors.Require(FeatureClip > 0, $"FeatureClip must be positive (got {FeatureClip})");
        return errors.Errors;
    }
}
