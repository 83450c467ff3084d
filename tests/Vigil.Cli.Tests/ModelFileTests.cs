using System.Text.Json;
using Vigil.Cli.Tests.Support;

namespace Vigil.Cli.Tests;

public sealed class ModelFileTests(StressMarket market) : IClassFixture<StressMarket>, IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_calm_simulation_saves_its_trained_forest_and_says_so()
    {
        var path = _directory.File("calm.vif");

        var result = (await VigilCommand.RunAsync("simulate", "--minutes", "2", "--seed", "7", "--save-model", path)).AssertOk();

        Assert.True(File.Exists(path));
        Assert.Contains($"Saved the Isolation Forest (200 trees, 72 features, trained on 384 steps) to {path}.", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saving_with_json_keeps_stdout_to_json_lines()
    {
        var path = _directory.File("calm.vif");

        var result = (await VigilCommand.RunAsync("simulate", "--minutes", "2", "--save-model", path, "--json")).AssertOk();

        Assert.True(File.Exists(path));
        Assert.Equal("summary", Assert.Single(result.JsonLines()).Str("type"));
    }

    [Fact]
    public async Task A_run_too_short_to_train_the_forest_cannot_save_it()
    {
        var path = _directory.File("untrained.vif");

        var result = await VigilCommand.RunAsync("simulate", "--minutes", "0.5", "--save-model", path, "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--save-model: the run ended before the Isolation Forest finished training", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task A_loaded_model_needs_no_training_and_is_saved_back_unchanged()
    {
        var trained = await TrainOnCalmSimulation();
        var resaved = _directory.File("resaved.vif");

        (await VigilCommand.RunAsync("simulate", "--minutes", "0.5", "--model", trained, "--save-model", resaved, "--json")).AssertOk();

        Assert.Equal(File.ReadAllBytes(trained), File.ReadAllBytes(resaved));
    }

    [Fact]
    public async Task A_loaded_model_scores_the_crisis_while_an_untrained_forest_is_still_learning()
    {
        var trained = await TrainOnCalmSimulation();
        string[] crisis = ["simulate", "--preset", "covid2020", "--minutes", "3", "--calm-minutes", "2", "--json"];

        var without = FirstOpened((await VigilCommand.RunAsync(crisis)).AssertOk().JsonLines());
        var with = FirstOpened((await VigilCommand.RunAsync([.. crisis, "--model", trained])).AssertOk().JsonLines());

        Assert.Equal(0, ForestScore(without));
        Assert.True(ForestScore(with) > 0, $"the loaded forest did not score the crisis: {with}");
    }

    [Fact]
    public async Task A_model_saved_by_replay_loads_into_a_simulation_of_the_same_instruments()
    {
        var path = _directory.File("replayed.vif");
        (await VigilCommand.RunAsync("replay", market.File.Path, "--save-model", path, "--json")).AssertOk();

        var result = await VigilCommand.RunAsync("simulate", "--minutes", "0.5", "--model", path, "--json");

        result.AssertOk();
    }

    [Fact]
    public async Task A_model_trained_on_other_instruments_is_refused_naming_the_mismatch()
    {
        var trained = await TrainOnCalmSimulation();
        var fred = _directory.File("DGS10.csv");
        MarketFiles.WriteFred(fred, days: 300);

        var result = await VigilCommand.RunAsync("replay", fred, "--model", trained, "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.StartsWith($"vigil: {trained}: The model expects 72 features", result.Error, StringComparison.Ordinal);
        Assert.Contains("the engine provides 4 features", result.Error, StringComparison.Ordinal);
        Assert.Contains("DGS10", result.Error, StringComparison.Ordinal);
        Assert.Contains("Retrain the model", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_model_is_refused()
    {
        var path = _directory.Write("notes.txt", "not a model\n");

        var result = await VigilCommand.RunAsync("simulate", "--minutes", "0.5", "--model", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"vigil: {path}: This is not a Vigil Isolation Forest model file", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_model_file_is_a_clear_error()
    {
        var path = _directory.File("absent.vif");

        var result = await VigilCommand.RunAsync("replay", market.File.Path, "--model", path);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"vigil: {path}: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_path_that_cannot_be_written_is_a_clear_error()
    {
        var path = Path.Combine(_directory.File("no-such-folder"), "model.vif");

        var result = await VigilCommand.RunAsync("simulate", "--minutes", "2", "--save-model", path, "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"vigil: --save-model: {path}: ", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private async Task<string> TrainOnCalmSimulation()
    {
        var path = _directory.File("trained.vif");
        (await VigilCommand.RunAsync("simulate", "--minutes", "2", "--seed", "7", "--save-model", path, "--json")).AssertOk();
        return path;
    }

    private static JsonElement FirstOpened(IReadOnlyList<JsonElement> lines) =>
        lines.OfType("warning").First(e => e.Str("event") == "opened");

    private static double ForestScore(JsonElement warning) =>
        warning.Items("contributions").Single(c => c.Str("detector") == "ISOLATION_FOREST").Num("score");
}
