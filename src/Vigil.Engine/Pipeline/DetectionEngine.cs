using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Vigil.Core.Instruments;
using Vigil.Core.Market;
using Vigil.Core.Streaming;
using Vigil.Detection;
using Vigil.Detection.CrossAsset;
using Vigil.Detection.Ensemble;
using Vigil.Detection.Neural;
using Vigil.Detection.Risk;
using Vigil.Engine.Warnings;
using Vigil.Engine.Warnings.Classification;
using Vigil.Engine.Warnings.Reports;

namespace Vigil.Engine.Pipeline;

/// <summary>
/// The detection engine: ticks in, market steps and warnings out. Per tick it runs the instrument's per-series
/// detectors (O(1), no allocation); once per market step it builds the state vector, runs the cross-asset detectors,
/// calibrates and combines every detector into the composite, and moves the warning state machine. It is pure and
/// deterministic: time is the ticks' event time, and the same ticks give the same output. Not thread-safe: one
/// thread feeds it.
/// </summary>
public sealed class DetectionEngine
{
    private const int MaxSignalsInWarning = 24;
    private const int MaxBreaksInWarning = 5;

    private readonly InstrumentRegistry _registry;
    private readonly EngineOptions _options;
    private readonly IEngineObserver? _observer;
    private readonly InstrumentState[] _instruments;
    private readonly CorrelationRegimeDetector? _correlation;
    private readonly IsolationForestDetector _forest;
    private readonly DetectorEnsemble _ensemble;
    private readonly WarningTracker _warnings;
    private readonly MarketStep _step;
    private readonly double[] _standardisedReturns;
    private readonly double[] _rawSignals;
    private readonly RiskModels _risk;
    private readonly IndicatorBook _indicators;
    private readonly int _ifIndex, _corrIndex, _zIndex, _burstIndex, _volumeIndex, _spikeIndex, _flashIndex;
    private readonly int _cissIndex, _absorptionIndex, _turbulenceIndex, _marketRiskIndex, _sriskIndex, _autoencoderIndex, _crashProtectionIndex;
    private readonly double _smoothing;
    private readonly IndicatorCategory[] _categories;
    private readonly EventClassifier _classifier = new();
    private readonly EventClassifier _classifierAfterOnset = new([.. EventRules.All.Where(r => r.EventType != EventType.FlashCrash)]);

    private bool _stepOpen;
    private long _stepEndNs;
    private long _stepLastNs;
    private int _stepTicks;
    private long _lastTickNs = long.MinValue;
    private double _smoothedZ = double.NaN;
    private double _smoothedVolume = double.NaN;
    private EventClassification? _episodeClassification;
    private WarningStatus _episodeStatus;
    private long _nextReclassifyNs;

