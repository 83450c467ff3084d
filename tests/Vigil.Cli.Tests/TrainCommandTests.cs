using System.Text.Json;
using Vigil.Cli.Tests.Support;
using Vigil.Detection.Models;

namespace Vigil.Cli.Tests;

public sealed class TrainCommandTests(StressMarket market) : IClassFixture<StressMarket>, IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string Registry => _directory.File("models");

    [Fact]
    public async Task Training_on_a_short_calm_simulation_writes_a_versioned_forest_with_metadata_and_metrics()
    {
        var result = (await VigilCommand.RunAsync("train", "--dir", Registry, "--steps", "600", "--trees", "40", "--json")).AssertOk();

        var line = result.SingleJson();
        Assert.Equal("model", line.Str("type"));
        var model = line.GetProperty("model");
        Assert.Equal("isolation_forest", model.Str("kind"));
        Assert.Equal("v0001", model.Str("version_label"));
        Assert.Equal(Path.Combine(Path.GetFullPath(Registry), "isolation_forest", "v0001"), line.Str("path"));
        Assert.Equal(72, model.GetProperty("schema").Items("names").Count());
        var trainedOn = model.GetProperty("trained_on");
        Assert.Equal(480, trainedOn.Long("step_count"));
        Assert.Contains("simulator seed 42, calm, 600 steps", trainedOn.Str("source"), StringComparison.Ordinal);
        Assert.True(trainedOn.Long("last_timestamp_ns") > trainedOn.Long("first_timestamp_ns"));
        var metrics = model.GetProperty("metrics");
        Assert.Equal(480, metrics.Num("fit_rows"));
        Assert.Equal(120, metrics.Num("holdout_rows"));
        Assert.Equal(40, metrics.Num("tree_count"));
        Assert.InRange(metrics.Num("holdout_score_p50"), 0.3, metrics.Num("holdout_score_p99"));
        Assert.InRange(metrics.Num("holdout_fraction_above_threshold"), 0, 0.05);
        Assert.False(string.IsNullOrEmpty(model.GetProperty("code").Str("informational_version")));
        Assert.True(File.Exists(Path.Combine(line.Str("path"), "model.bin")));
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task Training_twice_makes_version_two_and_the_listing_shows_both()
    {
        (await VigilCommand.RunAsync("train", "--dir", Registry, "--steps", "300", "--trees", "10", "--json")).AssertOk();
        (await VigilCommand.RunAsync("train", "--dir", Registry, "--steps", "300", "--trees", "10", "--seed", "9", "--json")).AssertOk();

        var list = (await VigilCommand.RunAsync("models", "list", "--dir", Registry, "--json")).AssertOk().SingleJson();
        var table = (await VigilCommand.RunAsync("models", "list", "--dir", Registry)).AssertOk();

        Assert.Equal(["v0001", "v0002"], list.Items("models").Select(m => m.Str("version_label")));
        Assert.Empty(list.Items("skipped"));
        Assert.Contains("isolation_forest", table.Out, StringComparison.Ordinal);
        Assert.Contains("v0002", table.Out, StringComparison.Ordinal);
        Assert.Contains("seed 9", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_listing_reports_a_damaged_model_and_still_lists_the_others()
    {
        (await VigilCommand.RunAsync("train", "--dir", Registry, "--steps", "300", "--trees", "10", "--json")).AssertOk();
        (await VigilCommand.RunAsync("train", "--dir", Registry, "--steps", "300", "--trees", "10", "--json")).AssertOk();
        File.WriteAllText(Path.Combine(Registry, "isolation_forest", "v0001", "metadata.json"), "{ not json");

        var list = (await VigilCommand.RunAsync("models", "list", "--dir", Registry, "--json")).AssertOk().SingleJson();
        var table = (await VigilCommand.RunAsync("models", "list", "--dir", Registry)).AssertOk();

        Assert.Equal(["v0002"], list.Items("models").Select(m => m.Str("version_label")));
        var skipped = Assert.Single(list.Items("skipped"));
        Assert.StartsWith("isolation_forest v0001 has corrupt metadata", skipped.Str("reason"), StringComparison.Ordinal);
        Assert.Contains("skipped", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_loads_the_trained_model_from_the_registry_and_scores_the_crash_from_the_first_step()
    {
        (await VigilCommand.RunAsync("train", "--dir", Registry, "--steps", "600", "--trees", "50", "--json")).AssertOk();

        var online = (await VigilCommand.RunAsync("replay", market.File.Path, "--json")).AssertOk().JsonLines();
        var loaded = (await VigilCommand.RunAsync("replay", market.File.Path, "--model-dir", Registry, "--json")).AssertOk().JsonLines();
        var pinned = (await VigilCommand.RunAsync("replay", market.File.Path, "--model-dir", Registry, "--model-version", "v0001", "--json")).AssertOk().JsonLines();

        Assert.Equal(Render(loaded), Render(pinned));
        Assert.NotEqual(Render(online), Render(loaded));
        Assert.True(ForestScore(FirstOpened(loaded)) > 0, "the registry's forest did not score the crash");
    }

    [Fact]
    public async Task Replay_and_a_file_model_load_the_same_forest_bit_for_bit()
    {
        var line = (await VigilCommand.RunAsync("train", "--dir", Registry, "--steps", "400", "--trees", "30", "--json")).AssertOk().SingleJson();
        var file = Path.Combine(line.Str("path"), ModelRegistry.PayloadFileName);

        var fromRegistry = (await VigilCommand.RunAsync("replay", market.File.Path, "--model-dir", Registry, "--json")).AssertOk().JsonLines();
        var fromFile = (await VigilCommand.RunAsync("replay", market.File.Path, "--model", file, "--json")).AssertOk().JsonLines();

        Assert.Equal(Render(fromFile), Render(fromRegistry));
    }

    [Fact]
    public async Task Replay_refuses_a_registry_model_trained_on_other_instruments_and_says_why()
    {
        (await VigilCommand.RunAsync("train", "--dir", Registry, "--steps", "300", "--trees", "10", "--json")).AssertOk();
        var fred = _directory.File("DGS10.csv");
        MarketFiles.WriteFred(fred, days: 300);

        var result = await VigilCommand.RunAsync("replay", fred, "--model-dir", Registry, "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.StartsWith("vigil: --model-dir: isolation_forest v0001 does not fit this engine: it expects 72 features", result.Error, StringComparison.Ordinal);
        Assert.Contains("the engine provides 4", result.Error, StringComparison.Ordinal);
        Assert.Contains("DGS10", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_names_the_versions_there_are_when_asked_for_a_missing_one()
    {
        (await VigilCommand.RunAsync("train", "--dir", Registry, "--steps", "300", "--trees", "10", "--json")).AssertOk();

        var missing = await VigilCommand.RunAsync("replay", market.File.Path, "--model-dir", Registry, "--model-version", "v0004");
        var bad = await VigilCommand.RunAsync("replay", market.File.Path, "--model-dir", Registry, "--model-version", "newest");
        var both = await VigilCommand.RunAsync("replay", market.File.Path, "--model-dir", Registry, "--model", "x.vif");
        var empty = await VigilCommand.RunAsync("replay", market.File.Path, "--model-dir", _directory.Path);

        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("has no isolation_forest v0004; it has v0001.", missing.Error, StringComparison.Ordinal);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--model-version: 'newest' is not a version", bad.Error, StringComparison.Ordinal);
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("--model and --model-dir both name a model", both.Error, StringComparison.Ordinal);
        Assert.Equal(1, empty.ExitCode);
        Assert.Contains("has no readable isolation_forest model", empty.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Training_on_a_replay_file_records_the_file_as_its_source()
    {
        var line = (await VigilCommand.RunAsync("train", "--dir", Registry, "--replay", market.File.Path, "--trees", "20", "--json")).AssertOk().SingleJson();

        var trainedOn = line.GetProperty("model").GetProperty("trained_on");
        Assert.StartsWith(Path.GetFullPath(market.File.Path), trainedOn.Str("source"), StringComparison.Ordinal);
        Assert.True(trainedOn.Long("step_count") > 100);
    }

    [Theory]
    [InlineData("--steps", "0", "--steps must be positive")]
    [InlineData("--holdout", "0.95", "--holdout must be in [0, 0.9]")]
    [InlineData("--kind", "forest", "--kind: cannot train 'forest'")]
    [InlineData("--trees", "0", "--trees must be positive")]
    public async Task Bad_arguments_are_usage_errors(string option, string value, string message)
    {
        var result = await VigilCommand.RunAsync("train", "--dir", Registry, option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Registry));
    }

    [Fact]
    public async Task Too_few_steps_to_train_is_a_clear_error_that_writes_nothing()
    {
        var result = await VigilCommand.RunAsync("train", "--dir", Registry, "--steps", "5");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Run more steps", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Registry));
    }

    [Fact]
    public async Task Listing_a_missing_directory_is_an_error()
    {
        var result = await VigilCommand.RunAsync("models", "list", "--dir", _directory.File("absent"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no such directory", result.Error, StringComparison.Ordinal);
    }

    private static string Render(IReadOnlyList<JsonElement> lines) =>
        string.Join('\n', lines.Where(l => l.Str("type") == "warning").Select(l => l.GetRawText()));

    private static JsonElement FirstOpened(IReadOnlyList<JsonElement> lines) =>
        lines.OfType("warning").First(e => e.Str("event") == "opened");

    private static double ForestScore(JsonElement warning) =>
        warning.Items("contributions").Single(c => c.Str("detector") == "ISOLATION_FOREST").Num("score");
}

public sealed class TrainedModelInSimulationTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Simulate_scores_a_crisis_with_the_registry_forest_while_an_online_one_is_still_learning()
    {
        var registry = _directory.File("models");
        (await VigilCommand.RunAsync("train", "--dir", registry, "--steps", "600", "--trees", "50", "--seed", "3", "--json")).AssertOk();
        string[] crisis = ["simulate", "--preset", "covid2020", "--minutes", "3", "--calm-minutes", "2", "--json"];

        var online = (await VigilCommand.RunAsync(crisis)).AssertOk().JsonLines();
        var loaded = (await VigilCommand.RunAsync([.. crisis, "--model-dir", registry])).AssertOk().JsonLines();

        Assert.Equal(0, ForestScore(FirstOpened(online)));
        Assert.True(ForestScore(FirstOpened(loaded)) > 0, "the registry's forest did not score the crisis");
    }

    private static JsonElement FirstOpened(IReadOnlyList<JsonElement> lines) =>
        lines.OfType("warning").First(e => e.Str("event") == "opened");

    private static double ForestScore(JsonElement warning) =>
        warning.Items("contributions").Single(c => c.Str("detector") == "ISOLATION_FOREST").Num("score");
}
