using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Spectre.Console;
using Vigil.Cli;
using Vigil.Core.Market;
using Vigil.Engine.Pipeline;
using Vigil.Engine.Replay;
using Vigil.Engine.Running;
using Vigil.Engine.Sources;

namespace Vigil.Commands;

/// <summary>
/// <c>vigil bench FILE</c>: the engine over a tick file as fast as it can go, end to end (reading, parsing,
/// per-tick detectors, market steps, warnings), and the engine alone over the same ticks held in memory.
/// </summary>
internal static class BenchCommand
{
    public static Command Build(CliIO io)
    {
        var file = new Argument<string>("FILE") { Description = "The tick file (for example ../shared/bench/ticks_18x4hz_2h.csv.gz)." };
        var runs = new Option<int>("--runs") { Description = "Timed runs; the best is reported.", DefaultValueFactory = _ => 3 };
        var format = CommonOptions.Format();
        var json = CommonOptions.Json();
        var command = new Command("bench", "Measure the engine's throughput, step latency and allocations over a tick file.") { file, runs, format, json };
        command.SetAction((result, cancellationToken) => RunAsync(io, result.GetValue(file)!, result.GetValue(runs), result.GetValue(format), result.GetValue(json), cancellationToken));
        command.Subcommands.Add(GatewayBenchCommand.Build(io));
        return command;
    }

    private sealed record Measurement(long Ticks, long Steps, TimeSpan Elapsed, long AllocatedBytes, LatencyHistogram Latency, long Warnings, long RowsRead, long Rejected);

