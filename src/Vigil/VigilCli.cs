using System.CommandLine;
using Vigil.Commands;

namespace Vigil.Cli;

/// <summary>The <c>vigil</c> command line: one root command with a subcommand per job.</summary>
internal static class VigilCli
{
    /// <summary>Exit code for success.</summary>
    public const int Ok = 0;

    /// <summary>Exit code for a failure the user can fix (bad input, bad arguments, a strict replay that hit a bad row).</summary>
    public const int Failed = 1;

    /// <summary>Exit code for bad command-line usage.</summary>
    public const int Usage = 2;

    public static RootCommand Build(CliIO io)
    {
        var root = new RootCommand("Vigil: a real-time market-stress and crisis early-warning engine. With no command, runs 'serve'.");
        root.SetAction(async (_, cancellationToken) =>
        {
            await ServeCommand.RunAsync([], cancellationToken);
            return Ok;
        });
        root.Subcommands.Add(ServeCommand.Build());
        root.Subcommands.Add(SimulateCommand.Build(io));
        root.Subcommands.Add(ReplayCommand.Build(io));
        root.Subcommands.Add(BenchCommand.Build(io));
        root.Subcommands.Add(EvalCommand.Build(io));
        root.Subcommands.Add(TrainCommand.Build(io));
        root.Subcommands.Add(ModelsCommand.Build(io));
        root.Subcommands.Add(BacktestCommand.Build(io));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliIO io, CancellationToken cancellationToken = default)
    {
        var root = Build(io);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                io.Error.WriteLine($"vigil: {error.Message}");
            }

            io.Error.WriteLine("Run 'vigil --help' for usage.");
            return Usage;
        }

        var config = new InvocationConfiguration { Output = io.Out, Error = io.Error, EnableDefaultExceptionHandler = false };
        try
        {
            return await parsed.InvokeAsync(config, cancellationToken);
        }
        catch (CliException e)
        {
            io.Error.WriteLine($"vigil: {e.Message}");
            return e.ExitCode;
        }
    }
}

/// <summary>A failure to report to the user in one line, without a stack trace.</summary>
internal sealed class CliException(string message, int exitCode = VigilCli.Failed) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
