using Vigil.Detection.Neural;

namespace Vigil.Detection.Tests.Neural;

public sealed class LstmAutoencoderNetworkTests
{
    [Fact]
    public void Forward_pass_reproduces_pytorch_output_and_loss()
    {
        using var fixture = NeuralTestData.TorchFixture();
        var root = fixture.RootElement;
        var network = NeuralTestData.TorchNetwork(root);
        var input = NeuralTestData.Doubles(root.GetProperty("input"));
        var expected = NeuralTestData.Doubles(root.GetProperty("output"));

        var loss = network.ReconstructionError(input);

        Assert.Equal(root.GetProperty("loss").GetDouble(), loss, 1e-10);
        var reconstruction = network.Reconstruction;
        Assert.Equal(expected.Length, reconstruction.Length);
        for (var k = 0; k < expected.Length; k++)
        {
            Assert.True(Math.Abs(expected[k] - reconstruction[k]) <= 1e-5, $"value {k}: {reconstruction[k]} vs PyTorch {expected[k]}");
        }
    }

    [Fact]
    public void Full_size_forward_pass_reproduces_pytorch_output()
    {
        using var fixture = NeuralTestData.TorchFixture("lstm_autoencoder_torch_full.json");
        var root = fixture.RootElement;
        var network = NeuralTestData.TorchNetwork(root);
        Assert.Equal(new LstmAutoencoderArchitecture(), network.Architecture);
        var input = NeuralTestData.Doubles(root.GetProperty("input"));
        var expected = NeuralTestData.Doubles(root.GetProperty("output"));

        var loss = network.ReconstructionError(input);

        Assert.Equal(root.GetProperty("loss").GetDouble(), loss, 1e-10);
        var worst = 0.0;
        for (var k = 0; k < expected.Length; k++)
        {
            worst = Math.Max(worst, Math.Abs(expected[k] - network.Reconstruction[k]));
        }

        Assert.True(worst <= 1e-9, $"largest difference from PyTorch {worst}");
    }

    [Fact]
    public void Backpropagation_through_time_reproduces_pytorch_autograd_for_every_tensor()
    {
        using var fixture = NeuralTestData.TorchFixture();
        var root = fixture.RootElement;
        var network = NeuralTestData.TorchNetwork(root);
        var input = NeuralTestData.Doubles(root.GetProperty("input"));
        network.ClearGradient();

        network.AccumulateGradient(input);

        var layers = root.GetProperty("layers");
        foreach (var (tensor, layer, name) in NeuralTestData.TorchTensors)
        {
            var expected = NeuralTestData.Doubles(layers.GetProperty(layer).GetProperty("grad_" + name));
            var actual = new double[network.TensorLength(tensor)];
            network.GetTensor(tensor, actual, gradient: true);
            for (var k = 0; k < expected.Length; k++)
            {
                Assert.True(Math.Abs(expected[k] - actual[k]) <= 1e-9 + (1e-7 * Math.Abs(expected[k])), $"{tensor}[{k}]: {actual[k]} vs PyTorch {expected[k]}");
            }
        }
    }

    [Fact]
    public void Gradient_of_every_tensor_matches_central_finite_differences()
    {
        var architecture = new LstmAutoencoderArchitecture { InputWidth = 3, HiddenSize = 4, CodeSize = 2, WindowLength = 5 };
        var network = new LstmAutoencoderNetwork(architecture, seed: 5);
        var window = NeuralTestData.SineRows(5, 3, seed: 8, noise: 0.4);
        network.ClearGradient();
        network.AccumulateGradient(window);

        const double step = 1e-6;
        foreach (var tensor in Enum.GetValues<LstmAutoencoderTensor>())
        {
            var values = new double[network.TensorLength(tensor)];
            var analytic = new double[values.Length];
            network.GetTensor(tensor, values);
            network.GetTensor(tensor, analytic, gradient: true);
            var worst = 0.0;
            for (var k = 0; k < values.Length; k++)
            {
                var original = values[k];
                values[k] = original + step;
                network.SetTensor(tensor, values);
                var up = network.ReconstructionError(window);
                values[k] = original - step;
                network.SetTensor(tensor, values);
                var down = network.ReconstructionError(window);
                values[k] = original;
                network.SetTensor(tensor, values);
                var numeric = (up - down) / (2 * step);
                var error = Math.Abs(numeric - analytic[k]) / Math.Max(1e-4, Math.Abs(numeric) + Math.Abs(analytic[k]));
                worst = Math.Max(worst, error);
            }

            Assert.True(worst < 1e-5, $"{tensor}: worst relative difference {worst}");
            Assert.Contains(analytic, g => g != 0.0);
        }
    }

