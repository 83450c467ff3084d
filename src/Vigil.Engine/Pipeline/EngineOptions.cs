using Vigil.Core.Validation;
using Vigil.Detection;
using Vigil.Detection.CrossAsset;
using Vigil.Detection.Ensemble;
using Vigil.Detection.Neural;
using Vigil.Detection.Risk;
using Vigil.Detection.Risk.Credit;
using Vigil.Detection.Risk.Options;
using Vigil.Detection.Series;
using Vigil.Detection.Systemic;
using Vigil.Engine.Warnings;

namespace Vigil.Engine.Pipeline;

/// <summary>Everything that configures a <see cref="DetectionEngine"/>; validated as a whole when the engine is built.</summary>
public sealed record EngineOptions
{
    /// <summary>
    /// The length of a market step in nanoseconds of event time, with steps aligned to its multiples; 0 (the
    /// default) makes every distinct tick timestamp its own step, which suits sources that deliver one snapshot of
    /// every instrument at a time (the simulator, bar files).
    /// </summary>
    public long StepIntervalNs { get; init; }

    /// <summary>
    /// Put inside every warning id after <c>blackswan_</c> (<c>blackswan_W000001</c> becomes <c>blackswan_{prefix}W000001</c>). A service that persists warnings
    /// across restarts sets one per run so ids never repeat; replays and tests leave it empty.
    /// </summary>
    public string WarningIdPrefix { get; init; } = string.Empty;

    /// <summary>
    /// What instruments stand for when classifying warnings, by symbol (case-insensitive), over the built-in table
    /// (VIX, MOVE, IG_CDX, ...). Backtests set it from their manifest.
    /// </summary>
    public IReadOnlyDictionary<string, Warnings.Classification.IndicatorCategory> Categories { get; init; } =
        new Dictionary<string, Warnings.Classification.IndicatorCategory>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The most indicator series (<see cref="DetectionEngine.RegisterIndicator"/>) the engine holds, from 0 to 4096;
    /// each costs the per-series detectors' windows, so the cap bounds what pushed series can take.
    /// </summary>
    public int MaxIndicators { get; init; } = 256;

