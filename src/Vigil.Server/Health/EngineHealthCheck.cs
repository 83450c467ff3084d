using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vigil.Server.Live;

namespace Vigil.Server.Health;

/// <summary>
/// Whether the engine loop runs and keeps pace: unhealthy when it has stopped or has not ticked for a long while
/// (at least 10 s, or 40 tick intervals at slow speeds), degraded when it lags (at least 2 s, or 10 intervals).
/// The thresholds are wide because a paced loop on a busy machine may miss a beat without anything being wrong.
/// </summary>
internal sealed class EngineHealthCheck(LiveMarket live, SimulatorControl control, TimeProvider time) : IHealthCheck
{
    private static readonly TimeSpan MinLag = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MinStall = TimeSpan.FromSeconds(10);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var tickRateHz = control.TickRateHz;
        var interval = TimeSpan.FromSeconds(1 / tickRateHz);
        var data = new Dictionary<string, object>
        {
            ["running"] = live.Running,
            ["ticks"] = live.Ticks,
            ["steps"] = live.Steps,
            ["tick_rate_hz"] = tickRateHz,
            ["speed"] = control.Speed.ToString().ToLowerInvariant(),
        };

        TimeSpan? age = live.LastTickAt is { } last ? time.GetUtcNow() - last : null;
        if (age is { } a)
        {
            data["last_tick_age_ms"] = Math.Round(Math.Max(0, a.TotalMilliseconds), 3);
        }

        if (!live.Running)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the engine loop is not running", data: data));
        }

        if (age is null)
        {
            // Started but not yet through its first batch (a few milliseconds after start).
            return Task.FromResult(HealthCheckResult.Degraded("the engine loop has not processed a tick yet", data: data));
        }

        var stall = Max(MinStall, interval * 40);
        if (age > stall)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"the engine loop has not ticked for {age.Value.TotalSeconds:0.0} s", data: data));
        }

        var lag = Max(MinLag, interval * 10);
        if (age > lag)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"the engine loop lags: last tick {age.Value.TotalSeconds:0.0} s ago", data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy($"running at {tickRateHz:0.##} Hz", data));
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
