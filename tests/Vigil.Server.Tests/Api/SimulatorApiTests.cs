using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Core.Instruments;
using Vigil.Engine.Simulation;
using Vigil.Server.Live;

namespace Vigil.Server.Tests.Api;

public sealed class SimulatorApiTests
{
    [Fact]
    public async Task Presets_lists_every_crisis_preset_with_id_name_and_description()
    {
        await using var host = new ApiTestHost();
        var presets = await host.GetJsonAsync("/api/v1/presets");

        var ids = presets.EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToArray();
        Assert.Equal(CrisisPresets.Ids.ToArray(), ids);
        Assert.Contains("lehman2008", ids);
        foreach (var preset in presets.EnumerateArray())
        {
            Assert.False(string.IsNullOrWhiteSpace(preset.GetProperty("name").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(preset.GetProperty("description").GetString()));
        }
    }

    [Fact]
    public async Task Activating_Lehman_starts_its_onset_in_the_simulator_and_deactivate_ends_it()
    {
        await using var host = new ApiTestHost();
        await host.WaitForStepsAsync(1);
        var simulator = host.Factory.Services.GetRequiredService<SimulatorControl>().Simulator;
        Assert.Equal(StressPhase.None, simulator.Phase);

        using var response = await host.Client.PostAsync("/api/v1/presets/LEHMAN2008/activate", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("lehman2008", body.GetProperty("id").GetString());
        Assert.Equal("Lehman 2008", body.GetProperty("name").GetString());
        Assert.Equal("onset", body.GetProperty("phase").GetString());

        // The simulator picks the scenario up on its next tick.
        for (var i = 0; i < 200 && simulator.Phase == StressPhase.None; i++)
        {
            await Task.Delay(20);
        }

        Assert.Equal("lehman2008", simulator.ActiveScenario?.Id);
        Assert.NotEqual(StressPhase.None, simulator.Phase);
        var stress = await host.GetJsonAsync("/api/v1/stress");
        Assert.True(stress.GetProperty("active").GetBoolean());
        Assert.Equal("lehman2008", stress.GetProperty("id").GetString());

        using var off = await host.Client.PostAsync("/api/v1/stress/deactivate", null);
        Assert.Equal(HttpStatusCode.Accepted, off.StatusCode);
        for (var i = 0; i < 200 && simulator.Phase is StressPhase.Onset or StressPhase.Peak; i++)
        {
            await Task.Delay(20);
        }

        Assert.True(simulator.Phase is StressPhase.Recovery or StressPhase.None, $"phase {simulator.Phase}");
    }

    [Fact]
    public async Task Activating_an_unknown_preset_is_a_404_that_lists_the_presets()
    {
        await using var host = new ApiTestHost();
        using var response = await host.Client.PostAsync("/api/v1/presets/dotcom2000/activate", null);
        var problem = await Problems.AssertProblemAsync(response, 404);
        Assert.Contains("lehman2008", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_custom_stress_is_accepted_and_played_by_the_simulator()
    {
        await using var host = new ApiTestHost();
        using var response = await host.Client.PostJsonTextAsync("/api/v1/stress", """
            {"name":"Equity rout","volatility_multiplier":4,"correlation_shift":0.6,"segment_moves":{"equity":-0.2,"volatility":25},
             "jump_intensity_per_minute":2,"volume_multiplier":3,"onset_seconds":10,"duration_seconds":60,"recovery_seconds":30}
            """);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("custom", body.GetProperty("id").GetString());
        Assert.Equal("Equity rout", body.GetProperty("name").GetString());

        var simulator = host.Factory.Services.GetRequiredService<SimulatorControl>().Simulator;
        for (var i = 0; i < 200 && simulator.ActiveScenario is null; i++)
        {
            await Task.Delay(20);
        }

        Assert.Equal("Equity rout", simulator.ActiveScenario?.Name);
        Assert.Equal(4, simulator.ActiveScenario!.VolatilityMultiplier);
        Assert.Equal(-0.2, simulator.ActiveScenario.SegmentMoves[StressSegment.Equity]);
    }

    [Fact]
    public async Task A_custom_stress_with_many_bad_fields_gets_one_400_naming_each_field()
    {
        await using var host = new ApiTestHost();
        using var response = await host.Client.PostJsonTextAsync("/api/v1/stress", """
            {"name":"","volatility_multiplier":-1,"correlation_shift":1.5,"segment_moves":{"equity":-1.5,"moon":0.1},
             "jump_intensity_per_minute":1000,"volume_multiplier":0,"onset_seconds":-5,"duration_seconds":1e12,"recovery_seconds":-1}
            """);
        var problem = await Problems.AssertBadFieldsAsync(response,
            "name", "volatility_multiplier", "correlation_shift", "segment_moves.equity", "segment_moves.moon",
            "jump_intensity_per_minute", "volume_multiplier", "onset_seconds", "duration_seconds", "recovery_seconds");
        Assert.Contains("between 0 and 1", problem.GetProperty("errors").GetProperty("correlation_shift")[0].GetString(), StringComparison.Ordinal);
        Assert.Null(host.Factory.Services.GetRequiredService<SimulatorControl>().Simulator.ActiveScenario);
    }

    [Theory]
    [InlineData("{\"name\": \"x\",", "body")]
    [InlineData("not json at all", "body")]
    [InlineData("{\"name\":\"x\",\"volatility_multiplier\":\"high\"}", "volatility_multiplier")]
    [InlineData("{\"name\":\"x\",\"surprise\":1}", "surprise")]
    [InlineData("[1,2,3]", "body")]
    public async Task A_malformed_stress_body_is_a_400_naming_the_field_never_a_500(string json, string field)
    {
        await using var host = new ApiTestHost();
        using var response = await host.Client.PostJsonTextAsync("/api/v1/stress", json);
        await Problems.AssertBadFieldsAsync(response, field);

        // The service keeps serving.
        using var status = await host.Client.GetAsync("/api/v1/status");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
    }

    [Fact]
    public async Task A_stress_body_that_is_not_json_by_content_type_is_a_415_problem()
    {
        await using var host = new ApiTestHost();
        using var response = await host.Client.PostAsync("/api/v1/stress", new StringContent("name=x", System.Text.Encoding.UTF8, "text/plain"));
        await Problems.AssertProblemAsync(response, 415);
    }

    [Fact]
    public async Task An_overlong_preset_id_is_a_400_naming_id()
    {
        await using var host = new ApiTestHost();
        using var response = await host.Client.PostAsync("/api/v1/presets/" + new string('x', 300) + "/activate", null);
        await Problems.AssertBadFieldsAsync(response, "id");
    }

    [Fact]
    public async Task A_stress_without_a_body_is_a_400()
    {
        await using var host = new ApiTestHost();
        using var response = await host.Client.PostAsync("/api/v1/stress", new StringContent(string.Empty, System.Text.Encoding.UTF8, "application/json"));
        await Problems.AssertBadFieldsAsync(response, "body");
    }

    [Fact]
    public async Task Put_speed_changes_the_tick_rate_and_get_reports_it()
    {
        await using var host = new ApiTestHost();
        var initial = await host.GetJsonAsync("/api/v1/speed");
        Assert.Equal("turbo", initial.GetProperty("speed").GetString());
        Assert.Equal(25, initial.GetProperty("tick_rate_hz").GetDouble());

        using var put = await host.Client.PutJsonTextAsync("/api/v1/speed", """{"speed":"slow"}""");
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var body = System.Text.Json.JsonDocument.Parse(await put.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("slow", body.GetProperty("speed").GetString());
        Assert.Equal(2, body.GetProperty("tick_rate_hz").GetDouble());

        var after = await host.GetJsonAsync("/api/v1/speed");
        Assert.Equal("slow", after.GetProperty("speed").GetString());
        Assert.Equal(2, after.GetProperty("tick_rate_hz").GetDouble());
        var control = host.Factory.Services.GetRequiredService<SimulatorControl>();
        Assert.Equal(SimulatorSpeed.Slow, control.Speed);
        Assert.Equal(2, control.TickRateHz);
    }

    [Theory]
    [InlineData("""{"speed":"ludicrous"}""")]
    [InlineData("""{"speed":"3"}""")]
    [InlineData("""{}""")]
    [InlineData("""{"speed":null}""")]
    public async Task Put_speed_with_a_bad_value_is_a_400_naming_speed_and_changes_nothing(string json)
    {
        await using var host = new ApiTestHost();
        using var put = await host.Client.PutJsonTextAsync("/api/v1/speed", json);
        await Problems.AssertBadFieldsAsync(put, "speed");
        var after = await host.GetJsonAsync("/api/v1/speed");
        Assert.Equal("turbo", after.GetProperty("speed").GetString());
    }
}
