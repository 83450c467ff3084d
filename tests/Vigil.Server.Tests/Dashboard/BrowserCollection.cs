namespace Vigil.Server.Tests.Dashboard;

/// <summary>
/// The browser tests run alone, after the parallel ones: Chromium and an unpaced engine take both cores of a small
/// machine, which would skew other areas' timing tests (frame-rate caps, latency) running beside them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Browser";
}
