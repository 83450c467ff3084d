using System.Diagnostics.Metrics;
using Vigil.Engine.Bus;
using Vigil.Engine.Warnings;

namespace Vigil.Server.Metrics;

/// <summary>
/// The service's instruments on the <c>Vigil</c> meter (System.Diagnostics.Metrics). Every area records here;
/// <c>/metrics</c> exports them, and ASP.NET Core's own meters, in the Prometheus text format.
/// </summary>
public sealed class VigilMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Vigil";

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    /// <param name="meterFactory">The host's meter factory.</param>
    /// <param name="bus">The bus, whose queue depths and drops are observed.</param>
    public VigilMetrics(IMeterFactory meterFactory, IBus bus)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(bus);
        var meter = meterFactory.Create(MeterName);
        Ticks = meter.CreateCounter<long>("vigil.engine.ticks", "{tick}", "Ticks processed by the engine.");
        Steps = meter.CreateCounter<long>("vigil.engine.steps", "{step}", "Market steps closed by the engine.");
        StepDuration = meter.CreateHistogram<double>("vigil.engine.step.duration", "s", "Time the engine spends on one market step's cross-asset work.");
        RiskSnapshotDuration = meter.CreateHistogram<double>("vigil.risk.snapshot.duration", "s", "Time the engine thread spends snapshotting the risk models for the API.");
        WarningEvents = meter.CreateCounter<long>("vigil.warnings.events", "{event}", "Warning events, by kind and severity.");
        PushMessages = meter.CreateCounter<long>("vigil.push.messages", "{message}", "Messages sent to push clients, by transport.");
        PushCoalesced = meter.CreateCounter<long>("vigil.push.coalesced", "{message}", "Updates replaced by newer ones before a slow client took them.");
        PushClients = meter.CreateUpDownCounter<long>("vigil.push.clients", "{client}", "Connected push clients, by transport.");
        TickToPush = meter.CreateHistogram<double>("vigil.push.tick_to_push.duration", "s", "From a batch of ticks entering the engine to its update being written to a client.");
        StoreRows = meter.CreateCounter<long>("vigil.store.rows", "{row}", "Rows written to the store, by table.");
        StoreSpooled = meter.CreateCounter<long>("vigil.store.spooled", "{batch}", "Batches spooled to disk because the store was unavailable.");
        StoreFailures = meter.CreateCounter<long>("vigil.store.failures", "{failure}", "Failed store writes.");
        meter.CreateObservableGauge("vigil.bus.depth", () => Observe(bus, s => s.Depth), "{message}", "Messages waiting per bus subscriber.");
        meter.CreateObservableCounter("vigil.bus.dropped", () => Observe(bus, s => s.Dropped), "{message}", "Messages dropped or coalesced per bus subscriber.");
        meter.CreateObservableCounter("vigil.bus.delivered", () => Observe(bus, s => s.Delivered), "{message}", "Messages delivered per bus subscriber.");
    }

    /// <summary>Time spent snapshotting the risk models, in seconds.</summary>
    public Histogram<double> RiskSnapshotDuration { get; }

    /// <summary>Ticks processed.</summary>
    public Counter<long> Ticks { get; }

    /// <summary>Market steps closed.</summary>
    public Counter<long> Steps { get; }

    /// <summary>Cross-asset work per step, in seconds.</summary>
    public Histogram<double> StepDuration { get; }

    /// <summary>Warning events; tags <c>kind</c> (opened, escalated, de-escalated, closed) and <c>severity</c>.</summary>
    public Counter<long> WarningEvents { get; }

    /// <summary>Messages sent to push clients; tag <c>transport</c> (websocket, sse).</summary>
    public Counter<long> PushMessages { get; }

    /// <summary>Updates coalesced away for slow clients; tag <c>transport</c>.</summary>
    public Counter<long> PushCoalesced { get; }

    /// <summary>Connected push clients; tag <c>transport</c>.</summary>
    public UpDownCounter<long> PushClients { get; }

    /// <summary>Tick-to-push latency, in seconds.</summary>
    public Histogram<double> TickToPush { get; }

    /// <summary>Rows written; tag <c>table</c>.</summary>
    public Counter<long> StoreRows { get; }

    /// <summary>Batches spooled to disk.</summary>
    public Counter<long> StoreSpooled { get; }

    /// <summary>Failed store writes.</summary>
    public Counter<long> StoreFailures { get; }

    /// <summary>Counts a warning event in <see cref="WarningEvents"/> with its kind and severity, as the JSON contracts spell them.</summary>
    /// <param name="warning">The event.</param>
    public void RecordWarning(WarningEvent warning)
    {
        ArgumentNullException.ThrowIfNull(warning);
        WarningEvents.Add(1, new KeyValuePair<string, object?>("kind", KindName(warning.Kind)), new KeyValuePair<string, object?>("severity", SeverityName(warning.Severity)));
    }

    /// <summary>
    /// Writes zero into the labelled series that exist from the start: push clients per transport and opened
    /// warnings per severity. A series that appears only at its first event makes <c>rate()</c> and
    /// <c>increase()</c> miss that event, and an alert on "any SEVERE warning opened" needs the zero to compare
    /// against. Called once the exporter listens.
    /// </summary>
    internal void InitializeSeries()
    {
        foreach (var transport in (string[])["websocket", "sse"])
        {
            PushClients.Add(0, new KeyValuePair<string, object?>("transport", transport));
            PushMessages.Add(0, new KeyValuePair<string, object?>("transport", transport));
        }

        foreach (var severity in (Severity[])[Severity.Elevated, Severity.High, Severity.Severe, Severity.Extreme])
        {
            WarningEvents.Add(0, new KeyValuePair<string, object?>("kind", KindName(WarningTransition.Opened)), new KeyValuePair<string, object?>("severity", SeverityName(severity)));
        }

        Ticks.Add(0);
        Steps.Add(0);
        StoreSpooled.Add(0);
        StoreFailures.Add(0);
    }

    /// <summary>A transition as the JSON contracts spell it: opened, escalated, de-escalated, closed.</summary>
    /// <param name="kind">The transition.</param>
    internal static string KindName(WarningTransition kind) => kind switch
    {
        WarningTransition.Opened => "opened",
        WarningTransition.Escalated => "escalated",
        WarningTransition.DeEscalated => "de-escalated",
        WarningTransition.Reclassified => "reclassified",
        WarningTransition.Closed => "closed",
        _ => "none",
    };

    /// <summary>A severity as the JSON contracts spell it: NONE, ELEVATED, HIGH, SEVERE, EXTREME.</summary>
    /// <param name="severity">The severity.</param>
    internal static string SeverityName(Severity severity) => severity switch
    {
        Severity.Elevated => "ELEVATED",
        Severity.High => "HIGH",
        Severity.Severe => "SEVERE",
        Severity.Extreme => "EXTREME",
        _ => "NONE",
    };

    private static IEnumerable<Measurement<long>> Observe(IBus bus, Func<SubscriptionStats, long> value)
    {
        foreach (var s in bus.Stats)
        {
            yield return new Measurement<long>(value(s), new KeyValuePair<string, object?>("topic", s.Topic), new KeyValuePair<string, object?>("subscriber", s.Subscriber));
        }
    }
}
