using System.Diagnostics;
using Vigil.Core.Market;
using Vigil.Engine.Bus;
using Vigil.Engine.Pipeline;
using Vigil.Server.Metrics;

namespace Vigil.Server.Live;

/// <summary>
/// Runs the engine over the simulator for the life of the service: one batch per tick interval of the current
/// speed, paced on the injected clock, each batch closed as a market step at once (the simulator delivers complete
/// snapshots), its output published after the engine's work.
/// </summary>
internal sealed partial class EngineHost(
    SimulatorControl control,
    LiveMarket live,
    LiveRisk risk,
    ModelSelection models,
    IBus bus,
    VigilMetrics metrics,
    SignalInbox signals,
    TimeProvider time,
    ILogger<EngineHost> logger) : BackgroundService
{
    /// <summary>How far behind the pace the loop may fall before it stops trying to catch up.</summary>
    private static readonly TimeSpan MaxLag = TimeSpan.FromSeconds(1);

    private DetectionEngine? _engine;
    private Tick[] _batch = [];

    /// <summary>
    /// Creates the engine and warms it up before the host finishes starting, so no request (a preset activated the
    /// moment the API answers) can reach the simulator while the warm-up steps are still being played.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var simulator = control.Simulator;
        live.StartRun(time.GetUtcNow());
        var options = new EngineOptions { WarningIdPrefix = live.RunPrefix, MaxIndicators = signals.MaxSeries };
        var schema = new DetectionEngine(simulator.Registry, options).StateSchema;
        var forest = models.LoadIsolationForest(schema);
        var autoencoder = models.LoadAutoencoder(schema);
        var calibration = models.LoadCalibration(schema);
        _engine = new DetectionEngine(simulator.Registry, options, live, forest, autoencoder);
        if (calibration is not null)
        {
            // Before the warm-up's first tick: the warm-up then adds to a calibrated history rather than building one.
            var uncovered = _engine.RestoreCalibration(calibration);
            models.RecordUncovered(uncovered);
            LogCalibrationRestored(logger, models.Calibration!.VersionLabel, calibration.Detectors.Count, uncovered.Count == 0 ? "none" : string.Join(", ", uncovered));
        }

        live.Attach(_engine, "simulator");
        _batch = new Tick[simulator.InstrumentCount];
        await WarmUpAsync(_engine, _batch, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var simulator = control.Simulator;
        var engine = _engine!;
        var batch = _batch;
        live.Running = true;
        LogStarted(logger, simulator.Registry.Count, control.TickRateHz);
        var due = time.GetTimestamp();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var n = simulator.NextBatch(batch);
                var started = Stopwatch.GetTimestamp();
                live.BatchEnteredAt = started;
                var steps = engine.Counters.Steps;

                // Pushed indicator values join the step this batch closes (see SignalInbox).
                signals.Drain(engine);
                engine.Process(batch.AsSpan(0, n));
                engine.Flush();
                signals.Publish(engine);
                metrics.StepDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
                metrics.Ticks.Add(n);
                metrics.Steps.Add(engine.Counters.Steps - steps);
                live.RecordBatch(n, time.GetUtcNow());
                await live.PublishPendingAsync(bus, metrics, stoppingToken);

                // After the step's updates are out, so the snapshot's few milliseconds never delay a push.
                if (risk.CaptureIfDue(engine) is { } snapshot)
                {
                    metrics.RiskSnapshotDuration.Record(snapshot.DurationSeconds);
                    await bus.PublishAsync(RiskTopics.Risk, snapshot.Summarise(), stoppingToken);
                }

                if (control.Unpaced)
                {
                    if (simulator.BatchCount % 256 == 0)
                    {
                        await Task.Yield();
                    }

                    continue;
                }

                due += (long)(Stopwatch.Frequency / control.TickRateHz);
                var wait = time.GetElapsedTime(time.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stoppingToken);
                }
                else if (-wait > MaxLag)
                {
                    // Too far behind (a stalled machine): resume the pace from now rather than burst to catch up.
                    due = time.GetTimestamp();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            live.Running = false;
            LogStopped(logger, live.Ticks, live.Steps);
        }
    }

    /// <summary>
    /// Runs the engine over calm simulated steps before going live, unpaced and unpublished: the Isolation Forest
    /// trains and every detector's calibration window fills, so a crisis played in the first minute is judged against
    /// a full history rather than a few hundred samples (which caps calibrated scores well below the warning level).
    /// </summary>
    private async Task WarmUpAsync(DetectionEngine engine, Tick[] batch, CancellationToken stoppingToken)
    {
        var steps = control.WarmUpSteps;
        if (steps == 0)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        live.WarmingUp = true;
        try
        {
            // Off the caller's synchronisation context; start-up waits for it (well under a second).
            await Task.Run(
                () =>
                {
                    for (var i = 0; i < steps && !stoppingToken.IsCancellationRequested; i++)
                    {
                        var n = control.Simulator.NextBatch(batch);
                        engine.Process(batch.AsSpan(0, n));
                        engine.Flush();
                    }
                },
                stoppingToken);
        }
        finally
        {
            live.WarmingUp = false;
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        LogWarmedUp(logger, steps, elapsed.TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored calibration {Version} ({Detectors} detector histories); detectors not covered: {Uncovered}")]
    private static partial void LogCalibrationRestored(ILogger logger, string version, int detectors, string uncovered);

    [LoggerMessage(Level = LogLevel.Information, Message = "Engine warmed up on {Steps} calm steps in {Milliseconds:F0} ms")]
    private static partial void LogWarmedUp(ILogger logger, int steps, double milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Engine started over {Instruments} simulated instruments at {TickRateHz} Hz")]
    private static partial void LogStarted(ILogger logger, int instruments, double tickRateHz);

    [LoggerMessage(Level = LogLevel.Information, Message = "Engine stopped after {Ticks} ticks and {Steps} market steps")]
    private static partial void LogStopped(ILogger logger, long ticks, long steps);
}
