using Vigil.Core.Instruments;
using Vigil.Core.Statistics;
using Vigil.Core.Streaming;
using Vigil.Core.Validation;

namespace Vigil.Detection.CrossAsset;

/// <summary>The absorption ratio detector's state for the API: plain values that serialise to JSON.</summary>
/// <param name="IsReady">Whether the long window of ratios is full and the shift is meaningful.</param>
/// <param name="Steps">The market steps seen since construction or the last reset.</param>
/// <param name="Dimension">The number of instruments N.</param>
/// <param name="EigenvectorCount">The number of eigenvectors counted, k = ⌈fraction · N⌉ ≥ 1.</param>
/// <param name="AbsorptionRatio">The latest ratio, in [k/N, 1] for a full-rank matrix: the top k eigenvalues over their sum; NaN before the first.</param>
/// <param name="ShortAverage">AR_short, the mean ratio over the short window; NaN before the first ratio.</param>
/// <param name="LongAverage">AR_long, the mean ratio over the long window; NaN before the first ratio.</param>
/// <param name="LongStdDev">σ(AR), the standard deviation of the ratio over the long window; NaN before the first ratio.</param>
/// <param name="Shift">ΔAR = (AR_short − AR_long) / σ(AR), in standard deviations; NaN until the long window is full.</param>
/// <param name="TopEigenvalues">The k largest eigenvalues of the correlation matrix, largest first (their sum over N is the ratio when no series is flat).</param>
/// <param name="EigenvalueSum">The sum of all eigenvalues (the trace: N less the series that have not moved).</param>
public sealed record AbsorptionRatioBreakdown(
    bool IsReady,
    long Steps,
    int Dimension,
    int EigenvectorCount,
    double AbsorptionRatio,
    double ShortAverage,
    double LongAverage,
    double LongStdDev,
    double Shift,
    IReadOnlyList<double> TopEigenvalues,
    double EigenvalueSum);

/// <summary>
/// The absorption ratio of Kritzman, Li, Page and Rigobon (2011): the fraction of the total variance of the
/// instruments that the top fifth of eigenvectors explains, and its standardised shift
/// ΔAR = (AR_short − AR_long) / σ(AR), which is the raw value. A rising ratio means the markets move together,
/// so shocks spread more easily: higher is more fragile.
/// </summary>
/// <remarks>
/// The eigenvalues are those of the exponentially weighted correlation matrix, not the covariance matrix: the
/// universe mixes asset classes and units (log returns of equities and currencies, percentage-point changes of
/// yields), and on a covariance matrix the most volatile series would own the top eigenvectors whatever the
/// co-movement. With correlations each series weighs the same, as with Kritzman et al.'s equally sized sectors.
/// A flat series (no variance yet) has a zero row and adds nothing to the trace. A NaN return (an instrument that
/// did not tick in the step) counts as a return of 0. The eigenvalues are recomputed every
/// <see cref="AbsorptionRatioOptions.EigenInterval"/> steps and the ratio held in between. Update is allocation-free.
/// </remarks>
public sealed class AbsorptionRatioDetector : IStreamingEstimator
{
    private readonly AbsorptionRatioOptions _options;
    private readonly int _n;
    private readonly int _k;
    private readonly EwmaCovarianceMatrix _covariance;
    private readonly SymmetricEigenvalues _solver;
    private readonly double[] _x;
    private readonly double[] _correlation;
    private readonly double[] _eigenvalues;
    private readonly RollingMoments _short;
    private readonly RollingMoments _long;
    private int _sinceEigen;
    private long _steps;

    /// <summary>Creates a detector over the instruments of a registry, in registry order.</summary>
    /// <param name="instruments">The instruments; at least 2.</param>
    /// <param name="options">The options; <see cref="AbsorptionRatioOptions"/> defaults (250 ms steps) when null.</param>
    public AbsorptionRatioDetector(IReadOnlyList<Instrument> instruments, AbsorptionRatioOptions? options = null)
        : this(CountOf(instruments), options)
    {
    }

