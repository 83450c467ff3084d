using System.Numerics.Tensors;

namespace Vigil.Detection.Neural;

/// <summary>
/// One LSTM layer with PyTorch's equations and gate order (i, f, g, o; both bias vectors):
/// gates = W_ih·x_t + b_ih + W_hh·h_{t−1} + b_hh, c_t = σ(f)·c_{t−1} + σ(i)·tanh(g), h_t = σ(o)·tanh(c_t), starting
/// from h = c = 0. Its parameters live in the network's flat array at <see cref="Offset"/>: W_ih transposed (input ×
/// 4·hidden), W_hh transposed (hidden × 4·hidden), b_ih, b_hh. The transposed layout makes every matrix-vector product
/// a sum of 4·hidden-long rows scaled by one input, so the work runs in long vectorised spans. The layer keeps the
/// activations of the last forward pass for backpropagation through time.
/// </summary>
internal sealed class LstmLayer
{
    private readonly double[] _gates;      // window × 4H, after the nonlinearities
    private readonly double[] _cells;      // window × H
    private readonly double[] _tanhCells;  // window × H
    private readonly double[] _inputProjection; // 4H: W_ih·x + biases, for a constant input
    private readonly double[] _gateGradient;    // 4H
    private readonly double[] _gateGradientSum; // 4H
    private readonly double[] _hiddenGradient;  // H
    private readonly double[] _cellGradient;    // H

    public LstmLayer(int inputSize, int hiddenSize, int windowLength, int offset)
    {
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        WindowLength = windowLength;
        Offset = offset;
        var gates = 4 * hiddenSize;
        _gates = new double[windowLength * gates];
        _cells = new double[windowLength * hiddenSize];
        _tanhCells = new double[windowLength * hiddenSize];
        Hidden = new double[windowLength * hiddenSize];
        _inputProjection = new double[gates];
        _gateGradient = new double[gates];
        _gateGradientSum = new double[gates];
        _hiddenGradient = new double[hiddenSize];
        _cellGradient = new double[hiddenSize];
    }

    public int InputSize { get; }

    public int HiddenSize { get; }

    public int WindowLength { get; }

    /// <summary>Where the layer's parameters start in the network's flat array.</summary>
    public int Offset { get; }

    public int GateCount => 4 * HiddenSize;

    public int WeightIhOffset => Offset;

    public int WeightHhOffset => Offset + (InputSize * GateCount);

    public int BiasIhOffset => WeightHhOffset + (HiddenSize * GateCount);

    public int BiasHhOffset => BiasIhOffset + GateCount;

    public int ParameterCount => ((InputSize + HiddenSize + 2) * GateCount);

    /// <summary>The hidden states h_t of the last forward pass, window × hidden, row-major.</summary>
    public double[] Hidden { get; }

