using Vigil.Core.Instruments;
using Vigil.Core.Market;
using Vigil.Core.Statistics;
using Vigil.Core.Streaming;
using Vigil.Detection.Series;

namespace Vigil.Engine.Pipeline;


/// <summary>
/// The per-instrument tier: the per-series detectors, run on every tick, and the instrument's per-step features
/// (its slice of the state vector), computed when a market step closes. O(1) and allocation-free per tick.
/// </summary>
internal sealed class InstrumentState
{
    /// <summary>The number of state-vector features per instrument.</summary>
    public const int FeatureCount = 4;

    private const double BaselineClip = 2.0;

    // The bid-ask spread's normal: an EWMA over quotes with this half-life, trusted after this many quotes.
    private const double SpreadHalfLifeQuotes = 1000;
    private const int SpreadMinQuotes = 50;
    private static readonly double SpreadAlpha = 1 - Math.Pow(0.5, 1 / SpreadHalfLifeQuotes);

    private readonly StepFeatureOptions _features;
    private VolatilityBaseline _longSquaredReturn;
    private EwmaMoments _shortSquaredReturn;
    private EwmaMoments _logVolume;
    private double _previousClose;
    private bool _hasPreviousClose;
    private int _steps;

    // Accumulated over the ticks of the open step.
    private int _stepTicks;
    private double _stepVolume;
    private double _stepMaxAbsZ;
    private double _stepVolumeZSum;
    private int _stepVolumeZCount;

    private readonly LevelHistory _shortHistory;
    private readonly LevelHistory _intradayHistory;
    private double _spreadNormal = double.NaN;
    private double _lastSpread = double.NaN;
    private int _quotes;

    public InstrumentState(Instrument instrument, EngineOptions options)
    {
        Instrument = instrument;
        _features = options.Features;
        ZScore = new RollingZScoreDetector(instrument.ValueKind, options.ZScore);
        PriceSpike = new PriceSpikeDetector(options.PriceSpike);
        VolumeAnomaly = new VolumeAnomalyDetector(options.VolumeAnomaly);
        VolatilityBurst = new VolatilityBurstDetector(instrument.ValueKind, options.VolatilityBurst);
        FlashCrash = new FlashCrashDetector(options.FlashCrash);
        _longSquaredReturn = new VolatilityBaseline(_features.LongHalfLife, _features.MinObservations);
        _shortSquaredReturn = EwmaMoments.FromHalfLife(_features.ShortHalfLife);
        _logVolume = EwmaMoments.FromHalfLife(_features.LongHalfLife);
        _shortHistory = new LevelHistory(options.ShortWindow, ShortWindowSamples);
        _intradayHistory = new LevelHistory(options.IntradayWindow, IntradayWindowSamples);
    }

    /// <summary>The most step-close samples kept inside the short window.</summary>
    public const int ShortWindowSamples = 600;

    /// <summary>The most step-close samples kept inside the intraday window.</summary>
    public const int IntradayWindowSamples = 288;

    public Instrument Instrument { get; }

    public RollingZScoreDetector ZScore { get; }

    public PriceSpikeDetector PriceSpike { get; }

    public VolumeAnomalyDetector VolumeAnomaly { get; }

    public VolatilityBurstDetector VolatilityBurst { get; }

    public FlashCrashDetector FlashCrash { get; }

    public double LastPrice { get; private set; } = double.NaN;

    public long LastTimestampNs { get; private set; } = long.MinValue;

    /// <summary>Whether enough steps have been seen for the features to count.</summary>
    public bool FeaturesReady => _steps > _features.MinObservations;

    /// <summary>Whether the instrument ticked in the step that closed last.</summary>
    public bool TickedInStep { get; private set; }

    /// <summary>The detectors that fired on any tick of the step that closed last.</summary>
    public FiredDetectors FiredInStep { get; private set; }

    /// <summary>The largest |z| of the step that closed last (0 when it did not tick).</summary>
    public double StepMaxAbsZ { get; private set; }

    /// <summary>The mean volume z-score over the ticks of the step that closed last (0 when none).</summary>
    public double StepVolumeZ { get; private set; }

    /// <summary>The step return (log return for prices, difference for levels); 0 when the instrument did not tick.</summary>
    public double StepReturn { get; private set; }

    /// <summary>Whether the step that closed last has a return: the instrument ticked in it and had a previous close.</summary>
    public bool HasStepReturn { get; private set; }

    /// <summary>The short-run volatility per step, in return units.</summary>
    public double ShortVolatility => Math.Sqrt(_shortSquaredReturn.Mean);

