using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http.HttpResults;
using Vigil.Engine.Bus;
using Vigil.Engine.Pipeline;
using Vigil.Server.Live;
using Vigil.Server.Metrics;

namespace Vigil.Server.Api;

/// <summary>How the pipeline is doing: throughput, latency, queues, clients.</summary>
internal static class PipelineApi
{
    public static RouteGroupBuilder MapPipelineApi(this RouteGroupBuilder api)
    {
        api.MapGet("/pipeline", GetPipeline)
            .WithTags("Pipeline")
            .WithName("GetPipeline")
            .WithSummary("Pipeline metrics: ticks and steps per second, step latency, bus queue depths and drops, push clients.");
        return api;
    }

    /// <summary>The pipeline's figures now.</summary>
    internal static Ok<PipelineResponse> GetPipeline(LiveMarket live, PipelineRates rates, PushObserver push, IBus bus, TimeProvider time)
    {
        var (ticksPerSecond, stepsPerSecond) = rates.Current();
        var now = time.GetUtcNow();
        var lastTickAgeMs = live.LastTickAt is { } last ? Math.Max(0, (now - last).TotalMilliseconds) : (double?)null;
        var queues = bus.Stats.Select(s => new QueueResponse(s.Topic, s.Subscriber, s.Policy, s.Depth, s.Delivered, s.Dropped)).ToArray();
        var (pushP50, pushP99) = push.TickToPushMs();
        return TypedResults.Ok(new PipelineResponse(
            live.Ticks,
            live.Steps,
            ticksPerSecond,
            stepsPerSecond,
            Milliseconds(live.StepLatency, 0.5),
            Milliseconds(live.StepLatency, 0.99),
            lastTickAgeMs,
            push.Clients,
            pushP50,
            pushP99,
            queues));
    }

    private static double? Milliseconds(LatencyHistogram histogram, double quantile) =>
        histogram.Count == 0 ? null : histogram.QuantileNs(quantile) / 1e6;
}

/// <summary>
/// Samples the engine's tick and step counters four times a second and keeps the last five seconds, so rates are
/// over a recent window rather than since start.
/// </summary>
internal sealed class PipelineRates(LiveMarket live, TimeProvider time) : IHostedService, IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private const int Window = 21;
    private readonly (long Timestamp, long Ticks, long Steps)[] _samples = new (long, long, long)[Window];
    private readonly Lock _gate = new();
    private int _count;
    private int _next;
    private ITimer? _timer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = time.CreateTimer(_ => Sample(), null, TimeSpan.Zero, Interval);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    public void Dispose() => _timer?.Dispose();

    /// <summary>Ticks and steps per second from the oldest sample in the window to now; zeros before a window exists.</summary>
    public (double TicksPerSecond, double StepsPerSecond) Current()
    {
        var now = time.GetTimestamp();
        var ticks = live.Ticks;
        var steps = live.Steps;
        (long Timestamp, long Ticks, long Steps) oldest;
        lock (_gate)
        {
            if (_count == 0)
            {
                return (0, 0);
            }

            oldest = _samples[(_next - _count + Window) % Window];
        }

        var seconds = time.GetElapsedTime(oldest.Timestamp, now).TotalSeconds;
        return seconds < 0.1 ? (0, 0) : ((ticks - oldest.Ticks) / seconds, (steps - oldest.Steps) / seconds);
    }

    private void Sample()
    {
        var sample = (time.GetTimestamp(), live.Ticks, live.Steps);
        lock (_gate)
        {
            _samples[_next] = sample;
            _next = (_next + 1) % Window;
            _count = Math.Min(_count + 1, Window);
        }
    }
}

/// <summary>
/// Reads what the push area records on the <c>Vigil</c> meter (connected clients, tick-to-push latency) by listening
/// to this host's <see cref="VigilMetrics"/> instruments, so the API needs no reference to push's types.
/// </summary>
internal sealed class PushObserver : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly LatencyHistogram _tickToPush = new();
    private readonly Lock _gate = new();
    private long _clients;

    public PushObserver(IMeterFactory meterFactory)
    {
        // Several hosts may share a process (tests): only this host's meter, the one its factory made, counts.
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == VigilMetrics.MeterName
                && ReferenceEquals(instrument.Meter.Scope, meterFactory)
                && instrument.Name is ClientsInstrument or TickToPushInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == ClientsInstrument)
            {
                Interlocked.Add(ref _clients, value);
            }
        });
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name == TickToPushInstrument)
            {
                lock (_gate)
                {
                    _tickToPush.Record((long)(value * 1e9));
                }
            }
        });
        _listener.Start();
    }

    private const string ClientsInstrument = "vigil.push.clients";
    private const string TickToPushInstrument = "vigil.push.tick_to_push.duration";

    /// <summary>Connected WebSocket and SSE clients.</summary>
    public long Clients => Math.Max(0, Interlocked.Read(ref _clients));

    /// <summary>Tick-to-push latency quantiles since start, in milliseconds; nulls before the first push.</summary>
    public (double? P50, double? P99) TickToPushMs()
    {
        lock (_gate)
        {
            return _tickToPush.Count == 0 ? (null, null) : (_tickToPush.QuantileNs(0.5) / 1e6, _tickToPush.QuantileNs(0.99) / 1e6);
        }
    }

    public void Dispose() => _listener.Dispose();
}

/// <summary>The pipeline's figures.</summary>
/// <param name="Ticks">Ticks processed since start.</param>
/// <param name="Steps">Market steps closed since start.</param>
/// <param name="TicksPerSecond">Ticks per second over the last few seconds.</param>
/// <param name="StepsPerSecond">Market steps per second over the last few seconds.</param>
/// <param name="StepLatencyP50Ms">The median time of one market step's cross-asset work since start, in ms; null before the first step.</param>
/// <param name="StepLatencyP99Ms">Its 99th percentile, in ms.</param>
/// <param name="LastTickAgeMs">Milliseconds since the latest tick; null before the first.</param>
/// <param name="PushClients">Connected WebSocket and SSE clients.</param>
/// <param name="TickToPushP50Ms">Median time from ticks entering the engine to their update reaching a push client since start, in ms; null before the first push.</param>
/// <param name="TickToPushP99Ms">Its 99th percentile, in ms.</param>
/// <param name="Queues">Every bus subscriber's queue.</param>
public sealed record PipelineResponse(
    long Ticks,
    long Steps,
    double TicksPerSecond,
    double StepsPerSecond,
    double? StepLatencyP50Ms,
    double? StepLatencyP99Ms,
    double? LastTickAgeMs,
    long PushClients,
    double? TickToPushP50Ms,
    double? TickToPushP99Ms,
    IReadOnlyList<QueueResponse> Queues);

/// <summary>One bus subscriber's queue.</summary>
/// <param name="Topic">The topic, for example <c>market</c>.</param>
/// <param name="Subscriber">The subscriber's name.</param>
/// <param name="Policy">Its backpressure policy: <c>block</c>, <c>drop_oldest</c> or <c>coalesce_by_key</c>.</param>
/// <param name="Depth">Messages waiting now.</param>
/// <param name="Delivered">Messages delivered so far.</param>
/// <param name="Dropped">Messages dropped or coalesced away so far.</param>
public sealed record QueueResponse(string Topic, string Subscriber, BackpressurePolicy Policy, int Depth, long Delivered, long Dropped);