    /// <summary>Creates a detector over <paramref name="dimension"/> series.</summary>
    /// <param name="dimension">The number of series; at least 2.</param>
    /// <param name="options">The options; <see cref="AbsorptionRatioOptions"/> defaults (250 ms steps) when null.</param>
    public AbsorptionRatioDetector(int dimension, AbsorptionRatioOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 2);
        _options = options ?? new AbsorptionRatioOptions();
        var errors = new OptionErrors();
        errors.AddNested(nameof(AbsorptionRatioOptions), _options.Validate());
        errors.ThrowIfAny(nameof(AbsorptionRatioOptions));
        _n = dimension;
        _k = EigenvectorCount(dimension, _options.EigenvectorFraction);
        _covariance = new EwmaCovarianceMatrix(dimension, EwmaMoments.LambdaFromHalfLife(_options.CorrelationHalfLife), demean: true);
        _solver = new SymmetricEigenvalues(dimension);
        _x = new double[dimension];
        _correlation = new double[dimension * dimension];
        _eigenvalues = new double[dimension];
        _short = new RollingMoments(Math.Max(2, _options.ShortWindow));
        _long = new RollingMoments(_options.LongWindow);
    }

    /// <summary>The number of instruments N.</summary>
    public int Dimension => _n;

    /// <summary>The number of eigenvectors counted, k = ⌈fraction · N⌉ ≥ 1.</summary>
    public int EigenvectorCountUsed => _k;

    /// <summary>The options in use.</summary>
    public AbsorptionRatioOptions Options => _options;

    /// <inheritdoc />
    public bool IsReady => _long.IsFull;

    /// <inheritdoc />
    public int WarmUpPeriod => _options.MinObservations + _options.LongWindow - 1;

    /// <summary>The latest absorption ratio, in (0, 1]; NaN before the correlation matrix has <see cref="AbsorptionRatioOptions.MinObservations"/> steps.</summary>
    public double Ratio { get; private set; } = double.NaN;

    /// <summary>The latest standardised shift ΔAR, in standard deviations; NaN before the long window is full.</summary>
    public double Shift { get; private set; } = double.NaN;

    /// <summary>The eigenvalues of the correlation matrix at the latest recomputation, largest first.</summary>
    public ReadOnlySpan<double> Eigenvalues => _eigenvalues;

    /// <summary>k = ⌈fraction · N⌉, at least 1 and at most N.</summary>
    /// <param name="dimension">N; positive.</param>
    /// <param name="fraction">The fraction of eigenvectors, in (0, 1].</param>
    public static int EigenvectorCount(int dimension, double fraction) =>
        Math.Clamp((int)Math.Ceiling((fraction * dimension) - 1e-9), 1, dimension);

    /// <summary>The absorption ratio of descending eigenvalues: the sum of the first <paramref name="count"/> over the sum of all; NaN when the sum is not positive.</summary>
    /// <param name="eigenvaluesDescending">The eigenvalues, largest first.</param>
    /// <param name="count">How many to count; from 1 to the number of eigenvalues.</param>
    public static double FractionExplained(ReadOnlySpan<double> eigenvaluesDescending, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, eigenvaluesDescending.Length);
        double top = 0, total = 0;
        for (var i = 0; i < eigenvaluesDescending.Length; i++)
        {
            // Rounding can leave a zero eigenvalue slightly negative; it carries no variance.
            var value = Math.Max(0.0, eigenvaluesDescending[i]);
            total += value;
            if (i < count)
            {
                top += value;
            }
        }

        return total > 0 ? top / total : double.NaN;
    }

    /// <summary>Adds one market step's returns and updates the ratio and its shift.</summary>
    /// <param name="returns">One return per instrument in registry order (log returns, or level changes); NaN counts as 0.</param>
    /// <returns>
    /// Raw = ΔAR (higher = more concentrated co-movement, more stress); Score = ΔAR / 3 clamped to [0, 1], a rough
    /// mapping; Fired when ΔAR ≥ <see cref="AbsorptionRatioOptions.FireShift"/>. <see cref="DetectorReading.NotReady"/>
    /// until the long window of ratios is full.
    /// </returns>
    /// <exception cref="ArgumentException">The span's length is not N.</exception>
    public DetectorReading Update(ReadOnlySpan<double> returns)
    {
        if (returns.Length != _n)
        {
            ThrowLength(returns.Length);
        }

        for (var i = 0; i < _n; i++)
        {
            var r = returns[i];
            _x[i] = double.IsFinite(r) ? r : 0.0;
        }

        _steps++;
        _covariance.Update(_x);
        if (_covariance.Count < _options.MinObservations)
        {
            return DetectorReading.NotReady;
        }

        if (double.IsNaN(Ratio) || ++_sinceEigen >= _options.EigenInterval)
        {
            RecomputeRatio();
        }

        if (double.IsNaN(Ratio))
        {
            return DetectorReading.NotReady;
        }

        _short.Add(Ratio);
        _long.Add(Ratio);
        if (!_long.IsFull)
        {
            return DetectorReading.NotReady;
        }

        var shortMean = _options.ShortWindow == 1 ? Ratio : _short.Mean;
        var sd = _long.StdDev;
        // A ratio that has not moved at all over the long window has no scale; the shift is 0, not infinite.
        Shift = sd > 1e-12 ? (shortMean - _long.Mean) / sd : 0.0;
        return new DetectorReading(Math.Clamp(Shift / 3.0, 0.0, 1.0), Shift, Shift >= _options.FireShift);
    }

    /// <summary>The latest ratio, its averages, its shift and the top eigenvalues; allocates, for the API.</summary>
    public AbsorptionRatioBreakdown Snapshot()
    {
        var hasRatio = !double.IsNaN(Ratio);
        var top = new double[_k];
        double sum = 0;
        for (var i = 0; i < _n; i++)
        {
            if (i < _k)
            {
                top[i] = hasRatio ? _eigenvalues[i] : double.NaN;
            }

            sum += _eigenvalues[i];
        }

        return new AbsorptionRatioBreakdown(
            IsReady,
            _steps,
            _n,
            _k,
            Ratio,
            hasRatio ? (_options.ShortWindow == 1 ? Ratio : _short.Mean) : double.NaN,
            hasRatio ? _long.Mean : double.NaN,
            hasRatio ? _long.StdDev : double.NaN,
            IsReady ? Shift : double.NaN,
            top,
            hasRatio ? sum : double.NaN);
    }

    /// <inheritdoc />
    public void Reset()
    {
        _covariance.Reset();
        _short.Reset();
        _long.Reset();
        Array.Clear(_eigenvalues);
        _sinceEigen = 0;
        _steps = 0;
        Ratio = double.NaN;
        Shift = double.NaN;
    }

    private void RecomputeRatio()
    {
        _sinceEigen = 0;
        _covariance.CopyCorrelationTo(_correlation);
        _solver.Compute(_correlation, _eigenvalues);
        Ratio = FractionExplained(_eigenvalues, _k);
    }

    private static int CountOf(IReadOnlyList<Instrument> instruments)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        return instruments.Count;
    }

    private void ThrowLength(int length) =>
        throw new ArgumentException($"Got {length} returns for a detector over {_n} instruments.", "returns");
}
