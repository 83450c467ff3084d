using System.Diagnostics.CodeAnalysis;
using Vigil.Core.Streaming;

namespace Vigil.Detection.CrossAsset;

/// <summary>
/// The Isolation Forest as a streaming cross-asset detector, updated once per market step with the engine's state
/// vector. It either collects a calm training window and fits a forest on it once, or starts from a pre-trained
/// forest (for example one loaded from a model file) and is ready at once.
/// </summary>
/// <remarks>
/// A reading's <see cref="DetectorReading.Score"/> is the forest score s(x) in (0, 1) and its
/// <see cref="DetectorReading.Raw"/> is the mean path length E[h(x)] in edges (short means anomalous); it fires when
/// the score exceeds <see cref="IsolationForestDetectorOptions.FireThreshold"/>. A vector holding NaN or an infinity
/// (an instrument whose features are not warmed up, a missing price) is skipped: it does not count towards the
/// training window and, once ready, gets the not-ready reading (score 0, raw NaN, not fired); <see cref="SkippedCount"/>
/// counts them. Updating after the fit does not allocate. Not thread-safe.
/// </remarks>
public sealed class IsolationForestDetector : IStreamingEstimator
{
    private readonly IsolationForestDetectorOptions _options;
    private readonly bool _pretrained;
    private readonly int _featureCount;
    private double[]? _trainingRows;
    private int _trainingCount;
    private long? _trainingStartNs;
    private long? _trainingEndNs;
    private IsolationForest? _forest;

    /// <summary>Creates a detector that fits its own forest on the first <see cref="IsolationForestDetectorOptions.TrainingWindowLength"/> finite vectors.</summary>
    /// <param name="schema">The features of each state vector, in order.</param>
    /// <param name="options">The training window, forest and threshold; validated.</param>
    public IsolationForestDetector(FeatureSchema schema, IsolationForestDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Schema = schema;
        _options = options;
        _featureCount = schema.Count;
    }

    /// <summary>Creates a detector around a pre-trained forest; it is ready at once and never retrains.</summary>
    /// <param name="forest">The fitted forest; its schema is the detector's.</param>
    /// <param name="fireThreshold">The score above which the detector fires, in (0, 1).</param>
    public IsolationForestDetector(IsolationForest forest, double fireThreshold = 0.6)
    {
        ArgumentNullException.ThrowIfNull(forest);
        _options = new IsolationForestDetectorOptions { Forest = forest.Options, FireThreshold = fireThreshold };
        _options.Validate();
        Schema = forest.Schema;
        _featureCount = forest.Schema.Count;
        _forest = forest;
        _pretrained = true;
    }

    /// <summary>The features of each state vector, in order.</summary>
    public FeatureSchema Schema { get; }

    /// <summary>The score above which the detector fires, in (0, 1).</summary>
    public double FireThreshold => _options.FireThreshold;

    /// <summary>The forest in use: the pre-trained one, or the one fitted on the training window; null while training.</summary>
    public IsolationForest? Forest => _forest;

    /// <summary>Whether the forest exists, so readings are scores.</summary>
    public bool IsReady => _forest is not null;

    /// <summary>The finite vectors needed before the detector is ready: the training window length, or 0 with a pre-trained forest.</summary>
    public int WarmUpPeriod => _pretrained ? 0 : _options.TrainingWindowLength;

    /// <summary>The finite vectors collected towards the training window so far.</summary>
    public int TrainingCount => _trainingCount;

    /// <summary>The vectors skipped because they held NaN or an infinity, since construction or the last <see cref="Reset"/>.</summary>
    public long SkippedCount { get; private set; }

    /// <summary>The reading produced by the latest update.</summary>
    public DetectorReading Current { get; private set; } = DetectorReading.NotReady;

    /// <summary>Feeds one state vector whose event time is not tracked.</summary>
    /// <param name="features">The state vector, <see cref="FeatureSchema.Count"/> values in schema order.</param>
    /// <returns>The reading; the not-ready reading while training or when the vector is not finite.</returns>
    public DetectorReading Update(ReadOnlySpan<double> features) => Update(null, features);

    /// <summary>Feeds one state vector; the event times of the first and last training vectors go into the fitted model.</summary>
    /// <param name="timestampNs">The market step's event time in nanoseconds since the Unix epoch; non-decreasing.</param>
    /// <param name="features">The state vector, <see cref="FeatureSchema.Count"/> values in schema order.</param>
    /// <returns>The reading; the not-ready reading while training or when the vector is not finite.</returns>
    public DetectorReading Update(long timestampNs, ReadOnlySpan<double> features) => Update((long?)timestampNs, features);

    /// <summary>Forgets the training window, the skipped count and the fitted forest; a pre-trained forest is kept.</summary>
    public void Reset()
    {
        _trainingCount = 0;
        _trainingStartNs = null;
        _trainingEndNs = null;
        SkippedCount = 0;
        Current = DetectorReading.NotReady;
        if (!_pretrained)
        {
            _forest = null;
        }
    }

    private DetectorReading Update(long? timestampNs, ReadOnlySpan<double> features)
    {
        if (features.Length != _featureCount)
        {
            ThrowWrongLength(features.Length, _featureCount);
        }

        if (!AllFinite(features))
        {
            SkippedCount++;
            return Current = DetectorReading.NotReady;
        }

        if (_forest is null)
        {
            Collect(timestampNs, features);
            if (_forest is null)
            {
                return Current = DetectorReading.NotReady;
            }
        }

        var meanPathLength = _forest.MeanPathLength(features);
        var score = _forest.ScoreOfMeanPathLength(meanPathLength);
        return Current = new DetectorReading(score, meanPathLength, score > _options.FireThreshold);
    }

    /// <summary>Adds a training vector; fits the forest when the window is full, then lets the rows go.</summary>
    private void Collect(long? timestampNs, ReadOnlySpan<double> features)
    {
        var window = _options.TrainingWindowLength;
        _trainingRows ??= new double[window * _featureCount];
        features.CopyTo(_trainingRows.AsSpan(_trainingCount * _featureCount));
        if (_trainingCount == 0)
        {
            _trainingStartNs = timestampNs;
        }

        _trainingEndNs = timestampNs;
        _trainingCount++;
        if (_trainingCount == window)
        {
            _forest = IsolationForest.Fit(_trainingRows, window, Schema, _options.Forest, _trainingStartNs, _trainingEndNs);
            _trainingRows = null;
        }
    }

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }

    [DoesNotReturn]
    private static void ThrowWrongLength(int actual, int expected) =>
        throw new ArgumentException($"The state vector has {actual} features; the detector expects {expected}.", "features");
}
