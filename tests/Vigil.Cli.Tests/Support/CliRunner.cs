using System.Text.Json;
using Vigil.Cli;

namespace Vigil.Cli.Tests.Support;

/// <summary>What one run of the command line wrote and returned.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    /// <summary>The non-empty lines of standard output.</summary>
    public IReadOnlyList<string> OutLines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Every line of standard output parsed as one JSON object; fails the test when a line is not JSON.</summary>
    public IReadOnlyList<JsonElement> JsonLines()
    {
        var lines = OutLines;
        Assert.NotEmpty(lines);
        var parsed = new List<JsonElement>(lines.Count);
        foreach (var line in lines)
        {
            try
            {
                using var document = JsonDocument.Parse(line);
                Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
                parsed.Add(document.RootElement.Clone());
            }
            catch (JsonException e)
            {
                Assert.Fail($"stdout line is not JSON ({e.Message}): {line}");
            }
        }

        return parsed;
    }

    /// <summary>The single JSON object a command wrote.</summary>
    public JsonElement SingleJson() => Assert.Single(JsonLines());

    /// <summary>Asserts the run succeeded, showing stderr when it did not.</summary>
    public CliResult AssertOk()
    {
        Assert.True(ExitCode == VigilCli.Ok, $"exit code {ExitCode}; stderr: {Error}");
        return this;
    }
}

/// <summary>Runs <c>vigil</c> in-process with captured, non-interactive output.</summary>
internal static class VigilCommand
{
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await VigilCli.RunAsync(args, new CliIO(output, error, interactive: false));
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}

/// <summary>Reading the JSON the CLI writes.</summary>
internal static class Json
{
    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;

    public static long Long(this JsonElement e, string name) => e.GetProperty(name).GetInt64();

    public static double Num(this JsonElement e, string name) => e.GetProperty(name).GetDouble();

    public static bool Has(this JsonElement e, string name) => e.TryGetProperty(name, out _);

    public static bool IsNull(this JsonElement e, string name) => !e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null;

    public static IEnumerable<JsonElement> Items(this JsonElement e, string name) => e.GetProperty(name).EnumerateArray();

    public static IEnumerable<JsonElement> OfType(this IEnumerable<JsonElement> lines, string type) =>
        lines.Where(l => l.Str("type") == type);
}
