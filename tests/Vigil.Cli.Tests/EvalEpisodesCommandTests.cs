using System.Text.RegularExpressions;
using Vigil.Cli.Tests.Support;

namespace Vigil.Cli.Tests;

public sealed class EvalEpisodesCommandTests(StressMarket market) : IClassFixture<StressMarket>, IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_crisis_episode_is_detected_and_the_calm_one_is_not()
    {
        var labels = WriteLabels();

        var eval = (await VigilCommand.RunAsync("eval", "episodes", market.File.Path, "--labels", labels, "--json")).AssertOk().SingleJson();

        Assert.Equal(market.File.Path, eval.Str("file"));
        Assert.Equal(labels, eval.Str("labels"));
        var episodes = eval.Items("episodes").ToList();
        Assert.Equal([1, 2], episodes.Select(e => (int)e.Long("id")));

        var calm = episodes[0];
        Assert.Equal("calm", calm.Str("type"));
        Assert.False(calm.GetProperty("detected").GetBoolean());
        Assert.True(calm.IsNull("delay_seconds"));
        Assert.True(calm.IsNull("warning_id"));
        Assert.True(calm.IsNull("severity"));
        Assert.Equal(0, calm.Long("warnings_opened"));

        var crisis = episodes[1];
        Assert.Equal("flash_crash", crisis.Str("type"));
        Assert.Equal("2023-11-14T22:15:50.000Z", crisis.Str("start"));
        Assert.True(crisis.GetProperty("detected").GetBoolean());
        Assert.InRange(crisis.Num("delay_seconds"), 0, 60);
        Assert.Matches(new Regex("^blackswan_W[0-9]{6}$"), crisis.Str("warning_id"));
        Assert.Contains(crisis.Str("severity"), new[] { "ELEVATED", "HIGH", "SEVERE", "EXTREME" });
        Assert.True(crisis.Long("warnings_opened") >= 1);
    }

    [Fact]
    public async Task Detections_false_alarms_and_delays_add_up_and_agree_with_a_replay()
    {
        var labels = WriteLabels();

        var eval = (await VigilCommand.RunAsync("eval", "episodes", market.File.Path, "--labels", labels, "--json")).AssertOk().SingleJson();
        var replay = (await VigilCommand.RunAsync("replay", market.File.Path, "--json")).AssertOk().JsonLines();

        var episodes = eval.Items("episodes").ToList();
        var detected = episodes.Where(e => e.GetProperty("detected").GetBoolean()).ToList();
        Assert.Equal(episodes.Count, eval.Long("total"));
        Assert.Equal(detected.Count, eval.Long("detected"));
        Assert.Equal(detected.Max(e => e.Num("delay_seconds")), eval.Num("max_delay_seconds"), 9);
        Assert.Equal(detected.Average(e => e.Num("delay_seconds")), eval.Num("mean_delay_seconds"), 9);

        var falseAlarms = eval.Items("false_alarms").ToList();
        Assert.Equal(falseAlarms.Count, eval.Long("false_alarm_count"));

        // Every warning the replay opens is either inside an episode or a false alarm, never both.
        var opened = replay.OfType("warning").Where(e => e.Str("event") == "opened").ToList();
        Assert.Equal(opened.Count, episodes.Sum(e => e.Long("warnings_opened")) + falseAlarms.Count);
        var firstInCrisis = opened.First(o => o.Str("id") == detected.Single().Str("warning_id"));
        Assert.Equal(
            (firstInCrisis.Long("ts_ns") / 1_000_000 - (market.File.ScenarioStartMs!.Value)) / 1000.0,
            detected.Single().Num("delay_seconds"),
            9);
        Assert.All(falseAlarms, f => Assert.Contains(opened, o => o.Str("id") == f.Str("warning_id") && o.Str("ts") == f.Str("opened_at")));
    }

    [Fact]
    public async Task A_warning_outside_every_episode_is_a_false_alarm()
    {
        // Only the calm minutes are labelled, so the crisis warning falls outside every episode.
        var labels = _directory.File("calm-only.labels.json");
        MarketFiles.WriteLabels(labels, (1, "calm", MarketFiles.StartMs + 60_000, MarketFiles.StartMs + 135_000));

        var eval = (await VigilCommand.RunAsync("eval", "episodes", market.File.Path, "--labels", labels, "--json")).AssertOk().SingleJson();

        Assert.Equal(0, eval.Long("detected"));
        Assert.True(eval.IsNull("max_delay_seconds"));
        Assert.True(eval.IsNull("mean_delay_seconds"));
        Assert.True(eval.Long("false_alarm_count") >= 1);
        Assert.All(eval.Items("false_alarms"), f => Assert.True(string.CompareOrdinal(f.Str("opened_at"), "2023-11-14T22:15:50.000Z") >= 0));
    }

    [Fact]
    public async Task People_get_a_table_and_the_detection_and_false_alarm_lines()
    {
        var labels = WriteLabels();

        var result = (await VigilCommand.RunAsync("eval", "episodes", market.File.Path, "--labels", labels)).AssertOk();

        Assert.Contains("episodes in stress.csv", result.Out, StringComparison.Ordinal);
        Assert.Contains("flash_crash", result.Out, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"Detected 1 of 2 episodes; max delay \d+\.\d\d s, mean \d+\.\d\d s\."), result.Out);
        Assert.Contains("False alarms (warnings opened outside every episode): ", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ not json", "not valid labels JSON")]
    [InlineData("{\"generator\": \"x\"}", "no \"episodes\" array")]
    [InlineData("{\"episodes\": [{\"id\": 3, \"type\": \"x\", \"start_ts_ms\": 1700000100000}]}", "episode 3 lacks start_ts_ms or end_ts_ms")]
    [InlineData("{\"episodes\": [{\"id\": 4, \"type\": \"x\", \"start_ts_ms\": 1700000100000, \"end_ts_ms\": 1700000000000}]}", "episode 4 ends (1700000000000) before it starts (1700000100000)")]
    public async Task Malformed_labels_are_a_clear_error(string content, string message)
    {
        var labels = _directory.Write("bad.labels.json", content);

        var result = await VigilCommand.RunAsync("eval", "episodes", market.File.Path, "--labels", labels, "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.StartsWith($"vigil: {labels}: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_labels_file_is_a_clear_error()
    {
        var labels = _directory.File("absent.labels.json");

        var result = await VigilCommand.RunAsync("eval", "episodes", market.File.Path, "--labels", labels);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(labels, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_labels_option_is_required()
    {
        var result = await VigilCommand.RunAsync("eval", "episodes", market.File.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--labels", result.Error, StringComparison.Ordinal);
    }

    /// <summary>Labels for the stress file: a calm minute and a quarter nobody should warn in, and the flash crash.</summary>
    private string WriteLabels()
    {
        var path = _directory.File("stress.labels.json");
        var crisisStart = market.File.ScenarioStartMs!.Value;
        MarketFiles.WriteLabels(
            path,
            (2, "flash_crash", crisisStart, market.File.LastMs),
            (1, "calm", MarketFiles.StartMs + 60_000, MarketFiles.StartMs + 135_000));
        return path;
    }
}
