using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Vigil.Detection.Risk.Options;

namespace Vigil.Detection.Tests.Risk.Options;

/// <summary>One row of Fixtures/black76_quantlib.json, written by scripts/black76_quantlib.py from QuantLib 1.29.</summary>
internal sealed record Black76Case(
    string Type,
    double Forward,
    double Strike,
    int Days,
    double ExpiryYears,
    double Rate,
    double Volatility,
    double Price,
    double Delta,
    double Gamma,
    double Vega,
    double ThetaPerYear,
    double Rho,
    double AnalyticPrice,
    double? ImpliedVolatility)
{
    public OptionType OptionType => Type == "call" ? OptionType.Call : OptionType.Put;

    public override string ToString() =>
        $"{Type} F={Forward} K={Strike} T={Days}d r={Rate} σ={Volatility}";
}

/// <summary>The issue's example as QuantLib computes it.</summary>
internal sealed record Black76IssueExample(
    double Forward,
    double Strike,
    double ExpiryYears,
    double Rate,
    double Volatility,
    double Call,
    double Put,
    double CallDelta,
    double PutDelta,
    double Gamma,
    double Vega);

internal sealed record Black76FixtureFile(
    string Generator,
    string Quantlib,
    Black76IssueExample IssueExample,
    IReadOnlyList<Black76Case> Cases);

/// <summary>Loads the QuantLib fixture from next to this file.</summary>
internal static class Black76Fixture
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    private static readonly Lazy<Black76FixtureFile> File = new(Load);

    public static Black76FixtureFile Data => File.Value;

    private static Black76FixtureFile Load() => Load(Path());

    private static Black76FixtureFile Load(string path)
    {
        using var stream = System.IO.File.OpenRead(path);
        return JsonSerializer.Deserialize<Black76FixtureFile>(stream, JsonOptions)
            ?? throw new InvalidOperationException("Empty fixture " + path);
    }

    private static string Path([CallerFilePath] string here = "") =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(here)!, "Fixtures", "black76_quantlib.json");
}
