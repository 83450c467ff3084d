using Vigil.Engine.Warnings;

namespace Vigil.Engine.Pipeline;

/// <summary>Receives the engine's output on the engine's thread. Implementations return quickly and do not throw.</summary>
public interface IEngineObserver
{
    /// <summary>Called after every market step. <paramref name="step"/> is reused: copy what you keep.</summary>
    /// <param name="step">The step.</param>
    void OnStep(MarketStep step);

    /// <summary>Called when a warning opens, escalates, de-escalates or closes.</summary>
    /// <param name="warning">The change.</param>
    void OnWarning(WarningEvent warning);
}