    /// <summary>Creates an engine over the instruments of <paramref name="registry"/>.</summary>
    /// <param name="registry">The instruments; at least one. With a single series the correlation detector stays silent. Not changed afterwards.</param>
    /// <param name="options">The options; defaults when null. Every problem is reported at once.</param>
    /// <param name="observer">Receives steps and warnings; may be null.</param>
    /// <param name="model">
    /// A trained Isolation Forest to score with from the first step; null trains one on the first calm
    /// <see cref="IsolationForestDetectorOptions.TrainingWindowLength"/> steps. Its schema must be <see cref="StateSchema"/>.
    /// </param>
    /// <param name="autoencoder">A trained LSTM autoencoder to score with; null leaves it out (its reading stays not ready). Its schema must be <see cref="StateSchema"/>.</param>
    /// <exception cref="InvalidDataException">A model was trained on a different state vector; the message names the first difference.</exception>
    public DetectionEngine(InstrumentRegistry registry, EngineOptions? options = null, IEngineObserver? observer = null, IsolationForest? model = null, LstmAutoencoderModel? autoencoder = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _options = options ?? new EngineOptions();
        _options.ThrowIfInvalid();
        if (registry.Count < 1)
        {
            throw new ArgumentException("The engine needs at least one instrument; the registry is empty.", nameof(registry));
        }

        _registry = registry;
        _observer = observer;
        _instruments = new InstrumentState[registry.Count];
        for (var i = 0; i < _instruments.Length; i++)
        {
            _instruments[i] = new InstrumentState(registry[new InstrumentId(i)], _options);
        }

        _categories = new IndicatorCategory[registry.Count];
        for (var i = 0; i < _categories.Length; i++)
        {
            _categories[i] = InstrumentCategories.Of(registry[new InstrumentId(i)].Symbol, _options.Categories);
        }

        _correlation = registry.Count >= 2 ? new CorrelationRegimeDetector(registry.Count, _options.CorrelationRegime) : null;
        _ensemble = new DetectorEnsemble(_options.Ensemble, _options.Calibration);
        _warnings = new WarningTracker(_options.Warnings);
        _step = new MarketStep(_ensemble, registry.Count * InstrumentState.FeatureCount, registry.Count);
        _standardisedReturns = new double[registry.Count];
        _rawSignals = new double[_ensemble.Members.Count];
        _smoothing = _options.Features.SignalSmoothing;
        _ifIndex = _ensemble.IndexOf(DetectorNames.IsolationForest);
        _corrIndex = _ensemble.IndexOf(DetectorNames.CorrelationRegime);
        _zIndex = _ensemble.IndexOf(DetectorNames.ZScore);
        _burstIndex = _ensemble.IndexOf(DetectorNames.VolatilityBurst);
        _volumeIndex = _ensemble.IndexOf(DetectorNames.VolumeAnomaly);
        _spikeIndex = _ensemble.IndexOf(DetectorNames.PriceSpike);
        _flashIndex = _ensemble.IndexOf(DetectorNames.FlashCrash);
        _cissIndex = _ensemble.IndexOf(DetectorNames.Ciss);
        _absorptionIndex = _ensemble.IndexOf(DetectorNames.AbsorptionRatio);
        _turbulenceIndex = _ensemble.IndexOf(DetectorNames.Turbulence);
        _marketRiskIndex = _ensemble.IndexOf(DetectorNames.MarketRisk);
        _sriskIndex = _ensemble.IndexOf(DetectorNames.Srisk);
        _autoencoderIndex = _ensemble.IndexOf(DetectorNames.LstmAutoencoder);
        _crashProtectionIndex = _ensemble.IndexOf(DetectorNames.CrashProtection);
        StateSchema = BuildSchema(registry);
        if (model is not null && model.Schema.Fingerprint != StateSchema.Fingerprint)
        {
            throw new InvalidDataException($"The Isolation Forest model does not fit this engine: {model.Schema.DescribeDifference(StateSchema)}.");
        }

        if (autoencoder is not null && autoencoder.Schema.Fingerprint != StateSchema.Fingerprint)
        {
            throw new InvalidDataException($"The LSTM autoencoder model does not fit this engine: {autoencoder.Schema.DescribeDifference(StateSchema)}.");
        }

        _risk = new RiskModels(registry.All, _options, autoencoder);
        _indicators = new IndicatorBook(registry, _options);

        _forest = model is null
            ? new IsolationForestDetector(StateSchema, _options.IsolationForest)
            : new IsolationForestDetector(model, _options.IsolationForest.FireThreshold);
    }

    /// <summary>The instruments.</summary>
    public InstrumentRegistry Registry => _registry;

    /// <summary>The options in force.</summary>
    public EngineOptions Options => _options;

    /// <summary>What has been processed.</summary>
    public EngineCounters Counters { get; } = new();

    /// <summary>The latest market step.</summary>
    public MarketStep LastStep => _step;

    /// <summary>The warning state machine.</summary>
    public WarningTracker Warnings => _warnings;

    /// <summary>The state vector's features, in order (<c>SPX.return</c>, <c>SPX.volatility</c>, …): what a trained model must match.</summary>
    public FeatureSchema StateSchema { get; }

    /// <summary>The cross-asset risk models (CISS, correlation structure, VaR, SRISK, the autoencoder); hosts read their snapshots between steps.</summary>
    public RiskModels Risk => _risk;

    /// <summary>The Isolation Forest detector; its <see cref="IsolationForestDetector.Forest"/> is the model to save once trained.</summary>
    public IsolationForestDetector IsolationForest => _forest;

    /// <summary>
    /// When set, the duration of every market step's cross-asset work is recorded here (two timestamp reads per
    /// step; nothing per tick).
    /// </summary>
    public LatencyHistogram? StepLatency { get; set; }

    /// <summary>
    /// Writes the short-window correlation matrix of the latest step (N×N, row-major, registry order); all zeros
    /// while the correlation detector is warming up or with a single instrument.
    /// </summary>
    /// <param name="destination">At least N² values.</param>
    public void CopyCorrelationsTo(Span<double> destination)
    {
        var n = _instruments.Length;
        if (destination.Length < n * n)
        {
            throw new ArgumentException($"Destination holds {destination.Length} values; {n * n} are needed.", nameof(destination));
        }

        if (_correlation is { IsReady: true })
        {
            _correlation.Recent.CopyCorrelationTo(destination);
        }
        else
        {
            destination[..(n * n)].Clear();
        }
    }

    /// <summary>Every detector's calibration history, to save after a calm run (the model registry's <c>calibration</c> kind).</summary>
    public EnsembleCalibration ExportCalibration() => _ensemble.ExportCalibration();

