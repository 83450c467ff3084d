using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Vigil.Server.Tests.Support;

/// <summary>
/// The real service in memory (<see cref="WebApplicationFactory{TEntryPoint}"/>) with a private SQLite file and spool
/// directory in a temporary folder, the simulator at Turbo speed so updates come quickly, and any extra settings a
/// test passes. Disposing it stops the service and deletes the folder.
/// </summary>
public sealed class VigilAppFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public VigilAppFactory(IDictionary<string, string?>? settings = null, string? directory = null)
    {
        Directory = directory ?? Path.Combine(Path.GetTempPath(), "vigil-test-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        OwnsDirectory = directory is null;
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Vigil:Store:Path"] = Path.Combine(Directory, "vigil.db"),
            ["Vigil:Store:SpoolDirectory"] = Path.Combine(Directory, "spool"),
            ["Vigil:Simulator:Speed"] = "Turbo",
        };
        if (settings is not null)
        {
            foreach (var (key, value) in settings)
            {
                _settings[key] = value;
            }
        }
    }

    /// <summary>The test's private folder (database, spool).</summary>
    public string Directory { get; }

    /// <summary>Whether disposing deletes <see cref="Directory"/> (false when a test shares it across restarts).</summary>
    public bool OwnsDirectory { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(_settings));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && OwnsDirectory)
        {
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
}
