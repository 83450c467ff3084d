using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using Spectre.Console;
using Vigil.Cli;
using Vigil.Engine.Evaluation.Credit;

namespace Vigil.Commands;

/// <summary>
/// <c>vigil eval merton --data DIR</c>: Merton distance-to-default (iterative KMV), PD and SRISK per bank at
/// month-ends over the TommasoBelluzzo US financials panel, with year-end values and each bank's extremes.
/// </summary>
internal static class MertonEvalCommand
{
    public static Command Build(CliIO io)
    {
        var data = new Option<string>("--data") { Description = "The panel folder (Capitalizations.csv, Shares.csv, Assets.csv, Equity.csv, ...), e.g. ../shared/data/markets/systemic-risk-us-financials_TommasoBelluzzo.", Required = true };
        var firms = new Option<string>("--firms") { Description = "Comma-separated tickers to evaluate, or all.", DefaultValueFactory = _ => "all" };
        var window = new Option<int>("--window") { Description = "Trading days of history behind each estimate (KMV volatility, OLS beta).", DefaultValueFactory = _ => new MertonPanelOptions().WindowDays };
        var shortTerm = new Option<double>("--short-term-share") { Description = "Share of book liabilities taken as short-term debt; the default point adds half of the rest.", DefaultValueFactory = _ => new MertonPanelOptions().ShortTermShare };
        var json = CommonOptions.Json();
        var command = new Command("merton", "Merton distance-to-default and SRISK per bank over a bank panel, at month-ends.") { data, firms, window, shortTerm, json };
        command.SetAction((result, _) => Task.FromResult(Run(
            io, result.GetValue(data)!, result.GetValue(firms)!, result.GetValue(window), result.GetValue(shortTerm), result.GetValue(json))));
        return command;
    }

    private static int Run(CliIO io, string dataDir, string firmList, int window, double shortTermShare, bool json)
    {
        var options = new MertonPanelOptions(WindowDays: window, ShortTermShare: shortTermShare);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new CliException(string.Join("; ", problems), VigilCli.Usage);
        }

        BankPanel panel;
        try
        {
            panel = BankPanel.Load(dataDir);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new CliException($"{dataDir}: {e.Message}");
        }

        string[]? selected = null;
        if (!firmList.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            selected = firmList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var unknown = selected.Where(s => !panel.Firms.Contains(s, StringComparer.OrdinalIgnoreCase)).ToList();
            if (unknown.Count > 0 || selected.Length == 0)
            {
                throw new CliException($"unknown firm(s) {string.Join(", ", unknown)}; the panel has {string.Join(", ", panel.Firms)}.", VigilCli.Usage);
            }
        }

        var result = MertonPanelEvaluation.Run(panel, options, selected);
        if (json)
        {
            JsonLines.Write(io.Out, ToJson(dataDir, options, panel, result), MertonJsonContext.Default.MertonEvalJson);
            return VigilCli.Ok;
        }

