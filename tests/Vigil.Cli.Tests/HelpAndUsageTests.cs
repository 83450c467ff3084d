using System.Text.RegularExpressions;
using Vigil.Cli.Tests.Support;

namespace Vigil.Cli.Tests;

public sealed class HelpAndUsageTests
{
    public static TheoryData<string, string[]> CommandsAndOptions => new()
    {
        { "simulate", ["--preset", "--minutes", "--calm-minutes", "--seed", "--speed", "--realtime", "--model", "--save-model", "--json"] },
        { "replay", ["<FILE>", "--format", "--speed", "--strict", "--step", "--profile", "--symbol", "--model", "--save-model", "--json"] },
        { "bench", ["<FILE>", "--runs", "--format", "--json"] },
        { "eval", ["episodes", "nab"] },
        { "eval episodes", ["<FILE>", "--labels", "--format", "--json"] },
        { "eval nab", ["--data", "--detector", "--check-reference", "--json"] },
    };

    public static TheoryData<string> Commands => ["simulate", "replay x.csv", "bench x.csv", "eval episodes x.csv --labels y.json", "eval nab --data x"];

    [Fact]
    public async Task Root_help_lists_every_command()
    {
        var result = (await VigilCommand.RunAsync("--help")).AssertOk();

        Assert.Contains("Usage:", result.Out, StringComparison.Ordinal);
        foreach (var command in new[] { "simulate", "replay <FILE>", "bench <FILE>", "eval" })
        {
            Assert.Contains($"  {command} ", result.Out, StringComparison.Ordinal);
        }

        Assert.Empty(result.Error);
    }

    [Theory]
    [MemberData(nameof(CommandsAndOptions))]
    public async Task Each_commands_help_lists_its_options(string command, string[] expected)
    {
        var result = (await VigilCommand.RunAsync([.. command.Split(' '), "--help"])).AssertOk();

        // In-process the root command takes the test host's name; the executable's is vigil.
        Assert.Matches(new Regex($@"Usage:\n\s+\S+ {command} "), result.Out);
        foreach (var option in expected)
        {
            Assert.Contains(option, result.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Simulate_help_names_the_presets_and_speeds()
    {
        var result = (await VigilCommand.RunAsync("simulate", "-h")).AssertOk();

        Assert.Contains("lehman2008, flashcrash2010, covid2020, svb2023", result.Out, StringComparison.Ordinal);
        Assert.Contains("<Fast|Normal|Slow|Turbo>", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task An_unknown_option_is_a_usage_error(string command)
    {
        var result = await VigilCommand.RunAsync([.. command.Split(' '), "--frobnicate"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Contains("vigil: Unrecognized command or argument '--frobnicate'.", result.Error, StringComparison.Ordinal);
        Assert.EndsWith("Run 'vigil --help' for usage.", result.Error.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_command_is_a_usage_error()
    {
        var result = await VigilCommand.RunAsync("backfill");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'backfill'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_says_that_no_command_runs_the_service()
    {
        var result = await VigilCommand.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("With no command, runs 'serve'", result.Out, StringComparison.Ordinal);
        Assert.Contains("serve", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("replay")]
    [InlineData("bench")]
    [InlineData("eval episodes --labels y.json")]
    public async Task A_missing_file_argument_is_a_usage_error(string command)
    {
        var result = await VigilCommand.RunAsync(command.Split(' '));

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Out);
    }
}
