using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vigil.Server.Live;
using Vigil.Server.Tests.Support;
using static Vigil.Server.Tests.Metrics.MetricsTestSupport;

namespace Vigil.Server.Tests.Hosting;

public sealed class ShutdownTests
{
    [Fact]
    public async Task The_engine_has_stopped_before_services_registered_after_it_flush_and_the_order_is_logged()
    {
        var logs = new LogCapture();
        var flusher = new FlushProbe();
        await using var service = new VigilAppFactory();
        var factory = service.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton<ILoggerProvider>(logs);

            // Registered last, like the store writer: the host stops it first, so without the engine-first stop
            // the engine would still be publishing while it flushed.
            s.AddSingleton(flusher);
            s.AddHostedService(sp => sp.GetRequiredService<FlushProbe>().Bind(sp.GetRequiredService<LiveMarket>()));
        }));
        using var client = factory.CreateClient();
        await WaitForStepsAsync(factory.Services, 3);
        var timeout = factory.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;

        await factory.DisposeAsync();

        Assert.True(timeout >= TimeSpan.FromSeconds(30), $"shutdown timeout {timeout}");
        Assert.True(flusher.Stopped, "the probe was never stopped");
        Assert.False(flusher.EngineRunningAtStop, "the engine was still running when a later service flushed");
        Assert.Equal(flusher.StepsAtStop, flusher.StepsAfterStop);
        var messages = logs.Entries.Select(e => e.Message).ToList();
        var stopping = messages.FindIndex(m => m.StartsWith("Shutting down: stopping the engine first", StringComparison.Ordinal));
        var engineStopped = messages.FindIndex(m => m.StartsWith("Engine stopped after", StringComparison.Ordinal));
        var flushing = messages.FindIndex(m => m.StartsWith("Engine stopped; nothing new is published", StringComparison.Ordinal));
        var storeFlushed = messages.FindIndex(m => m.StartsWith("Store writer stopped", StringComparison.Ordinal));
        var complete = messages.FindIndex(m => m.StartsWith("Shutdown complete", StringComparison.Ordinal));
        Assert.True(
            stopping >= 0 && stopping < engineStopped && engineStopped < flushing && flushing < storeFlushed && storeFlushed < complete,
            string.Join('\n', messages));
    }

    /// <summary>A hosted service that records what the engine was doing when the host stopped it.</summary>
    private sealed class FlushProbe : IHostedService
    {
        private LiveMarket? _live;

        public bool Stopped { get; private set; }

        public bool EngineRunningAtStop { get; private set; }

        public long StepsAtStop { get; private set; }

        public long StepsAfterStop { get; private set; }

        public FlushProbe Bind(LiveMarket live)
        {
            _live = live;
            return this;
        }

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            Stopped = true;
            EngineRunningAtStop = _live!.Running;
            StepsAtStop = _live.Steps;
            await Task.Delay(200, CancellationToken.None);
            StepsAfterStop = _live.Steps;
        }
    }
}
