using Vigil.Core.Instruments;
using Vigil.Core.Statistics;
using Vigil.Core.Streaming;
using Vigil.Core.Validation;

namespace Vigil.Detection.Series;

/// <summary>Options of the <see cref="RollingZScoreDetector"/>.</summary>
/// <param name="WindowLength">The number of earlier returns the mean and deviation are taken over; at least 10.</param>
/// <param name="MinObservations">The returns needed before the detector is ready; from 3 to <paramref name="WindowLength"/>.</param>
/// <param name="FireThreshold">The |z| at which the detector fires; positive (3 is the start of the significant band).</param>
/// <param name="FullScoreZ">The |z| that scores 1; scores rise linearly to it; greater than 0.</param>
public sealed record RollingZScoreOptions(
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
/// The z-score of each return against the mean and standard deviation of the returns before it in a rolling
/// window. |z| below 2 is normal, 2–3 unusual, 3–4 significant, 4 or more extreme (<see cref="ZScoreBands"/>).
/// The raw value is z; the score is |z| / <see cref="RollingZScoreOptions.FullScoreZ"/>, capped at 1.
/// </summary>
public sealed class RollingZScoreDetector : ISeriesDetector
{
    /// <summary>The |z| reported for a move out of a perfectly flat window, where the deviation is 0.</summary>
    public const double FlatWindowZ = 100.0;

    private readonly RollingZScoreOptions _options;
    private ReturnTaker _returnTaker;
    private readonly RollingMoments _returns;

    /// <summary>Creates a detector.</summary>
    /// <param name="kind">Whether the series holds prices (log returns) or levels (differences).</param>
    /// <param name="options">The options; defaults when null.</param>
    public RollingZScoreDetector(ValueKind kind, RollingZScoreOptions? options = null)
    {
        _options = options ?? new RollingZScoreOptions();
        var errors = new OptionErrors();
        errors.AddNested(nameof(RollingZScoreOptions), _options.Validate());
        errors.ThrowIfAny(nameof(RollingZScoreOptions));
        _returnTaker = new ReturnTaker(kind);
        _returns = new RollingMoments(_options.WindowLength);
    }

    /// <inheritdoc />
    public string Name => DetectorNames.ZScore;

    /// <inheritdoc />
    public bool IsReady => _returns.Count >= _options.MinObservations;

    /// <inheritdoc />
    public int WarmUpPeriod => _options.MinObservations + 1;

    /// <inheritdoc />
    public DetectorReading Current { get; private set; } = DetectorReading.NotReady;

    /// <summary>The latest z-score; NaN before the detector is ready.</summary>
    public double Z => Current.Raw;

    /// <summary>The band of the latest z-score.</summary>
    public ZScoreBand Band => ZScoreBands.Classify(Current.Raw);

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
        var reading = DetectorReading.NotReady;
        if (IsReady)
        {
            var sd = _returns.StdDev;
            var deviation = r - _returns.Mean;
            var z = sd > 0 ? deviation / sd : deviation == 0 ? 0.0 : Math.CopySign(FlatWindowZ, deviation);
            var a = Math.Abs(z);
            reading = new DetectorReading(Math.Min(1.0, a / _options.FullScoreZ), z, a >= _options.FireThreshold);
        }

        _returns.Add(r);
        return Current = reading;
    }

    /// <inheritdoc />
    public void Reset()
    {
        _returns.Reset();
        _returnTaker.Reset();
        Current = DetectorReading.NotReady;
    }
}
