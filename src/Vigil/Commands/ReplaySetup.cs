using Vigil.Cli;
using Vigil.Engine.Pipeline;
using Vigil.Engine.Replay;

namespace Vigil.Commands;

/// <summary>Opens a replay file for a command and picks the engine options that suit it, turning input errors into one-line messages.</summary>
internal static class ReplaySetup
{
    public static ReplaySource Open(string path, ReplayFormat format, bool strict, string? symbol = null, IReadOnlyCollection<string>? levelSymbols = null)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"{path}: no such file.");
        }

        ReplaySource source;
        try
        {
            source = ReplaySource.Open(path, new ReplayOptions { Format = format, Strict = strict, Symbol = symbol, LevelSymbols = levelSymbols });
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

    /// <summary>
    /// Reads the <c>--indicator SYMBOL=category</c> options (category in snake_case, for example
    /// <c>news_sentiment</c>) into symbol → category, every problem in one message.
    /// </summary>
    public static Dictionary<string, Vigil.Engine.Warnings.Classification.IndicatorCategory> ParseIndicators(IReadOnlyList<string>? values)
    {
        var result = new Dictionary<string, Vigil.Engine.Warnings.Classification.IndicatorCategory>(StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        foreach (var value in values ?? [])
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            var symbol = equals < 0 ? value.Trim() : value[..equals].Trim();
            var category = equals < 0 ? string.Empty : value[(equals + 1)..];
            if (equals < 0 || symbol.Length == 0)
            {
                problems.Add($"'{value}' must be SYMBOL=category");
            }
            else if (!IndicatorRouter.TryParseCategory(category, out var parsed))
            {
                var known = Enum.GetValues<Vigil.Engine.Warnings.Classification.IndicatorCategory>()
                    .Where(c => c != Vigil.Engine.Warnings.Classification.IndicatorCategory.None)
                    .Select(c => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(c.ToString()));
                problems.Add($"'{category}' is not a category (known: {string.Join(", ", known)})");
            }
            else if (result.TryGetValue(symbol, out var previous) && previous != parsed)
            {
                problems.Add($"'{symbol}' is given two categories");
            }
            else
            {
                result[symbol] = parsed;
            }
        }

        if (problems.Count > 0)
        {
            throw new CliException("--indicator: " + string.Join("; ", problems) + ".", VigilCli.Usage);
        }

        return result;
    }

    /// <summary>The router for the <c>--indicator</c> series, or null when there are none.</summary>
    public static IndicatorRouter? RouterFor(ReplaySource source, IReadOnlyDictionary<string, Vigil.Engine.Warnings.Classification.IndicatorCategory> indicators)
    {
        if (indicators.Count == 0)
        {
            return null;
        }

        try
        {
            return new IndicatorRouter(source.Registry, indicators);
        }
        catch (ArgumentException e)
        {
            throw new CliException($"--indicator: {e.Message}");
        }
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
