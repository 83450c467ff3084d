using System.Text.Json;
using System.Text.RegularExpressions;
using Vigil.Cli.Tests.Support;

namespace Vigil.Cli.Tests;

public sealed class EvalNabCommandTests : IDisposable
{
    private static readonly string Excerpt = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Nab");
    private static readonly string[] Profiles = ["standard", "reward_low_FP_rate", "reward_low_FN_rate"];

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Both_detectors_are_scored_under_all_three_profiles()
    {
        var eval = (await VigilCommand.RunAsync("eval", "nab", "--data", Excerpt, "--json")).AssertOk().SingleJson();

        Assert.Equal(Excerpt, eval.Str("data"));
        Assert.Equal(2, eval.Long("files"));
        Assert.Equal(6, eval.Long("windows"));
        var detectors = eval.Items("detectors").ToList();
        Assert.Equal(["vigil", "windowed-gaussian"], detectors.Select(d => d.Str("detector")));
        foreach (var detector in detectors)
        {
            Assert.False(detector.GetProperty("published").GetBoolean());
            Assert.True(detector.GetProperty("complete").GetBoolean());
            AssertProfiles(detector, withThreshold: true);
        }

        Assert.True(eval.IsNull("reference_check"));
    }

    [Fact]
    public async Task Published_detectors_are_scored_on_the_same_files()
    {
        var eval = (await VigilCommand.RunAsync("eval", "nab", "--data", Excerpt, "--json")).AssertOk().SingleJson();

        var published = eval.Items("published").ToDictionary(p => p.Str("detector"));
        Assert.Equal(["Null", "Windowed Gaussian"], published.Keys.Order(StringComparer.Ordinal));
        foreach (var p in published.Values)
        {
            Assert.True(p.GetProperty("published").GetBoolean());
            Assert.True(p.GetProperty("complete").GetBoolean());
            AssertProfiles(p, withThreshold: false);
        }

        // NAB's null detector scores exactly the null score, which normalises to 0.
        Assert.All(Profiles, name => Assert.Equal(0, published["Null"].GetProperty("profiles").GetProperty(name).Num("normalised"), 9));

        // Published scores are the sums of the per-file rows of the excerpt.
        var standard = published["Windowed Gaussian"].GetProperty("profiles").GetProperty("standard");
        var perFile = File.ReadAllLines(Path.Combine(Excerpt, "reference", "per_file_scores", "windowedGaussian", "windowedGaussian_standard_scores.csv"))
            .Skip(1).Sum(l => double.Parse(l.Split(',')[4], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(perFile, standard.Num("score"), 9);
    }

    [Fact]
    public async Task One_detector_can_be_chosen_by_name_ignoring_case()
    {
        var eval = (await VigilCommand.RunAsync("eval", "nab", "--data", Excerpt, "--detector", "Windowed-Gaussian", "--json")).AssertOk().SingleJson();

        var detector = Assert.Single(eval.Items("detectors"));
        Assert.Equal("windowed-gaussian", detector.Str("detector"));
    }

    [Fact]
    public async Task The_reference_check_reproduces_every_published_per_file_score()
    {
        var eval = (await VigilCommand.RunAsync("eval", "nab", "--data", Excerpt, "--detector", "vigil", "--check-reference", "--json")).AssertOk().SingleJson();

        var check = eval.GetProperty("reference_check");
        Assert.Equal("windowedGaussian", check.Str("detector"));
        Assert.Equal(6, check.Long("total"));
        Assert.Equal(6, check.Long("matched"));
        Assert.InRange(check.Num("max_row_difference"), 0, 1e-9);
    }

    [Fact]
    public async Task People_get_a_score_table_with_the_published_detectors_and_the_reference_check()
    {
        var result = (await VigilCommand.RunAsync("eval", "nab", "--data", Excerpt, "--check-reference")).AssertOk();

        Assert.Contains("NAB, 2 files, 6 anomaly windows", result.Out, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"vigil \(this run\)\s+│\s+-?\d+\.\d\s+│"), result.Out);
        Assert.Matches(new Regex(@"windowed-gaussian \(this run\)\s+│\s+-?\d+\.\d\s+│"), result.Out);
        Assert.Contains("Windowed Gaussian (published)", result.Out, StringComparison.Ordinal);
        Assert.Contains("Reference check: 6 of 6 published per-file scores of NAB's windowedGaussian reproduced", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corpus_without_published_scores_is_scored_alone()
    {
        var root = WriteGeneratedCorpus();

        var eval = (await VigilCommand.RunAsync("eval", "nab", "--data", root, "--json")).AssertOk().SingleJson();

        Assert.Equal(2, eval.Long("files"));
        Assert.Equal(2, eval.Long("windows"));
        Assert.Equal(2, eval.GetProperty("detectors").GetArrayLength());
        Assert.Empty(eval.Items("published"));
        foreach (var detector in eval.Items("detectors"))
        {
            AssertProfiles(detector, withThreshold: true);
        }
    }

    [Fact]
    public async Task The_reference_check_without_reference_files_is_a_clear_error()
    {
        var root = WriteGeneratedCorpus();

        var result = await VigilCommand.RunAsync("eval", "nab", "--data", root, "--check-reference", "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.StartsWith($"vigil: {root}: ", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task An_unknown_detector_is_a_usage_error_naming_the_valid_ones()
    {
        var result = await VigilCommand.RunAsync("eval", "nab", "--data", Excerpt, "--detector", "htm", "--json");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Contains("unknown detector 'htm'; choose one of vigil, windowed-gaussian or all.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_that_is_not_a_nab_checkout_is_a_clear_error()
    {
        var result = await VigilCommand.RunAsync("eval", "nab", "--data", _directory.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"vigil: {_directory.Path}: No NAB data folder at {Path.Combine(_directory.Path, "data")}.", result.Error.Trim());
    }

    [Fact]
    public async Task A_window_that_lies_on_no_row_is_a_clear_error()
    {
        var root = WriteGeneratedCorpus(windowStart: "2014-07-01 00:02:30");

        var result = await VigilCommand.RunAsync("eval", "nab", "--data", root);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("a window limit matches no row's timestamp", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_data_option_is_required()
    {
        var result = await VigilCommand.RunAsync("eval", "nab");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--data", result.Error, StringComparison.Ordinal);
    }

    private static void AssertProfiles(JsonElement detector, bool withThreshold)
    {
        var profiles = detector.GetProperty("profiles");
        Assert.Equal(Profiles.Order(StringComparer.Ordinal), profiles.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        foreach (var name in Profiles)
        {
            var p = profiles.GetProperty(name);
            var score = p.Num("score");
            var nullScore = p.Num("null_score");
            var perfect = p.Num("perfect_score");
            Assert.True(nullScore < perfect, $"{detector.Str("detector")} {name}: null {nullScore}, perfect {perfect}");
            Assert.InRange(score, double.MinValue, perfect);
            Assert.Equal(100 * (score - nullScore) / (perfect - nullScore), p.Num("normalised"), 9);
            Assert.Equal(withThreshold, !p.IsNull("threshold"));
        }

        // The low-FN profile doubles the cost of a miss, so its null score is twice the standard one.
        Assert.Equal(2 * profiles.GetProperty("standard").Num("null_score"), profiles.GetProperty("reward_low_FN_rate").Num("null_score"), 9);
    }

    /// <summary>A tiny NAB-shaped folder: two generated series with one window each, NAB's profiles, no reference.</summary>
    private string WriteGeneratedCorpus(string windowStart = "2014-07-01 08:00:00")
    {
        var root = _directory.File("nab");
        var start = new DateTime(2014, 7, 1, 0, 0, 0, DateTimeKind.Utc);
        MarketFiles.WriteNabSeries(Path.Combine(root, "data", "synthetic", "burst.csv"), rows: 400, start, burstAt: 110);
        MarketFiles.WriteNabSeries(Path.Combine(root, "data", "synthetic", "quiet.csv"), rows: 300, start);
        MarketFiles.WriteNabSeries(Path.Combine(root, "data", "synthetic", "unlabelled.csv"), rows: 50, start);
        _directory.Write(
            Path.Combine("nab", "labels", "combined_windows.json"),
            $$"""
            {
              "synthetic/burst.csv": [["{{windowStart}}", "2014-07-01 11:20:00"]],
              "synthetic/quiet.csv": [["2014-07-01 10:00:00.000000", "2014-07-01 12:00:00.000000"]]
            }
            """);
        var config = Directory.CreateDirectory(Path.Combine(root, "config")).FullName;
        File.Copy(Path.Combine(Excerpt, "config", "profiles.json"), Path.Combine(config, "profiles.json"));
        return root;
    }
}
