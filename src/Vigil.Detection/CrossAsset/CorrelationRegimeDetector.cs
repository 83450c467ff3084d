using Vigil.Core.Statistics;
using Vigil.Core.Streaming;
using Vigil.Core.Validation;

namespace Vigil.Detection.CrossAsset;

/// <summary>Options of the <see cref="CorrelationRegimeDetector"/>.</summary>
/// <param name="ShortHalfLife">The half-life, in market steps, of the short-window correlations; positive.</param>
/// <param name="LongHalfLife">The half-life, in market steps, of the long-window baseline; greater than <paramref name="ShortHalfLife"/>.</param>
/// <param name="BreakThreshold">How far a pair's short-window correlation must move from its baseline to count as a break, in (0, 2).</param>
/// <param name="MinObservations">The steps needed before the detector is ready; at least 2.</param>
public sealed record CorrelationRegimeOptions(
    double ShortHalfLife = 40,
    double LongHalfLife = 1200,
    double BreakThreshold = 0.3,
    int MinObservations = 120)
{
    /// <summary>Every problem with these options.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new OptionErrors();
        errors.Require(ShortHalfLife > 0, $"ShortHalfLife must be positive (got {ShortHalfLife})");
        errors.Require(LongHalfLife > ShortHalfLife, $"LongHalfLife must exceed ShortHalfLife (got {LongHalfLife} and {ShortHalfLife})");
        errors.Require(BreakThreshold > 0 && BreakThreshold < 2, $"BreakThreshold must be in (0, 2) (got {BreakThreshold})");
        errors.Require(MinObservations >= 2, $"MinObservations must be at least 2 (got {MinObservations})");
        return errors.Errors;
    }
}

/// <summary>One pair of series whose correlation broke away from its baseline.</summary>
/// <param name="First">The index of the first series.</param>
/// <param name="Second">The index of the second series.</param>
/// <param name="Baseline">The long-window correlation.</param>
/// <param name="Current">The short-window correlation.</param>
public readonly record struct CorrelationBreak(int First, int Second, double Baseline, double Current)
{
    /// <summary>The change from the baseline to now.</summary>
    public double Change => Current - Baseline;
}

/// <summary>
/// Correlation regime change: exponentially weighted correlations over a short window against the same over a
/// long baseline, once per market step. It reports the number of pairs whose correlation moved past
/// <see cref="CorrelationRegimeOptions.BreakThreshold"/> ("correlation breaks") and the mean absolute change
/// over all pairs, which is the raw value. Each series is first divided by its own short-window volatility, as in
/// dynamic conditional correlation models, so a turbulent stretch does not outweigh calm ones in the baseline:
/// every step carries the same weight in both windows.
/// </summary>
public sealed class CorrelationRegimeDetector : IStreamingEstimator
{
    private readonly CorrelationRegimeOptions _options;
    private readonly EwmaCovarianceMatrix _short;
    private readonly EwmaCovarianceMatrix _long;
    private readonly int _n;
    private readonly int _pairs;
    private readonly EwmaMoments[] _scales;
    private readonly double[] _normalised;
    private readonly double[] _shortCorrelation;
    private readonly double[] _longCorrelation;

    /// <summary>Creates a detector over <paramref name="dimension"/> series.</summary>
    /// <param name="dimension">The number of series; at least 2.</param>
    /// <param name="options">The options; defaults when null.</param>
    public CorrelationRegimeDetector(int dimension, CorrelationRegimeOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 2);
        _options = options ?? new CorrelationRegimeOptions();
        var errors = new OptionErrors();
        errors.AddNested(nameof(CorrelationRegimeOptions), _options.Validate());
        errors.ThrowIfAny(nameof(CorrelationRegimeOptions));
        _n = dimension;
        _pairs = dimension * (dimension - 1) / 2;
        _short = new EwmaCovarianceMatrix(dimension, EwmaMoments.LambdaFromHalfLife(_options.ShortHalfLife));
        _long = new EwmaCovarianceMatrix(dimension, EwmaMoments.LambdaFromHalfLife(_options.LongHalfLife));
        _scales = new EwmaMoments[dimension];
        for (var i = 0; i < dimension; i++)
        {
            _scales[i] = EwmaMoments.FromHalfLife(_options.ShortHalfLife);
        }

