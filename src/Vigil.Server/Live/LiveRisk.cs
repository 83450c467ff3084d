using System.Diagnostics;
using Microsoft.Extensions.Options;
using Vigil.Core.Instruments;
using Vigil.Detection.CrossAsset;
using Vigil.Detection.Neural;
using Vigil.Detection.Risk;
using Vigil.Detection.Risk.Credit;
using Vigil.Detection.Risk.Options;
using Vigil.Detection.Systemic;
using Vigil.Engine.Pipeline;
using Vigil.Server.Options;

namespace Vigil.Server.Live;

/// <summary>
/// The risk models' latest immutable snapshot, taken on the engine thread every
/// <see cref="RiskSettings.SnapshotIntervalMs"/> of event time after a step's updates are published (never during
/// warm-up), and read by request threads. The models' own snapshots are not thread-safe, so only this holder's copy is
/// ever read off the engine thread.
/// </summary>
public sealed class LiveRisk
{
    /// <summary>What the autoencoder endpoint says when the engine runs without a trained model.</summary>
    public const string NoAutoencoderReason = "no trained model loaded; train one with `vigil train --kind lstm_autoencoder`";

    private readonly long _intervalNs;
    private readonly OptionsBook _demoBook = new(OptionsBookOptions.Demo);
    private long _lastNs = long.MinValue;
    private RiskSnapshot? _latest;

    /// <summary>Reads the snapshot interval from the options.</summary>
    /// <param name="options">The service options.</param>
    public LiveRisk(IOptions<VigilOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _intervalNs = options.Value.Risk.SnapshotIntervalMs * 1_000_000L;
    }

    /// <summary>The latest snapshot, or null before the first (while the engine warms up).</summary>
    public RiskSnapshot? Latest => Volatile.Read(ref _latest);

    /// <summary>The instruments of the latest snapshot's engine; empty before the first.</summary>
    public IReadOnlyList<Instrument> Instruments { get; private set; } = [];

    /// <summary>
    /// Takes a snapshot when the interval of event time has passed since the last one (the first step always does).
    /// Called on the engine thread between steps. Returns the new snapshot, or null when none was due.
    /// </summary>
    /// <param name="engine">The engine, after its latest step.</param>
    internal RiskSnapshot? CaptureIfDue(DetectionEngine engine)
    {
        var step = engine.LastStep;
        if (step.Index == 0)
        {
            return null;
        }

        // The first step always snapshots: subtracting long.MinValue would overflow.
        if (_lastNs != long.MinValue && step.TimestampNs - _lastNs < _intervalNs)
        {
            return null;
        }

        _lastNs = step.TimestampNs;
        var snapshot = Capture(engine);
        Instruments = engine.Registry.All;
        Volatile.Write(ref _latest, snapshot);
        return snapshot;
    }

    /// <summary>Snapshots every model now, timed. Allocates; a few milliseconds (the VaR report dominates).</summary>
    private RiskSnapshot Capture(DetectionEngine engine)
    {
        var started = Stopwatch.GetTimestamp();
        var step = engine.LastStep;
        var risk = engine.Risk;
        var ciss = risk.Ciss.Snapshot();
        var absorption = risk.AbsorptionRatio?.Snapshot();
        var turbulence = risk.Turbulence?.Snapshot();
        var market = risk.MarketRisk.Snapshot();
        var credit = risk.Credit?.Snapshot();
        var autoencoder = risk.Autoencoder?.Snapshot();
        var book = _demoBook.WithMarket(engine.Registry.All, step.Levels);
        var valuation = book.Valuate();
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new RiskSnapshot(
            step.TimestampNs,
            step.Index,
            seconds,
            ciss,
            absorption,
            turbulence,
            market,
            credit,
            credit is null ? risk.CreditUnavailableReason ?? "the credit monitor is not running" : null,
            autoencoder,
            autoencoder is null ? NoAutoencoderReason : null,
            book.Options,
            valuation);
    }
}

/// <summary>The topic the engine loop publishes each risk snapshot's summary on, for the <c>risk</c> push message.</summary>
public static class RiskTopics
{
    /// <summary>The risk summary, once per snapshot.</summary>
    public static Vigil.Engine.Bus.BusTopic<RiskSummary> Risk { get; } = new("risk");
}

