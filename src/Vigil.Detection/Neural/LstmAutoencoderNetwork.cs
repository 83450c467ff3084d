using System.Diagnostics.CodeAnalysis;
using System.Numerics.Tensors;
using Vigil.Core.Numerics;

namespace Vigil.Detection.Neural;

/// <summary>
/// The LSTM autoencoder network in float64: encoder LSTM(I → H) → LSTM(H → C), the code is the last hidden state of
/// the second layer; the decoder repeats the code over the window into LSTM(C → H) and a linear layer H → I (linear
/// because an LSTM's outputs are bounded by ±1 and standardised features are not). The loss of a window is the mean
/// squared error of its reconstruction over all window × width values. Forward pass, backpropagation through time and
/// the gradient all run in arrays allocated by the constructor.
/// </summary>
/// <remarks>
/// Windows are row-major: step after step, each step <see cref="LstmAutoencoderArchitecture.InputWidth"/> values.
/// The equations and gate order are PyTorch's <c>nn.LSTM</c> (see <see cref="LstmAutoencoderTensor"/>), and the
/// initialisation is PyTorch's default: every LSTM parameter uniform in ±1/√hidden, the output layer's weights and
/// bias uniform in ±1/√H. Float64 throughout, so gradients check against finite differences to many digits; the
/// scoring cost is within the engine's budget without float32. Not thread-safe: one instance per thread.
/// </remarks>
public sealed class LstmAutoencoderNetwork
{
    private readonly LstmLayer _encoder1;
    private readonly LstmLayer _encoder2;
    private readonly LstmLayer _decoder;
    private readonly int _outputWeightOffset;
    private readonly int _outputBiasOffset;
    private readonly double[] _parameters;
    private readonly double[] _gradient;
    private readonly double[] _output;          // window × I
    private readonly double[] _outputGradient;  // window × I
    private readonly double[] _decoderGradient; // window × H
    private readonly double[] _codeGradient;    // C
    private readonly double[] _encoder2Gradient; // window × C
    private readonly double[] _encoder1Gradient; // window × H

    /// <summary>Creates a network with PyTorch's default initialisation drawn from <paramref name="seed"/>.</summary>
    /// <param name="architecture">The shape; validated.</param>
    /// <param name="seed">The seed of the initial weights.</param>
    public LstmAutoencoderNetwork(LstmAutoencoderArchitecture architecture, ulong seed = 1)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        architecture.ThrowIfInvalid();
        Architecture = architecture;
        var i = architecture.InputWidth;
        var h = architecture.HiddenSize;
        var c = architecture.CodeSize;
        var t = architecture.WindowLength;
        _encoder1 = new LstmLayer(i, h, t, 0);
        _encoder2 = new LstmLayer(h, c, t, _encoder1.ParameterCount);
        _decoder = new LstmLayer(c, h, t, _encoder2.Offset + _encoder2.ParameterCount);
        _outputWeightOffset = _decoder.Offset + _decoder.ParameterCount;
        _outputBiasOffset = _outputWeightOffset + (h * i);
        _parameters = new double[architecture.ParameterCount];
        _gradient = new double[architecture.ParameterCount];
        _output = new double[t * i];
        _outputGradient = new double[t * i];
        _decoderGradient = new double[t * h];
        _codeGradient = new double[c];
        _encoder2Gradient = new double[t * c];
        _encoder1Gradient = new double[t * h];