        _normalised = new double[dimension];
        _shortCorrelation = new double[dimension * dimension];
        _longCorrelation = new double[dimension * dimension];
    }

    /// <summary>The number of series.</summary>
    public int Dimension => _n;

    /// <inheritdoc />
    public bool IsReady => _long.Count >= _options.MinObservations;

    /// <inheritdoc />
    public int WarmUpPeriod => _options.MinObservations;

    /// <summary>The number of pairs whose correlation broke at the latest step.</summary>
    public int Breaks { get; private set; }

    /// <summary>The mean absolute change of correlation over all pairs at the latest step, in [0, 2].</summary>
    public double MeanAbsoluteChange { get; private set; }

    /// <summary>The mean short-window correlation over all pairs, in [−1, 1].</summary>
    public double MeanCorrelation { get; private set; }

    /// <summary>The long-window (baseline) correlation matrix.</summary>
    public EwmaCovarianceMatrix Baseline => _long;

    /// <summary>The short-window correlation matrix.</summary>
    public EwmaCovarianceMatrix Recent => _short;

    /// <summary>Adds one step's standardised returns and re-evaluates the pairs.</summary>
    /// <param name="returns">One value per series; finite.</param>
    /// <returns>Score = the mean absolute change scaled so 0.5 scores 1 (a coarse, uncalibrated reading); Raw = the mean absolute change; Fired when any pair broke.</returns>
    public DetectorReading Update(ReadOnlySpan<double> returns)
    {
        if (returns.Length != _n)
        {
            ThrowLength(returns.Length);
        }

        for (var i = 0; i < _n; i++)
        {
            // Scale by the volatility before this step so a shock still shows at full size on the step it happens.
            var variance = _scales[i].Mean;
            _normalised[i] = variance > 0 ? returns[i] / Math.Sqrt(variance) : 0.0;
            _scales[i].Add(returns[i] * returns[i]);
        }

        _short.Update(_normalised);
        _long.Update(_normalised);
        if (!IsReady)
        {
            Breaks = 0;
            MeanAbsoluteChange = 0;
            MeanCorrelation = 0;
            return DetectorReading.NotReady;
        }

        _short.CopyCorrelationTo(_shortCorrelation);
        _long.CopyCorrelationTo(_longCorrelation);
        var breaks = 0;
        double sumAbs = 0, sum = 0;
        for (var i = 0; i < _n; i++)
        {
            var recent = _shortCorrelation.AsSpan(i * _n, _n);
            var baseline = _longCorrelation.AsSpan(i * _n, _n);
            for (var j = i + 1; j < _n; j++)
            {
                var current = recent[j];
                var change = Math.Abs(current - baseline[j]);
                sumAbs += change;
                sum += current;
                if (change >= _options.BreakThreshold)
                {
                    breaks++;
                }
            }
        }

        Breaks = breaks;
        MeanAbsoluteChange = sumAbs / _pairs;
        MeanCorrelation = sum / _pairs;
        return new DetectorReading(Math.Min(1.0, MeanAbsoluteChange / 0.5), MeanAbsoluteChange, breaks > 0);
    }

    /// <summary>Writes the pairs that broke at the latest step into <paramref name="destination"/>, largest change first.</summary>
    /// <param name="destination">Where to write.</param>
    /// <returns>The number of pairs written (at most the destination's length).</returns>
    public int CopyBreaksTo(Span<CorrelationBreak> destination)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }

        var written = 0;
        for (var i = 0; i < _n && IsReady; i++)
        {
            for (var j = i + 1; j < _n; j++)
            {
                var baseline = _longCorrelation[(i * _n) + j];
                var current = _shortCorrelation[(i * _n) + j];
                if (Math.Abs(current - baseline) < _options.BreakThreshold)
                {
                    continue;
                }

                var item = new CorrelationBreak(i, j, baseline, current);
                // Insertion into a short sorted prefix: breaks are few and this runs only when a warning is built.
                var at = written < destination.Length ? written : destination.Length - 1;
                if (written >= destination.Length && Math.Abs(destination[at].Change) >= Math.Abs(item.Change))
                {
                    continue;
                }

                while (at > 0 && Math.Abs(destination[at - 1].Change) < Math.Abs(item.Change))
                {
                    destination[at] = destination[at - 1];
                    at--;
                }

                destination[at] = item;
                written = Math.Min(written + 1, destination.Length);
            }
        }

        return written;
    }

    /// <inheritdoc />
    public void Reset()
    {
        foreach (ref var scale in _scales.AsSpan())
        {
            scale.Reset();
        }

        _short.Reset();
        _long.Reset();
        Breaks = 0;
        MeanAbsoluteChange = 0;
        MeanCorrelation = 0;
    }

    private void ThrowLength(int length) =>
        throw new ArgumentException($"Got {length} returns for a detector over {_n} series.", "returns");
}
