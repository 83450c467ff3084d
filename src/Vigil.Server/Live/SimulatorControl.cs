using Microsoft.Extensions.Options;
using Vigil.Engine.Simulation;
using Vigil.Server.Options;

namespace Vigil.Server.Live;

/// <summary>
/// The simulated market the service watches, and the controls the API gives over it: crisis presets, custom stress
/// and speed. Safe to call from request threads while the engine runs: the simulator applies commands at its next
/// batch.
/// </summary>
public sealed class SimulatorControl
{
    /// <summary>Creates the simulator from the configured seed and speed.</summary>
    /// <param name="options">The service's options.</param>
    /// <param name="time">The clock: the market's event time starts so that, after the warm-up steps, it is now.</param>
    public SimulatorControl(IOptions<VigilOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var settings = options.Value.Simulator;
        Unpaced = settings.Unpaced;
        WarmUpSteps = settings.WarmUpSteps;
        var tickRateHz = EventSpeed.ToTickRateHz();
        var warmUpNs = (long)(settings.WarmUpSteps * (1e9 / tickRateHz));
        var nowNs = time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000L;
        Simulator = new MarketSimulator(new SimulatorOptions
        {
            Seed = settings.Seed,
            TickRateHz = tickRateHz,
            StartTimestampNs = Math.Max(0, nowNs - warmUpNs),
        });
        Speed = settings.Speed;
    }

    /// <summary>Calm steps the engine runs before going live (see <see cref="SimulatorSettings.WarmUpSteps"/>).</summary>
    public int WarmUpSteps { get; }

    /// <summary>
    /// The simulator's own tick rate, in event time, whatever the speed: a snapshot every 250 ms of market time.
    /// The speed modes change how fast market time passes on the wall clock (a playback rate), not the spacing of
    /// the snapshots, so the engine's windows and calibration mean the same at every speed and a crisis plays out
    /// 6.25 times faster in turbo — which is what someone pressing turbo on the dashboard expects.
    /// </summary>
    public const SimulatorSpeed EventSpeed = SimulatorSpeed.Normal;

    private volatile SimulatorSpeed _speed;

    /// <summary>The simulator.</summary>
    public MarketSimulator Simulator { get; }

    /// <summary>Market snapshots delivered per wall-clock second at the current speed: 2, 4, 10 or 25.</summary>
    public double TickRateHz => Speed.ToTickRateHz();

    /// <summary>Whether the simulator runs as fast as possible rather than in real time.</summary>
    public bool Unpaced { get; }

    /// <summary>The current speed mode.</summary>
    public SimulatorSpeed Speed
    {
        get => _speed;
        private set => _speed = value;
    }

    /// <summary>The scenario playing, or null.</summary>
    public StressScenario? ActiveScenario => Simulator.ActiveScenario;

    /// <summary>Plays a preset from now.</summary>
    /// <param name="id">The preset's id.</param>
    /// <returns>The preset; null when there is no preset with that id.</returns>
    public StressScenario? ActivatePreset(string id)
    {
        if (!CrisisPresets.TryGet(id, out var scenario))
        {
            return null;
        }

        Simulator.Activate(scenario);
        return scenario;
    }

    /// <summary>Plays a custom stress from now.</summary>
    /// <param name="scenario">The scenario; validated by the simulator, which throws <see cref="ArgumentException"/> listing every problem.</param>
    public void ActivateCustom(StressScenario scenario) => Simulator.Activate(scenario);

    /// <summary>Ends the scenario playing, if any; the market recovers to its baseline.</summary>
    public void Deactivate() => Simulator.Deactivate();

    /// <summary>Changes how many snapshots are delivered per wall-clock second (see <see cref="EventSpeed"/>).</summary>
    /// <param name="speed">The new speed mode.</param>
    public void SetSpeed(SimulatorSpeed speed) => Speed = speed;
}
