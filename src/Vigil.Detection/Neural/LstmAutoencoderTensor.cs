namespace Vigil.Detection.Neural;

/// <summary>
/// The parameter tensors of an LSTM autoencoder, named as PyTorch names them (<c>nn.LSTM</c>'s <c>weight_ih_l0</c>,
/// <c>weight_hh_l0</c>, <c>bias_ih_l0</c>, <c>bias_hh_l0</c>; <c>nn.Linear</c>'s <c>weight</c> and <c>bias</c>), so
/// weights load one-to-one from PyTorch. LSTM weights are (4 × hidden) × input row-major with the gates in PyTorch's
/// order i, f, g, o; the output weight is input width × hidden size.
/// </summary>
public enum LstmAutoencoderTensor
{
    /// <summary>First encoder layer, input-to-hidden weights (4H × I).</summary>
    Encoder1WeightIh,

    /// <summary>First encoder layer, hidden-to-hidden weights (4H × H).</summary>
    Encoder1WeightHh,

    /// <summary>First encoder layer, input bias (4H).</summary>
    Encoder1BiasIh,

    /// <summary>First encoder layer, hidden bias (4H).</summary>
    Encoder1BiasHh,

    /// <summary>Second encoder layer, input-to-hidden weights (4C × H).</summary>
    Encoder2WeightIh,

    /// <summary>Second encoder layer, hidden-to-hidden weights (4C × C).</summary>
    Encoder2WeightHh,

    /// <summary>Second encoder layer, input bias (4C).</summary>
    Encoder2BiasIh,

    /// <summary>Second encoder layer, hidden bias (4C).</summary>
    Encoder2BiasHh,

    /// <summary>Decoder layer, input-to-hidden weights (4H × C).</summary>
    DecoderWeightIh,

    /// <summary>Decoder layer, hidden-to-hidden weights (4H × H).</summary>
    DecoderWeightHh,

    /// <summary>Decoder layer, input bias (4H).</summary>
    DecoderBiasIh,

    /// <summary>Decoder layer, hidden bias (4H).</summary>
    DecoderBiasHh,

    /// <summary>Output layer weights (I × H).</summary>
    OutputWeight,

    /// <summary>Output layer bias (I).</summary>
    OutputBias,
}
