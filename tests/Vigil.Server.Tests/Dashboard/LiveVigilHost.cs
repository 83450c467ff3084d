using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vigil.Server.Tests.Dashboard;

/// <summary>
/// The real service on Kestrel, listening on a free loopback port (port 0), with a private SQLite file and spool
/// directory and the simulator at Turbo speed. A browser needs a real socket, which the in-memory
/// <c>TestServer</c> of <see cref="Support.VigilAppFactory"/> does not have. Disposing it stops the service and
/// deletes its folder.
/// </summary>
public sealed class LiveVigilHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LiveVigilHost(WebApplication app, string directory, Uri baseAddress)
    {
        _app = app;
        Directory = directory;
        BaseAddress = baseAddress;
    }

    /// <summary>The service's address, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The service's private folder (database, spool).</summary>
    public string Directory { get; }

    /// <summary>The service's services, for a test that writes to its store directly.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Builds the service as <c>vigil serve</c> does, with the test's settings, and starts it.</summary>
    /// <param name="settings">Extra configuration, such as <c>["Vigil:Simulator:Speed"] = "Normal"</c>.</param>
    public static async Task<LiveVigilHost> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "vigil-live-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Vigil:Store:Path"] = Path.Combine(directory, "vigil.db"),
            ["Vigil:Store:SpoolDirectory"] = Path.Combine(directory, "spool"),
            ["Vigil:Simulator:Speed"] = "Turbo",
        };
        if (settings is not null)
        {
            foreach (var (key, value) in settings)
            {
                values[key] = value;
            }
        }

        // Passed as command-line arguments, the way an operator overrides settings, so they win over appsettings.json.
        var args = values.Where(p => p.Value is not null).Select(p => $"--{p.Key}={p.Value}").ToArray();
        var app = VigilServer.Build(args, builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no listening address.");
        return new LiveVigilHost(app, directory, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        // The host's own shutdown timeout applies: the store writer flushes what it buffered before it stops.
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a closing connection; the temp folder is cleaned by the OS eventually.
        }
    }
}
