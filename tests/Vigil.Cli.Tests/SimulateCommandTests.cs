using System.Text.Json;
using System.Text.RegularExpressions;
using Vigil.Cli.Tests.Support;

namespace Vigil.Cli.Tests;

public sealed class SimulateCommandTests
{
    /// <summary>Four minutes at 4 Hz over the 18 default instruments, the flash crash after two calm minutes.</summary>
    private static readonly string[] FlashCrash = ["simulate", "--preset", "flashcrash2010", "--minutes", "4", "--calm-minutes", "2", "--json"];

    private const int Instruments = 18;
    private const int Steps = 4 * 60 * 4;

    private static readonly string[] WarningFields =
    [
        "type", "event", "id", "ts", "ts_ns", "opened_at", "duration_seconds", "severity", "previous_severity", "peak_severity",
        "composite", "peak_composite", "max_abs_z", "correlation_breaks", "signal_count", "contributions", "signals", "breaks", "summary",
        "event_type", "status", "title", "probability", "confidence", "analogue", "analogue_similarity",
    ];

    private static readonly string[] Severities = ["NONE", "ELEVATED", "HIGH", "SEVERE", "EXTREME"];

    [Fact]
    public async Task Json_output_is_a_scenario_line_then_warning_events_then_a_summary()
    {
        var lines = (await VigilCommand.RunAsync(FlashCrash)).AssertOk().JsonLines();

        var scenario = lines[0];
        Assert.Equal("scenario", scenario.Str("type"));
        Assert.Equal("scheduled", scenario.Str("event"));
        Assert.Equal("flashcrash2010", scenario.Str("preset"));
        Assert.Equal("Flash Crash 2010", scenario.Str("name"));
        Assert.Equal((MarketFiles.StartMs + 120_000) * 1_000_000, scenario.Long("ts_ns"));
        Assert.Equal("2023-11-14T22:15:20.000Z", scenario.Str("ts"));

        var summary = lines[^1];
        Assert.Equal("summary", summary.Str("type"));
        Assert.Equal("simulate", summary.Str("command"));

        var middle = lines.Skip(1).Take(lines.Count - 2).ToList();
        Assert.NotEmpty(middle);
        Assert.All(middle, l => Assert.Equal("warning", l.Str("type")));
    }

    [Fact]
    public async Task Warning_events_carry_every_documented_field()
    {
        var events = (await VigilCommand.RunAsync(FlashCrash)).AssertOk().JsonLines().OfType("warning").ToList();

        Assert.NotEmpty(events);
        // Four minutes end before the preset's rebound, so the type is the crash seen so far (the engine's scenario
        // tests follow it to flash_crash); it is refined from unclassified within the first reclassification interval.
        Assert.Contains(events, e => e.Str("event_type") is "market_crash" or "flash_crash");
        foreach (var e in events)
        {
            foreach (var field in WarningFields)
            {
                Assert.True(e.Has(field), $"warning event lacks '{field}': {e}");
            }

            Assert.Contains(e.Str("event"), new[] { "opened", "escalated", "de-escalated", "reclassified", "closed" });
            Assert.Matches(new Regex("^blackswan_W[0-9]{6}$"), e.Str("id"));
            Assert.Contains(e.Str("severity"), Severities);
            Assert.Contains(e.Str("peak_severity"), Severities);
            Assert.InRange(e.Num("composite"), 0, 1);
            Assert.InRange(e.Num("peak_composite"), e.Num("composite"), 1);
            Assert.True(e.Num("duration_seconds") >= 0);
            Assert.Equal(
                DateTimeOffset.FromUnixTimeMilliseconds(e.Long("ts_ns") / 1_000_000).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
                e.Str("ts"));
            Assert.NotEmpty(e.Str("summary"));
            Assert.NotEmpty(e.Str("title"));
            Assert.InRange(e.Num("probability"), 0, 1);
            Assert.InRange(e.Num("confidence"), 0, 1);
            Assert.Contains(e.Str("status"), new[] { "active", "monitoring", "resolved" });
            Assert.Equal(e.Str("event") == "closed", e.Str("status") == "resolved");

            // signal_count counts the instruments (and the forest) with a firing detector; signals lists each firing
            // detector of each instrument, strongest first, and breaks only the largest few correlation breaks.
            Assert.InRange(e.Items("signals").Select(s => s.Str("symbol")).Distinct().Count(), 0, e.Long("signal_count"));
            Assert.InRange(e.GetProperty("breaks").GetArrayLength(), Math.Min(1, e.Long("correlation_breaks")), e.Long("correlation_breaks"));
            foreach (var c in e.Items("contributions"))
            {
                Assert.NotEmpty(c.Str("detector"));
                Assert.InRange(c.Num("score"), 0, 1);
                Assert.True(c.Num("contribution") >= 0);
            }
        }

        var opened = events.First();
        Assert.Equal("opened", opened.Str("event"));
        Assert.Equal("NONE", opened.Str("previous_severity"));
        Assert.Equal(opened.Str("ts"), opened.Str("opened_at"));
        Assert.Equal(0, opened.Num("duration_seconds"));
    }

