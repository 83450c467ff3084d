using System.Diagnostics.CodeAnalysis;
using Vigil.Core.Streaming;
using Vigil.Core.Validation;
using Vigil.Detection.CrossAsset;

namespace Vigil.Detection.Neural;

/// <summary>
/// The LSTM autoencoder as a streaming cross-asset detector, updated once per market step with the engine's state
/// vector. It keeps the last window of standardised vectors in a ring buffer and, once the window is full, scores it
/// every <see cref="LstmAutoencoderDetectorOptions.ScoreInterval"/> steps by its reconstruction error: a calm market
/// is reconstructed well, a stressed one (new correlations, new volatility levels) is not.
/// </summary>
/// <remarks>
/// <see cref="DetectorReading.Raw"/> is the reconstruction error (mean squared error in standardised units², higher
/// means more stress), <see cref="DetectorReading.Score"/> its calibration against the training windows' errors, in
/// [0, 1], and the reading fires at <see cref="LstmAutoencoderDetectorOptions.FireScore"/>. Between scored windows the
/// last reading is held. A non-finite feature value is replaced by the feature's training mean (0 after
/// standardisation) and counted, so one instrument that has not ticked does not blank the detector. An update costs
/// O(width); a scored window costs one forward pass. Nothing is allocated after construction except by
/// <see cref="Snapshot"/>. Not thread-safe: the model's network is used in place.
/// </remarks>
public sealed class LstmAutoencoderDetector : IStreamingEstimator
{
    private readonly LstmAutoencoderModel _model;
    private readonly LstmAutoencoderDetectorOptions _options;
    private readonly int _width;
    private readonly int _windowLength;
    private readonly double[] _ring;          // 2 × window × width: each vector written twice so the window is contiguous
    private readonly double[] _featureErrors; // width
    private readonly double _fireThresholdError;
    private int _next;
    private int _sinceScore;

    /// <summary>Creates a detector around a trained model; it is ready once it has seen one window of vectors.</summary>
    /// <param name="model">The trained model; its schema is the detector's.</param>
    /// <param name="options">When to score and fire; validated. Default <see cref="LstmAutoencoderDetectorOptions.Default"/>.</param>
    public LstmAutoencoderDetector(LstmAutoencoderModel model, LstmAutoencoderDetectorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _options = options ?? LstmAutoencoderDetectorOptions.Default;
        var errors = new OptionErrors();
        errors.AddNested(nameof(LstmAutoencoderDetectorOptions), _options.Validate());
        errors.ThrowIfAny(nameof(LstmAutoencoderDetectorOptions));
        _model = model;
        _width = model.Schema.Count;
        _windowLength = model.Architecture.WindowLength;
        _ring = new double[2 * _windowLength * _width];
        _featureErrors = new double[_width];
        _fireThresholdError = model.ErrorAtQuantile(_options.FireScore);
    }

    /// <summary>The features of each state vector, in order.</summary>
    public FeatureSchema Schema => _model.Schema;

    /// <summary>The model in use.</summary>
    public LstmAutoencoderModel Model => _model;

    /// <summary>The scoring and firing options.</summary>
    public LstmAutoencoderDetectorOptions Options => _options;

    /// <summary>Whether a full window has been seen.</summary>
    public bool IsReady => StepCount >= _windowLength;

    /// <summary>The vectors needed before the first score: the window length.</summary>
    public int WarmUpPeriod => _windowLength;

    /// <summary>The vectors seen since construction or the last <see cref="Reset"/>.</summary>
    public long StepCount { get; private set; }

    /// <summary>The windows scored since construction or the last <see cref="Reset"/>.</summary>
    public long ScoredWindowCount { get; private set; }

    /// <summary>The non-finite feature values replaced by their training mean since construction or the last <see cref="Reset"/>.</summary>
    public long ImputedValueCount { get; private set; }

    /// <summary>The latest reading (held between scored windows).</summary>
    public DetectorReading Current { get; private set; } = DetectorReading.NotReady;

    /// <summary>Feeds one state vector.</summary>
    /// <param name="stateVector">The state vector, <see cref="FeatureSchema.Count"/> raw values in schema order.</param>
    /// <returns>The reading: the not-ready reading until a full window has been seen, then the latest scored window's.</returns>
    public DetectorReading Update(ReadOnlySpan<double> stateVector)
    {
        if (stateVector.Length != _width)
        {
            ThrowWrongLength(stateVector.Length, _width);
        }

        var slot = _ring.AsSpan(_next * _width, _width);
        ImputedValueCount += _model.Standardise(stateVector, slot);
        slot.CopyTo(_ring.AsSpan((_next + _windowLength) * _width, _width));
        _next = _next + 1 == _windowLength ? 0 : _next + 1;
        StepCount++;
        if (StepCount < _windowLength)
        {
            return Current;
        }

        // The first full window is scored at once, then every ScoreInterval steps.
        if (StepCount > _windowLength && ++_sinceScore < _options.ScoreInterval)
        {
            return Current;
        }

        _sinceScore = 0;
        // The oldest vector sits at _next; its second copy makes the window one contiguous span in time order.
        var window = _ring.AsSpan(_next * _width, _windowLength * _width);
        var error = _model.Network.ReconstructionError(window, _featureErrors);
        var score = _model.Calibrate(error);
        ScoredWindowCount++;
        return Current = new DetectorReading(score, error, score >= _options.FireScore);
    }

    /// <summary>Forgets the window, the counts and the reading; the model is kept.</summary>
    public void Reset()
    {
        Array.Clear(_ring);
        Array.Clear(_featureErrors);
        _next = 0;
        _sinceScore = 0;
        StepCount = 0;
        ScoredWindowCount = 0;
        ImputedValueCount = 0;
        Current = DetectorReading.NotReady;
    }

    /// <summary>An immutable copy of the latest scored window's figures for the API. Allocates; call from the host, not per step.</summary>
    /// <returns>The breakdown, with each feature's error in schema order.</returns>
    public LstmAutoencoderBreakdown Snapshot()
    {
        var names = _model.Schema.Names;
        var features = new LstmFeatureError[_width];
        for (var j = 0; j < _width; j++)
        {
            features[j] = new LstmFeatureError(names[j], ScoredWindowCount > 0 ? _featureErrors[j] : double.NaN);
        }

        return new LstmAutoencoderBreakdown(
            IsReady,
            StepCount,
            ScoredWindowCount,
            Current.Raw,
            Current.Score,
            Current.Fired,
            _fireThresholdError,
            ImputedValueCount,
            features);
    }

    [DoesNotReturn]
    private static void ThrowWrongLength(int actual, int expected) =>
        throw new ArgumentException($"The state vector has {actual} features; the detector expects {expected}.", "stateVector");
}