        WriteTables(io, panel, options, result);
        return VigilCli.Ok;
    }

    private static void WriteTables(CliIO io, BankPanel panel, MertonPanelOptions options, MertonPanelResult result)
    {
        var yearEnds = YearEnds(result);
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]Merton DD (σ) and SRISK ($ bn) at year-ends, {options.WindowDays}-day windows[/]")
            .AddColumn("firm");
        foreach (var date in yearEnds)
        {
            table.AddColumn(new TableColumn(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).RightAligned());
        }

        table.AddColumn(new TableColumn("lowest DD").RightAligned()).AddColumn(new TableColumn("highest SRISK").RightAligned());
        foreach (var firm in result.Firms)
        {
            var cells = new List<string> { $"[bold]{Markup.Escape(firm.Firm)}[/]" };
            foreach (var date in yearEnds)
            {
                var point = firm.Points.FirstOrDefault(p => p.Date == date);
                cells.Add(point is null ? "-" : $"{point.DistanceToDefault:0.00} / {point.Srisk / 1000:0.0}");
            }

            var low = firm.Points.MinBy(p => p.DistanceToDefault);
            var high = firm.Points.MaxBy(p => p.Srisk);
            cells.Add(low is null ? "-" : $"{low.DistanceToDefault:0.00} ({low.Date:yyyy-MM})");
            cells.Add(high is null ? "-" : $"{high.Srisk / 1000:0.0} ({high.Date:yyyy-MM})");
            table.AddRow(cells.ToArray());
        }

        io.Console.Write(table);
        if (result.Aggregate.Count > 0)
        {
            var peak = result.Aggregate.MaxBy(a => a.AggregateSrisk)!;
            var trough = result.Aggregate.MinBy(a => a.AggregateSrisk)!;
            io.Console.MarkupLineInterpolated($"Aggregate SRISK: highest {peak.AggregateSrisk / 1000:0.0} $ bn ({peak.Date:yyyy-MM}), lowest {trough.AggregateSrisk / 1000:0.0} $ bn ({trough.Date:yyyy-MM}); at year-ends {string.Join(", ", result.Aggregate.Where(a => yearEnds.Contains(a.Date)).Select(a => $"{a.Date:yyyy} {a.AggregateSrisk / 1000:0.0}"))}.");
        }

        io.Console.MarkupLineInterpolated($"{panel.Firms.Count} firms, {panel.Dates.Count} days ({panel.Dates[0]:yyyy-MM-dd} to {panel.Dates[^1]:yyyy-MM-dd}); {panel.MissingValues} missing cap or price values; {result.Firms.Sum(f => f.SkippedMonths)} firm-months skipped for a missing value in the window.");
        foreach (var (reason, count) in panel.Rejected)
        {
            io.Console.MarkupLineInterpolated($"[yellow]rejected {count} row(s): {reason}[/]");
        }
    }

    private static List<DateOnly> YearEnds(MertonPanelResult result)
    {
        var dates = result.Aggregate.Select(a => a.Date).ToList();
        var ends = new List<DateOnly>();
        for (var i = 0; i < dates.Count; i++)
        {
            if (i == dates.Count - 1 ? dates[i].Month == 12 : dates[i + 1].Year != dates[i].Year)
            {
                ends.Add(dates[i]);
            }
        }

        return ends;
    }

    private static MertonEvalJson ToJson(string dataDir, MertonPanelOptions options, BankPanel panel, MertonPanelResult result)
    {
        static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var yearEnds = YearEnds(result);
        var firms = result.Firms.Select(f =>
        {
            var low = f.Points.MinBy(p => p.DistanceToDefault);
            var high = f.Points.MaxBy(p => p.Srisk);
            return new MertonFirmJson(
                f.Firm,
                f.SkippedMonths,
                low is null ? null : new MertonExtremeJson(Day(low.Date), low.DistanceToDefault),
                high is null ? null : new MertonExtremeJson(Day(high.Date), high.Srisk),
                [.. f.Points.Select(p => new MertonPointJson(
                    Day(p.Date), yearEnds.Contains(p.Date), p.EquityValue, p.EquityVolatility, p.AssetValue, p.AssetVolatility, p.DefaultPoint,
                    p.Liabilities, p.RiskFreeRate, p.DistanceToDefault, p.ProbabilityOfDefault, p.Beta, p.Lrmes, p.Srisk, p.KmvConverged))]);
        }).ToList();
        var peak = result.Aggregate.MaxBy(a => a.AggregateSrisk);
        return new MertonEvalJson(
            dataDir,
            options.WindowDays,
            options.ShortTermShare,
            options.LongTermDebtWeight,
            panel.Dates.Count,
            panel.MissingValues,
            new Dictionary<string, int>(panel.Rejected),
            panel.Rejected.Values.Sum(),
            firms,
            [.. result.Aggregate.Select(a => new MertonAggregateJson(Day(a.Date), a.AggregateSrisk, a.Firms))],
            peak is null ? null : new MertonExtremeJson(Day(peak.Date), peak.AggregateSrisk));
    }
}

/// <summary>A dated extreme (lowest DD, highest SRISK).</summary>
internal sealed record MertonExtremeJson(string Date, double Value);

/// <summary>One firm at one month-end in <c>eval merton --json</c>; money in $ millions.</summary>
internal sealed record MertonPointJson(
    string Date,
    bool YearEnd,
    double EquityValue,
    double EquityVolatility,
    double AssetValue,
    double AssetVolatility,
    double DefaultPoint,
    double Liabilities,
    double RiskFreeRate,
    double DistanceToDefault,
    double ProbabilityOfDefault,
    double Beta,
    double Lrmes,
    double Srisk,
    bool KmvConverged);

/// <summary>One firm's series in <c>eval merton --json</c>.</summary>
internal sealed record MertonFirmJson(string Firm, int SkippedMonths, MertonExtremeJson? LowestDistanceToDefault, MertonExtremeJson? HighestSrisk, IReadOnlyList<MertonPointJson> Points);

/// <summary>The aggregate SRISK at one month-end.</summary>
internal sealed record MertonAggregateJson(string Date, double AggregateSrisk, int Firms);

/// <summary>The one JSON object <c>eval merton --json</c> writes.</summary>
internal sealed record MertonEvalJson(
    string Data,
    int WindowDays,
    double ShortTermShare,
    double LongTermDebtWeight,
    int Days,
    int MissingValues,
    IReadOnlyDictionary<string, int> Rejected,
    int RejectedRows,
    IReadOnlyList<MertonFirmJson> Firms,
    IReadOnlyList<MertonAggregateJson> Aggregate,
    MertonExtremeJson? AggregatePeak);

/// <summary>The source-generated serialiser of <c>eval merton --json</c>, kept beside the command.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(MertonEvalJson))]
internal sealed partial class MertonJsonContext : JsonSerializerContext;
