using Vigil.Core.Statistics;
using Vigil.Core.Streaming;
using Vigil.Core.Validation;

namespace Vigil.Detection.Series;

/// <summary>Options of the <see cref="PriceSpikeDetector"/>.</summary>
/// <param name="WindowLength">The number of earlier prices the rolling mean and deviation are taken over; at least 5.</param>
/// <param name="FireSigmas">How many standard deviations from the mean fire the detector; positive (3 by the definition of PRICE_SPIKE).</param>
/// <param name="FullScoreSigmas">The distance, in standard deviations, that scores 1; greater than 0.</param>
public sealed record PriceSpikeOptions(int WindowLength = 60, double FireSigmas = 3.0, double FullScoreSigmas = 6.0)
{
    /// <summary>Every problem with these options.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new OptionErrors();
        errors.Require(WindowLength >= 5, $"WindowLength must be at least 5 (got {WindowLength})");
        errors.Require(FireSigmas > 0, $"FireSigmas must be positive (got {FireSigmas})");
        errors.Require(FullScoreSigmas > 0, $"FullScoreSigmas must be positive (got {FullScoreSigmas})");
        return errors.Errors;
    }
}

/// <summary>
/// PRICE_SPIKE: the price more than <see cref="PriceSpikeOptions.FireSigmas"/> standard deviations from the rolling
/// mean of the prices before it. The raw value is that distance in standard deviations (signed); the score is its
/// absolute value over <see cref="PriceSpikeOptions.FullScoreSigmas"/>, capped at 1.
/// </summary>
public sealed class PriceSpikeDetector : ISeriesDetector
{
    private readonly PriceSpikeOptions _options;
    private readonly RollingMoments _prices;

    /// <summary>Creates a detector.</summary>
    /// <param name="options">The options; defaults when null.</param>
    public PriceSpikeDetector(PriceSpikeOptions? options = null)
    {
        _options = options ?? new PriceSpikeOptions();
        var errors = new OptionErrors();
        errors.AddNested(nameof(PriceSpikeOptions), _options.Validate());
        errors.ThrowIfAny(nameof(PriceSpikeOptions));
        _prices = new RollingMoments(_options.WindowLength);
    }

    /// <inheritdoc />
    public string Name => DetectorNames.PriceSpike;

    /// <inheritdoc />
    public bool IsReady => _prices.IsFull;

    /// <inheritdoc />
    public int WarmUpPeriod => _options.WindowLength;

    /// <inheritdoc />
    public DetectorReading Current { get; private set; } = DetectorReading.NotReady;

    /// <inheritdoc />
    public DetectorReading Update(long timestampNs, double value, double volume)
    {
        var reading = DetectorReading.NotReady;
        if (IsReady)
        {
            var sd = _prices.StdDev;
            var deviation = value - _prices.Mean;
            var sigmas = sd > 0 ? deviation / sd : deviation == 0 ? 0.0 : Math.CopySign(RollingZScoreDetector.FlatWindowZ, deviation);
            var a = Math.Abs(sigmas);
            reading = new DetectorReading(Math.Min(1.0, a / _options.FullScoreSigmas), sigmas, a > _options.FireSigmas);
        }

        _prices.Add(value);
        return Current = reading;
    }

    /// <inheritdoc />
    public void Reset()
    {
        _prices.Reset();
        Current = DetectorReading.NotReady;
    }
}
