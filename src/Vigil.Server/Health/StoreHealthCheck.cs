using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vigil.Storage;
using Vigil.Storage.Writing;

namespace Vigil.Server.Health;

/// <summary>
/// Whether the store, when one is registered, is initialised and accepts writes. An unwritable store fails the
/// check (503 on <c>/health</c> and <c>/health/ready</c>) although the engine keeps running and the writer spools to
/// disk until the store recovers: history reads are stale meanwhile, and an operator must look at the disk.
/// </summary>
internal sealed class StoreHealthCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var store = services.GetService<IStore>();
        if (store is null)
        {
            return HealthCheckResult.Healthy("no store is configured", new Dictionary<string, object> { ["registered"] = false });
        }

        bool writable;
        try
        {
            writable = await store.IsWritableAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                "the store failed its write check: " + e.Message + "; writes spool to disk until it recovers",
                e,
                new Dictionary<string, object> { ["registered"] = true, ["writable"] = false, ["error"] = e.Message });
        }

        var data = new Dictionary<string, object> { ["registered"] = true, ["writable"] = writable };
        if (services.GetService<StoreWriter>()?.Status is { } writer)
        {
            // What the writer holds tells an operator how far behind the store is and whether anything was lost.
            data["buffered_rows"] = writer.BufferedRows;
            data["spool_files"] = writer.SpoolFiles;
            data["held_batches"] = writer.HeldBatches;
            data["rows_written"] = writer.RowsWritten;
            data["batches_spooled"] = writer.BatchesSpooled;
            data["batches_replayed"] = writer.BatchesReplayed;
            data["write_failures"] = writer.Failures;
            if (writer.LastError is { } lastError)
            {
                data["last_error"] = lastError;
            }
        }

        return writable
            ? HealthCheckResult.Healthy("the store accepts writes", data)
            : new HealthCheckResult(context.Registration.FailureStatus, "the store is not writable (or not initialised); writes spool to disk until it recovers", data: data);
    }
}
