namespace Vigil.Engine.Simulation;

/// <summary>Where the <see cref="MarketSimulator"/> is in a stress scenario's life.</summary>
public enum StressPhase
{
    /// <summary>No scenario: calm baseline dynamics.</summary>
    None = 0,

    /// <summary>Stress is building up from the state at activation towards the scenario's peak parameters.</summary>
    Onset,

    /// <summary>The scenario's peak parameters hold and its drift shocks play out.</summary>
    Peak,

    /// <summary>Volatility, correlation, volumes and volatility-index levels are returning to the baseline.</summary>
    Recovery,
}
