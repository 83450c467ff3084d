using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Vigil.Cli.Tests.Support;

namespace Vigil.Cli.Tests;

public sealed class ReplayCommandTests(StressMarket market) : IClassFixture<StressMarket>, IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Summary_counts_every_row_of_a_clean_tick_file()
    {
        var file = market.File;

        var lines = (await VigilCommand.RunAsync("replay", file.Path, "--json")).AssertOk().JsonLines();

        var summary = lines[^1];
        Assert.Equal("summary", summary.Str("type"));
        Assert.Equal("replay", summary.Str("command"));
        Assert.Equal(file.Rows, summary.Long("rows_read"));
        Assert.Equal(file.Rows, summary.Long("ticks"));
        Assert.Equal(file.Steps, summary.Long("steps"));
        Assert.Equal(0, summary.Long("rejected"));
        Assert.Equal(0, summary.Long("missing_values"));
        Assert.Equal(0, summary.Long("engine_rejected"));
        Assert.Empty(summary.GetProperty("rejected_by_reason").EnumerateObject());
        Assert.Empty(summary.Items("rejection_samples"));
        Assert.Equal(Iso(file.FirstMs), summary.Str("event_start"));
        Assert.Equal(Iso(file.LastMs), summary.Str("event_end"));
        Assert.Equal((file.LastMs - file.FirstMs) / 1000.0, summary.Num("event_seconds"), 6);
        Assert.StartsWith($"{file.Path} (Long, ", summary.Str("source"), StringComparison.Ordinal);
        Assert.Equal(lines.OfType("warning").Count(e => e.Str("event") == "opened"), summary.Long("warnings_opened"));
    }

    [Fact]
    public async Task Replaying_the_simulators_ticks_raises_the_same_warnings_as_simulating_them()
    {
        var replayed = (await VigilCommand.RunAsync("replay", market.File.Path, "--json")).AssertOk().JsonLines();
        var simulated = (await VigilCommand.RunAsync([.. StressMarket.SimulateArgs, "--json"])).AssertOk().JsonLines();

        var replayedWarnings = replayed.OfType("warning").Select(e => e.GetRawText()).ToList();
        var simulatedWarnings = simulated.OfType("warning").Select(e => e.GetRawText()).ToList();
        Assert.NotEmpty(simulatedWarnings);
        Assert.Equal(simulatedWarnings, replayedWarnings);
        Assert.Equal(simulated[^1].Long("ticks"), replayed[^1].Long("ticks"));
        Assert.Equal(simulated[^1].Long("steps"), replayed[^1].Long("steps"));
    }

    [Fact]
    public async Task A_gzip_file_replays_like_the_plain_one()
    {
        var gz = MarketFiles.WriteLong(_directory.File("calm.csv.gz"), minutes: 1);
        var plain = MarketFiles.WriteLong(_directory.File("calm.csv"), minutes: 1);

        var fromGzip = (await VigilCommand.RunAsync("replay", gz.Path, "--json")).AssertOk().JsonLines()[^1];
        var fromPlain = (await VigilCommand.RunAsync("replay", plain.Path, "--json")).AssertOk().JsonLines()[^1];

        Assert.Equal(gz.Rows, fromGzip.Long("rows_read"));
        Assert.Equal(gz.Rows, fromGzip.Long("ticks"));
        Assert.Equal(fromPlain.Long("ticks"), fromGzip.Long("ticks"));
        Assert.Equal(fromPlain.Long("steps"), fromGzip.Long("steps"));
        Assert.Equal([0x1F, 0x8B], File.ReadAllBytes(gz.Path)[..2]);
    }

    [Fact]
    public async Task Malformed_rows_are_rejected_with_their_line_and_reason_and_the_valid_rows_still_count()
    {
        var (path, valid, bad) = WriteFileWithMalformedRows();

        var summary = (await VigilCommand.RunAsync("replay", path, "--json")).AssertOk().JsonLines()[^1];

        Assert.Equal(valid + bad.Count, summary.Long("rows_read"));
        Assert.Equal(valid, summary.Long("ticks"));
        Assert.Equal(bad.Count, summary.Long("rejected"));
        var byReason = summary.GetProperty("rejected_by_reason").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        Assert.Equal(bad.GroupBy(b => b.Reason).ToDictionary(g => g.Key, g => (long)g.Count()), byReason);

        var samples = summary.Items("rejection_samples").ToList();
        Assert.Equal(bad.Select(b => (b.Line, b.Reason)), samples.Select(s => (s.Long("line"), s.Str("reason"))));
        Assert.All(samples, s => Assert.Equal(path, s.Str("file")));
        var nan = samples.Single(s => s.Str("reason") == "NotFinite");
        Assert.Equal("price", nan.Str("column"));
        Assert.Equal("NaN", nan.Str("text"));
        var fields = samples.Single(s => s.Str("reason") == "WrongFieldCount");
        Assert.True(fields.IsNull("column"));
    }

    [Fact]
    public async Task People_see_the_rejected_rows_with_file_and_line()
    {
        var (path, valid, bad) = WriteFileWithMalformedRows();

        var result = (await VigilCommand.RunAsync("replay", path)).AssertOk();

        Assert.Contains("replay summary", result.Out, StringComparison.Ordinal);
        Assert.Matches(new Regex($@"rows read\s+│\s+{valid + bad.Count:N0}"), result.Out);
        Assert.Matches(new Regex($@"ticks processed\s+│\s+{valid:N0}"), result.Out);
        Assert.Matches(new Regex($@"rows rejected\s+│\s+{bad.Count}"), result.Out);
        Assert.Contains("rejected rows (first ones)", result.Out, StringComparison.Ordinal);
        foreach (var (line, reason) in bad)
        {
            Assert.Matches(new Regex($@"{Regex.Escape(path)}:{line}\s+{reason}"), result.Out);
        }
    }

    [Fact]
    public async Task Strict_replay_stops_at_the_first_malformed_row_with_file_line_and_reason()
    {
        var (path, _, bad) = WriteFileWithMalformedRows();

        var result = await VigilCommand.RunAsync("replay", path, "--strict", "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("\"type\":\"summary\"", result.Out, StringComparison.Ordinal);
        var error = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"vigil: {path}:{bad[0].Line}: {bad[0].Reason}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Strict_replay_of_a_clean_file_succeeds()
    {
        var file = MarketFiles.WriteLong(_directory.File("clean.csv"), minutes: 0.5);

        var summary = (await VigilCommand.RunAsync("replay", file.Path, "--strict", "--json")).AssertOk().JsonLines()[^1];

        Assert.Equal(file.Rows, summary.Long("ticks"));
    }

    [Fact]
    public async Task A_missing_file_is_a_clear_error()
    {
        var path = _directory.File("no-such-ticks.csv");

        var result = await VigilCommand.RunAsync("replay", path, "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Equal($"vigil: {path}: no such file.", result.Error.Trim());
    }

    [Fact]
    public async Task A_file_of_unknown_layout_is_a_clear_error()
    {
        var path = _directory.Write("mystery.csv", "a,b,c\n1,2,3\n");

        var result = await VigilCommand.RunAsync("replay", path);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"vigil: {path}:1: cannot determine the replay format", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("replay")]
    [InlineData("bench")]
    [InlineData("eval episodes")]
    public async Task A_file_without_a_single_instrument_is_a_clear_error(string command)
    {
        var path = _directory.Write("header-only.csv", "ts_ms,symbol,price,volume\n1700000000000,SPX\n");
        var labels = _directory.File("labels.json");
        MarketFiles.WriteLabels(labels, (1, "x", MarketFiles.StartMs, MarketFiles.StartMs + 1000));

        string[] args = command == "eval episodes"
            ? ["eval", "episodes", path, "--labels", labels, "--json"]
            : [command, path, "--json"];

        var result = await VigilCommand.RunAsync(args);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Equal($"vigil: {path}: no instruments to replay: the file has no valid data rows.", result.Error.Trim());
    }

    [Fact]
    public async Task A_fred_series_replays_as_one_daily_instrument_and_counts_missing_values()
    {
        var path = _directory.File("DGS10.csv");
        var present = MarketFiles.WriteFred(path, days: 400, missingEvery: 50);

        var result = (await VigilCommand.RunAsync("replay", path, "--json")).AssertOk();

        var summary = result.JsonLines()[^1];
        Assert.StartsWith($"{path} (Fred, ", summary.Str("source"), StringComparison.Ordinal);
        Assert.Equal(400, summary.Long("rows_read"));
        Assert.Equal(present, summary.Long("ticks"));
        Assert.Equal(400 - present, summary.Long("missing_values"));
        Assert.Equal(present, summary.Long("steps"));
        Assert.Equal(0, summary.Long("rejected"));
        Assert.Equal("2005-01-03T00:00:00.000Z", summary.Str("event_start"));
    }

    [Fact]
    public async Task A_nab_series_replays_as_one_instrument_under_the_symbol_given()
    {
        var path = _directory.File("machine_temperature.csv");
        MarketFiles.WriteNabSeries(path, rows: 600, new DateTime(2014, 7, 1, 0, 0, 0, DateTimeKind.Utc), burstAt: 400);

        var summary = (await VigilCommand.RunAsync("replay", path, "--symbol", "TEMP", "--json")).AssertOk().JsonLines()[^1];

        Assert.StartsWith($"{path} (Nab, ", summary.Str("source"), StringComparison.Ordinal);
        Assert.Equal(600, summary.Long("ticks"));
        Assert.Equal(600, summary.Long("steps"));
        Assert.Equal("2014-07-01T00:00:00.000Z", summary.Str("event_start"));
        Assert.Equal(599 * 300.0, summary.Num("event_seconds"), 6);
    }

    [Fact]
    public async Task A_step_option_groups_ticks_into_longer_market_steps()
    {
        var file = MarketFiles.WriteLong(_directory.File("calm.csv"), minutes: 1);

        var summary = (await VigilCommand.RunAsync("replay", file.Path, "--step", "1s", "--json")).AssertOk().JsonLines()[^1];

        Assert.Equal(file.Rows, summary.Long("ticks"));
        Assert.InRange(summary.Long("steps"), 59, 61);
    }

    [Fact]
    public async Task Speed_paces_the_replay_in_event_time()
    {
        var file = MarketFiles.WriteLong(_directory.File("calm.csv"), minutes: 0.5);

        var summary = (await VigilCommand.RunAsync("replay", file.Path, "--speed", "200", "--json")).AssertOk().JsonLines()[^1];

        Assert.Equal(file.Rows, summary.Long("ticks"));
        Assert.True(
            summary.Num("wall_seconds") >= 0.9 * summary.Num("event_seconds") / 200,
            $"{summary.Num("event_seconds")} s of event time took {summary.Num("wall_seconds")} s at 200x");
    }

    [Theory]
    [InlineData("--step", "soon")]
    [InlineData("--step", "5parsecs")]
    [InlineData("--speed", "0")]
    [InlineData("--speed", "-2")]
    [InlineData("--format", "Parquet")]
    public async Task Bad_replay_options_are_usage_errors(string option, string value)
    {
        var result = await VigilCommand.RunAsync("replay", market.File.Path, option, value, "--json");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Contains(option == "--format" ? value : option, result.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// A short clean file from the simulator with five malformed rows slipped in before SPX rows further down: a bad
    /// number, NaN, a negative price, an out-of-order timestamp and a row with too few fields.
    /// </summary>
    private (string Path, int ValidRows, List<(long Line, string Reason)> Bad) WriteFileWithMalformedRows()
    {
        var clean = MarketFiles.WriteLong(_directory.File("clean-source.csv"), minutes: 0.5);
        var lines = MarketFiles.ReadLines(clean.Path);
        var spxRows = Enumerable.Range(1, lines.Count - 1).Where(i => lines[i].Split(',')[1] == "SPX").ToList();
        string Ts(int row) => lines[row].Split(',')[0];
        var inserts = new (int BeforeRow, string Text, string Reason)[]
        {
            (spxRows[10], $"{Ts(spxRows[10])},SPX,4500.x,10", "BadNumber"),
            (spxRows[20], $"{Ts(spxRows[20])},SPX,NaN,10", "NotFinite"),
            (spxRows[30], $"{Ts(spxRows[30])},SPX,-4500,10", "NonPositivePrice"),
            (spxRows[40], $"{Ts(spxRows[38])},SPX,4500,10", "OutOfOrder"),
            (spxRows[50], $"{Ts(spxRows[50])},SPX,4500", "WrongFieldCount"),
        };

        var output = new List<string>();
        var bad = new List<(long, string)>();
        for (var i = 0; i < lines.Count; i++)
        {
            foreach (var insert in inserts.Where(x => x.BeforeRow == i))
            {
                output.Add(insert.Text);
                bad.Add((output.Count, insert.Reason));
            }

            output.Add(lines[i]);
        }

        var path = _directory.Write("with-bad-rows.csv", string.Join('\n', output) + "\n");
        return (path, clean.Rows, bad);
    }

    private static string Iso(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
