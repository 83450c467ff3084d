using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vigil.Engine.Bus;

namespace Vigil.Server.Health;

/// <summary>
/// The bus's subscribers with their depths and drops. Informational: drops are each subscriber's chosen policy at
/// work (the engine is never blocked by a slow consumer), not a failure.
/// </summary>
internal sealed class BusHealthCheck(IBus bus) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var subscribers = bus.Stats
            .Select(s => new BusSubscriberHealth(s.Topic, s.Subscriber, s.Policy, s.Depth, s.Delivered, s.Dropped))
            .ToArray();
        var depth = subscribers.Sum(s => (long)s.Depth);
        var dropped = subscribers.Sum(s => s.Dropped);
        var data = new Dictionary<string, object>
        {
            ["subscribers"] = subscribers,
            ["depth"] = depth,
            ["dropped"] = dropped,
        };
        return Task.FromResult(HealthCheckResult.Healthy($"{subscribers.Length} subscribers, {depth} messages waiting, {dropped} dropped", data));
    }
}

/// <summary>One bus subscriber in the health report.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Subscriber">The subscriber's name.</param>
/// <param name="Policy">What it does when full.</param>
/// <param name="Depth">Messages waiting.</param>
/// <param name="Delivered">Messages read so far.</param>
/// <param name="Dropped">Messages dropped or coalesced away so far.</param>
public sealed record BusSubscriberHealth(string Topic, string Subscriber, BackpressurePolicy Policy, int Depth, long Delivered, long Dropped);