    /// <summary>
    /// Starts every detector's calibration from a saved one, so scores are calibrated from the first step. Call it
    /// before the first tick. The calibration should come from an engine over the same instruments and options: raw
    /// values depend on both.
    /// </summary>
    /// <param name="calibration">The saved calibration.</param>
    /// <returns>The detectors it does not cover (they calibrate from scratch).</returns>
    public IReadOnlyList<string> RestoreCalibration(EnsembleCalibration calibration) => _ensemble.RestoreCalibration(calibration);

    /// <summary>
    /// Adds an indicator series, or returns the id of the one already registered under the symbol (case-insensitive).
    /// Series may be added while the engine runs; only registration allocates. Indicator series get the per-series
    /// detectors and z-scores, count in a step's <see cref="MarketStep.SignalCount"/> when a detector fires and in
    /// its <see cref="MarketStep.MaxAbsZ"/> (a sentiment collapse is a signal), and appear in warnings' signals; they
    /// stay out of the state vector, the correlation matrix, the Isolation Forest and the ensemble's composite, so
    /// <see cref="StateSchema"/> never changes.
    /// </summary>
    /// <param name="spec">The series.</param>
    /// <returns>The series' id for <see cref="OnIndicator"/>: dense from 0, separate from instrument ids.</returns>
    /// <exception cref="ArgumentException">
    /// The symbol breaks the naming rule or is an instrument's, the category is none or differs from the registered
    /// one, or the engine already holds <see cref="EngineOptions.MaxIndicators"/> series.
    /// </exception>
    public int RegisterIndicator(IndicatorSpec spec) => _indicators.Register(spec);

    /// <summary>
    /// Feeds one value of an indicator series, at event time <paramref name="timestampNs"/>, under the tick rules:
    /// a value older than the latest accepted tick or value, a non-finite value or an unknown id is rejected and
    /// counted. A value never opens a market step: it closes the open step if its time ends it (as a tick would),
    /// then joins the open step or, between steps, the next one. O(1), no allocation.
    /// </summary>
    /// <param name="indicatorId">The id from <see cref="RegisterIndicator"/>.</param>
    /// <param name="timestampNs">The value's event time, in nanoseconds since the Unix epoch.</param>
    /// <param name="value">The value, in the series' own unit; any sign.</param>
    public void OnIndicator(int indicatorId, long timestampNs, double value)
    {
        if ((uint)indicatorId >= (uint)_indicators.Count)
        {
            Counters.Reject(TickRejection.UnknownIndicator);
            return;
        }

        if (!double.IsFinite(value))
        {
            Counters.Reject(TickRejection.NotFinite);
            return;
        }

        if (timestampNs < _lastTickNs)
        {
            Counters.Reject(TickRejection.OutOfOrder);
            return;
        }

        _lastTickNs = timestampNs;
        if (_stepOpen && (_options.StepIntervalNs > 0 ? timestampNs >= _stepEndNs : timestampNs != _stepLastNs))
        {
            CloseStep();
        }

        _indicators.OnValue(indicatorId, timestampNs, value);
        Counters.IndicatorValues++;
    }

    /// <summary>The indicator series as the latest closed step left them (allocates; for hosts, not per tick).</summary>
    public IReadOnlyList<IndicatorInfo> Indicators => _indicators.Describe();

    /// <summary>The number of indicator series registered.</summary>
    public int IndicatorCount => _indicators.Count;

    /// <summary>The latest accepted event time (tick or indicator value), in nanoseconds since the Unix epoch; <see cref="long.MinValue"/> before the first.</summary>
    public long EventTimeNs => _lastTickNs;

    /// <summary>The indicator series' states, by id, for the warning report's readings.</summary>
    internal IReadOnlyList<InstrumentState> IndicatorStates => _indicators.States;

    /// <summary>The category of indicator series <paramref name="indicatorId"/>.</summary>
    internal Warnings.Classification.IndicatorCategory IndicatorCategoryOf(int indicatorId) => _indicators.CategoryOf(indicatorId);

    /// <summary>Processes a batch of ticks in order.</summary>
    /// <param name="ticks">The ticks, in non-decreasing event time.</param>
    public void Process(ReadOnlySpan<Tick> ticks)
    {
        foreach (ref readonly var tick in ticks)
        {
            OnTick(in tick);
        }
    }

