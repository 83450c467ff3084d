using Vigil.Core.Validation;

namespace Vigil.Detection.Neural;

/// <summary>How often an <see cref="LstmAutoencoderDetector"/> scores its window and when it fires.</summary>
public sealed record LstmAutoencoderDetectorOptions
{
    /// <summary>Options for the live service: a window scored every 4 steps of 250 ms (once a second).</summary>
    public static LstmAutoencoderDetectorOptions Default { get; } = new();

    /// <summary>Options for daily bars: the window scored every day.</summary>
    public static LstmAutoencoderDetectorOptions Daily { get; } = new() { ScoreInterval = 1 };

    /// <summary>The steps between scored windows (the reading is held in between); from 1 to 1 000 000. Default 4.</summary>
    public int ScoreInterval { get; init; } = 4;

    /// <summary>The calibrated score at or above which the detector fires, in (0, 1]: 0.99 fires when a window's
    /// reconstruction error exceeds the 99th percentile of the training windows'. Default 0.99.</summary>
    public double FireScore { get; init; } = 0.99;

    /// <summary>Every problem with these options, empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new OptionErrors();
        errors.Require(ScoreInterval is >= 1 and <= 1_000_000, $"ScoreInterval must be from 1 to 1000000 (got {ScoreInterval})");
        errors.Require(FireScore > 0 && FireScore <= 1, $"FireScore must be in (0, 1] (got {FireScore})");
        return errors.Errors;
    }
}
