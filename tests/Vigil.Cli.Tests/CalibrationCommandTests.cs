using System.Text.Json;
using Vigil.Cli.Tests.Support;

namespace Vigil.Cli.Tests;

public sealed class CalibrationCommandTests(StressMarket market) : IClassFixture<StressMarket>, IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string Registry => _directory.File("models");

    // Another seed than the replayed market's: the calibration is of calm data in general, not of these ticks.
    private Task<CliResult> TrainAsync() =>
        VigilCommand.RunAsync("train", "--kind", "calibration", "--dir", Registry, "--steps", "1500", "--seed", "7", "--json");

    [Fact]
    public async Task Training_a_calibration_saves_every_detectors_history_with_its_quantiles_and_the_profile()
    {
        var line = (await TrainAsync()).AssertOk().SingleJson();

        var model = line.GetProperty("model");
        Assert.Equal("calibration", model.Str("kind"));
        Assert.Equal("v0001", model.Str("version_label"));
        Assert.Equal(72, model.GetProperty("schema").Items("names").Count());
        // Every step the engine closed, not only those with a complete state vector.
        Assert.Equal(1500, model.GetProperty("trained_on").Long("step_count"));
        var metrics = model.GetProperty("metrics");
        Assert.Equal(Vigil.Engine.Pipeline.EngineOptions.DefaultEnsemble.Count, (int)metrics.Num("detectors"));
        Assert.InRange(metrics.Num("detectors_with_history"), 8, Vigil.Engine.Pipeline.EngineOptions.DefaultEnsemble.Count);
        // The calibrator keeps its first 128 values, then every 4th: 128 + (1500 − 128 − warm-up) / 4 at most.
        Assert.InRange(metrics.Num("ciss_history_count"), 128, 471);
        Assert.InRange(metrics.Num("zscore_raw_p50"), 0, metrics.Num("zscore_raw_p99"));
        Assert.Contains("Intraday engine profile", model.Str("description"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(model.GetProperty("code").Str("informational_version")));

        var list = (await VigilCommand.RunAsync("models", "list", "--dir", Registry, "--json")).AssertOk().SingleJson();
        var table = (await VigilCommand.RunAsync("models", "list", "--dir", Registry)).AssertOk();
        var listed = Assert.Single(list.Items("models"));
        Assert.Equal("calibration", listed.Str("kind"));
        Assert.Equal("v0001", listed.Str("version_label"));
        Assert.Contains($"{metrics.Num("detectors_with_history")} of {metrics.Num("detectors")} detectors calibrated", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_with_a_restored_calibration_scores_from_its_first_steps_where_a_cold_engine_waits()
    {
        (await TrainAsync()).AssertOk();

        var cold = Summary((await VigilCommand.RunAsync("replay", market.File.Path, "--json")).AssertOk());
        var warm = Summary((await VigilCommand.RunAsync(
            "replay", market.File.Path, "--model-dir", Registry, "--calibration-version", "latest", "--json")).AssertOk());
        var table = (await VigilCommand.RunAsync("replay", market.File.Path, "--model-dir", Registry, "--calibration-version", "v0001")).AssertOk();

        Assert.True(cold.IsNull("calibration"));
        var calibration = warm.GetProperty("calibration");
        Assert.Equal("calibration v0001", calibration.Str("model"));
        Assert.Empty(calibration.Items("uncovered"));
        // A cold engine needs 128 values of half its primary detectors' raw values before it scores; restored, it
        // scores as soon as the detectors give raw values.
        var coldReady = cold.Long("first_ready_step");
        var warmReady = warm.Long("first_ready_step");
        Assert.True(warmReady + 100 < coldReady, $"restored first ready step {warmReady}, cold {coldReady}");
        Assert.Contains("first calibrated step", table.Out, StringComparison.Ordinal);
        Assert.Contains("calibration v0001, every detector covered", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_calibration_made_for_other_instruments_is_refused_naming_the_difference()
    {
        (await TrainAsync()).AssertOk();
        var fred = _directory.File("DGS10.csv");
        MarketFiles.WriteFred(fred, days: 300);

        var result = await VigilCommand.RunAsync("replay", fred, "--model-dir", Registry, "--calibration-version", "latest", "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.StartsWith("vigil: --calibration-version: calibration v0001 does not fit this engine: it expects 72 features", result.Error, StringComparison.Ordinal);
        Assert.Contains("DGS10", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_calibration_trained_on_a_daily_file_names_the_daily_profile_and_restores_into_a_replay_of_it()
    {
        var fred = _directory.File("DGS10.csv");
        MarketFiles.WriteFred(fred, days: 600);

        var line = (await VigilCommand.RunAsync("train", "--kind", "calibration", "--dir", Registry, "--replay", fred, "--json")).AssertOk().SingleJson();
        var summary = Summary((await VigilCommand.RunAsync(
            "replay", fred, "--model-dir", Registry, "--calibration-version", "latest", "--json")).AssertOk());

        var model = line.GetProperty("model");
        Assert.Contains("Daily engine profile", model.Str("description"), StringComparison.Ordinal);
        Assert.Equal(4, model.GetProperty("schema").Items("names").Count());
        Assert.True(model.GetProperty("trained_on").Long("step_count") > 0);
        Assert.Equal("calibration v0001", summary.GetProperty("calibration").Str("model"));
    }

    [Fact]
    public async Task Bad_calibration_arguments_are_usage_errors()
    {
        var noRegistry = await VigilCommand.RunAsync("replay", market.File.Path, "--calibration-version", "latest");
        var badVersion = await VigilCommand.RunAsync("replay", market.File.Path, "--model-dir", _directory.Path, "--calibration-version", "newest");
        var missing = await VigilCommand.RunAsync("replay", market.File.Path, "--model-dir", _directory.Path, "--calibration-version", "latest");

        Assert.Equal(2, noRegistry.ExitCode);
        Assert.Contains("--calibration-version needs --model-dir", noRegistry.Error, StringComparison.Ordinal);
        Assert.Equal(2, badVersion.ExitCode);
        Assert.Contains("'newest' is not a version", badVersion.Error, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no readable calibration model", missing.Error, StringComparison.Ordinal);
    }

    private static JsonElement Summary(CliResult result) => result.JsonLines().OfType("summary").Single();
}
