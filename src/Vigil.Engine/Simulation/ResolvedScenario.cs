namespace Vigil.Engine.Simulation;

/// <summary>A stress scenario checked against one simulator, with per-instrument peak parameters.</summary>
internal sealed class ResolvedScenario
{
    public ResolvedScenario(StressScenario scenario, int instrumentCount)
    {
        Scenario = scenario;
        Volatility = new double[instrumentCount];
        Correlation = new double[instrumentCount];
        Theta = new double[instrumentCount];
        Move = new double[instrumentCount];
        VolumeMultiplier = scenario.VolumeMultiplier;
        JumpsPerSecond = scenario.JumpIntensityPerMinute / 60.0;
        MeanJumpSize = scenario.MeanJumpSizeDailySigmas;
        Retracement = scenario.RecoveryRetracement;
        OnsetNs = scenario.OnsetDuration.Ticks * 100L;
        PeakNs = scenario.Duration.Ticks * 100L;
        RecoveryNs = scenario.RecoveryDuration.Ticks * 100L;
    }

    public StressScenario Scenario { get; }

    /// <summary>Peak volatility multiplier per instrument (1 for mean-reverting instruments).</summary>
    public double[] Volatility { get; }

    /// <summary>Peak correlation weight towards the crisis matrix per instrument, in [0, 1].</summary>
    public double[] Correlation { get; }

    /// <summary>Peak target log level per mean-reverting instrument.</summary>
    public double[] Theta { get; }

    /// <summary>Total move over onset and peak: log move for prices, level change for levels, 0 for mean-reverting instruments.</summary>
    public double[] Move { get; }

    public double VolumeMultiplier { get; }

    public double JumpsPerSecond { get; }

    public double MeanJumpSize { get; }

    public double Retracement { get; }

    public long OnsetNs { get; }

    public long PeakNs { get; }

    public long RecoveryNs { get; }
}
