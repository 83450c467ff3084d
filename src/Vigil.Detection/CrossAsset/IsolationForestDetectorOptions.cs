namespace Vigil.Detection.CrossAsset;

/// <summary>How an <see cref="IsolationForestDetector"/> trains and when it fires.</summary>
public sealed record IsolationForestDetectorOptions
{
    /// <summary>The largest training window accepted.</summary>
    public const int MaxTrainingWindowLength = 1_000_000;

    /// <summary>The forest to grow on the training window.</summary>
    public IsolationForestOptions Forest { get; init; } = new();

    /// <summary>The number of finite state vectors collected before the forest is fitted; from 2 to
    /// <see cref="MaxTrainingWindowLength"/>. Default 384 (market steps).</summary>
    public int TrainingWindowLength { get; init; } = 384;

    /// <summary>The score above which the detector fires, in (0, 1). Default 0.6.</summary>
    public double FireThreshold { get; init; } = 0.6;

    /// <summary>Every problem with these options (including the forest's), empty when they are valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Forest is null)
        {
            problems.Add($"{nameof(Forest)} is required.");
        }
        else
        {
            problems.AddRange(Forest.Problems());
        }

        if (TrainingWindowLength is < 2 or > MaxTrainingWindowLength)
        {
            problems.Add($"{nameof(TrainingWindowLength)} must be from 2 to {MaxTrainingWindowLength}; got {TrainingWindowLength}.");
        }

        if (!(FireThreshold > 0.0 && FireThreshold < 1.0))
        {
            problems.Add($"{nameof(FireThreshold)} must be in (0, 1); got {FireThreshold}.");
        }

        return problems;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> listing every problem when these options are invalid.</summary>
    public void Validate()
    {
        var problems = Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid Isolation Forest detector options: " + string.Join(" ", problems));
        }
    }
}