    /// <summary>Processes one tick: closes the market step it ends, then runs the instrument's per-series detectors.</summary>
    /// <param name="tick">The tick.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnTick(in Tick tick)
    {
        var id = tick.Instrument.Value;
        if ((uint)id >= (uint)_instruments.Length)
        {
            Counters.Reject(TickRejection.UnknownInstrument);
            return;
        }

        var state = _instruments[id];
        var price = tick.Price;
        if (!double.IsFinite(price) || !double.IsFinite(tick.Volume))
        {
            Counters.Reject(TickRejection.NotFinite);
            return;
        }

        if (price <= 0 && state.Instrument.ValueKind == ValueKind.Price)
        {
            Counters.Reject(TickRejection.NonPositivePrice);
            return;
        }

        if (tick.Volume < 0)
        {
            Counters.Reject(TickRejection.NegativeVolume);
            return;
        }

        var ts = tick.TimestampNs;
        if (ts < _lastTickNs)
        {
            Counters.Reject(TickRejection.OutOfOrder);
            return;
        }

        _lastTickNs = ts;
        if (_stepOpen && (_options.StepIntervalNs > 0 ? ts >= _stepEndNs : ts != _stepLastNs))
        {
            CloseStep();
        }

        if (!_stepOpen)
        {
            OpenStep(ts);
        }

        state.OnTick(in tick);
        _stepLastNs = ts;
        _stepTicks++;
        Counters.Ticks++;
    }

    /// <summary>
    /// Tells the engine that event time has reached <paramref name="timestampNs"/>: with fixed-length steps, closes
    /// the open step if it has ended. Live hosts call it from a timer so a quiet market still gets its steps.
    /// </summary>
    /// <param name="timestampNs">The current event time.</param>
    public void AdvanceTo(long timestampNs)
    {
        if (_stepOpen && _options.StepIntervalNs > 0 && timestampNs >= _stepEndNs)
        {
            CloseStep();
        }
    }

    /// <summary>Closes the open step, if any (at the end of a replay, or when a batch is known to be complete).</summary>
    public void Flush()
    {
        if (_stepOpen)
        {
            CloseStep();
        }
    }

    private void OpenStep(long ts)
    {
        _stepOpen = true;
        _stepTicks = 0;
        if (_options.StepIntervalNs > 0)
        {
            var interval = _options.StepIntervalNs;
            var start = ts - (((ts % interval) + interval) % interval);
            _stepEndNs = start + interval;
        }
    }

    private void CloseStep()
    {
        var started = StepLatency is null ? 0 : Stopwatch.GetTimestamp();
        _stepOpen = false;
        Counters.Steps++;
        _step.Index = Counters.Steps;
        _step.TimestampNs = _stepLastNs;
        _step.TickCount = _stepTicks;

        RunCrossAsset();

        var inputs = new WarningInputs(_step.TimestampNs, _ensemble.Composite, _step.MaxAbsZ, _step.CorrelationBreaks, _step.SignalCount);
        var transition = _ensemble.IsReady ? _warnings.Update(inputs) : WarningTransition.None;
        _step.WarningOpen = _warnings.IsOpen;
        _step.Severity = _warnings.Severity;
        if (StepLatency is not null)
        {
            StepLatency.Record((long)Stopwatch.GetElapsedTime(started).TotalNanoseconds);
        }

        ClassificationInputs? readings = null;
        EventClassification? verdict = null;
        if (transition == WarningTransition.Opened)
        {
            _episodeClassification = null;
            _nextReclassifyNs = _step.TimestampNs + (_options.ReclassifyInterval.Ticks * 100L);
        }
        else if (transition == WarningTransition.None && _warnings.IsOpen && _step.TimestampNs >= _nextReclassifyNs)
        {
            // Only while a warning is open, once per interval: the readings allocate.
            _nextReclassifyNs = _step.TimestampNs + (_options.ReclassifyInterval.Ticks * 100L);
            readings = ClassificationInputs();
            verdict = Classify(readings);
            if (Refines(verdict))
            {
                transition = WarningTransition.Reclassified;
            }
        }

        _observer?.OnStep(_step);
        if (transition != WarningTransition.None)
        {
            if (transition == WarningTransition.Opened)
            {
                Counters.WarningsOpened++;
            }

            _observer?.OnWarning(BuildWarningEvent(transition, readings, verdict));
        }
    }

