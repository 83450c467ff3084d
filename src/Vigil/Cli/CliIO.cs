using Spectre.Console;

namespace Vigil.Cli;

/// <summary>
/// Where a command writes: machine output (JSON) and human tables go to <see cref="Out"/>, errors to
/// <see cref="Error"/>, and live progress to the error stream only when it is a terminal, so piping stdout
/// gets clean output.
/// </summary>
internal sealed class CliIO
{
    public CliIO(TextWriter output, TextWriter error, bool interactive)
    {
        Out = output;
        Error = error;
        Interactive = interactive;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!interactive)
        {
            Console.Profile.Width = 160;
        }

        ProgressConsole = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(error),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
    }

    /// <summary>Standard output.</summary>
    public TextWriter Out { get; }

    /// <summary>Standard error.</summary>
    public TextWriter Error { get; }

    /// <summary>Whether a person is watching a terminal (progress bars and colours are worth drawing).</summary>
    public bool Interactive { get; }

    /// <summary>Tables and coloured lines for people, on <see cref="Out"/>.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>Live progress, on <see cref="Error"/>.</summary>
    public IAnsiConsole ProgressConsole { get; }

    public static CliIO FromConsole() =>
        new(System.Console.Out, System.Console.Error, !System.Console.IsErrorRedirected && !System.Console.IsOutputRedirected);
}
