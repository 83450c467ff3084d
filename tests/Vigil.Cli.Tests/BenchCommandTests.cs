using System.Text.RegularExpressions;
using Vigil.Cli.Tests.Support;

namespace Vigil.Cli.Tests;

public sealed class BenchCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly LongFile _file;

    public BenchCommandTests()
    {
        _file = MarketFiles.WriteLong(_directory.File("ticks.csv.gz"), minutes: 1);
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Json_reports_throughput_latency_percentiles_and_allocations()
    {
        var bench = (await VigilCommand.RunAsync("bench", _file.Path, "--runs", "1", "--json")).AssertOk().SingleJson();

        Assert.Equal(_file.Path, bench.Str("file"));
        Assert.Equal(1, bench.Long("runs"));
        Assert.Equal(_file.Rows, bench.Long("ticks"));
        Assert.Equal(_file.Rows, bench.Long("rows_read"));
        Assert.Equal(_file.Steps, bench.Long("steps"));
        Assert.Equal(0, bench.Long("rejected"));
        Assert.True(bench.Num("seconds") > 0);
        Assert.True(bench.Num("ticks_per_second") > 0);
        Assert.True(bench.Num("steps_per_second") > 0);
        Assert.True(bench.Num("engine_ticks_per_second") > 0);
        Assert.Equal(bench.Num("ticks") / bench.Num("seconds"), bench.Num("ticks_per_second"), tolerance: 1);

        var p50 = bench.Num("step_latency_p50_ns");
        var p99 = bench.Num("step_latency_p99_ns");
        var max = bench.Num("step_latency_max_ns");
        Assert.True(p50 > 0, $"p50 {p50}");
        Assert.True(p50 <= p99 && p99 <= max, $"p50 {p50}, p99 {p99}, max {max}");
        Assert.InRange(bench.Num("step_latency_mean_ns"), 0, max);

        Assert.True(bench.Num("allocated_bytes_per_tick") >= 0);
        Assert.True(bench.Num("engine_allocated_bytes_per_tick") >= 0);
        Assert.True(bench.Long("warnings_opened") >= 0);
        Assert.Contains("logical cores", bench.Str("machine"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task People_get_a_table_with_ticks_per_second()
    {
        var result = (await VigilCommand.RunAsync("bench", _file.Path, "--runs", "1")).AssertOk();

        Assert.Contains("vigil bench ticks.csv.gz", result.Out, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"ticks/s, end to end\s+│\s+[0-9,]+"), result.Out);
        Assert.Matches(new Regex(@"ticks\s+│\s+" + _file.Rows.ToString("N0")), result.Out);
        Assert.Contains("step latency p99", result.Out, StringComparison.Ordinal);
        Assert.Contains("bytes allocated per tick", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejected_rows_are_counted_and_the_rest_benchmarked()
    {
        var lines = MarketFiles.ReadLines(_file.Path);
        lines.Insert(5, "not,a,row");
        var path = _directory.Write("dirty.csv", string.Join('\n', lines) + "\n");

        var bench = (await VigilCommand.RunAsync("bench", path, "--runs", "1", "--json")).AssertOk().SingleJson();

        Assert.Equal(1, bench.Long("rejected"));
        Assert.Equal(_file.Rows, bench.Long("ticks"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public async Task Fewer_than_one_run_is_a_usage_error(string runs)
    {
        var result = await VigilCommand.RunAsync("bench", _file.Path, "--runs", runs, "--json");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Contains("--runs must be at least 1", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_a_clear_error()
    {
        var path = _directory.File("absent.csv");

        var result = await VigilCommand.RunAsync("bench", path, "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"vigil: {path}: no such file.", result.Error.Trim());
    }
}