    /// <summary>The total volume of the step that closed last.</summary>
    public double StepVolume { get; private set; }

    /// <summary>The step return over the long-run volatility.</summary>
    public double ReturnZ { get; private set; }

    /// <summary>The log of short-run over long-run volatility.</summary>
    public double VolatilityLogRatio { get; private set; }

    /// <summary>The price's distance from its rolling mean, in standard deviations (the PRICE_SPIKE raw value).</summary>
    public double PriceZ { get; private set; }

    /// <summary>The step volume's z-score against its long-run profile (log scale).</summary>
    public double VolumeZ { get; private set; }

    private FiredDetectors _firedAccumulator;

    /// <summary>Runs the per-series detectors on one tick.</summary>
    public void OnTick(in Tick tick)
    {
        var ts = tick.TimestampNs;
        var price = tick.Price;
        var volume = tick.Volume;
        // One return per tick, shared by the two detectors that need it.
        DetectorReading z = DetectorReading.NotReady, burst = DetectorReading.NotReady;
        if (!double.IsNaN(LastPrice))
        {
            var r = ReturnMath.Return(Instrument.ValueKind, LastPrice, price);
            z = ZScore.UpdateReturn(r);
            burst = VolatilityBurst.UpdateReturn(r);
        }

        var spike = PriceSpike.Update(ts, price, volume);
        var vol = VolumeAnomaly.Update(ts, price, volume);
        var flash = Instrument.ValueKind == ValueKind.Price ? FlashCrash.Update(ts, price, volume) : default;

        var fired = _firedAccumulator;
        if (z.Fired)
        {
            fired |= FiredDetectors.ZScore;
        }

        if (spike.Fired)
        {
            fired |= FiredDetectors.PriceSpike;
        }

        if (vol.Fired)
        {
            fired |= FiredDetectors.VolumeAnomaly;
        }

        if (burst.Fired)
        {
            fired |= FiredDetectors.VolatilityBurst;
        }

        if (flash.Fired)
        {
            fired |= FiredDetectors.FlashCrash;
        }

        _firedAccumulator = fired;
        if (!double.IsNaN(z.Raw))
        {
            _stepMaxAbsZ = Math.Max(_stepMaxAbsZ, Math.Abs(z.Raw));
        }

        if (!double.IsNaN(vol.Raw))
        {
            _stepVolumeZSum += vol.Raw;
            _stepVolumeZCount++;
        }

        if (tick.HasQuote)
        {
            UpdateSpread(tick.Bid, tick.Ask);
        }

        _stepTicks++;
        _stepVolume += volume;
        LastPrice = price;
        LastTimestampNs = ts;
    }

    /// <summary>Closes the step: computes this instrument's features and clears the step's accumulators.</summary>
    public void CloseStep()
    {
        TickedInStep = _stepTicks > 0;
        StepVolume = _stepVolume;
        StepReturn = 0;
        HasStepReturn = false;
        FiredInStep = _firedAccumulator;
        StepMaxAbsZ = _stepMaxAbsZ;
        StepVolumeZ = _stepVolumeZCount > 0 ? _stepVolumeZSum / _stepVolumeZCount : 0.0;
        PriceZ = PriceSpike.Current.Raw is var p && double.IsFinite(p) ? Clip(p) : 0.0;

        if (TickedInStep)
        {
            UpdateStepFeatures();
            _shortHistory.Record(LastTimestampNs, LastPrice, SignedZ);
            _intradayHistory.Record(LastTimestampNs, LastPrice);
        }
        else
        {
            // Nothing traded: no news, so the features read neutral rather than stale.
            ReturnZ = 0;
            VolumeZ = 0;
        }

        _firedAccumulator = FiredDetectors.None;
        _stepTicks = 0;
        _stepVolume = 0;
        _stepMaxAbsZ = 0;
        _stepVolumeZSum = 0;
        _stepVolumeZCount = 0;
    }

    /// <summary>The instrument as the step left it, for hosts that show or store it.</summary>
    public InstrumentSnapshot Snapshot() => new(
        Instrument.Id,
        TickedInStep,
        LastPrice,
        StepReturn,
        ShortVolatility,
        FeaturesReady ? ReturnZ : double.NaN,
        FeaturesReady ? VolatilityLogRatio : double.NaN,
        PriceZ,
        FeaturesReady ? VolumeZ : double.NaN,
        StepVolume,
        StepMaxAbsZ,
        ZScore.Current.Score,
        PriceSpike.Current.Score,
        VolumeAnomaly.Current.Score,
        VolatilityBurst.Current.Score,
        FlashCrash.Current.Score,
        FiredInStep);

