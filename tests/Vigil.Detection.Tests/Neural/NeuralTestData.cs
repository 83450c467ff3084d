using System.Runtime.CompilerServices;
using System.Text.Json;
using Vigil.Detection.Neural;

namespace Vigil.Detection.Tests.Neural;

/// <summary>The PyTorch fixture written by scripts/lstm_autoencoder_torch.py and helpers shared by the autoencoder tests.</summary>
internal static class NeuralTestData
{
    public static readonly (LstmAutoencoderTensor Tensor, string Layer, string Name)[] TorchTensors =
    [
        (LstmAutoencoderTensor.Encoder1WeightIh, "encoder1", "weight_ih"),
        (LstmAutoencoderTensor.Encoder1WeightHh, "encoder1", "weight_hh"),
        (LstmAutoencoderTensor.Encoder1BiasIh, "encoder1", "bias_ih"),
        (LstmAutoencoderTensor.Encoder1BiasHh, "encoder1", "bias_hh"),
        (LstmAutoencoderTensor.Encoder2WeightIh, "encoder2", "weight_ih"),
        (LstmAutoencoderTensor.Encoder2WeightHh, "encoder2", "weight_hh"),
        (LstmAutoencoderTensor.Encoder2BiasIh, "encoder2", "bias_ih"),
        (LstmAutoencoderTensor.Encoder2BiasHh, "encoder2", "bias_hh"),
        (LstmAutoencoderTensor.DecoderWeightIh, "decoder", "weight_ih"),
        (LstmAutoencoderTensor.DecoderWeightHh, "decoder", "weight_hh"),
        (LstmAutoencoderTensor.DecoderBiasIh, "decoder", "bias_ih"),
        (LstmAutoencoderTensor.DecoderBiasHh, "decoder", "bias_hh"),
        (LstmAutoencoderTensor.OutputWeight, "output", "weight"),
        (LstmAutoencoderTensor.OutputBias, "output", "bias"),
    ];

    public static JsonDocument TorchFixture(string name = "lstm_autoencoder_torch.json", [CallerFilePath] string callerPath = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(callerPath)!, "Fixtures", name);
        return JsonDocument.Parse(File.ReadAllBytes(path));
    }

    public static double[] Doubles(JsonElement array)
    {
        var values = new double[array.GetArrayLength()];
        var k = 0;
        foreach (var item in array.EnumerateArray())
        {
            values[k++] = item.GetDouble();
        }

        return values;
    }

    /// <summary>The fixture's network, with PyTorch's weights loaded.</summary>
    public static LstmAutoencoderNetwork TorchNetwork(JsonElement root)
    {
        var architecture = new LstmAutoencoderArchitecture
        {
            InputWidth = root.GetProperty("input_width").GetInt32(),
            HiddenSize = root.GetProperty("hidden_size").GetInt32(),
            CodeSize = root.GetProperty("code_size").GetInt32(),
            WindowLength = root.GetProperty("window_length").GetInt32(),
        };
        var network = new LstmAutoencoderNetwork(architecture, seed: 99);
        var layers = root.GetProperty("layers");
        foreach (var (tensor, layer, name) in TorchTensors)
        {
            network.SetTensor(tensor, Doubles(layers.GetProperty(layer).GetProperty(name)));
        }

        return network;
    }

    /// <summary>Sine waves per feature with a little noise: a learnable sequence.</summary>
    public static double[] SineRows(int rows, int width, ulong seed, double noise = 0.05, double amplitude = 1.0)
    {
        var random = new Vigil.Core.Numerics.Xoshiro256(seed);
        var data = new double[rows * width];
        for (var t = 0; t < rows; t++)
        {
            for (var j = 0; j < width; j++)
            {
                data[(t * width) + j] = (amplitude * Math.Sin((0.3 * t) + j)) + (noise * random.NextGaussian());
            }
        }

        return data;
    }
}