    private void RunCrossAsset()
    {
        var stateVector = _step.StateVectorBuffer;
        var instruments = _step.InstrumentBuffer;
        var returns = _step.ReturnBuffer;
        var levels = _step.LevelBuffer;
        double maxAbsZ = 0, sumSquaredZ = 0, sumBurst = 0, sumVolumeZ = 0;
        int maxZInstrument = -1, zCount = 0, burstCount = 0, volumeCount = 0, spikes = 0, flashes = 0, signals = 0, readyInstruments = 0;
        for (var i = 0; i < _instruments.Length; i++)
        {
            var s = _instruments[i];
            s.CloseStep();
            s.CopyFeaturesTo(stateVector.Slice(i * InstrumentState.FeatureCount, InstrumentState.FeatureCount));
            instruments[i] = s.Snapshot();
            returns[i] = s.HasStepReturn ? s.StepReturn : double.NaN;
            levels[i] = s.LastPrice;
            _standardisedReturns[i] = s.FeaturesReady ? s.ReturnZ : 0.0;
            if (s.FeaturesReady)
            {
                readyInstruments++;
            }

            if (s.FiredInStep != FiredDetectors.None)
            {
                signals++;
            }
            if (!s.TickedInStep)
            {
                continue;
            }

            if (s.ZScore.IsReady)
            {
                var z = s.StepMaxAbsZ;
                sumSquaredZ += Math.Min(z * z, 100.0);
                zCount++;
                if (z > maxAbsZ)
                {
                    maxAbsZ = z;
                    maxZInstrument = i;
                }
            }

            var burst = s.VolatilityBurst.Current;
            if (!double.IsNaN(burst.Raw))
            {
                sumBurst += Math.Log(burst.Raw);
                burstCount++;
            }

            if (s.VolumeAnomaly.IsReady)
            {
                sumVolumeZ += s.StepVolumeZ;
                volumeCount++;
            }

            if ((s.FiredInStep & FiredDetectors.PriceSpike) != 0)
            {
                spikes++;
            }

            if ((s.FiredInStep & FiredDetectors.FlashCrash) != 0)
            {
                flashes++;
            }
        }

        var maxZIndicator = -1;
        var indicatorStates = _indicators.States;
        for (var i = 0; i < indicatorStates.Count; i++)
        {
            var s = indicatorStates[i];
            if (_indicators.CloseStep(i))
            {
                signals++;
            }

            if (s.TickedInStep && s.ZScore.IsReady && s.StepMaxAbsZ > maxAbsZ)
            {
                maxAbsZ = s.StepMaxAbsZ;
                maxZIndicator = i;
                maxZInstrument = -1;
            }
        }

        var corr = _correlation?.Update(_standardisedReturns) ?? DetectorReading.NotReady;
        var forest = ScoreStateVector(stateVector, readyInstruments);
        if (forest.Fired)
        {
            signals++;
        }

        _risk.Update(returns, levels, stateVector, readyInstruments == _instruments.Length);

        _smoothedZ = Smooth(_smoothedZ, zCount > 0 ? sumSquaredZ / zCount : double.NaN);
        _smoothedVolume = Smooth(_smoothedVolume, volumeCount > 0 ? sumVolumeZ / volumeCount : double.NaN);

        SetSignal(_ifIndex, _forest.IsReady ? forest.Score : double.NaN);
        SetSignal(_corrIndex, corr.Raw);
        SetSignal(_zIndex, _smoothedZ);
        SetSignal(_burstIndex, burstCount > 0 ? sumBurst / burstCount : double.NaN);
        SetSignal(_volumeIndex, _smoothedVolume);
        SetSignal(_spikeIndex, zCount > 0 ? spikes : double.NaN);
        SetSignal(_flashIndex, zCount > 0 ? flashes : double.NaN);
        SetSignal(_cissIndex, _risk.CissReading.Raw);
        SetSignal(_absorptionIndex, _risk.AbsorptionReading.Raw);
        SetSignal(_turbulenceIndex, _risk.TurbulenceReading.Raw);
        SetSignal(_marketRiskIndex, _risk.MarketRiskReading.Raw);
        SetSignal(_sriskIndex, _risk.CreditReading.Raw);
        SetSignal(_autoencoderIndex, _risk.AutoencoderReading.Raw);
        SetSignal(_crashProtectionIndex, _risk.CrashProtectionReading.Raw);
        _ensemble.Update(_rawSignals, learn: !_warnings.IsOpen);

        _step.MaxAbsZ = maxAbsZ;
        _step.MaxAbsZInstrument = maxZInstrument;
        _step.MaxAbsZIndicator = maxZIndicator;
        _step.CorrelationBreaks = _correlation?.Breaks ?? 0;
        _step.MeanCorrelationChange = _correlation?.MeanAbsoluteChange ?? 0;
        _step.MeanCorrelation = _correlation?.MeanCorrelation ?? 0;
        _step.SignalCount = signals;
    }

    /// <summary>
    /// Scores the state vector once every instrument's features are warm (or, should some instrument never trade,
    /// once the market has been running for a good while). While the forest is still training it only learns from
    /// steps outside warnings, so its idea of normal is calm.
    /// </summary>
    private DetectorReading ScoreStateVector(ReadOnlySpan<double> stateVector, int readyInstruments)
    {
        var warm = readyInstruments == _instruments.Length
            || (readyInstruments > 0 && Counters.Steps > 4L * _options.Features.MinObservations);
        if (!warm || (!_forest.IsReady && _warnings.IsOpen))
        {
            return DetectorReading.NotReady;
        }

        return _forest.Update(_step.TimestampNs, stateVector);
    }

