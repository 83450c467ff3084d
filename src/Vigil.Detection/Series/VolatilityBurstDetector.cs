using Vigil.Core.Instruments;
using Vigil.Core.Statistics;
using Vigil.Core.Streaming;
using Vigil.Core.Validation;

namespace Vigil.Detection.Series;

/// <summary>Options of the <see cref="VolatilityBurstDetector"/>.</summary>
/// <param name="ShortHalfLife">The half-life, in observations, of the short-window volatility; positive.</param>
/// <param name="LongHalfLife">The half-life, in observations, of the long-window volatility; greater than <paramref name="ShortHalfLife"/>.</param>
/// <param name="MinObservations">The returns needed before the detector is ready; at least 2.</param>
/// <param name="FireRatio">The short-over-long volatility ratio at which the detector fires; greater than 1.</param>
/// <param name="FullScoreRatio">The ratio that scores 1; greater than 1.</param>
public sealed record VolatilityBurstOptions(
    double ShortHalfLife = 8,
    double LongHalfLife = 1200,
    int MinObservations = 60,
    double FireRatio = 2.0,
    double FullScoreRatio = 4.0)
{
    /// <summary>Every problem with these options.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new OptionErrors();
        errors.Require(ShortHalfLife > 0, $"ShortHalfLife must be positive (got {ShortHalfLife})");
        errors.Require(LongHalfLife > ShortHalfLife, $"LongHalfLife must exceed ShortHalfLife (got {LongHalfLife} and {ShortHalfLife})");
        errors.Require(MinObservations >= 2, $"MinObservations must be at least 2 (got {MinObservations})");
        errors.Require(FireRatio > 1, $"FireRatio must exceed 1 (got {FireRatio})");
        errors.Require(FullScoreRatio > 1, $"FullScoreRatio must exceed 1 (got {FullScoreRatio})");
        return errors.Errors;
    }
}

/// <summary>
/// VOLATILITY_BURST: short-window volatility jumping against long-window volatility. Both are exponentially weighted
/// root mean squared returns; the long one is compared before the latest return joins it, so a burst does not
/// raise its own baseline. Raw is the ratio short / long; the score rises linearly from ratio 1 (score 0) to
/// <see cref="VolatilityBurstOptions.FullScoreRatio"/> (score 1).
/// </summary>
public sealed class VolatilityBurstDetector : ISeriesDetector
{
    private readonly VolatilityBurstOptions _options;
    private ReturnTaker _returnTaker;
    private EwmaMoments _short;
    private VolatilityBaseline _long;

    /// <summary>Creates a detector.</summary>
    /// <param name="kind">Whether the series holds prices (log returns) or levels (differences).</param>
    /// <param name="options">The options; defaults when null.</param>
    public VolatilityBurstDetector(ValueKind kind, VolatilityBurstOptions? options = null)
    {
        _options = options ?? new VolatilityBurstOptions();
        var errors = new OptionErrors();
        errors.AddNested(nameof(VolatilityBurstOptions), _options.Validate());
        errors.ThrowIfAny(nameof(VolatilityBurstOptions));
        _returnTaker = new ReturnTaker(kind);
        _short = EwmaMoments.FromHalfLife(_options.ShortHalfLife);
        _long = new VolatilityBaseline(_options.LongHalfLife, _options.MinObservations, burstRatio: _options.FireRatio);
    }

    /// <inheritdoc />
    public string Name => DetectorNames.VolatilityBurst;

    /// <inheritdoc />
    public bool IsReady => _long.IsReady;

    /// <inheritdoc />
    public int WarmUpPeriod => _options.MinObservations + 1;

    /// <inheritdoc />
    public DetectorReading Current { get; private set; } = DetectorReading.NotReady;

    /// <summary>The short-window volatility per observation (root of the weighted mean squared return).</summary>
    public double ShortVolatility => Math.Sqrt(_short.Mean);

    /// <summary>The long-window volatility per observation.</summary>
    public double LongVolatility => _long.Volatility;

    /// <inheritdoc />
    public DetectorReading Update(long timestampNs, double value, double volume)
    {
        return _returnTaker.TryTake(value, out var r) ? UpdateReturn(r) : (Current = DetectorReading.NotReady);
    }

    /// <summary>
    /// Feeds one return directly, for a caller that already took it from this series (the engine takes each
    /// instrument's return once and shares it between detectors). Do not mix with <see cref="Update"/> on one
    /// detector: <see cref="Update"/> takes returns from the values it has seen itself.
    /// </summary>
    /// <param name="r">The return: a log return for prices, a difference for levels.</param>
    /// <returns>The reading for this return.</returns>
    public DetectorReading UpdateReturn(double r)
    {
        var squared = r * r;
        _short.Add(squared);
        var reading = DetectorReading.NotReady;
        if (IsReady)
        {
            var ratio = Math.Sqrt(_short.Mean / _long.Variance);
            var score = Math.Clamp((ratio - 1.0) / (_options.FullScoreRatio - 1.0), 0.0, 1.0);
            reading = new DetectorReading(score, ratio, ratio >= _options.FireRatio);
        }

        _long.Add(squared, _short.Mean);
        return Current = reading;
    }

    /// <inheritdoc />
    public void Reset()
    {
        _short.Reset();
        _long.Reset();
        _returnTaker.Reset();
        Current = DetectorReading.NotReady;
    }
}