    /// <summary>Writes the instrument's slice of the state vector: return, volatility, z-score, volume.</summary>
    public void CopyFeaturesTo(Span<double> destination)
    {
        if (FeaturesReady)
        {
            destination[0] = ReturnZ;
            destination[1] = VolatilityLogRatio;
            destination[2] = PriceZ;
            destination[3] = VolumeZ;
        }
        else
        {
            destination[..FeatureCount].Clear();
        }
    }

    private void UpdateStepFeatures()
    {
        var close = LastPrice;
        if (!_hasPreviousClose)
        {
            _previousClose = close;
            _hasPreviousClose = true;
            return;
        }

        var r = ReturnMath.Return(Instrument.ValueKind, _previousClose, close);
        StepReturn = r;
        HasStepReturn = true;
        _previousClose = close;
        _steps++;

        // Each feature is judged against the baseline before this step joins it.
        var longVariance = _longSquaredReturn.Variance;
        var squared = r * r;
        _shortSquaredReturn.Add(squared);
        ReturnZ = longVariance > 0 ? Clip(r / Math.Sqrt(longVariance)) : 0.0;
        VolatilityLogRatio = longVariance > 0 && _shortSquaredReturn.Mean > 0
            ? Clip(0.5 * Math.Log(_shortSquaredReturn.Mean / longVariance))
            : 0.0;
        // Baselines take new values winsorised so a crisis cannot become the baseline within minutes and the calm
        // after it is still judged against the calm before it.
        _longSquaredReturn.Add(squared, _shortSquaredReturn.Mean);
        var warm = _steps > _features.MinObservations;

        var logVolume = Math.Log(1.0 + _stepVolume);
        var sd = _logVolume.StdDev;
        var mean = _logVolume.Mean;
        VolumeZ = sd > 0 ? Clip((logVolume - mean) / sd) : 0.0;
        _logVolume.Add(warm ? Math.Clamp(logVolume, mean - (BaselineClip * sd), mean + (BaselineClip * sd)) : logVolume);
    }

    /// <summary>The largest move of the short window from its start, and how much of it has retraced (read at warning events).</summary>
    public WindowMove ShortMove() => _shortHistory.Read(LastTimestampNs, LastPrice);

    /// <summary>The move over the intraday window (read at warning events).</summary>
    public WindowMove IntradayMove() => _intradayHistory.Read(LastTimestampNs, LastPrice);

    /// <summary>
    /// The signed z of the latest step: the step return against the long-run volatility or the level against its
    /// rolling mean, whichever is farther from normal; 0 before the features are warm.
    /// </summary>
    public double SignedZ
    {
        get
        {
            if (!FeaturesReady)
            {
                return 0;
            }

            return Math.Abs(PriceZ) > Math.Abs(ReturnZ) ? PriceZ : ReturnZ;
        }
    }

    /// <summary>
    /// The signed step z farthest from 0 over the short window (<see cref="EngineOptions.ShortWindow"/>), the latest
    /// step included: a segment that moved six sigma a minute ago is still under stress, though its latest step may be
    /// quiet (read at warning events).
    /// </summary>
    public double RecentPeakZ => FeaturesReady ? _shortHistory.PeakZ(LastTimestampNs) : 0;

    /// <summary>The latest bid-ask spread as a multiple of its normal, or null when the ticks carry no quotes (or too few yet).</summary>
    public double? SpreadMultiple => _quotes >= SpreadMinQuotes && _spreadNormal > 0 && double.IsFinite(_lastSpread) ? _lastSpread / _spreadNormal : null;

    private void UpdateSpread(double bid, double ask)
    {
        var mid = 0.5 * (bid + ask);
        if (!(ask >= bid) || !(mid > 0) || !double.IsFinite(mid))
        {
            return;
        }

        var spread = (ask - bid) / mid;
        _lastSpread = spread;
        _quotes++;
        if (double.IsNaN(_spreadNormal))
        {
            _spreadNormal = spread;
            return;
        }

        // Once trusted, the normal takes new spreads capped at twice itself, so a liquidity crisis does not become normal within minutes.
        var added = _quotes > SpreadMinQuotes ? Math.Min(spread, BaselineClip * _spreadNormal) : spread;
        _spreadNormal += SpreadAlpha * (added - _spreadNormal);
    }

    private double Clip(double value) => Math.Clamp(value, -_features.FeatureClip, _features.FeatureClip);
}