    private double Smooth(double previous, double value)
    {
        if (double.IsNaN(value))
        {
            return previous;
        }

        return double.IsNaN(previous) ? value : previous + (_smoothing * (value - previous));
    }

    private void SetSignal(int index, double raw)
    {
        if (index >= 0)
        {
            _rawSignals[index] = raw;
        }
    }

    /// <summary>The warning event for <paramref name="kind"/>, with its report.</summary>
    /// <param name="kind">The change.</param>
    /// <param name="inputs">The step's readings when the reclassification check already built them; null builds them.</param>
    /// <param name="verdict">The rules' verdict on <paramref name="inputs"/>, when already taken.</param>
    private WarningEvent BuildWarningEvent(WarningTransition kind, ClassificationInputs? inputs, EventClassification? verdict)
    {
        var members = _ensemble.Members;
        var contributions = new List<DetectorContribution>(members.Count);
        for (var i = 0; i < members.Count; i++)
        {
            contributions.Add(new DetectorContribution(members[i].Name, _ensemble.Scores[i], _ensemble.RawValues[i], _ensemble.Contributions[i]));
        }

        contributions.Sort((a, b) => b.Contribution.CompareTo(a.Contribution));
        var signals = CollectSignals();
        Span<CorrelationBreak> breakBuffer = stackalloc CorrelationBreak[MaxBreaksInWarning];
        var breakCount = _correlation?.CopyBreaksTo(breakBuffer) ?? 0;
        var breaks = new List<CorrelationBreakInfo>(breakCount);
        foreach (var b in breakBuffer[..breakCount])
        {
            breaks.Add(new CorrelationBreakInfo(
                _registry[new InstrumentId(b.First)].Symbol, _registry[new InstrumentId(b.Second)].Symbol, b.Baseline, b.Current));
        }

        var maxZSymbol = _step.MaxAbsZInstrument >= 0 ? _registry[new InstrumentId(_step.MaxAbsZInstrument)].Symbol
            : _step.MaxAbsZIndicator >= 0 ? _indicators.States[_step.MaxAbsZIndicator].Instrument.Symbol
            : null;
        var warning = new WarningEvent
        {
            Kind = kind,
            WarningId = FormatWarningId(_warnings.Sequence, _options.WarningIdPrefix),
            TimestampNs = _step.TimestampNs,
            OpenedAtNs = _warnings.OpenedAtNs,
            Severity = _warnings.Severity,
            PreviousSeverity = _warnings.PreviousSeverity,
            PeakSeverity = _warnings.PeakSeverity,
            Composite = _ensemble.Composite,
            PeakComposite = _warnings.PeakComposite,
            MaxAbsZ = _step.MaxAbsZ,
            MaxAbsZSymbol = maxZSymbol,
            CorrelationBreaks = _step.CorrelationBreaks,
            SignalCount = _step.SignalCount,
            Contributions = contributions,
            Signals = signals,
            Breaks = breaks,
            Summary = Summarise(contributions, maxZSymbol),
            Status = kind == WarningTransition.Reclassified ? _episodeStatus : StatusOf(kind, _warnings.Severity),
        };
        _episodeStatus = warning.Status;
        inputs ??= ClassificationInputs();
        var classification = EpisodeClassification(verdict ?? Classify(inputs), refine: kind != WarningTransition.Closed);
        if (kind == WarningTransition.Closed)
        {
            _episodeClassification = null;
        }

        return warning with { Report = WarningReporter.Build(warning, inputs, RiskContext(), classification) };
    }

    /// <summary>
    /// The rules' verdict now. A flash crash is a warning's opening shape: after <see cref="EngineOptions.ShortWindow"/>
    /// a fast move retraced inside a longer crisis is part of it, so that rule no longer counts.
    /// </summary>
    private EventClassification Classify(ClassificationInputs inputs) =>
        _step.TimestampNs - _warnings.OpenedAtNs <= _options.ShortWindow.Ticks * 100L ? _classifier.Classify(inputs) : _classifierAfterOnset.Classify(inputs);

    /// <summary>
    /// Whether <paramref name="candidate"/> refines the open warning's type: any type beats none, and a type of higher
    /// priority (a named cause over a mechanism, a systemic crisis over the crash or the currency move it causes)
    /// beats a lower one. A lower one never replaces a higher, so the type does not drift as the acute phase fades.
    /// </summary>
    private bool Refines(EventClassification candidate)
    {
        if (candidate.EventType == EventType.Unclassified)
        {
            return false;
        }

        var current = _episodeClassification;
        return current is null || current.EventType == EventType.Unclassified
            || EventRules.PriorityOf(candidate.EventType) > EventRules.PriorityOf(current.EventType);
    }

