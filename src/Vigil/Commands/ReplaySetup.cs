using Vigil.Cli;
using Vigil.Engine.Pipeline;
using Vigil.Engine.Replay;

namespace Vigil.Commands;

/// <summary>Opens a replay file for a command and picks the engine options that suit it, turning input errors into one-line messages.</summary>
internal static class ReplaySetup
{
    public static ReplaySource Open(string path, ReplayFormat format, bool strict, string? symbol = null)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"{path}: no such file.");
        }

        ReplaySource source;
        try
        {
            source = ReplaySource.Open(path, new ReplayOptions { Format = format, Strict = strict, Symbol = symbol });
        }
        catch (Exception e) when (e is InvalidDataException or ReplayException or IOException or ArgumentException)
        {
            throw new CliException(e.Message);
        }

        // A long file whose rows name no symbol (only a header, or only malformed rows) has nothing for an engine to watch.
        if (source.Registry.Count == 0)
        {
            source.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw new CliException($"{path}: no instruments to replay: the file has no valid data rows.");
        }

        return source;
    }

    /// <summary>Whether <paramref name="profile"/> resolves to the daily engine options for this file.</summary>
    public static bool IsDaily(ReplaySource source, EngineProfile profile) =>
        profile == EngineProfile.Daily
        || (profile == EngineProfile.Auto && source.Summary.Format is ReplayFormat.Wide or ReplayFormat.Fred or ReplayFormat.Yahoo);

    public static EngineOptions EngineOptionsFor(ReplaySource source, EngineProfile profile, long stepIntervalNs)
    {
        var daily = IsDaily(source, profile);
        var options = daily ? EngineOptions.Daily : new EngineOptions();
        return options with { StepIntervalNs = stepIntervalNs };
    }

    public static long ParseStep(string? step)
    {
        if (string.IsNullOrWhiteSpace(step) || step.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }

        if (!DurationParser.TryParseNs(step, out var ns, out var error))
        {
            throw new CliException($"--step: {error}.", VigilCli.Usage);
        }

        return ns;
    }

    /// <summary>Reads the whole source, translating a strict-mode rejection into a one-line error.</summary>
    public static async Task<T> GuardAsync<T>(Func<Task<T>> run)
    {
        try
        {
            return await run();
        }
        catch (ReplayException e)
        {
            throw new CliException(e.Message);
        }
    }
}
