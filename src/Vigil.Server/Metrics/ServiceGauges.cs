using System.Diagnostics.Metrics;
using Vigil.Server.Live;
using Vigil.Storage.Writing;

namespace Vigil.Server.Metrics;

/// <summary>
/// Levels read when <c>/metrics</c> is scraped, on the <c>Vigil</c> meter: whether the engine runs, the age of its
/// last tick, and what the store writer holds (spool files, buffered rows, held batches). An alert on
/// <c>vigil_engine_last_tick_age_seconds</c> or <c>vigil_store_spool_files</c> catches a stalled engine or a store
/// that is falling behind without polling <c>/health</c>.
/// </summary>
internal sealed class ServiceGauges
{
    public ServiceGauges(IMeterFactory meterFactory, LiveMarket live, TimeProvider time, IServiceProvider services)
    {
        // The same meter the other areas record into: the factory hands back one meter per name.
        var meter = meterFactory.Create(VigilMetrics.MeterName);
        meter.CreateObservableGauge("vigil.engine.running", () => live.Running ? 1 : 0, "{state}", "1 while the engine loop runs, 0 otherwise.");
        meter.CreateObservableGauge(
            "vigil.engine.last_tick.age",
            () => live.LastTickAt is { } last ? [new Measurement<double>(Math.Max(0, (time.GetUtcNow() - last).TotalSeconds))] : Array.Empty<Measurement<double>>(),
            "s",
            "Time since the engine processed its latest tick.");

        // Resolved when scraped, not here: the store area is optional.
        StoreWriterStatus? Writer() => services.GetService<StoreWriter>()?.Status;
        meter.CreateObservableGauge("vigil.store.spool.files", () => Writer() is { } w ? [new Measurement<long>(w.SpoolFiles)] : Array.Empty<Measurement<long>>(), "{file}", "Spool files waiting for the store.");
        meter.CreateObservableGauge("vigil.store.buffered", () => Writer() is { } w ? [new Measurement<long>(w.BufferedRows)] : Array.Empty<Measurement<long>>(), "{row}", "Rows buffered in memory for the store's next write.");
        meter.CreateObservableGauge("vigil.store.held", () => Writer() is { } w ? [new Measurement<long>(w.HeldBatches)] : Array.Empty<Measurement<long>>(), "{batch}", "Batches neither the store nor the spool took, held in memory.");
    }
}
