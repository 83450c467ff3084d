using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vigil.Engine.Live;
using Vigil.Storage;

namespace Vigil.Server.Tests.Health;

/// <summary>
/// A store whose write check always fails, as a full disk or a lost volume makes it, and that accepts nothing.
/// Used where the real store cannot be made unwritable from a test (the process runs as root, so file permissions
/// do not stop it).
/// </summary>
internal sealed class UnwritableStore : IStore
{
    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task WriteAsync(StoreBatch batch, CancellationToken cancellationToken = default) => throw new IOException("disk full");

    public Task<bool> IsWritableAsync(CancellationToken cancellationToken = default) => Task.FromResult(false);

    public Task<Page<FactRecord>> GetFactsAsync(FactQuery query, CancellationToken cancellationToken = default) => throw new IOException("disk full");

    public Task<Page<StepRecord>> GetStepsAsync(StepQuery query, CancellationToken cancellationToken = default) => throw new IOException("disk full");

    public Task<Page<WarningRecord>> GetWarningsAsync(WarningQuery query, CancellationToken cancellationToken = default) => throw new IOException("disk full");

    public Task<WarningRecord?> GetWarningAsync(string warningId, CancellationToken cancellationToken = default) => throw new IOException("disk full");

    public Task<IReadOnlyList<PublishedWarning>> GetWarningEventsAfterAsync(long afterEventId, int limit, CancellationToken cancellationToken = default) => throw new IOException("disk full");

    public Task<long> DeleteFactsBeforeAsync(long cutoffNs, CancellationToken cancellationToken = default) => throw new IOException("disk full");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

internal static class StoreOverride
{
    /// <summary>The factory with <paramref name="store"/> in place of whatever store the service registers.</summary>
    public static WebApplicationFactory<Program> WithStore(this WebApplicationFactory<Program> factory, IStore store) =>
        factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.RemoveAll<IStore>();
            s.AddSingleton(store);
        }));
}