        var random = new Xoshiro256(seed);
        Fill(random, _parameters.AsSpan(_encoder1.Offset, _encoder1.ParameterCount), 1.0 / Math.Sqrt(h));
        Fill(random, _parameters.AsSpan(_encoder2.Offset, _encoder2.ParameterCount), 1.0 / Math.Sqrt(c));
        Fill(random, _parameters.AsSpan(_decoder.Offset, _decoder.ParameterCount), 1.0 / Math.Sqrt(h));
        Fill(random, _parameters.AsSpan(_outputWeightOffset), 1.0 / Math.Sqrt(h));
    }

    /// <summary>The network's shape.</summary>
    public LstmAutoencoderArchitecture Architecture { get; }

    /// <summary>The number of values in one window: window length × input width.</summary>
    public int WindowSize => Architecture.WindowLength * Architecture.InputWidth;

    /// <summary>
    /// All parameters in one flat array, layer after layer (encoder 1, encoder 2, decoder: W_ih transposed, W_hh
    /// transposed, b_ih, b_hh; then the output weight transposed, H × I, and bias). Writable: the optimiser and the
    /// model file work on it directly.
    /// </summary>
    public Span<double> Parameters => _parameters;

    /// <summary>The accumulated loss gradient, laid out as <see cref="Parameters"/>.</summary>
    public Span<double> Gradient => _gradient;

    /// <summary>The reconstruction of the last window passed forward, window × width, row-major.</summary>
    public ReadOnlySpan<double> Reconstruction => _output;

    /// <summary>The code (the second encoder layer's last hidden state) of the last window passed forward.</summary>
    public ReadOnlySpan<double> Code =>
        _encoder2.Hidden.AsSpan((Architecture.WindowLength - 1) * Architecture.CodeSize, Architecture.CodeSize);

    /// <summary>Reconstructs <paramref name="window"/> and returns the mean squared error over all its values. Allocates nothing.</summary>
    /// <param name="window">A window of <see cref="WindowSize"/> values, row-major.</param>
    /// <returns>The reconstruction error, mean over window × width of the squared differences; non-negative.</returns>
    public double ReconstructionError(ReadOnlySpan<double> window)
    {
        CheckWindow(window);
        Forward(window);
        return MeanSquaredError(window);
    }

    /// <summary>As <see cref="ReconstructionError(ReadOnlySpan{double})"/>, also giving each feature's mean squared error over the window's steps.</summary>
    /// <param name="window">A window of <see cref="WindowSize"/> values, row-major.</param>
    /// <param name="featureErrors">Receives the mean squared error of each of the width features; width long.</param>
    /// <returns>The reconstruction error over the whole window (the mean of <paramref name="featureErrors"/>).</returns>
    public double ReconstructionError(ReadOnlySpan<double> window, Span<double> featureErrors)
    {
        CheckWindow(window);
        var width = Architecture.InputWidth;
        if (featureErrors.Length != width)
        {
            throw new ArgumentException($"featureErrors has {featureErrors.Length} values; the network's width is {width}.", nameof(featureErrors));
        }

        Forward(window);
        featureErrors.Clear();
        var steps = Architecture.WindowLength;
        for (var t = 0; t < steps; t++)
        {
            var difference = _outputGradient.AsSpan(t * width, width);
            TensorPrimitives.Subtract(_output.AsSpan(t * width, width), window.Slice(t * width, width), difference);
            TensorPrimitives.MultiplyAdd(difference, difference, featureErrors, featureErrors);
        }

        TensorPrimitives.Divide(featureErrors, steps, featureErrors);
        return TensorPrimitives.Sum(featureErrors) / width;
    }

    /// <summary>Zeroes the accumulated gradient.</summary>
    public void ClearGradient() => Array.Clear(_gradient);

    /// <summary>
    /// Passes <paramref name="window"/> forward and backpropagates its reconstruction loss through time, adding the
    /// gradient of the loss into <see cref="Gradient"/> (so a mini-batch accumulates; scale it afterwards). Allocates nothing.
    /// </summary>
    /// <param name="window">A window of <see cref="WindowSize"/> values, row-major.</param>
    /// <returns>The window's loss (mean squared error).</returns>
    public double AccumulateGradient(ReadOnlySpan<double> window)
    {
        CheckWindow(window);
        Forward(window);
        var loss = MeanSquaredError(window);
        var width = Architecture.InputWidth;
        var steps = Architecture.WindowLength;
        var h = Architecture.HiddenSize;
        var c = Architecture.CodeSize;

        // dLoss/dy = 2 (y − x) / (steps × width).
        TensorPrimitives.Subtract(_output, window, _outputGradient);
        TensorPrimitives.Multiply(_outputGradient, 2.0 / (steps * width), _outputGradient);

        var dWout = _gradient.AsSpan(_outputWeightOffset, h * width);
        var dBout = _gradient.AsSpan(_outputBiasOffset, width);
        var wout = _parameters.AsSpan(_outputWeightOffset, h * width);
        var decoderHidden = _decoder.Hidden;
        for (var t = 0; t < steps; t++)
        {
            var dy = _outputGradient.AsSpan(t * width, width);
            TensorPrimitives.Add(dBout, dy, dBout);
            var hidden = decoderHidden.AsSpan(t * h, h);
            var dHidden = _decoderGradient.AsSpan(t * h, h);
            for (var k = 0; k < h; k++)
            {
                var row = dWout.Slice(k * width, width);
                TensorPrimitives.MultiplyAdd(dy, hidden[k], row, row);
                dHidden[k] = TensorPrimitives.Dot(wout.Slice(k * width, width), dy);
            }
        }

        var code = Code;
        _decoder.Backward(_parameters, _gradient, code, constantInput: true, _decoderGradient, _codeGradient);
        Array.Clear(_encoder2Gradient);
        _codeGradient.CopyTo(_encoder2Gradient.AsSpan((steps - 1) * c, c));
        _encoder2.Backward(_parameters, _gradient, _encoder1.Hidden, constantInput: false, _encoder2Gradient, _encoder1Gradient);
        _encoder1.Backward(_parameters, _gradient, window, constantInput: false, _encoder1Gradient, default);
        return loss;
    }

    /// <summary>The number of values in <paramref name="tensor"/>.</summary>
    /// <param name="tensor">The tensor.</param>
    /// <returns>Its length in PyTorch's layout.</returns>
    public int TensorLength(LstmAutoencoderTensor tensor)
    {
        var (_, rows, columns, _) = Locate(tensor);
        return rows * columns;
    }

    /// <summary>Sets one parameter tensor from PyTorch's layout (see <see cref="LstmAutoencoderTensor"/>).</summary>
    /// <param name="tensor">Which tensor.</param>
    /// <param name="values">Its values in PyTorch's row-major layout; <see cref="TensorLength"/> long.</param>
    public void SetTensor(LstmAutoencoderTensor tensor, ReadOnlySpan<double> values)
    {
        var (offset, rows, columns, transposed) = Locate(tensor);
        CheckTensorLength(tensor, values.Length, rows * columns);
        for (var r = 0; r < rows; r++)
        {
            for (var col = 0; col < columns; col++)
            {
                _parameters[offset + (transposed ? (col * rows) + r : (r * columns) + col)] = values[(r * columns) + col];
            }
        }
    }

    /// <summary>Copies one parameter tensor, or its accumulated gradient, out in PyTorch's layout.</summary>
    /// <param name="tensor">Which tensor.</param>
    /// <param name="destination">Receives the values; <see cref="TensorLength"/> long.</param>
    /// <param name="gradient">Whether to copy the accumulated gradient rather than the parameters.</param>
    public void GetTensor(LstmAutoencoderTensor tensor, Span<double> destination, bool gradient = false)
    {
        var (offset, rows, columns, transposed) = Locate(tensor);
        CheckTensorLength(tensor, destination.Length, rows * columns);
        var source = gradient ? _gradient : _parameters;
        for (var r = 0; r < rows; r++)
        {
            for (var col = 0; col < columns; col++)
            {
                destination[(r * columns) + col] = source[offset + (transposed ? (col * rows) + r : (r * columns) + col)];
            }
        }
    }

    private void Forward(ReadOnlySpan<double> window)
    {
        _encoder1.Forward(_parameters, window, constantInput: false);
        _encoder2.Forward(_parameters, _encoder1.Hidden, constantInput: false);
        _decoder.Forward(_parameters, Code, constantInput: true);

        var width = Architecture.InputWidth;
        var h = Architecture.HiddenSize;
        var wout = _parameters.AsSpan(_outputWeightOffset, h * width);
        var bout = _parameters.AsSpan(_outputBiasOffset, width);
        for (var t = 0; t < Architecture.WindowLength; t++)
        {
            var y = _output.AsSpan(t * width, width);
            var hidden = _decoder.Hidden.AsSpan(t * h, h);
            bout.CopyTo(y);
            MatrixKernels.MultiplyAddTransposed(wout, hidden, y);
        }
    }

    private double MeanSquaredError(ReadOnlySpan<double> window)
    {
        // Subtract into the gradient scratch rather than expanding the square, which cancels badly when the fit is good.
        TensorPrimitives.Subtract(_output, window, _outputGradient);
        return TensorPrimitives.SumOfSquares(_outputGradient) / window.Length;
    }

    private (int Offset, int Rows, int Columns, bool Transposed) Locate(LstmAutoencoderTensor tensor)
    {
        var layer = tensor switch
        {
            <= LstmAutoencoderTensor.Encoder1BiasHh => _encoder1,
            <= LstmAutoencoderTensor.Encoder2BiasHh => _encoder2,
            <= LstmAutoencoderTensor.DecoderBiasHh => _decoder,
            _ => null,
        };
        if (layer is null)
        {
            return tensor switch
            {
                LstmAutoencoderTensor.OutputWeight => (_outputWeightOffset, Architecture.InputWidth, Architecture.HiddenSize, true),
                LstmAutoencoderTensor.OutputBias => (_outputBiasOffset, 1, Architecture.InputWidth, false),
                _ => throw new ArgumentOutOfRangeException(nameof(tensor), tensor, "Unknown tensor."),
            };
        }

        return ((int)tensor % 4) switch
        {
            0 => (layer.WeightIhOffset, layer.GateCount, layer.InputSize, true),
            1 => (layer.WeightHhOffset, layer.GateCount, layer.HiddenSize, true),
            2 => (layer.BiasIhOffset, 1, layer.GateCount, false),
            _ => (layer.BiasHhOffset, 1, layer.GateCount, false),
        };
    }

    private void CheckWindow(ReadOnlySpan<double> window)
    {
        if (window.Length != WindowSize)
        {
            ThrowWrongWindow(window.Length, WindowSize);
        }
    }

    private static void Fill(Xoshiro256 random, Span<double> values, double bound)
    {
        for (var k = 0; k < values.Length; k++)
        {
            values[k] = random.NextDouble(-bound, bound);
        }
    }

    private static void CheckTensorLength(LstmAutoencoderTensor tensor, int actual, int expected)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"Tensor {tensor} has {expected} values in this architecture; got {actual}.", nameof(tensor));
        }
    }

    [DoesNotReturn]
    private static void ThrowWrongWindow(int actual, int expected) =>
        throw new ArgumentException($"The window has {actual} values; the network expects {expected} (window length × input width).", "window");
}