    /// <summary>
    /// Runs the layer over the window. With <paramref name="constantInput"/> the input is one vector repeated at every
    /// step (the decoder's code), whose projection is computed once.
    /// </summary>
    public void Forward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, bool constantInput)
    {
        var g4 = GateCount;
        var h = HiddenSize;
        var wih = parameters.Slice(WeightIhOffset, InputSize * g4);
        var whh = parameters.Slice(WeightHhOffset, h * g4);
        var bih = parameters.Slice(BiasIhOffset, g4);
        var bhh = parameters.Slice(BiasHhOffset, g4);
        if (constantInput)
        {
            Project(wih, bih, bhh, input[..InputSize], _inputProjection);
        }

        for (var t = 0; t < WindowLength; t++)
        {
            var gates = _gates.AsSpan(t * g4, g4);
            if (constantInput)
            {
                _inputProjection.CopyTo(gates);
            }
            else
            {
                Project(wih, bih, bhh, input.Slice(t * InputSize, InputSize), gates);
            }

            if (t > 0)
            {
                MatrixKernels.MultiplyAddTransposed(whh, Hidden.AsSpan((t - 1) * h, h), gates);
            }

            var inputGate = gates[..h];
            var forgetGate = gates.Slice(h, h);
            var cellGate = gates.Slice(2 * h, h);
            var outputGate = gates.Slice(3 * h, h);
            TensorPrimitives.Sigmoid(gates[..(2 * h)], gates[..(2 * h)]);
            TensorPrimitives.Tanh(cellGate, cellGate);
            TensorPrimitives.Sigmoid(outputGate, outputGate);

            var cell = _cells.AsSpan(t * h, h);
            TensorPrimitives.Multiply(inputGate, cellGate, cell);
            if (t > 0)
            {
                TensorPrimitives.MultiplyAdd(forgetGate, _cells.AsSpan((t - 1) * h, h), cell, cell);
            }

            var tanhCell = _tanhCells.AsSpan(t * h, h);
            TensorPrimitives.Tanh(cell, tanhCell);
            TensorPrimitives.Multiply(outputGate, tanhCell, Hidden.AsSpan(t * h, h));
        }
    }

    /// <summary>
    /// Backpropagates through time after <see cref="Forward"/>, adding the parameter gradients into
    /// <paramref name="gradient"/> (the network's flat gradient array).
    /// </summary>
    /// <param name="parameters">The network's parameters.</param>
    /// <param name="gradient">The network's gradient, accumulated into.</param>
    /// <param name="input">The input of the forward pass.</param>
    /// <param name="constantInput">Whether the input was one vector repeated at every step.</param>
    /// <param name="hiddenGradient">dLoss/dh_t from above, window × hidden.</param>
    /// <param name="inputGradient">Receives dLoss/dx: window × input, or one input-long vector for a constant input;
    /// empty to skip.</param>
    public void Backward(
        ReadOnlySpan<double> parameters,
        Span<double> gradient,
        ReadOnlySpan<double> input,
        bool constantInput,
        ReadOnlySpan<double> hiddenGradient,
        Span<double> inputGradient)
    {
        var g4 = GateCount;
        var h = HiddenSize;
        var n = InputSize;
        var wih = parameters.Slice(WeightIhOffset, n * g4);
        var whh = parameters.Slice(WeightHhOffset, h * g4);
        var dWih = gradient.Slice(WeightIhOffset, n * g4);
        var dWhh = gradient.Slice(WeightHhOffset, h * g4);
        var dh = _hiddenGradient.AsSpan();
        var dcNext = _cellGradient.AsSpan();
        var dGates = _gateGradient.AsSpan();
        var dGateSum = _gateGradientSum.AsSpan();
        dh.Clear();
        dcNext.Clear();
        dGateSum.Clear();

        for (var t = WindowLength - 1; t >= 0; t--)
        {
            // dh holds dLoss/dh_t through h_{t+1}'s recurrence; add the gradient from above.
            TensorPrimitives.Add(dh, hiddenGradient.Slice(t * h, h), dh);
            var gates = _gates.AsSpan(t * g4, g4);
            var tanhCell = _tanhCells.AsSpan(t * h, h);
            for (var k = 0; k < h; k++)
            {
                var i = gates[k];
                var f = gates[h + k];
                var g = gates[(2 * h) + k];
                var o = gates[(3 * h) + k];
                var tc = tanhCell[k];
                var dc = (dh[k] * o * (1.0 - (tc * tc))) + dcNext[k];
                var previousCell = t > 0 ? _cells[((t - 1) * h) + k] : 0.0;
                dGates[k] = dc * g * i * (1.0 - i);
                dGates[h + k] = dc * previousCell * f * (1.0 - f);
                dGates[(2 * h) + k] = dc * i * (1.0 - (g * g));
                dGates[(3 * h) + k] = dh[k] * tc * o * (1.0 - o);
                dcNext[k] = dc * f;
            }

            TensorPrimitives.Add(dGateSum, dGates, dGateSum);
            if (t > 0)
            {
                var previous = Hidden.AsSpan((t - 1) * h, h);
                for (var k = 0; k < h; k++)
                {
                    var row = dWhh.Slice(k * g4, g4);
                    TensorPrimitives.MultiplyAdd(dGates, previous[k], row, row);
                    dh[k] = TensorPrimitives.Dot(whh.Slice(k * g4, g4), dGates);
                }
            }

            if (!constantInput)
            {
                var x = input.Slice(t * n, n);
                var dx = inputGradient.IsEmpty ? default : inputGradient.Slice(t * n, n);
                for (var j = 0; j < n; j++)
                {
                    var row = dWih.Slice(j * g4, g4);
                    TensorPrimitives.MultiplyAdd(dGates, x[j], row, row);
                    if (!dx.IsEmpty)
                    {
                        dx[j] = TensorPrimitives.Dot(wih.Slice(j * g4, g4), dGates);
                    }
                }
            }
        }

        var dBih = gradient.Slice(BiasIhOffset, g4);
        var dBhh = gradient.Slice(BiasHhOffset, g4);
        TensorPrimitives.Add(dBih, dGateSum, dBih);
        TensorPrimitives.Add(dBhh, dGateSum, dBhh);
        if (constantInput)
        {
            // The same input feeds every step, so its gradients are those of the summed gate gradients.
            for (var j = 0; j < n; j++)
            {
                var row = dWih.Slice(j * g4, g4);
                TensorPrimitives.MultiplyAdd(dGateSum, input[j], row, row);
                if (!inputGradient.IsEmpty)
                {
                    inputGradient[j] = TensorPrimitives.Dot(wih.Slice(j * g4, g4), dGateSum);
                }
            }
        }
    }

    /// <summary>destination = W_ih·x + b_ih + b_hh with W_ih stored transposed.</summary>
    private static void Project(ReadOnlySpan<double> wih, ReadOnlySpan<double> bih, ReadOnlySpan<double> bhh, ReadOnlySpan<double> x, Span<double> destination)
    {
        TensorPrimitives.Add(bih, bhh, destination);
        MatrixKernels.MultiplyAddTransposed(wih, x, destination);
    }
}
