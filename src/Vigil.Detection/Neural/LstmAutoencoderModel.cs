using Vigil.Detection.CrossAsset;

namespace Vigil.Detection.Neural;

/// <summary>
/// A trained LSTM autoencoder: the network, the feature schema it was trained on, the standardisation of each
/// feature (training mean and standard deviation) and the calibration of its reconstruction error (quantiles of the
/// training windows' errors), which maps an error to a score in [0, 1]. Saved and loaded as one versioned file.
/// </summary>
/// <remarks>Scoring uses the network's buffers, so a model scores on one thread at a time.</remarks>
public sealed partial class LstmAutoencoderModel
{
    private readonly double[] _means;
    private readonly double[] _scales;
    private readonly double[] _errorQuantiles;

    /// <summary>Assembles a model from its parts (the trainer and the model file do this).</summary>
    /// <param name="schema">The features, in state-vector order; their count is the network's input width.</param>
    /// <param name="network">The trained network.</param>
    /// <param name="featureMeans">Each feature's training mean; finite.</param>
    /// <param name="featureScales">Each feature's training standard deviation; positive and finite.</param>
    /// <param name="errorQuantiles">The reconstruction-error quantiles at evenly spaced levels 0, 1/(n−1), ..., 1;
    /// at least 2, finite, non-negative, non-decreasing.</param>
    /// <param name="training">What the model was trained on.</param>
    public LstmAutoencoderModel(
        FeatureSchema schema,
        LstmAutoencoderNetwork network,
        ReadOnlySpan<double> featureMeans,
        ReadOnlySpan<double> featureScales,
        ReadOnlySpan<double> errorQuantiles,
        LstmAutoencoderTrainingInfo training)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(training);
        var width = schema.Count;
        if (network.Architecture.InputWidth != width)
        {
            throw new ArgumentException($"The network's input width is {network.Architecture.InputWidth}; the schema has {width} features.", nameof(network));
        }

        if (featureMeans.Length != width || featureScales.Length != width)
        {
            throw new ArgumentException($"Standardisation needs {width} means and scales; got {featureMeans.Length} and {featureScales.Length}.", nameof(featureMeans));
        }

        for (var j = 0; j < width; j++)
        {
            if (!double.IsFinite(featureMeans[j]))
            {
                throw new ArgumentException($"The mean of feature {j} is {featureMeans[j]}; it must be finite.", nameof(featureMeans));
            }

            if (!(featureScales[j] > 0 && double.IsFinite(featureScales[j])))
            {
                throw new ArgumentException($"The scale of feature {j} is {featureScales[j]}; it must be positive and finite.", nameof(featureScales));
            }
        }

        if (errorQuantiles.Length < 2)
        {
            throw new ArgumentException($"The calibration needs at least 2 error quantiles; got {errorQuantiles.Length}.", nameof(errorQuantiles));
        }

        for (var k = 0; k < errorQuantiles.Length; k++)
        {
            if (!(errorQuantiles[k] >= 0 && double.IsFinite(errorQuantiles[k])) || (k > 0 && errorQuantiles[k] < errorQuantiles[k - 1]))
            {
                throw new ArgumentException($"Error quantile {k} is {errorQuantiles[k]}; quantiles must be finite, non-negative and non-decreasing.", nameof(errorQuantiles));
            }
        }

        Schema = schema;
        Network = network;
        _means = featureMeans.ToArray();
        _scales = featureScales.ToArray();
        _errorQuantiles = errorQuantiles.ToArray();
        Training = training;
    }

    /// <summary>The features the model was trained on, in state-vector order.</summary>
    public FeatureSchema Schema { get; }

    /// <summary>The network.</summary>
    public LstmAutoencoderNetwork Network { get; }

    /// <summary>The network's shape.</summary>
    public LstmAutoencoderArchitecture Architecture => Network.Architecture;

    /// <summary>Each feature's training mean, in schema order.</summary>
    public ReadOnlySpan<double> FeatureMeans => _means;

    /// <summary>Each feature's training standard deviation, in schema order; positive.</summary>
    public ReadOnlySpan<double> FeatureScales => _scales;

    /// <summary>The training windows' reconstruction-error quantiles at evenly spaced levels from 0 to 1.</summary>
    public ReadOnlySpan<double> ErrorQuantiles => _errorQuantiles;

    /// <summary>What the model was trained on.</summary>
    public LstmAutoencoderTrainingInfo Training { get; }

    /// <summary>Standardises one state vector: (x − mean) / scale per feature; a non-finite value becomes 0, the training mean.</summary>
    /// <param name="stateVector">Raw features in schema order.</param>
    /// <param name="destination">Receives the standardised features.</param>
    /// <returns>The number of non-finite values replaced by 0.</returns>
    public int Standardise(ReadOnlySpan<double> stateVector, Span<double> destination)
    {
        var width = _means.Length;
        if (stateVector.Length != width || destination.Length != width)
        {
            throw new ArgumentException($"The model has {width} features; got a vector of {stateVector.Length} and a destination of {destination.Length}.", nameof(stateVector));
        }

        var replaced = 0;
        for (var j = 0; j < width; j++)
        {
            var x = stateVector[j];
            if (double.IsFinite(x))
            {
                destination[j] = (x - _means[j]) / _scales[j];
            }
            else
            {
                destination[j] = 0.0;
                replaced++;
            }
        }

        return replaced;
    }

    /// <summary>
    /// The calibrated score of a reconstruction error: the training windows' empirical distribution function,
    /// interpolated linearly between the saved quantiles; 0 at or below the smallest, 1 at or above the largest.
    /// </summary>
    /// <param name="reconstructionError">A window's reconstruction error; NaN gives NaN.</param>
    /// <returns>The score in [0, 1].</returns>
    public double Calibrate(double reconstructionError)
    {
        var q = _errorQuantiles;
        if (double.IsNaN(reconstructionError))
        {
            return double.NaN;
        }

        if (reconstructionError <= q[0])
        {
            return 0.0;
        }

        var last = q.Length - 1;
        if (reconstructionError >= q[last])
        {
            return 1.0;
        }

        // The largest k with q[k] <= error, by bisection: q[lo] <= error < q[hi].
        int lo = 0, hi = last;
        while (hi - lo > 1)
        {
            var mid = (lo + hi) >>> 1;
            if (q[mid] <= reconstructionError)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        var fraction = (reconstructionError - q[lo]) / (q[hi] - q[lo]);
        return (lo + fraction) / last;
    }

    /// <summary>The reconstruction error at a quantile level of the training windows' errors, interpolated linearly.</summary>
    /// <param name="level">The level in [0, 1], for example 0.99.</param>
    /// <returns>The error, in standardised units².</returns>
    public double ErrorAtQuantile(double level)
    {
        if (!(level is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The quantile level must be in [0, 1].");
        }

        var position = level * (_errorQuantiles.Length - 1);
        var lo = (int)Math.Floor(position);
        if (lo >= _errorQuantiles.Length - 1)
        {
            return _errorQuantiles[^1];
        }

        return _errorQuantiles[lo] + ((position - lo) * (_errorQuantiles[lo + 1] - _errorQuantiles[lo]));
    }
}
