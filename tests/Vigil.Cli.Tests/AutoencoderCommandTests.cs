using System.Text.Json;
using Vigil.Cli.Tests.Support;

namespace Vigil.Cli.Tests;

public sealed class AutoencoderCommandTests(StressMarket market) : IClassFixture<StressMarket>, IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string Registry => _directory.File("models");

    private Task<CliResult> TrainAsync(params string[] extra) =>
        VigilCommand.RunAsync(["train", "--kind", "lstm_autoencoder", "--dir", Registry, "--steps", "400", "--epochs", "2", "--stride", "10", "--json", .. extra]);

    [Fact]
    public async Task Training_an_autoencoder_on_a_short_calm_simulation_writes_a_version_with_losses_and_error_quantiles()
    {
        var line = (await TrainAsync()).AssertOk().SingleJson();

        var model = line.GetProperty("model");
        Assert.Equal("lstm_autoencoder", model.Str("kind"));
        Assert.Equal("v0001", model.Str("version_label"));
        Assert.Equal(Path.Combine(Path.GetFullPath(Registry), "lstm_autoencoder", "v0001"), line.Str("path"));
        Assert.Equal(72, model.GetProperty("schema").Items("names").Count());
        Assert.Equal(400, model.GetProperty("trained_on").Long("step_count"));
        var metrics = model.GetProperty("metrics");
        Assert.InRange(metrics.Num("epochs"), 1, 2);
        Assert.Equal(2, metrics.Num("max_epochs"));
        Assert.Equal(10, metrics.Num("window_stride"));
        Assert.Equal(60, metrics.Num("window_length"));
        // 400 rows, 60-step windows every 10: 35 windows; the latest 20% (7) validate, and training windows end before them.
        Assert.Equal(7, metrics.Num("validation_windows"));
        Assert.Equal(23, metrics.Num("training_windows"));
        Assert.True(metrics.Num("training_loss") > 0);
        Assert.True(metrics.Num("validation_loss") > 0);
        Assert.True(double.IsFinite(metrics.Num("final_training_loss")));
        Assert.InRange(metrics.Num("error_p50"), 0, metrics.Num("error_p99"));
        Assert.InRange(metrics.Num("error_p99"), metrics.Num("error_p50"), metrics.Num("error_max"));
        Assert.False(string.IsNullOrEmpty(model.GetProperty("code").Str("informational_version")));
        Assert.Contains("LSTM autoencoder", model.Str("description"), StringComparison.Ordinal);

        var list = (await VigilCommand.RunAsync("models", "list", "--dir", Registry, "--json")).AssertOk().SingleJson();
        var table = (await VigilCommand.RunAsync("models", "list", "--dir", Registry)).AssertOk();
        var listed = Assert.Single(list.Items("models"));
        Assert.Equal("lstm_autoencoder", listed.Str("kind"));
        Assert.Contains("lstm_autoencoder", table.Out, StringComparison.Ordinal);
        Assert.Contains("val loss", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_with_the_trained_autoencoder_reports_its_reading_and_the_other_risk_models()
    {
        (await TrainAsync()).AssertOk();

        var summary = Summary((await VigilCommand.RunAsync(
            "replay", market.File.Path, "--model-dir", Registry, "--autoencoder-version", "latest", "--json")).AssertOk());
        var table = (await VigilCommand.RunAsync("replay", market.File.Path, "--model-dir", Registry, "--autoencoder-version", "v0001")).AssertOk();

        var risk = summary.GetProperty("risk");
        var autoencoder = risk.GetProperty("autoencoder");
        Assert.Equal("ready", autoencoder.Str("status"));
        Assert.Equal("lstm_autoencoder v0001", autoencoder.Str("model"));
        Assert.InRange(autoencoder.Num("score"), 0, 1);
        Assert.True(autoencoder.Num("reconstruction_error") > 0);
        // Five minutes (1,200 steps) with a flash crash: CISS, VaR and credit are warm; the absorption ratio and
        // turbulence need their 1,200-step long windows first, and say so rather than print a number.
        Assert.Equal("ready", risk.GetProperty("ciss").Str("status"));
        Assert.InRange(risk.GetProperty("ciss").Num("index"), 0, 1);
        Assert.False(string.IsNullOrEmpty(risk.GetProperty("ciss").Str("top_segment")));
        Assert.Equal("warming up", risk.GetProperty("absorption_ratio").Str("status"));
        Assert.True(risk.GetProperty("absorption_ratio").IsNull("shift"));
        Assert.Equal("warming up", risk.GetProperty("turbulence").Str("status"));
        var marketRisk = risk.GetProperty("market_risk");
        Assert.Equal("ready", marketRisk.Str("status"));
        Assert.True(marketRisk.Num("var99") > 0);
        Assert.Contains(marketRisk.Str("regime"), new[] { "unknown", "calm", "elevated", "turbulent" });
        Assert.Contains(marketRisk.Str("traffic_light"), new[] { "green", "yellow", "red" });
        Assert.Equal("ready", risk.GetProperty("credit").Str("status"));
        Assert.True(risk.GetProperty("credit").Num("min_distance_to_default") > 0);
        Assert.Contains("risk models", table.Out, StringComparison.Ordinal);
        Assert.Contains("LSTM autoencoder", table.Out, StringComparison.Ordinal);
        Assert.Contains("lstm_autoencoder v0001", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_without_an_autoencoder_says_there_is_no_model()
    {
        var summary = Summary((await VigilCommand.RunAsync("replay", market.File.Path, "--json")).AssertOk());
        var table = (await VigilCommand.RunAsync("replay", market.File.Path)).AssertOk();

        Assert.Equal("no model", summary.GetProperty("risk").GetProperty("autoencoder").Str("status"));
        Assert.True(summary.GetProperty("risk").GetProperty("autoencoder").IsNull("score"));
        Assert.Contains("no model", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_and_replay_of_the_same_ticks_load_the_same_autoencoder_and_read_the_same()
    {
        (await TrainAsync()).AssertOk();

        var simulated = Summary((await VigilCommand.RunAsync(
            [.. StressMarket.SimulateArgs, "--model-dir", Registry, "--autoencoder-version", "latest", "--json"])).AssertOk());
        var replayed = Summary((await VigilCommand.RunAsync(
            "replay", market.File.Path, "--model-dir", Registry, "--autoencoder-version", "latest", "--json")).AssertOk());

        var a = simulated.GetProperty("risk").GetProperty("autoencoder");
        var b = replayed.GetProperty("risk").GetProperty("autoencoder");
        Assert.Equal("ready", a.Str("status"));
        Assert.Equal(a.Num("score"), b.Num("score"), 9);
        Assert.Equal(a.Num("reconstruction_error"), b.Num("reconstruction_error"), 9);
    }

    [Fact]
    public async Task An_autoencoder_trained_on_other_instruments_is_refused_naming_the_difference()
    {
        (await TrainAsync()).AssertOk();
        var fred = _directory.File("DGS10.csv");
        MarketFiles.WriteFred(fred, days: 300);

        var result = await VigilCommand.RunAsync("replay", fred, "--model-dir", Registry, "--autoencoder-version", "latest", "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.StartsWith("vigil: --autoencoder-version: lstm_autoencoder v0001 does not fit this engine: it expects 72 features", result.Error, StringComparison.Ordinal);
        Assert.Contains("the engine provides 4", result.Error, StringComparison.Ordinal);
        Assert.Contains("DGS10", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_autoencoder_arguments_are_usage_errors()
    {
        var noRegistry = await VigilCommand.RunAsync("replay", market.File.Path, "--autoencoder-version", "latest");
        var badVersion = await VigilCommand.RunAsync("replay", market.File.Path, "--model-dir", _directory.Path, "--autoencoder-version", "newest");
        var badEpochs = await VigilCommand.RunAsync("train", "--kind", "lstm_autoencoder", "--dir", Registry, "--epochs", "0", "--batch", "0");
        var missing = await VigilCommand.RunAsync("replay", market.File.Path, "--model-dir", _directory.Path, "--autoencoder-version", "latest");

        Assert.Equal(2, noRegistry.ExitCode);
        Assert.Contains("--autoencoder-version needs --model-dir", noRegistry.Error, StringComparison.Ordinal);
        Assert.Equal(2, badVersion.ExitCode);
        Assert.Contains("--autoencoder-version: 'newest' is not a version", badVersion.Error, StringComparison.Ordinal);
        Assert.Equal(2, badEpochs.ExitCode);
        Assert.Contains("--epochs must be positive (got 0).", badEpochs.Error, StringComparison.Ordinal);
        Assert.Contains("--batch must be positive (got 0).", badEpochs.Error, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("has no readable lstm_autoencoder model", missing.Error, StringComparison.Ordinal);
    }

    private static JsonElement Summary(CliResult result) => result.JsonLines().OfType("summary").Single();
}
