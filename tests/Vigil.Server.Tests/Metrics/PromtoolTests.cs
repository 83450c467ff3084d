using System.Diagnostics;
using Vigil.Server.Tests.Support;
using Xunit.Abstractions;
using static Vigil.Server.Tests.Metrics.MetricsTestSupport;

namespace Vigil.Server.Tests.Metrics;

public sealed class PromtoolTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Metrics_from_the_running_service_pass_promtool_check_metrics()
    {
        var promtool = FindOnPath("promtool");
        if (promtool is null)
        {
            // scripts/test.sh installs Debian's prometheus package; without it only CI must fail.
            Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), "promtool is not installed (Debian package prometheus)");
            output.WriteLine("SKIPPED: promtool is not installed (Debian package prometheus); run scripts/test.sh to install it");
            return;
        }

        await using var factory = new VigilAppFactory();
        using var client = factory.CreateClient();
        await WaitForStepsAsync(factory.Services, 5);
        (await client.GetAsync("/api/v1/status")).EnsureSuccessStatusCode();
        await client.GetAsync("/health");
        var text = await client.GetStringAsync("/metrics");

        var (exitCode, stdout, stderr) = await RunAsync(promtool, ["check", "metrics"], text);

        Assert.True(exitCode == 0, $"promtool check metrics failed ({exitCode}):\n{stdout}\n{stderr}");
        Assert.Equal(string.Empty, stdout.Trim() + stderr.Trim());
        Assert.Contains("vigil_engine_ticks_total", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_bucket", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promtool_rejects_text_that_breaks_the_format_so_the_check_above_means_something()
    {
        var promtool = FindOnPath("promtool");
        if (promtool is null)
        {
            Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), "promtool is not installed (Debian package prometheus)");
            output.WriteLine("SKIPPED: promtool is not installed");
            return;
        }

        // A counter without the _total suffix: promtool's lint must object.
        var (exitCode, stdout, stderr) = await RunAsync(promtool, ["check", "metrics"], "# HELP jobs Jobs.\n# TYPE jobs counter\njobs 1\n");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("_total", stdout + stderr, StringComparison.Ordinal);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string file, string[] args, string stdin)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