    [Fact]
    public void Gradient_accumulates_over_windows_until_cleared()
    {
        var network = new LstmAutoencoderNetwork(new LstmAutoencoderArchitecture { InputWidth = 3, HiddenSize = 4, CodeSize = 2, WindowLength = 5 }, 3);
        var window = NeuralTestData.SineRows(5, 3, seed: 2);
        network.ClearGradient();
        network.AccumulateGradient(window);
        var once = network.Gradient.ToArray();
        network.AccumulateGradient(window);
        for (var k = 0; k < once.Length; k++)
        {
            Assert.Equal(2 * once[k], network.Gradient[k], 1e-12);
        }

        network.ClearGradient();
        Assert.All(network.Gradient.ToArray(), g => Assert.Equal(0.0, g));
    }

    [Fact]
    public void Per_feature_errors_average_to_the_window_error()
    {
        var network = new LstmAutoencoderNetwork(new LstmAutoencoderArchitecture { InputWidth = 6, HiddenSize = 5, CodeSize = 3, WindowLength = 8 }, 4);
        var window = NeuralTestData.SineRows(8, 6, seed: 4);
        var features = new double[6];
        var total = network.ReconstructionError(window, features);
        Assert.Equal(network.ReconstructionError(window), total, 1e-12);
        var manual = 0.0;
        for (var t = 0; t < 8; t++)
        {
            var d = network.Reconstruction[(t * 6) + 2] - window[(t * 6) + 2];
            manual += d * d / 8;
        }

        Assert.Equal(manual, features[2], 1e-12);
    }

    [Fact]
    public void Scoring_a_full_size_window_allocates_nothing()
    {
        var network = new LstmAutoencoderNetwork(new LstmAutoencoderArchitecture(), 1);
        var window = NeuralTestData.SineRows(60, 72, seed: 1);
        var features = new double[72];
        var bytes = Vigil.Testing.Allocations.Fewest(_ =>
        {
            for (var k = 0; k < 50; k++)
            {
                network.ReconstructionError(window);
                network.ReconstructionError(window, features);
            }
        });
        Assert.Equal(0, bytes);
    }

    [Fact]
    public void Rejects_a_window_of_the_wrong_size_and_an_invalid_architecture()
    {
        var network = new LstmAutoencoderNetwork(new LstmAutoencoderArchitecture { InputWidth = 3, HiddenSize = 4, CodeSize = 2, WindowLength = 5 });
        var e = Assert.Throws<ArgumentException>(() => network.ReconstructionError(new double[14]));
        Assert.Contains("14", e.Message, StringComparison.Ordinal);
        var bad = Assert.Throws<ArgumentException>(() => new LstmAutoencoderNetwork(new LstmAutoencoderArchitecture { InputWidth = 0, WindowLength = 1 }));
        Assert.Contains("InputWidth", bad.Message, StringComparison.Ordinal);
        Assert.Contains("WindowLength", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Initial_weights_follow_pytorch_default_bounds_and_depend_on_the_seed()
    {
        var architecture = new LstmAutoencoderArchitecture();
        var a = new LstmAutoencoderNetwork(architecture, 1);
        var b = new LstmAutoencoderNetwork(architecture, 2);
        Assert.Equal(architecture.ParameterCount, a.Parameters.Length);
        Assert.Equal(77_640, architecture.ParameterCount);
        var encoder2 = new double[a.TensorLength(LstmAutoencoderTensor.Encoder2WeightHh)];
        a.GetTensor(LstmAutoencoderTensor.Encoder2WeightHh, encoder2);
        Assert.All(encoder2, w => Assert.InRange(w, -1 / Math.Sqrt(32), 1 / Math.Sqrt(32)));
        Assert.False(a.Parameters.SequenceEqual(b.Parameters));
    }
}
