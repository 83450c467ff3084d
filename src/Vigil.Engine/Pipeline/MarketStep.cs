using Vigil.Detection.Ensemble;
using Vigil.Engine.Warnings;

namespace Vigil.Engine.Pipeline;

/// <summary>
/// The engine's view of the market after one market step. The engine reuses one instance and overwrites it every
/// step, so observers read it during <see cref="IEngineObserver.OnStep"/> and copy what they keep.
/// </summary>
public sealed class MarketStep
{
    private readonly DetectorEnsemble _ensemble;
    private readonly double[] _stateVector;
    private readonly InstrumentSnapshot[] _instruments;
    private readonly double[] _returns;
    private readonly double[] _levels;

    internal MarketStep(DetectorEnsemble ensemble, int stateVectorLength, int instrumentCount)
    {
        _ensemble = ensemble;
        _stateVector = new double[stateVectorLength];
        _instruments = new InstrumentSnapshot[instrumentCount];
        _returns = new double[instrumentCount];
        _levels = new double[instrumentCount];
    }

    /// <summary>The step's number, from 1.</summary>
    public long Index { get; internal set; }

    /// <summary>The event time of the step's last tick, in nanoseconds since the Unix epoch.</summary>
    public long TimestampNs { get; internal set; }

    /// <summary>The number of ticks in the step.</summary>
    public int TickCount { get; internal set; }

    /// <summary>The composite stress score, in [0, 1].</summary>
    public double Composite => _ensemble.Composite;

    /// <summary>Whether the ensemble has enough calibrated detectors for the composite to mean anything.</summary>
    public bool IsReady => _ensemble.IsReady;

    /// <summary>The detectors in the composite, in the order of the spans below.</summary>
    public IReadOnlyList<EnsembleMember> Detectors => _ensemble.Members;

    /// <summary>Each detector's calibrated score, in [0, 1].</summary>
    public ReadOnlySpan<double> Scores => _ensemble.Scores;

    /// <summary>Each detector's raw value (NaN when not ready).</summary>
    public ReadOnlySpan<double> RawValues => _ensemble.RawValues;

    /// <summary>Each detector's share of the composite.</summary>
    public ReadOnlySpan<double> Contributions => _ensemble.Contributions;

    /// <summary>The state vector: per instrument, in registry order, its return, volatility, z-score and volume features.</summary>
    public ReadOnlySpan<double> StateVector => _stateVector;

    internal Span<double> StateVectorBuffer => _stateVector;

    /// <summary>Each instrument as the step left it, in registry order.</summary>
    public ReadOnlySpan<InstrumentSnapshot> Instruments => _instruments;

    internal Span<InstrumentSnapshot> InstrumentBuffer => _instruments;

    /// <summary>
    /// Each instrument's return over the step, in registry order: the log return for prices, the difference for
    /// levels; NaN when it did not tick in the step (or had no earlier close). What the cross-asset risk models read.
    /// </summary>
    public ReadOnlySpan<double> Returns => _returns;

    internal Span<double> ReturnBuffer => _returns;

    /// <summary>Each instrument's latest price or level, in registry order; NaN before its first tick.</summary>
    public ReadOnlySpan<double> Levels => _levels;

    internal Span<double> LevelBuffer => _levels;

    /// <summary>The largest |z| of any instrument's return or indicator series' change in the step.</summary>
    public double MaxAbsZ { get; internal set; }

    /// <summary>The instrument with <see cref="MaxAbsZ"/> (its id's value), or −1.</summary>
    public int MaxAbsZInstrument { get; internal set; } = -1;

    /// <summary>The indicator series with <see cref="MaxAbsZ"/> (its id from <see cref="DetectionEngine.RegisterIndicator"/>), or −1; when set, <see cref="MaxAbsZInstrument"/> is −1.</summary>
    public int MaxAbsZIndicator { get; internal set; } = -1;

    /// <summary>The number of instrument pairs whose correlation broke from its baseline.</summary>
    public int CorrelationBreaks { get; internal set; }

    /// <summary>The mean absolute change of pairwise correlation from its baseline.</summary>
    public double MeanCorrelationChange { get; internal set; }

    /// <summary>The mean short-window pairwise correlation.</summary>
    public double MeanCorrelation { get; internal set; }

    /// <summary>The number of firing signals: the sources (instruments and indicator series) on which any per-series detector fired in the step, plus the cross-asset detectors that fired.</summary>
    public int SignalCount { get; internal set; }

    /// <summary>Whether a warning is open after this step.</summary>
    public bool WarningOpen { get; internal set; }

    /// <summary>The open warning's severity, or <see cref="Severity.None"/>.</summary>
    public Severity Severity { get; internal set; }
}
