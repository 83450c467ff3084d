using Vigil.Core.Numerics;
using Vigil.Core.Validation;
using Vigil.Detection.CrossAsset;

namespace Vigil.Detection.Neural;

/// <summary>
/// Fits an LSTM autoencoder on a buffer of calm state vectors: standardises each feature by its mean and standard
/// deviation over the buffer, cuts windows every <see cref="LstmAutoencoderTrainingOptions.WindowStride"/> steps,
/// holds out the latest <see cref="LstmAutoencoderTrainingOptions.ValidationFraction"/> of them (with a gap so no step
/// is in both sets), trains with mini-batch Adam and gradient-norm clipping in shuffled order, stops early when the
/// validation loss has not improved for <see cref="LstmAutoencoderTrainingOptions.Patience"/> epochs, keeps the best
/// weights, and calibrates on the reconstruction errors of every window.
/// </summary>
public sealed class LstmAutoencoderTrainer
{
    private readonly LstmAutoencoderTrainingOptions _options;

    /// <summary>Creates a trainer.</summary>
    /// <param name="options">The training options; validated. Default <see cref="LstmAutoencoderTrainingOptions.Default"/>.</param>
    public LstmAutoencoderTrainer(LstmAutoencoderTrainingOptions? options = null)
    {
        _options = options ?? LstmAutoencoderTrainingOptions.Default;
        var errors = new OptionErrors();
        errors.AddNested(nameof(LstmAutoencoderTrainingOptions), _options.Validate());
        errors.ThrowIfAny(nameof(LstmAutoencoderTrainingOptions));
    }

    /// <summary>The training options.</summary>
    public LstmAutoencoderTrainingOptions Options => _options;

    /// <summary>Trains a model on <paramref name="rowCount"/> state vectors.</summary>
    /// <param name="schema">The features of each vector, in order.</param>
    /// <param name="rows">The state vectors in time order, row-major, rowCount × schema.Count values. A window holding
    /// a non-finite value is not used.</param>
    /// <param name="rowCount">The number of vectors; enough for at least one window.</param>
    /// <param name="progress">Told after every epoch; optional.</param>
    /// <param name="startNs">The event time of the first vector, when known; saved with the model.</param>
    /// <param name="endNs">The event time of the last vector, when known.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>The trained, calibrated model.</returns>
    public LstmAutoencoderModel Train(
        FeatureSchema schema,
        ReadOnlySpan<double> rows,
        int rowCount,
        IProgress<TrainingProgress>? progress = null,
        long? startNs = null,
        long? endNs = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var width = schema.Count;
        var windowLength = _options.WindowLength;
        if (rowCount < windowLength)
        {
            throw new ArgumentException($"Training needs at least one window of {windowLength} vectors; got {rowCount}.", nameof(rowCount));
        }

        if (rows.Length != (long)rowCount * width)
        {
            throw new ArgumentException($"rows holds {rows.Length} values; {rowCount} vectors of {width} features need {(long)rowCount * width}.", nameof(rows));
        }

        var (means, scales) = Standardisation(rows, rowCount, width);
        var data = new double[rows.Length];
        for (var r = 0; r < rowCount; r++)
        {
            for (var j = 0; j < width; j++)
            {
                data[(r * width) + j] = (rows[(r * width) + j] - means[j]) / scales[j];
            }
        }

        var starts = FiniteWindowStarts(data, rowCount, width);
        if (starts.Count == 0)
        {
            throw new ArgumentException($"No window of {windowLength} consecutive finite vectors in the {rowCount} given.", nameof(rows));
        }

        var (training, validation) = Split(starts);
        var architecture = new LstmAutoencoderArchitecture
        {
            InputWidth = width,
            WindowLength = windowLength,
            HiddenSize = _options.HiddenSize,
            CodeSize = _options.CodeSize,
        };
        var network = new LstmAutoencoderNetwork(architecture, _options.Seed);
        var optimizer = new AdamOptimizer(architecture.ParameterCount, _options.LearningRate);
        var random = new Xoshiro256(_options.Seed ^ 0x9E3779B97F4A7C15UL);
        var order = training.ToArray();
        var best = network.Parameters.ToArray();
        var bestLoss = double.PositiveInfinity;
        var bestEpoch = 0;
        var epochsRun = 0;
        var windowSize = network.WindowSize;

        for (var epoch = 1; epoch <= _options.Epochs; epoch++)
        {
            Shuffle(order, random);
            var lossSum = 0.0;
            for (var b = 0; b < order.Length; b += _options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(_options.BatchSize, order.Length - b);
                network.ClearGradient();
                for (var k = 0; k < count; k++)
                {
                    lossSum += network.AccumulateGradient(data.AsSpan(order[b + k] * width, windowSize));
                }

                var gradient = network.Gradient;
                for (var k = 0; k < gradient.Length; k++)
                {
                    gradient[k] /= count;
                }

                AdamOptimizer.ClipGradientNorm(gradient, _options.MaxGradientNorm);
                optimizer.Step(network.Parameters, gradient);
            }

            epochsRun = epoch;
            var trainingLoss = lossSum / order.Length;
            var validationLoss = validation.Count > 0 ? MeanError(network, data, validation, width) : double.NaN;
            var watched = validation.Count > 0 ? validationLoss : trainingLoss;
            if (watched < bestLoss)
            {
                bestLoss = watched;
                bestEpoch = epoch;
                network.Parameters.CopyTo(best);
            }

            progress?.Report(new TrainingProgress(epoch, _options.Epochs, trainingLoss, validationLoss, bestEpoch));
            if (epoch - bestEpoch >= _options.Patience || !double.IsFinite(watched))
            {
                break;
            }
        }

        best.CopyTo(network.Parameters);
        var errors = new double[starts.Count];
        for (var k = 0; k < starts.Count; k++)
        {
            errors[k] = network.ReconstructionError(data.AsSpan(starts[k] * width, windowSize));
        }

        var info = new LstmAutoencoderTrainingInfo(
            rowCount,
            training.Count,
            validation.Count,
            epochsRun,
            bestEpoch,
            MeanError(network, data, training, width),
            validation.Count > 0 ? MeanError(network, data, validation, width) : double.NaN,
            startNs,
            endNs);
        return new LstmAutoencoderModel(schema, network, means, scales, Quantiles(errors, _options.CalibrationQuantileCount), info);
    }