    private static async Task<int> RunAsync(CliIO io, string path, int runs, ReplayFormat format, bool json, CancellationToken cancellationToken)
    {
        if (runs < 1)
        {
            throw new CliException($"--runs must be at least 1 (got {runs}).", VigilCli.Usage);
        }

        var endToEnd = new List<Measurement>();
        Measurement? engineOnly = null;
        await RunWithStatus(io, "benchmarking", async status =>
        {
            // One untimed run warms up the JIT so the timed runs measure steady-state code.
            await EndToEnd(path, format, cancellationToken);
            for (var i = 0; i < runs; i++)
            {
                status($"end-to-end run {i + 1} of {runs}");
                endToEnd.Add(await EndToEnd(path, format, cancellationToken));
            }

            status("engine only");
            engineOnly = await EngineOnly(path, format, runs, cancellationToken);
        });

        var best = endToEnd.MinBy(m => m.Elapsed)!;
        var engine = engineOnly!;
        var ticksPerSecond = best.Ticks / best.Elapsed.TotalSeconds;
        var summary = new BenchSummaryJson
        {
            File = path,
            Runs = runs,
            Ticks = best.Ticks,
            Steps = best.Steps,
            RowsRead = best.RowsRead,
            Rejected = best.Rejected,
            Seconds = best.Elapsed.TotalSeconds,
            TicksPerSecond = Math.Round(ticksPerSecond),
            StepsPerSecond = Math.Round(best.Steps / best.Elapsed.TotalSeconds),
            StepLatencyP50Ns = best.Latency.QuantileNs(0.50),
            StepLatencyP99Ns = best.Latency.QuantileNs(0.99),
            StepLatencyMaxNs = best.Latency.MaxNs,
            StepLatencyMeanNs = Math.Round(best.Latency.TotalNs / Math.Max(1, best.Latency.Count)),
            EngineTicksPerSecond = Math.Round(engine.Ticks / engine.Elapsed.TotalSeconds),
            AllocatedBytesPerTick = Math.Round(best.AllocatedBytes / (double)Math.Max(1, best.Ticks), 3),
            EngineAllocatedBytesPerTick = Math.Round(engine.AllocatedBytes / (double)Math.Max(1, engine.Ticks), 3),
            WarningsOpened = best.Warnings,
            Machine = Machine(),
        };
        if (json)
        {
            JsonLines.Write(io.Out, summary, CliJsonContext.Default.BenchSummaryJson);
            return VigilCli.Ok;
        }

        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]vigil bench {Markup.Escape(Path.GetFileName(path))}[/]")
            .AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("ticks", $"{summary.Ticks:N0}");
        table.AddRow("market steps", $"{summary.Steps:N0}");
        table.AddRow("best end-to-end time (of " + runs + ")", Formatting.Duration(best.Elapsed));
        table.AddRow("[bold]ticks/s, end to end[/]", $"[bold]{Formatting.Rate(summary.TicksPerSecond)}[/]");
        table.AddRow("market steps/s, end to end", Formatting.Rate(summary.StepsPerSecond));
        table.AddRow("step latency p50", $"{summary.StepLatencyP50Ns / 1000:0.0} µs");
        table.AddRow("step latency p99", $"{summary.StepLatencyP99Ns / 1000:0.0} µs");
        table.AddRow("step latency max", $"{summary.StepLatencyMaxNs / 1000:0.0} µs");
        table.AddRow("ticks/s, engine only (ticks in memory)", Formatting.Rate(summary.EngineTicksPerSecond));
        table.AddRow("bytes allocated per tick, end to end", $"{summary.AllocatedBytesPerTick:0.###}");
        table.AddRow("bytes allocated per tick, engine only, steady state", $"{summary.EngineAllocatedBytesPerTick:0.###}");
        table.AddRow("warnings opened", $"{summary.WarningsOpened:N0}");
        table.AddRow("rows rejected", $"{summary.Rejected:N0}");
        table.AddRow("machine", Markup.Escape(summary.Machine));
        io.Console.Write(table);
        return VigilCli.Ok;
    }

    private static async Task<Measurement> EndToEnd(string path, ReplayFormat format, CancellationToken cancellationToken)
    {
        // Opening (and the long format's symbol scan) is timed too: it is part of reading the file.
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        var replay = ReplaySetup.Open(path, format, strict: false);
        await using var source = new ReadAheadTickSource(replay);
        var engine = new DetectionEngine(replay.Registry, ReplaySetup.EngineOptionsFor(replay, EngineProfile.Auto, 0)) { StepLatency = new LatencyHistogram() };
        var run = await ReplaySetup.GuardAsync(() => EngineRunner.RunAsync(source, engine, null, EngineRunner.DefaultBufferLength, cancellationToken));
        var elapsed = Stopwatch.GetElapsedTime(started);
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        return new Measurement(run.Ticks, run.Steps, elapsed, allocated, engine.StepLatency!, engine.Counters.WarningsOpened, replay.Summary.RowsRead, replay.Summary.Rejections);
    }

    private static async Task<Measurement> EngineOnly(string path, ReplayFormat format, int runs, CancellationToken cancellationToken)
    {
        await using var source = ReplaySetup.Open(path, format, strict: false);
        var ticks = new List<Tick>();
        var buffer = new Tick[EngineRunner.DefaultBufferLength];
        int n;
        while ((n = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            ticks.AddRange(buffer.AsSpan(0, n));
        }

        var all = ticks.ToArray();
        Measurement? best = null;
        for (var i = 0; i < runs + 1; i++)
        {
            var engine = new DetectionEngine(source.Registry, ReplaySetup.EngineOptionsFor(source, EngineProfile.Auto, 0)) { StepLatency = new LatencyHistogram() };
            var started = Stopwatch.GetTimestamp();
            var half = all.Length / 2;
            engine.Process(all.AsSpan(0, half));

            // Allocation is counted over the second half only: steady state, after warm-up and the one-off fit of
            // the Isolation Forest (warning events, which are allocated when warnings change, are counted).
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            engine.Process(all.AsSpan(half));
            engine.Flush();
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            var elapsed = Stopwatch.GetElapsedTime(started);
            var m = new Measurement(all.Length, engine.Counters.Steps, elapsed, allocated * all.Length / Math.Max(1, all.Length - half), engine.StepLatency, engine.Counters.WarningsOpened, source.Summary.RowsRead, source.Summary.Rejections);
            if (i > 0 && (best is null || m.Elapsed < best.Elapsed))
            {
                best = m;
            }
        }

        return best!;
    }

    private static async Task RunWithStatus(CliIO io, string description, Func<Action<string>, Task> run)
    {
        if (!io.Interactive)
        {
            await run(_ => { });
            return;
        }

        await io.ProgressConsole.Status().StartAsync(description, async context => await run(text => context.Status(text)));
    }

    private static string Machine()
    {
        var cpu = "unknown CPU";
        try
        {
            var model = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
            if (model is not null)
            {
                cpu = model[(model.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
        }
        catch (IOException)
        {
            // The CPU name is a courtesy; the figures stand without it.
        }

        return $"{cpu}, {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}";
    }
}