    [Fact]
    public async Task A_warning_opens_soon_after_the_preset_starts_and_none_during_the_calm_minutes()
    {
        var lines = (await VigilCommand.RunAsync(FlashCrash)).AssertOk().JsonLines();
        var presetStartNs = lines[0].Long("ts_ns");

        var opened = lines.OfType("warning").Where(e => e.Str("event") == "opened").ToList();

        Assert.NotEmpty(opened);
        Assert.All(opened, e => Assert.True(e.Long("ts_ns") >= presetStartNs, $"a warning opened during the calm minutes: {e}"));
        var delaySeconds = (opened[0].Long("ts_ns") - presetStartNs) / 1e9;
        Assert.InRange(delaySeconds, 0, 60);
    }

    [Fact]
    public async Task Summary_counts_agree_with_the_run_and_the_warning_events()
    {
        var lines = (await VigilCommand.RunAsync(FlashCrash)).AssertOk().JsonLines();
        var summary = lines[^1];
        var events = lines.OfType("warning").ToList();

        Assert.Equal(Steps, summary.Long("steps"));
        Assert.Equal(Steps * Instruments, summary.Long("ticks"));
        Assert.Equal(0, summary.Long("engine_rejected"));
        Assert.Equal(4 * 60 - 0.25, summary.Num("event_seconds"), 6);
        Assert.Equal("2023-11-14T22:13:20.000Z", summary.Str("event_start"));
        Assert.Equal("2023-11-14T22:17:19.750Z", summary.Str("event_end"));
        Assert.True(summary.Num("wall_seconds") > 0);
        Assert.Contains("flashcrash2010", summary.Str("source"), StringComparison.Ordinal);

        // A simulation reads no file: the replay-only fields are left out.
        Assert.False(summary.Has("rows_read"));
        Assert.False(summary.Has("rejected"));

        var openedIds = events.Where(e => e.Str("event") == "opened").Select(e => e.Str("id")).ToList();
        Assert.Equal(openedIds.Count, summary.Long("warnings_opened"));
        Assert.Equal(openedIds.Count, openedIds.Distinct().Count());

        var warnings = summary.Items("warnings").ToList();
        Assert.Equal(openedIds.Order(StringComparer.Ordinal), warnings.Select(w => w.Str("id")));
        foreach (var w in warnings)
        {
            var mine = events.Where(e => e.Str("id") == w.Str("id")).ToList();
            Assert.Equal(mine[0].Str("opened_at"), w.Str("opened_at"));
            Assert.Equal(mine[^1].Str("peak_severity"), w.Str("peak_severity"));
            Assert.Equal(mine.Max(e => e.Num("peak_composite")), w.Num("peak_composite"));
            var closed = mine.SingleOrDefault(e => e.Str("event") == "closed");
            if (closed.ValueKind == JsonValueKind.Undefined)
            {
                Assert.True(w.IsNull("closed_at"));
            }
            else
            {
                Assert.Equal(closed.Str("ts"), w.Str("closed_at"));
            }
        }

        var bySeverity = summary.GetProperty("warnings_by_severity").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        Assert.Equal(["ELEVATED", "EXTREME", "HIGH", "SEVERE"], bySeverity.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(summary.Long("warnings_opened"), bySeverity.Values.Sum());
        foreach (var (severity, count) in bySeverity.Select(p => (p.Key, p.Value)))
        {
            Assert.Equal(warnings.Count(w => w.Str("peak_severity") == severity), count);
        }
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_output_apart_from_wall_time()
    {
        var first = await VigilCommand.RunAsync(FlashCrash);
        var second = await VigilCommand.RunAsync(FlashCrash);
        var otherSeed = await VigilCommand.RunAsync([.. FlashCrash, "--seed", "43"]);

        Assert.Equal(WithoutWallTime(first.AssertOk().Out), WithoutWallTime(second.AssertOk().Out));
        Assert.NotEqual(WithoutWallTime(first.Out), WithoutWallTime(otherSeed.AssertOk().Out));
    }

    [Fact]
    public async Task A_calm_run_writes_no_scenario_line()
    {
        var lines = (await VigilCommand.RunAsync("simulate", "--minutes", "1", "--json")).AssertOk().JsonLines();

        Assert.Empty(lines.OfType("scenario"));
        var summary = Assert.Single(lines.OfType("summary"));
        Assert.Equal(4 * 60 * Instruments, summary.Long("ticks"));
        Assert.EndsWith("calm", summary.Str("source"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Slow", 2)]
    [InlineData("Fast", 10)]
    public async Task Speed_sets_the_tick_rate(string speed, int hz)
    {
        var summary = (await VigilCommand.RunAsync("simulate", "--minutes", "0.5", "--speed", speed, "--json")).AssertOk().JsonLines()[^1];

        Assert.Equal(30 * hz, summary.Long("steps"));
        Assert.Equal(30 * hz * Instruments, summary.Long("ticks"));
    }

    [Fact]
    public async Task Realtime_paces_the_simulation_by_the_wall_clock()
    {
        var summary = (await VigilCommand.RunAsync("simulate", "--minutes", "0.01", "--realtime", "--json")).AssertOk().JsonLines()[^1];

        Assert.Equal(3 * Instruments, summary.Long("ticks"));
        Assert.True(summary.Num("wall_seconds") >= 0.45, $"0.6 s of event time took {summary.Num("wall_seconds")} s of wall time");
    }

    [Fact]
    public async Task People_get_the_scenario_the_warnings_and_a_summary_table()
    {
        var result = (await VigilCommand.RunAsync(FlashCrash[..^1])).AssertOk();

        Assert.Contains("Flash Crash 2010 starts at 2023-11-14 22:15:20.000 (event time), after 2 calm minutes.", result.Out, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"2023-11-14 22:1\d:\d\d\.\d{3}  blackswan_W000001  opened"), result.Out);
        Assert.Contains("simulate summary", result.Out, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"ticks processed\s+│\s+17,280"), result.Out);
        Assert.Matches(new Regex(@"market steps\s+│\s+960"), result.Out);
        Assert.Contains("warnings opened", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("{", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_preset_is_a_usage_error_naming_the_valid_presets()
    {
        var result = await VigilCommand.RunAsync("simulate", "--preset", "dotcom2000", "--minutes", "1");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Contains("unknown preset 'dotcom2000'", result.Error, StringComparison.Ordinal);
        foreach (var id in new[] { "lehman2008", "flashcrash2010", "covid2020", "svb2023" })
        {
            Assert.Contains(id, result.Error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("ten")]
    public async Task Minutes_that_are_not_a_positive_number_are_rejected(string minutes)
    {
        var result = await VigilCommand.RunAsync("simulate", "--minutes", minutes, "--json");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Contains("--minutes", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4")]
    [InlineData("5")]
    [InlineData("-1")]
    public async Task Calm_minutes_outside_the_run_are_rejected(string calm)
    {
        var result = await VigilCommand.RunAsync("simulate", "--preset", "svb2023", "--minutes", "4", "--calm-minutes", calm);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--calm-minutes must be in [0, --minutes)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_speed_is_a_usage_error()
    {
        var result = await VigilCommand.RunAsync("simulate", "--minutes", "1", "--speed", "Ludicrous");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Ludicrous", result.Error, StringComparison.Ordinal);
    }

    private static string WithoutWallTime(string json) =>
        Regex.Replace(json, "\"wall_seconds\":[0-9.eE+-]+", "\"wall_seconds\":0");
}