    /// <summary>
    /// The event-time window of a warning's short move and its retracement (the flash-crash test), from 1 second
    /// to 1 day; 10 minutes live, 1 day (one step) for daily bars.
    /// </summary>
    public TimeSpan ShortWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The event-time window of a warning's intraday move (or since the series' first value when it is younger),
    /// from 1 second to 30 days; a rolling day live, 1 day (one step) for daily bars.
    /// </summary>
    public TimeSpan IntradayWindow { get; init; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How often an open warning's event type is looked at again, in event time, from 1 second to 30 days: a warning
    /// often opens before the evidence for its type has built (a crash's VIX lags its first fall), so the type is
    /// refined while it is open. 30 seconds live, 1 day (every step) for daily bars.
    /// </summary>
    public TimeSpan ReclassifyInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The rolling z-score of returns.</summary>
    public RollingZScoreOptions ZScore { get; init; } = new();

    /// <summary>PRICE_SPIKE.</summary>
    public PriceSpikeOptions PriceSpike { get; init; } = new();

    /// <summary>VOLUME_ANOMALY.</summary>
    public VolumeAnomalyOptions VolumeAnomaly { get; init; } = new();

    /// <summary>VOLATILITY_BURST.</summary>
    public VolatilityBurstOptions VolatilityBurst { get; init; } = new();

    /// <summary>The flash-crash pattern.</summary>
    public FlashCrashOptions FlashCrash { get; init; } = new();

    /// <summary>The Isolation Forest over the state vector: its training window and forest.</summary>
    public IsolationForestDetectorOptions IsolationForest { get; init; } = new();

    /// <summary>Correlation regime change.</summary>
    public CorrelationRegimeOptions CorrelationRegime { get; init; } = new();

    /// <summary>
    /// The market steps between two updates of the cross-asset risk models — the CISS, the absorption ratio, the
    /// turbulence index and the VaR monitor — which then read the returns summed over those steps; from 1 to 1000.
    /// Live it is 4 (one update a second): they describe minutes of market rather than single quarter-seconds, and
    /// run every step they took two thirds of the engine's time (a step's p50 went from 7 to 24 µs). Their windows
    /// and warm-ups count these updates, not steps. The SRISK monitor runs every step (it is cheap, and its
    /// volatility is annualised per step). 1 for daily bars.
    /// </summary>
    public int SlowModelInterval { get; init; } = 4;

    /// <summary>
    /// The CISS composite indicator of systemic stress. Live, counted in one-second updates (see
    /// <see cref="SlowModelInterval"/>): every update enters the empirical CDFs (a 40-minute window), realised
    /// volatility has a 10-second half-life, and CMAX looks back 40 minutes; ready after 4 minutes.
    /// </summary>
    public CissOptions Ciss { get; init; } = new()
    {
        EcdfWindowLength = 1200,
        EcdfSampleInterval = 4,
        CmaxWindowLength = 2400,
        VolatilityHalfLife = 10,
        MinObservations = 60,
    };

    /// <summary>
    /// The absorption ratio. Live, counted in one-second updates (see <see cref="SlowModelInterval"/>): correlations
    /// with a five-minute half-life, a 15-second against a five-minute ratio, fresh eigenvalues every 2 seconds, so
    /// it is ready within the service's warm-up.
    /// </summary>
    public AbsorptionRatioOptions AbsorptionRatio { get; init; } = new(
        CorrelationHalfLife: 300, MinObservations: 60, ShortWindow: 15, LongWindow: 300, EigenInterval: 2);

    /// <summary>
    /// The turbulence index. Its rolling window is 600 updates live (ten minutes of one-second returns, see
    /// <see cref="SlowModelInterval"/>), so it is ready within the service's warm-up.
    /// </summary>
    public TurbulenceOptions Turbulence { get; init; } = new(WindowLength: 600);

    /// <summary>
    /// VaR, ES and their backtests, per instrument and for the portfolio. Live, counted in one-second updates (see
    /// <see cref="SlowModelInterval"/>): VaR over one second, a 1000-second window, a 30-second volatility half-life,
    /// the regime judged against 2.8 hours of volatility sampled every 5 seconds; ready after 200 updates.
    /// </summary>
    public MarketRiskOptions MarketRisk { get; init; } = new()
    {
        WindowLength = 1000,
        VolatilityHalfLife = 30,
        MinObservations = 100,
        RegimeHistoryLength = 2000,
        RegimeSampleInterval = 5,
        MinRegimeSamples = 20,
    };

    /// <summary>Merton distance to default and SRISK: the institutions watched and their balance sheets.</summary>
    public CreditRiskOptions CreditRisk { get; init; } = new();

    /// <summary>The crash-protection cost (Black-76): which index, which volatility index, which put.</summary>
    public CrashProtectionOptions CrashProtection { get; init; } = new();

    /// <summary>When the LSTM autoencoder scores and fires (used only when the engine is given a trained model).</summary>
    public LstmAutoencoderDetectorOptions Autoencoder { get; init; } = LstmAutoencoderDetectorOptions.Default;

    /// <summary>The per-step features and cross-asset signal smoothing.</summary>
    public StepFeatureOptions Features { get; init; } = new();

    /// <summary>How each detector's raw values are calibrated against its own history.</summary>
    public TailCalibratorOptions Calibration { get; init; } = new();

    /// <summary>The detectors in the composite and their weights.</summary>
    public IReadOnlyList<EnsembleMember> Ensemble { get; init; } = DefaultEnsemble;

    /// <summary>When warnings open, escalate and close.</summary>
    public WarningOptions Warnings { get; init; } = new();

    /// <summary>
    /// The default weights. Volume weighs most: a surge of volume across markets is the earliest sign that
    /// separates a building crisis from the volatility clusters of ordinary days, which move returns and volatility
    /// as much in their first seconds. Price spikes fire often on trending prices and weigh least. Turbulence and the
    /// autoencoder react within a step and are primary detectors. The slow risk models (CISS, the absorption ratio,
    /// VaR, SRISK, the crash-protection cost) move over minutes, not seconds, so they only confirm: they lift the composite when they are
    /// higher than the fast detectors and never hold a fast crash's warning back (counted as primaries, even at a
    /// weight of 0.1, CISS delayed the benchmark episodes' warnings from 2.1 to 3.3 s on average).
    /// </summary>
    public static IReadOnlyList<EnsembleMember> DefaultEnsemble { get; } =
    [
        new(DetectorNames.IsolationForest, 1.0),
        new(DetectorNames.CorrelationRegime, 0.5),
        new(DetectorNames.ZScore, 0.75),
        new(DetectorNames.VolatilityBurst, 0.75),
        new(DetectorNames.VolumeAnomaly, 1.5),
        new(DetectorNames.PriceSpike, 0.25),
        new(DetectorNames.FlashCrash, 0.5),
        new(DetectorNames.Ciss, 0.5, Confirming: true),
        new(DetectorNames.AbsorptionRatio, 0.25, Confirming: true),
        new(DetectorNames.Turbulence, 0.25),
        new(DetectorNames.MarketRisk, 0.25, Confirming: true),
        new(DetectorNames.Srisk, 0.25, Confirming: true),
        new(DetectorNames.LstmAutoencoder, 0.5),
        new(DetectorNames.CrashProtection, 0.25, Confirming: true),
    ];

    /// <summary>
    /// Options for daily bars (replays of daily history): the same detectors with windows measured in trading days
    /// — a year of baseline, a week of short-run volatility, a month of correlations — instead of the intraday
    /// defaults, which assume a market step every quarter of a second.
    /// </summary>
    public static EngineOptions Daily { get; } = new()
    {
        ZScore = new RollingZScoreOptions(WindowLength: 250, MinObservations: 20),
        PriceSpike = new PriceSpikeOptions(WindowLength: 20),
        VolumeAnomaly = new VolumeAnomalyOptions(WindowLength: 250, MinObservations: 20),
        VolatilityBurst = new VolatilityBurstOptions(ShortHalfLife: 5, LongHalfLife: 250, MinObservations: 20),
        CorrelationRegime = new CorrelationRegimeOptions(ShortHalfLife: 20, LongHalfLife: 250, MinObservations: 60),
        SlowModelInterval = 1,
        Ciss = CissOptions.Daily,
        AbsorptionRatio = AbsorptionRatioOptions.Daily,
        Turbulence = TurbulenceOptions.Daily,
        MarketRisk = MarketRiskOptions.Daily,
        CreditRisk = CreditRiskOptions.Daily,
        Autoencoder = LstmAutoencoderDetectorOptions.Daily,
        Features = new StepFeatureOptions { LongHalfLife = 250, ShortHalfLife = 5, MinObservations = 20, SignalSmoothing = 0.5 },
        Calibration = new TailCalibratorOptions(WindowLength: 1024, Stride: 1, MinHistory: 120),
        Warnings = new WarningOptions { ExitConfirmations = 5, DeescalationConfirmations = 5, SeverityWindow = 3 },
        ShortWindow = TimeSpan.FromDays(1),
        IntradayWindow = TimeSpan.FromDays(1),
        ReclassifyInterval = TimeSpan.FromDays(1),
    };

    /// <summary>Every problem with these options, each prefixed with the option's path.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new OptionErrors();
        errors.Require(StepIntervalNs >= 0, $"StepIntervalNs must not be negative (got {StepIntervalNs})");
        errors.Require(WarningIdPrefix is not null && WarningIdPrefix.Length <= 64 && WarningIdPrefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'), $"WarningIdPrefix must be at most 64 ASCII letters, digits, '-' or '_' (got '{WarningIdPrefix}')");
        errors.Require(MaxIndicators is >= 0 and <= 4096, $"MaxIndicators must be in [0, 4096] (got {MaxIndicators})");
        errors.Require(ShortWindow >= TimeSpan.FromSeconds(1) && ShortWindow <= TimeSpan.FromDays(1), $"ShortWindow must be from 1 second to 1 day (got {ShortWindow})");
        errors.Require(ReclassifyInterval >= TimeSpan.FromSeconds(1) && ReclassifyInterval <= TimeSpan.FromDays(30), $"ReclassifyInterval must be from 1 second to 30 days (got {ReclassifyInterval})");
        errors.Require(IntradayWindow >= TimeSpan.FromSeconds(1) && IntradayWindow <= TimeSpan.FromDays(30), $"IntradayWindow must be from 1 second to 30 days (got {IntradayWindow})");
        errors.Require(Categories is not null, "Categories must not be null");
        errors.AddNested(nameof(ZScore), ZScore.Validate());
        errors.AddNested(nameof(PriceSpike), PriceSpike.Validate());
        errors.AddNested(nameof(VolumeAnomaly), VolumeAnomaly.Validate());
        errors.AddNested(nameof(VolatilityBurst), VolatilityBurst.Validate());
        errors.AddNested(nameof(FlashCrash), FlashCrash.Validate());
        errors.AddNested(nameof(CorrelationRegime), CorrelationRegime.Validate());
        try
        {
            IsolationForest.Validate();
        }
        catch (ArgumentException e)
        {
            errors.AddNested(nameof(IsolationForest), [e.Message]);
        }

        errors.Require(SlowModelInterval is >= 1 and <= 1000, $"SlowModelInterval must be in [1, 1000] (got {SlowModelInterval})");
        errors.AddNested(nameof(Ciss), Ciss.Validate());
        errors.AddNested(nameof(AbsorptionRatio), AbsorptionRatio.Validate());
        errors.AddNested(nameof(Turbulence), Turbulence.Validate());
        errors.AddNested(nameof(MarketRisk), MarketRisk.Validate());
        errors.AddNested(nameof(CreditRisk), CreditRisk.Validate());
        errors.AddNested(nameof(Autoencoder), Autoencoder.Validate());
        errors.AddNested(nameof(CrashProtection), CrashProtection.Validate());
        errors.AddNested(nameof(Features), Features.Validate());
        errors.AddNested(nameof(Calibration), Calibration.Validate());
        errors.AddNested(nameof(Warnings), Warnings.Validate());
        errors.AddNested(nameof(Ensemble), DetectorEnsemble.Validate(Ensemble));
        var known = new HashSet<string>(DefaultEnsemble.Select(m => m.Name), StringComparer.Ordinal);
        foreach (var member in Ensemble)
        {
            errors.Require(known.Contains(member.Name), $"Ensemble names unknown detector '{member.Name}' (known: {string.Join(", ", known)})");
        }

        return errors.Errors;
    }

    /// <summary>Throws one exception listing every problem, if there are any.</summary>
    public void ThrowIfInvalid()
    {
        var errors = new OptionErrors();
        errors.AddNested(nameof(EngineOptions), Validate());
        errors.ThrowIfAny(nameof(EngineOptions));
    }
}
