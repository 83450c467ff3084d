using Vigil.Core.Statistics;
using Vigil.Core.Streaming;
using Vigil.Core.Validation;

namespace Vigil.Detection.Series;

/// <summary>Options of the <see cref="VolumeAnomalyDetector"/>.</summary>
/// <param name="WindowLength">The number of earlier observations the volume profile and the VWAP are taken over; at least 10.</param>
/// <param name="MinObservations">The observations needed before the detector is ready; from 3 to <paramref name="WindowLength"/>.</param>
/// <param name="FireThreshold">The |z| of log volume at which the detector fires; positive.</param>
/// <param name="FullScoreZ">The |z| that scores 1; greater than 0.</param>
public sealed record VolumeAnomalyOptions(
    int WindowLength = 300,
    int MinObservations = 30,
    double FireThreshold = 3.0,
    double FullScoreZ = 5.0)
{
    /// <summary>Every problem with these options.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new OptionErrors();
        errors.Require(WindowLength >= 10, $"WindowLength must be at least 10 (got {WindowLength})");
        errors.Require(MinObservations >= 3 && MinObservations <= WindowLength, $"MinObservations must be in [3, WindowLength] (got {MinObservations})");
        errors.Require(FireThreshold > 0, $"FireThreshold must be positive (got {FireThreshold})");
        errors.Require(FullScoreZ > 0, $"FullScoreZ must be positive (got {FullScoreZ})");
        return errors.Errors;
    }
}

/// <summary>
/// VOLUME_ANOMALY: each observation's volume against the rolling profile of the volumes before it, as the z-score
/// of log(1 + volume) (volumes are skewed; their logs are close to normal). It also keeps the volume-weighted
/// average price (VWAP) over the same window and the volume ratio to the window's mean volume. Raw is the z-score;
/// the score is |z| / <see cref="VolumeAnomalyOptions.FullScoreZ"/>, capped at 1. A series without volume never
/// becomes ready.
/// </summary>
public sealed class VolumeAnomalyDetector : ISeriesDetector
{
    private readonly VolumeAnomalyOptions _options;
    private readonly RollingMoments _logVolumes;
    private readonly RingBuffer<(double PriceVolume, double Volume)> _vwapWindow;
    private double _sumPriceVolume;
    private double _sumVolume;
    private int _sinceRecompute;

    /// <summary>Creates a detector.</summary>
    /// <param name="options">The options; defaults when null.</param>
    public VolumeAnomalyDetector(VolumeAnomalyOptions? options = null)
    {
        _options = options ?? new VolumeAnomalyOptions();
        var errors = new OptionErrors();
        errors.AddNested(nameof(VolumeAnomalyOptions), _options.Validate());
        errors.ThrowIfAny(nameof(VolumeAnomalyOptions));
        _logVolumes = new RollingMoments(_options.WindowLength);
        _vwapWindow = new RingBuffer<(double, double)>(_options.WindowLength);
    }

    /// <inheritdoc />
    public string Name => DetectorNames.VolumeAnomaly;

    /// <inheritdoc />
    public bool IsReady => _logVolumes.Count >= _options.MinObservations && _logVolumes.Variance > 0;

    /// <inheritdoc />
    public int WarmUpPeriod => _options.MinObservations;

    /// <inheritdoc />
    public DetectorReading Current { get; private set; } = DetectorReading.NotReady;

    /// <summary>The volume-weighted average price over the window, including the latest observation; NaN without volume.</summary>
    public double Vwap => _sumVolume > 0 ? _sumPriceVolume / _sumVolume : double.NaN;

    /// <summary>The latest volume over the mean volume of the window before it; NaN before the first volume.</summary>
    public double VolumeRatio { get; private set; } = double.NaN;

    /// <inheritdoc />
    public DetectorReading Update(long timestampNs, double value, double volume)
    {
        var logVolume = Math.Log(1.0 + Math.Max(0.0, volume));
        var reading = DetectorReading.NotReady;
        if (IsReady)
        {
            var z = (logVolume - _logVolumes.Mean) / _logVolumes.StdDev;
            var a = Math.Abs(z);
            reading = new DetectorReading(Math.Min(1.0, a / _options.FullScoreZ), z, a >= _options.FireThreshold);
        }

        var meanVolume = _vwapWindow.Count > 0 ? _sumVolume / _vwapWindow.Count : 0.0;
        VolumeRatio = meanVolume > 0 ? volume / meanVolume : double.NaN;
        _logVolumes.Add(logVolume);
        AddToVwap(value, volume);
        return Current = reading;
    }

    /// <inheritdoc />
    public void Reset()
    {
        _logVolumes.Reset();
        _vwapWindow.Clear();
        _sumPriceVolume = 0;
        _sumVolume = 0;
        _sinceRecompute = 0;
        VolumeRatio = double.NaN;
        Current = DetectorReading.NotReady;
    }

    private void AddToVwap(double price, double volume)
    {
        var pv = price * volume;
        if (_vwapWindow.Push((pv, volume), out var evicted))
        {
            _sumPriceVolume -= evicted.PriceVolume;
            _sumVolume -= evicted.Volume;
        }

        _sumPriceVolume += pv;
        _sumVolume += volume;
        if (++_sinceRecompute >= _vwapWindow.Capacity)
        {
            // Running sums drift by rounding; resumming the window every full turn bounds the error.
            _sinceRecompute = 0;
            _sumPriceVolume = 0;
            _sumVolume = 0;
            for (var i = 0; i < _vwapWindow.Count; i++)
            {
                _sumPriceVolume += _vwapWindow[i].PriceVolume;
                _sumVolume += _vwapWindow[i].Volume;
            }
        }
    }
}
