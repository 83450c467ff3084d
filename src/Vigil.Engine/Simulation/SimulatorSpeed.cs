namespace Vigil.Engine.Simulation;

/// <summary>
/// Named tick rates of the <see cref="MarketSimulator"/>: how many market snapshots it produces per second of event
/// time. Whether event time is paced against the wall clock (real time) or run as fast as possible is the host's
/// choice, not the simulator's.
/// </summary>
public enum SimulatorSpeed
{
    /// <summary>2 snapshots per event second.</summary>
    Slow = 0,

    /// <summary>4 snapshots per event second (the default).</summary>
    Normal,

    /// <summary>10 snapshots per event second.</summary>
    Fast,

    /// <summary>25 snapshots per event second.</summary>
    Turbo,
}

/// <summary>Conversions for <see cref="SimulatorSpeed"/>.</summary>
public static class SimulatorSpeedExtensions
{
    /// <summary>The tick rate of <paramref name="speed"/> in snapshots per event second: 2, 4, 10 or 25.</summary>
    /// <param name="speed">The named speed.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="speed"/> is not a defined value.</exception>
    public static double ToTickRateHz(this SimulatorSpeed speed) => speed switch
    {
        SimulatorSpeed.Slow => 2.0,
        SimulatorSpeed.Normal => 4.0,
        SimulatorSpeed.Fast => 10.0,
        SimulatorSpeed.Turbo => 25.0,
        _ => throw new ArgumentOutOfRangeException(nameof(speed), speed, "Unknown simulator speed."),
    };
}