    /// <summary>
    /// The classification a warning event reports: the episode keeps the type it was given (or refined to while open;
    /// a closing event never changes it); the rule that decided it leads, with the evidence it had then, followed by
    /// whatever else fires now.
    /// </summary>
    private EventClassification EpisodeClassification(EventClassification current, bool refine)
    {
        if (_episodeClassification is null || (refine && Refines(current)))
        {
            _episodeClassification = current;
            return current;
        }

        var episode = _episodeClassification;
        if (episode.EventType == current.EventType || episode.Triggered.Count == 0)
        {
            return current;
        }

        var decided = episode.Triggered[0];
        return new EventClassification(episode.EventType, [decided, .. current.Triggered.Where(t => t.Rule.EventType != episode.EventType)], episode.Confidence);
    }

    /// <summary>
    /// The id a warning with sequence number <paramref name="sequence"/> gets: <c>blackswan_</c>, then
    /// <paramref name="prefix"/> (<see cref="EngineOptions.WarningIdPrefix"/>), then <c>W</c> and six digits, for
    /// example <c>blackswan_W000003</c>.
    /// </summary>
    /// <param name="sequence">The warning's sequence number, from 1.</param>
    /// <param name="prefix">The run's prefix; empty or null for none.</param>
    public static string FormatWarningId(long sequence, string? prefix = null) => $"blackswan_{prefix}W{sequence:D6}";

    /// <summary>
    /// Where a warning stands after <paramref name="kind"/>: active when it opens or escalates, and after a
    /// de-escalation while still at HIGH or above; monitoring once it has eased below HIGH; resolved once closed.
    /// </summary>
    /// <param name="kind">The change.</param>
    /// <param name="severity">The severity after the change.</param>
    public static WarningStatus StatusOf(WarningTransition kind, Severity severity) => kind switch
    {
        WarningTransition.Closed => WarningStatus.Resolved,
        WarningTransition.DeEscalated => severity >= Severity.High ? WarningStatus.Active : WarningStatus.Monitoring,
        _ => WarningStatus.Active,
    };

    /// <summary>What the classifier sees at the latest step: one reading per series, and the correlation picture.</summary>
    public ClassificationInputs ClassificationInputs()
    {
        var readings = new List<InstrumentReading>(_instruments.Length);
        for (var i = 0; i < _instruments.Length; i++)
        {
            readings.Add(ReadingOf(_instruments[i], _categories[i]));
        }

        var indicators = _indicators.States;
        for (var i = 0; i < indicators.Count; i++)
        {
            readings.Add(ReadingOf(indicators[i], _indicators.CategoryOf(i)));
        }

        return new ClassificationInputs(readings, _options.ShortWindow, _step.MeanCorrelation, MeanCorrelationStrengthChange(), _step.CorrelationBreaks);
    }

    /// <summary>The risk models' readings at the latest step; NaN where a model is not ready.</summary>
    public RiskContext RiskContext()
    {
        var risk = _risk;
        double var99 = double.NaN, es99 = double.NaN;
        if (risk.MarketRisk.IsReady)
        {
            // One-step Gaussian figures of the portfolio at 99%: z = 2.3263 and φ(z) / 0.01 = 2.6652 standard deviations.
            var volatility = risk.MarketRisk.Snapshot().Portfolio.Volatility ?? double.NaN;
            var99 = 2.3263478740408408 * volatility;
            es99 = 2.6652142203458063 * volatility;
        }

        var credit = risk.Credit is { IsReady: true } monitor ? monitor.Snapshot() : null;
        return new RiskContext(
            Ciss: risk.Ciss.IsReady ? risk.Ciss.Index : double.NaN,
            AbsorptionShift: risk.AbsorptionRatio is { IsReady: true } absorption ? absorption.Shift : double.NaN,
            Turbulence: risk.Turbulence is { IsReady: true } turbulence ? turbulence.Turbulence : double.NaN,
            Var99: var99,
            Es99: es99,
            MinDistanceToDefault: credit?.MinDistanceToDefault ?? double.NaN,
            SriskTotal: credit?.AggregateSrisk ?? double.NaN,
            CrashProtectionCost: risk.CrashProtection is { IsReady: true } put ? put.Cost : double.NaN);
    }

