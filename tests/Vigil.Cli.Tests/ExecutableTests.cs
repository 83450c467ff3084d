using Vigil.Cli.Tests.Support;

namespace Vigil.Cli.Tests;

/// <summary>The real <c>vigil</c> executable, piped: exit codes, and stdout that holds nothing but the output asked for.</summary>
public sealed class ExecutableTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Piped_simulate_json_is_clean_json_lines_with_nothing_on_stderr()
    {
        var result = await VigilProcess.RunAsync("simulate", "--preset", "svb2023", "--minutes", "3", "--calm-minutes", "2", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Error);
        Assert.DoesNotContain('\u001b', result.Out);
        var lines = result.JsonLines();
        Assert.Equal("scenario", lines[0].Str("type"));
        Assert.Equal("summary", lines[^1].Str("type"));
        Assert.Contains(lines, l => l.Str("type") == "warning");
    }

    [Fact]
    public async Task Piped_human_output_has_no_colour_codes_or_progress()
    {
        var file = MarketFiles.WriteLong(_directory.File("ticks.csv"), minutes: 0.5);

        var result = await VigilProcess.RunAsync("replay", file.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Error);
        Assert.DoesNotContain('\u001b', result.Out);
        Assert.Contains("replay summary", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_strict_replay_of_a_bad_row_exits_1_with_file_and_line_on_stderr()
    {
        var path = _directory.Write("bad.csv", "ts_ms,symbol,price,volume\n1700000000000,SPX,4500,10\n1700000000250,SPX,oops,10\n");

        var result = await VigilProcess.RunAsync("replay", path, "--strict", "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Equal($"vigil: {path}:3: BadNumber in column 'price': 'oops'", result.Error.Trim());
    }

    [Fact]
    public async Task Help_names_the_command_vigil()
    {
        var result = await VigilProcess.RunAsync("replay", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("vigil replay <FILE> [options]", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_usage_exits_2()
    {
        var result = await VigilProcess.RunAsync("simulate", "--preset", "tulips1637");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Contains("unknown preset 'tulips1637'", result.Error, StringComparison.Ordinal);
    }
}
