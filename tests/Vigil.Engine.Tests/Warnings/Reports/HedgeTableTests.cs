using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Vigil.Engine.Warnings;
using Vigil.Engine.Warnings.Reports;

namespace Vigil.Engine.Tests.Warnings.Reports;

public sealed class HedgeTableTests
{
    [Fact]
    public void Every_event_type_has_hedges()
    {
        foreach (EventType type in Enum.GetValues<EventType>())
        {
            Assert.NotEmpty(HedgeTable.For(type));
        }
    }

    [Fact]
    public void The_issue_named_hedges_are_in_the_table()
    {
        Assert.Equal(["Long VIX calls", "Put spreads on SPY/QQQ", "Long Treasury duration", "Lower equity beta"], HedgeTable.For(EventType.MarketCrash).Select(h => h.Strategy));
        Assert.Equal(["Raise cash", "Exit illiquid positions", "T-bill ladder", "Gold"], HedgeTable.For(EventType.LiquidityCrisis).Select(h => h.Strategy));
        Assert.Equal(["CDS protection", "Underweight banks", "Short high yield", "Quality tilt"], HedgeTable.For(EventType.SystemicRisk).Select(h => h.Strategy));
    }

    [Fact]
    public void Docs_table_lists_exactly_the_code_hedges_in_order()
    {
        string docs = File.ReadAllText(DocsPath());
        int start = docs.IndexOf("## Hedges by event type", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/warnings.md has no hedges section");
        int end = docs.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        string section = end < 0 ? docs[start..] : docs[start..end];
        var rows = Regex.Matches(section, @"^\|\s*([a-z_]+)\s*\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|\s*$", RegexOptions.Multiline)
            .Select(m => (Type: m.Groups[1].Value, Strategy: m.Groups[2].Value, Instruments: m.Groups[3].Value))
            .ToList();
        var code = HedgeTable.All.SelectMany(kv => kv.Value.Select(h => (Type: SnakeCase(kv.Key), h.Strategy, h.Instruments))).ToList();
        Assert.Equal(code, rows);
    }

    private static string SnakeCase(EventType type) => Regex.Replace(type.ToString(), "(?<!^)([A-Z])", "_$1").ToLowerInvariant();

    private static string DocsPath([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", "..", "docs", "warnings.md"));
}
