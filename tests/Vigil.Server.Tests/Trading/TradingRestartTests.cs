using System.Net;
using Vigil.Server.Tests.Support;
using static Vigil.Server.Tests.Trading.TradingTestSupport;

namespace Vigil.Server.Tests.Trading;

public sealed class TradingRestartTests
{
    [Fact]
    public async Task A_halted_run_is_still_halted_with_its_reason_after_a_restart_and_only_an_admin_resumes_it()
    {
        var directory = Path.Combine(Path.GetTempPath(), "vigil-test-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?> { ["Vigil:Admin:ApiKey"] = AdminKey, ["Vigil:Simulator:Speed"] = "Slow" };
        try
        {
            long endedNs;
            await using (var first = new VigilAppFactory(settings, directory))
            {
                using var client = first.CreateClient();
                await RegisterAsync(client, "live-r", "live");
                using var kill = await client.SendAsync(Admin(HttpMethod.Post, "/api/v1/runs/kill-all", new { reason = "restart drill" }));
                Assert.Equal(HttpStatusCode.OK, kill.StatusCode);
                endedNs = (await GetRunAsync(client, "live-r")).GetProperty("ended_ns").GetInt64();
            }

            await using var second = new VigilAppFactory(settings, directory);
            using var again = second.CreateClient();
            var run = await GetRunAsync(again, "live-r");
            Assert.Equal("halted", run.GetProperty("state").GetString());
            Assert.Equal("Kill switch: restart drill", run.GetProperty("kill_reason").GetString());
            Assert.Equal(endedNs, run.GetProperty("ended_ns").GetInt64());
            using (var gateway = await again.GetAsync("/api/v1/runs/live-r/state"))
            {
                Assert.Equal("""{"run_id":"live-r","state":"halted","mode":"live"}""", await gateway.Content.ReadAsStringAsync());
            }

            using (var anonymous = await again.PostAsync("/api/v1/runs/live-r/resume", null))
            {
                await AssertProblemAsync(anonymous, 401);
            }

            using (var resumed = await again.SendAsync(Admin(HttpMethod.Post, "/api/v1/runs/live-r/resume")))
            {
                Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
            }

            // Audit numbering continues across the restart, and the history from before it is still there.
            var audit = (await GetJsonAsync(again, "/api/v1/runs/audit")).GetProperty("items").EnumerateArray().ToList();
            Assert.Equal([1L, 2L], audit.Select(e => e.GetProperty("sequence").GetInt64()));
            Assert.Equal("halted", audit[0].GetProperty("to").GetString());
            Assert.Equal("active", audit[1].GetProperty("to").GetString());
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
}