    /// <summary>
    /// One series' reading. Moves are relative for prices; for yields, spreads and volatility indices, whose levels
    /// carry the meaning, the moves are 0 so a few points of a yield or the VIX never read as a price crash.
    /// </summary>
    private static InstrumentReading ReadingOf(InstrumentState state, IndicatorCategory category)
    {
        var instrument = state.Instrument;
        // Energy and defence series are prices even when pushed as indicator levels: the geopolitical rule reads their move.
        var relative = category is IndicatorCategory.Energy or IndicatorCategory.Defence
            || (instrument.ValueKind == ValueKind.Price
                && instrument.AssetClass is not (AssetClass.Rates or AssetClass.Credit or AssetClass.Volatility)
                && category == IndicatorCategory.None);
        WindowMove shortMove = default, intraday = default;
        if (relative)
        {
            shortMove = state.ShortMove();
            intraday = state.IntradayMove();
        }

        return new InstrumentReading(
            instrument.Symbol,
            instrument.AssetClass,
            instrument.Segment,
            category,
            state.LastPrice,
            shortMove.MoveFraction,
            intraday.NetMoveFraction,
            shortMove.RetracementFraction,
            state.RecentPeakZ,
            state.SpreadMultiple);
    }

    /// <summary>
    /// How much more strongly markets move together than normal: the mean over pairs of |recent correlation| minus
    /// |baseline correlation| (positive = correlations rising in strength, whatever their sign); 0 while warming up.
    /// </summary>
    private double MeanCorrelationStrengthChange()
    {
        if (_correlation is not { IsReady: true })
        {
            return 0;
        }

        var n = _instruments.Length;
        var recent = new double[n * n];
        var baseline = new double[n * n];
        _correlation.Recent.CopyCorrelationTo(recent);
        _correlation.Baseline.CopyCorrelationTo(baseline);
        double sum = 0;
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                sum += Math.Abs(recent[(i * n) + j]) - Math.Abs(baseline[(i * n) + j]);
            }
        }

        return sum / (n * (n - 1) / 2);
    }

    private List<WarningSignal> CollectSignals()
    {
        var signals = new List<WarningSignal>();
        foreach (var s in _instruments.Concat(_indicators.States))
        {
            var fired = s.FiredInStep;
            var symbol = s.Instrument.Symbol;
            if ((fired & FiredDetectors.FlashCrash) != 0)
            {
                signals.Add(new WarningSignal(symbol, DetectorNames.FlashCrash, s.FlashCrash.Current.Raw));
            }

            if ((fired & FiredDetectors.ZScore) != 0)
            {
                signals.Add(new WarningSignal(symbol, DetectorNames.ZScore, s.StepMaxAbsZ));
            }

            if ((fired & FiredDetectors.VolatilityBurst) != 0)
            {
                signals.Add(new WarningSignal(symbol, DetectorNames.VolatilityBurst, s.VolatilityBurst.Current.Raw));
            }

            if ((fired & FiredDetectors.VolumeAnomaly) != 0)
            {
                signals.Add(new WarningSignal(symbol, DetectorNames.VolumeAnomaly, s.VolumeAnomaly.Current.Raw));
            }

            if ((fired & FiredDetectors.PriceSpike) != 0)
            {
                signals.Add(new WarningSignal(symbol, DetectorNames.PriceSpike, s.PriceSpike.Current.Raw));
            }
        }

        signals.Sort((a, b) => Math.Abs(b.Raw).CompareTo(Math.Abs(a.Raw)));
        if (signals.Count > MaxSignalsInWarning)
        {
            signals.RemoveRange(MaxSignalsInWarning, signals.Count - MaxSignalsInWarning);
        }

        return signals;
    }

    private string Summarise(List<DetectorContribution> contributions, string? maxZSymbol)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"composite {_ensemble.Composite:0.00}");
        var leaders = 0;
        foreach (var c in contributions)
        {
            if (c.Contribution <= 0 || leaders == 3)
            {
                break;
            }

            text.Append(leaders == 0 ? " led by " : ", ");
            text.Append(CultureInfo.InvariantCulture, $"{c.Detector} {c.Score:0.00}");
            leaders++;
        }

        if (maxZSymbol is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"; max |z| {_step.MaxAbsZ:0.0} on {maxZSymbol}");
        }

        text.Append(CultureInfo.InvariantCulture, $"; {_step.CorrelationBreaks} correlation breaks; {_step.SignalCount} signals");
        return text.ToString();
    }

    private static FeatureSchema BuildSchema(InstrumentRegistry registry)
    {
        var names = new string[registry.Count * InstrumentState.FeatureCount];
        for (var i = 0; i < registry.Count; i++)
        {
            var symbol = registry[new InstrumentId(i)].Symbol;
            names[(i * 4) + 0] = symbol + ".return";
            names[(i * 4) + 1] = symbol + ".volatility";
            names[(i * 4) + 2] = symbol + ".zscore";
            names[(i * 4) + 3] = symbol + ".volume";
        }

        return new FeatureSchema(names);
    }
}