    /// <summary>Quantiles at levels k/(n−1) of <paramref name="values"/> by linear interpolation between order statistics (NumPy's default).</summary>
    internal static double[] Quantiles(double[] values, int count)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var quantiles = new double[count];
        for (var k = 0; k < count; k++)
        {
            var position = (double)k / (count - 1) * (sorted.Length - 1);
            var lo = (int)Math.Floor(position);
            var hi = Math.Min(lo + 1, sorted.Length - 1);
            quantiles[k] = sorted[lo] + ((position - lo) * (sorted[hi] - sorted[lo]));
        }

        // Interpolation can lose monotonicity in the last bit; the calibration needs it exact.
        for (var k = 1; k < count; k++)
        {
            quantiles[k] = Math.Max(quantiles[k], quantiles[k - 1]);
        }

        return quantiles;
    }

    private (double[] Means, double[] Scales) Standardisation(ReadOnlySpan<double> rows, int rowCount, int width)
    {
        var means = new double[width];
        var scales = new double[width];
        for (var j = 0; j < width; j++)
        {
            // Welford over the finite values of the feature.
            double mean = 0, m2 = 0;
            var n = 0;
            for (var r = 0; r < rowCount; r++)
            {
                var x = rows[(r * width) + j];
                if (!double.IsFinite(x))
                {
                    continue;
                }

                n++;
                var delta = x - mean;
                mean += delta / n;
                m2 += delta * (x - mean);
            }

            means[j] = mean;
            scales[j] = Math.Max(_options.MinFeatureScale, n > 1 ? Math.Sqrt(m2 / (n - 1)) : 0.0);
        }

        return (means, scales);
    }

    private List<int> FiniteWindowStarts(double[] data, int rowCount, int width)
    {
        // lastBad[r] = the latest row at or before r holding a non-finite value, so a window [s, s + L) is clean when lastBad < s.
        var starts = new List<int>();
        var lastBad = -1;
        var windowLength = _options.WindowLength;
        var badAt = new int[rowCount];
        for (var r = 0; r < rowCount; r++)
        {
            for (var j = 0; j < width; j++)
            {
                if (!double.IsFinite(data[(r * width) + j]))
                {
                    lastBad = r;
                    break;
                }
            }

            badAt[r] = lastBad;
        }

        for (var s = 0; s + windowLength <= rowCount; s += _options.WindowStride)
        {
            if (badAt[s + windowLength - 1] < s)
            {
                starts.Add(s);
            }
        }

        return starts;
    }

    private (List<int> Training, List<int> Validation) Split(List<int> starts)
    {
        var validationCount = (int)Math.Floor(starts.Count * _options.ValidationFraction);
        if (validationCount == 0 || validationCount >= starts.Count)
        {
            return (starts, []);
        }

        var validation = starts.GetRange(starts.Count - validationCount, validationCount);
        var firstValidation = validation[0];
        var training = new List<int>();
        foreach (var s in starts)
        {
            // A training window must end before the first validation window starts, so no step is in both.
            if (s + _options.WindowLength <= firstValidation)
            {
                training.Add(s);
            }
        }

        return training.Count == 0 ? (starts, []) : (training, validation);
    }

    private static double MeanError(LstmAutoencoderNetwork network, double[] data, List<int> starts, int width)
    {
        var sum = 0.0;
        foreach (var s in starts)
        {
            sum += network.ReconstructionError(data.AsSpan(s * width, network.WindowSize));
        }

        return sum / starts.Count;
    }

    private static void Shuffle(int[] values, Xoshiro256 random)
    {
        for (var k = values.Length - 1; k > 0; k--)
        {
            var other = random.NextInt(k + 1);
            (values[k], values[other]) = (values[other], values[k]);
        }
    }
}
