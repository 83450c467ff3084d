using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Vigil.Cli;
using Vigil.Server;

namespace Vigil.Commands;

/// <summary>
/// <c>vigil bench gateway</c>: starts the real service on a loopback port (its store in a temporary folder), registers
/// a run and times <c>GET /api/v1/runs/{id}/state</c> round trips one after another over one keep-alive connection,
/// reporting p50, p99 and the maximum.
/// </summary>
/// <remarks>
/// The service runs with the per-client rate limit raised (<c>Vigil:Api:RequestsPerSecondPerClient</c>): the bench is
/// one client asking as fast as it can, which the default 5,000 a second would turn into 429s. An order gateway host
/// that calls more often than that is set up the same way; the limit stays on for everything else.
/// </remarks>
internal static class GatewayBenchCommand
{
    public static Command Build(CliIO io)
    {
        var requests = new Option<int>("--requests") { Description = "Timed requests.", DefaultValueFactory = _ => 20_000 };
        var command = new Command("gateway", "Measure the order gateway (GET /api/v1/runs/{id}/state) round trip on loopback.") { requests };
        command.SetAction((result, cancellationToken) => RunAsync(io, result.GetValue(requests), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliIO io, int requests, CancellationToken cancellationToken)
    {
        if (requests < 100)
        {
            throw new CliException($"--requests must be at least 100 (got {requests}).", VigilCli.Usage);
        }

        var directory = Path.Combine(Path.GetTempPath(), "vigil-bench-gateway-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var app = VigilServer.Build(
            [
                "--urls", "http://127.0.0.1:0",
                "--Vigil:Store:Path=" + Path.Combine(directory, "vigil.db"),
                "--Vigil:Store:SpoolDirectory=" + Path.Combine(directory, "spool"),
                "--Vigil:Api:RequestsPerSecondPerClient=100000000",
                "--Logging:LogLevel:Default=Warning",

                // The engine keeps running beside the gateway, as in production, at the slowest simulated pace.
                "--Vigil:Simulator:Speed=Slow",
            ]);
            await using (app)
            {
                await app.StartAsync(cancellationToken);
                var address = app.Urls.First();
                using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = new Uri(address) };
                using (var created = await http.PostAsJsonAsync("/api/v1/runs", new { id = "bench", name = "gateway bench", mode = "live" }, cancellationToken))
                {
                    created.EnsureSuccessStatusCode();
                }

                // Untimed calls first, so the JIT and the connection are warm.
                for (var i = 0; i < 2_000; i++)
                {
                    await CallAsync(http, cancellationToken);
                }

                var latencies = new double[requests];
                var total = Stopwatch.StartNew();
                for (var i = 0; i < requests; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    await CallAsync(http, cancellationToken);
                    latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }

                total.Stop();
                Array.Sort(latencies);
                var p50 = latencies[(int)(0.50 * (requests - 1))];
                var p99 = latencies[(int)(0.99 * (requests - 1))];
                var max = latencies[^1];
                io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"gateway GET /api/v1/runs/{{id}}/state on loopback: {requests} requests in {total.Elapsed.TotalSeconds:F2} s ({requests / total.Elapsed.TotalSeconds:F0}/s), p50 {p50:F3} ms, p99 {p99:F3} ms, max {max:F3} ms"));
                io.Out.WriteLine($"machine: {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
                await app.StopAsync(cancellationToken);
                return p99 < 1.0 ? 0 : 1;
            }
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a closing connection; the OS cleans the temp folder.
            }
        }
    }

    private static async Task CallAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("/api/v1/runs/bench/state", HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new CliException($"The gateway answered {(int)response.StatusCode}.");
        }
    }
}