/// <summary>Every risk model's state at one market step, immutable, for the API.</summary>
/// <param name="TimestampNs">The step's event time, in nanoseconds since the Unix epoch.</param>
/// <param name="Step">The engine's step number (it counts the warm-up steps too).</param>
/// <param name="DurationSeconds">How long taking the snapshot took, in seconds.</param>
/// <param name="Ciss">The CISS breakdown.</param>
/// <param name="AbsorptionRatio">The absorption ratio breakdown; null with a single instrument.</param>
/// <param name="Turbulence">The turbulence breakdown; null with a single instrument.</param>
/// <param name="MarketRisk">VaR, ES and the backtests, per instrument and for the equally weighted portfolio.</param>
/// <param name="Credit">Merton distance to default and SRISK; null when the credit monitor is absent.</param>
/// <param name="CreditUnavailableReason">Why <paramref name="Credit"/> is null, or null.</param>
/// <param name="Autoencoder">The LSTM autoencoder's breakdown; null without a trained model.</param>
/// <param name="AutoencoderUnavailableReason">Why <paramref name="Autoencoder"/> is null, or null.</param>
/// <param name="BookOptions">The demo options book marked to the step's levels.</param>
/// <param name="Book">The marked book's valuation and Greeks.</param>
public sealed record RiskSnapshot(
    long TimestampNs,
    long Step,
    double DurationSeconds,
    CissBreakdown Ciss,
    AbsorptionRatioBreakdown? AbsorptionRatio,
    TurbulenceBreakdown? Turbulence,
    MarketRiskReport MarketRisk,
    CreditRiskReport? Credit,
    string? CreditUnavailableReason,
    LstmAutoencoderBreakdown? Autoencoder,
    string? AutoencoderUnavailableReason,
    OptionsBookOptions BookOptions,
    OptionsBookValuation Book)
{
    /// <summary>The step's event time (UTC).</summary>
    public DateTime Ts => DateTime.UnixEpoch.AddTicks(TimestampNs / 100);

    /// <summary>The dashboard's one-line summary of this snapshot.</summary>
    public RiskSummary Summarise()
    {
        string? topSegment = null;
        var topContribution = double.NegativeInfinity;
        foreach (var segment in Ciss.Segments)
        {
            if (segment.Contribution is { } c && c > topContribution)
            {
                topContribution = c;
                topSegment = segment.Segment;
            }
        }

        var var99 = VarAt(MarketRisk.Portfolio, 0.99);
        var var95 = VarAt(MarketRisk.Portfolio, 0.95);
        TrafficLightZone? light = null;
        foreach (var backtest in MarketRisk.Portfolio.Backtests)
        {
            if (backtest.Method == VarMethod.Historical)
            {
                light = backtest.TrafficLight.Zone;
            }
        }

        return new RiskSummary(
            Ts,
            TimestampNs,
            Step,
            Finite(Ciss.Index),
            topSegment,
            Finite(AbsorptionRatio?.AbsorptionRatio),
            Finite(AbsorptionRatio?.Shift),
            Finite(Turbulence?.TurbulencePerInstrument),
            Finite(Turbulence?.ChiSquarePercentile),
            Finite(var95),
            Finite(var99),
            MarketRisk.Regime,
            light,
            Finite(Credit?.MinDistanceToDefault),
            Credit?.Weakest,
            Finite(Credit?.AggregateSrisk),
            Finite(Credit?.SriskToEquity),
            Autoencoder is null ? null : Finite(Autoencoder.Score),
            Finite(Book.Value),
            DurationSeconds * 1000.0);
    }

    /// <summary>The historical VaR at the confidence level nearest <paramref name="confidence"/>, or null.</summary>
    private static double? VarAt(SeriesRisk series, double confidence)
    {
        double? best = null;
        var distance = double.PositiveInfinity;
        foreach (var level in series.Var)
        {
            var d = Math.Abs(level.ConfidenceLevel - confidence);
            if (d < distance && d < 0.005)
            {
                distance = d;
                best = level.Historical;
            }
        }

        return best;
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}

/// <summary>The risk models at a glance, for the dashboard (<c>GET /api/v1/risk</c> and the <c>risk</c> push message).</summary>
/// <param name="Ts">The snapshot's event time (UTC).</param>
/// <param name="TsNs">The snapshot's event time in nanoseconds since the Unix epoch.</param>
/// <param name="Step">The engine's step number.</param>
/// <param name="CissIndex">The CISS index, in [0, 1]; null while it warms up.</param>
/// <param name="CissTopSegment">The segment contributing most to the CISS, or null.</param>
/// <param name="AbsorptionRatio">The absorption ratio, in [k/N, 1]; null without it.</param>
/// <param name="AbsorptionShift">ΔAR, the standardised shift of the absorption ratio, in standard deviations; null while it warms up.</param>
/// <param name="Turbulence">Turbulence per instrument, d / N: about 1 in calm markets; null while it warms up.</param>
/// <param name="TurbulencePercentile">P(χ²_N ≤ d), in [0, 1]; null while it warms up.</param>
/// <param name="PortfolioVar95">The equally weighted portfolio's historical VaR at 95 %, a positive loss in log-return units per step horizon; null while it warms up.</param>
/// <param name="PortfolioVar99">The same at 99 %; at least <paramref name="PortfolioVar95"/>.</param>
/// <param name="Regime">The volatility regime of the portfolio.</param>
/// <param name="TrafficLight">The Basel traffic light of the portfolio's historical VaR backtest; null without one.</param>
/// <param name="MinDistanceToDefault">The smallest Merton distance to default across institutions, in standard deviations; null without the credit monitor.</param>
/// <param name="WeakestInstitution">The institution with that distance, or null.</param>
/// <param name="AggregateSrisk">Aggregate SRISK, in the currency units of the configured balance sheets; null without the credit monitor.</param>
/// <param name="SriskToEquity">Aggregate SRISK over total equity; null without the credit monitor.</param>
/// <param name="AutoencoderScore">The LSTM autoencoder's score, in [0, 1]; null without a trained model.</param>
/// <param name="OptionsBookValue">The demo options book's value at the live market, in currency units.</param>
/// <param name="SnapshotMilliseconds">How long the snapshot took to take, in milliseconds.</param>
public sealed record RiskSummary(
    DateTime Ts,
    long TsNs,
    long Step,
    double? CissIndex,
    string? CissTopSegment,
    double? AbsorptionRatio,
    double? AbsorptionShift,
    double? Turbulence,
    double? TurbulencePercentile,
    double? PortfolioVar95,
    double? PortfolioVar99,
    RiskRegime Regime,
    TrafficLightZone? TrafficLight,
    double? MinDistanceToDefault,
    string? WeakestInstitution,
    double? AggregateSrisk,
    double? SriskToEquity,
    double? AutoencoderScore,
    double? OptionsBookValue,
    double SnapshotMilliseconds);
