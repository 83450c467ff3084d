using System.Net.Http.Json;
using Vigil.Server.Api;
using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests;

public sealed class StatusApiTests
{
    [Fact]
    public async Task Status_reports_the_engine_running_over_the_simulated_instruments()
    {
        await using var factory = new VigilAppFactory();
        using var client = factory.CreateClient();

        StatusResponse? status = null;
        for (var attempt = 0; attempt < 100 && (status is null || status.Steps < 5); attempt++)
        {
            status = await client.GetFromJsonAsync<StatusResponse>("/api/v1/status");
            await Task.Delay(50);
        }

        Assert.NotNull(status);
        Assert.True(status.Running);
        Assert.Equal(18, status.Instruments);
        Assert.True(status.Steps >= 5, $"only {status.Steps} steps");
        Assert.True(status.Ticks >= status.Steps * 18);
    }
}
