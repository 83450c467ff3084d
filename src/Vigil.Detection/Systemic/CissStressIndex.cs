using Vigil.Core.Instruments;
using Vigil.Core.Streaming;
using Vigil.Core.Validation;

namespace Vigil.Detection.Systemic;

/// <summary>
/// The composite indicator of systemic stress (CISS) of Holló, Kremer and Lo Duca (2012), streamed once per market
/// step. Each instrument the <see cref="CissSegmentMap"/> places in a segment gives raw stress indicators (realised
/// volatility, CMAX, or its level); each indicator is ranked by its empirical CDF over an expanding-then-rolling
/// window (ties averaged); a segment's sub-index z_i is the mean of its ready indicators' ranks; with s = w ∘ z and C_t
/// the EWMA (λ = 0.93) cross-correlations of the sub-indices, the index is s'·C_t·s, in [0, 1] (no square root).
/// </summary>
/// <remarks>
/// The correlations are those of the paper: exponentially weighted co-moments of the sub-indices taken about 0.5, their
/// theoretical mean (an empirical-CDF value is uniform on (0, 1) over the window), not about an estimated mean, so two
/// segments that are both above their medians count as moving together however long they stay there. The recursion
/// starts from the uniform's variance 1/12 on the diagonal and 0 off it (no correlation assumed) and updates once
/// every included segment has a sub-index. A segment no instrument maps to is left out and the other weights are
/// divided by their sum, so weights always sum to 1. An instrument that does not tick in a step keeps its indicators'
/// last values: only new observations enter the empirical CDFs, so a quiet market does not fill them with copies.
/// With <see cref="CissOptions.EcdfSampleInterval"/> above 1 (the live default) one observation in that many enters
/// the window and every observation is ranked against it.
/// </remarks>
public sealed class CissStressIndex : IStreamingEstimator
{
    /// <summary>The number of CISS segments.</summary>
    public const int SegmentCount = 5;

    /// <summary>The uniform distribution's variance, the prior of each sub-index's variance about 0.5.</summary>
    private const double UniformVariance = 1.0 / 12.0;

    private readonly CissOptions _options;
    private readonly IReadOnlyList<Instrument> _instruments;
    private readonly int _instrumentCount;

    // Per instrument: the index of each indicator it gives, or −1.
    private readonly int[] _volatilityIndicator;
    private readonly int[] _cmaxIndicator;
    private readonly int[] _levelIndicator;
    private readonly double[] _variance;
    private readonly bool[] _varianceSeen;
    private readonly bool[] _levelSeen;
    private readonly WindowMax?[] _cmaxWindow;
    private readonly double _volatilityLambda;

    // Per indicator.
    private readonly int[] _indicatorSegment;
    private readonly int[] _indicatorInstrument;
    private readonly CissIndicatorKind[] _indicatorKind;
    private readonly EmpiricalCdf[] _ecdf;
    private readonly double[] _indicatorValue;
    private readonly double[] _indicatorRank;
    private readonly long[] _indicatorObservations;

    // Per segment (all five), and per included segment (the first _included of _includedSegments).
    private readonly int[] _segmentIndicators = new int[SegmentCount];
    private readonly double[] _weights = new double[SegmentCount];
    private readonly double[] _subIndex = new double[SegmentCount];
    private readonly int[] _includedSegments;
    private readonly int _included;
    private readonly double[] _weighted;
    private readonly double[] _covariance;
    private readonly double[] _correlation;
    private readonly double[] _contribution;

    private long _steps;
    private bool _ready;
    private double _index = double.NaN;
    private double _sumOfSquares = double.NaN;

    /// <summary>Creates the index over <paramref name="instruments"/>, in the registry order of the spans given to <see cref="Update"/>.</summary>
    /// <param name="instruments">The instruments; those the <see cref="CissSegmentMap"/> leaves out are ignored. When none maps to a segment the index is never ready.</param>
    /// <param name="options">The options; the live defaults when null.</param>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed) or an instrument is null.</exception>
    public CissStressIndex(IReadOnlyList<Instrument> instruments, CissOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        _options = options ?? new CissOptions();
        var errors = new OptionErrors();
        errors.AddNested(nameof(CissOptions), _options.Validate());
        errors.ThrowIfAny(nameof(CissOptions));

        _instruments = [.. instruments];
        _instrumentCount = instruments.Count;
        _volatilityIndicator = new int[_instrumentCount];
        _cmaxIndicator = new int[_instrumentCount];
        _levelIndicator = new int[_instrumentCount];
        _variance = new double[_instrumentCount];
        _varianceSeen = new bool[_instrumentCount];
        _levelSeen = new bool[_instrumentCount];
        _cmaxWindow = new WindowMax?[_instrumentCount];
        _volatilityLambda = Math.Pow(0.5, 1.0 / _options.VolatilityHalfLife);

        var segments = new List<int>();
        var owners = new List<int>();
        var kinds = new List<CissIndicatorKind>();
        for (var i = 0; i < _instrumentCount; i++)
        {
            var instrument = instruments[i] ?? throw new ArgumentException($"Instrument {i} is null.", nameof(instruments));
            _volatilityIndicator[i] = _cmaxIndicator[i] = _levelIndicator[i] = -1;
            if (CissSegmentMap.SegmentOf(instrument) is not { } segment)
            {
                continue;
            }

            void AddIndicator(CissIndicatorKind kind, int[] slot)
            {
                slot[i] = kinds.Count;
                segments.Add((int)segment);
                owners.Add(i);
                kinds.Add(kind);
                _segmentIndicators[(int)segment]++;
            }

            if (CissSegmentMap.IsLevelIndicator(instrument))
            {
                AddIndicator(CissIndicatorKind.Level, _levelIndicator);
                continue;
            }

            AddIndicator(CissIndicatorKind.RealisedVolatility, _volatilityIndicator);
            if (CissSegmentMap.HasCmax(instrument))
            {
                AddIndicator(CissIndicatorKind.Cmax, _cmaxIndicator);
                _cmaxWindow[i] = new WindowMax(_options.CmaxWindowLength);
            }
        }

        _indicatorSegment = [.. segments];
        _indicatorInstrument = [.. owners];
        _indicatorKind = [.. kinds];
        _ecdf = new EmpiricalCdf[kinds.Count];
        for (var k = 0; k < _ecdf.Length; k++)
        {
            _ecdf[k] = new EmpiricalCdf(_options.EcdfWindowLength);
        }

        _indicatorValue = new double[kinds.Count];
        _indicatorRank = new double[kinds.Count];
        _indicatorObservations = new long[kinds.Count];

        var included = new List<int>();
        double weightSum = 0;
        for (var s = 0; s < SegmentCount; s++)
        {
            if (_segmentIndicators[s] > 0)
            {
                included.Add(s);
                weightSum += _options.SegmentWeights[s];
            }
        }

        _includedSegments = [.. included];
        _included = included.Count;
        foreach (var s in _includedSegments)
        {
            // A zero-sum set of included weights (only zero-weight segments have instruments) falls back to equal weights.
            _weights[s] = weightSum > 0 ? _options.SegmentWeights[s] / weightSum : 1.0 / _included;
        }

        _weighted = new double[_included];
        _covariance = new double[_included * _included];
        _correlation = new double[_included * _included];
        _contribution = new double[_included];
        Reset();
    }

    /// <summary>The options in use.</summary>
    public CissOptions Options => _options;

    /// <inheritdoc />
    public bool IsReady => _ready;

    /// <inheritdoc />
    public int WarmUpPeriod => _options.MinObservations * _options.EcdfSampleInterval;

    /// <summary>The latest index, in [0, 1]; NaN when not ready.</summary>
    public double Index => _index;

    /// <summary>The latest weighted sum of squares Σ (w_i z_i)² (the index with every cross-correlation 0); NaN when not ready.</summary>
    public double SumOfSquares => _sumOfSquares;

    /// <summary>The part of the latest index due to correlation, <see cref="Index"/> − <see cref="SumOfSquares"/>; NaN when not ready.</summary>
    public double CorrelationPart => _index - _sumOfSquares;

    /// <summary>Whether any instrument maps to <paramref name="segment"/>.</summary>
    /// <param name="segment">The segment.</param>
    public bool IsIncluded(CissSegment segment) => _segmentIndicators[(int)segment] > 0;

    /// <summary>The weight used for <paramref name="segment"/>, after renormalising over the included segments; 0 when left out.</summary>
    /// <param name="segment">The segment.</param>
    public double WeightOf(CissSegment segment) => _weights[(int)segment];

    /// <summary>The latest sub-index of <paramref name="segment"/>, in (0, 1]; NaN when none of its indicators is ready.</summary>
    /// <param name="segment">The segment.</param>
    public double SubIndexOf(CissSegment segment) => _subIndex[(int)segment];

    /// <summary>
    /// Takes one market step and returns the index.
    /// </summary>
    /// <param name="returns">Per instrument in registry order: the step's log return (prices) or level change (levels); NaN when it did not tick.</param>
    /// <param name="levels">Per instrument: the latest price or level; NaN before the first tick.</param>
    /// <returns>Score = Raw = the index in [0, 1] (higher = more stress); Fired when it reaches <see cref="CissOptions.StressThreshold"/>; <see cref="DetectorReading.NotReady"/> while warming up.</returns>
    /// <exception cref="ArgumentException">A span's length is not the number of instruments.</exception>
    public DetectorReading Update(ReadOnlySpan<double> returns, ReadOnlySpan<double> levels)
    {
        if (returns.Length != _instrumentCount)
        {
            ThrowLength(returns.Length, nameof(returns));
        }

        if (levels.Length != _instrumentCount)
        {
            ThrowLength(levels.Length, nameof(levels));
        }

        _steps++;
        for (var i = 0; i < _instrumentCount; i++)
        {
            UpdateInstrument(i, returns[i], levels[i]);
        }

        if (!UpdateSubIndices())
        {
            _ready = false;
            _index = _sumOfSquares = double.NaN;
            return DetectorReading.NotReady;
        }

        UpdateCorrelation();
        _index = Math.Clamp(CissMath.Contributions(_weighted, _correlation, _contribution), 0.0, 1.0);
        double squares = 0;
        foreach (var s in _weighted)
        {
            squares += s * s;
        }

        _sumOfSquares = squares;
        _ready = true;
        return new DetectorReading(_index, _index, _index >= _options.StressThreshold);
    }

    /// <summary>
    /// Writes the latest correlation matrix of the included segments (row-major, in <see cref="CissSegment"/> order,
    /// left-out segments skipped) into <paramref name="destination"/>.
    /// </summary>
    /// <param name="destination">At least (included segments)² values.</param>
    /// <returns>The number of included segments.</returns>
    public int CopyCorrelationTo(Span<double> destination)
    {
        _correlation.AsSpan().CopyTo(destination);
        return _included;
    }

    /// <summary>The latest index and its breakdown by segment and indicator, as immutable records. Allocates: for the host, not per step.</summary>
    public CissBreakdown Snapshot()
    {
        var segments = new List<CissSegmentBreakdown>(SegmentCount);
        var position = new int[SegmentCount];
        Array.Fill(position, -1);
        for (var p = 0; p < _included; p++)
        {
            position[_includedSegments[p]] = p;
        }

        for (var s = 0; s < SegmentCount; s++)
        {
            var symbols = new List<string>();
            for (var i = 0; i < _instrumentCount; i++)
            {
                if (CissSegmentMap.SegmentOf(_instruments[i]) is { } segment && (int)segment == s)
                {
                    symbols.Add(_instruments[i].Symbol);
                }
            }

            var at = position[s];
            var subIndex = NullIfNaN(_subIndex[s]);
            segments.Add(new CissSegmentBreakdown(
                ((CissSegment)s).ToString(),
                at >= 0,
                symbols,
                _options.SegmentWeights[s],
                _weights[s],
                subIndex,
                _ready && at >= 0 ? _weighted[at] : null,
                _ready && at >= 0 ? _contribution[at] : null));
        }

        var names = new List<string>(_included);
        var rows = new List<IReadOnlyList<double>>(_included);
        foreach (var s in _includedSegments)
        {
            names.Add(((CissSegment)s).ToString());
        }

        for (var p = 0; p < _included && _ready; p++)
        {
            rows.Add(_correlation.AsSpan(p * _included, _included).ToArray());
        }

        var indicators = new List<CissIndicatorBreakdown>(_ecdf.Length);
        for (var k = 0; k < _ecdf.Length; k++)
        {
            indicators.Add(new CissIndicatorBreakdown(
                _instruments[_indicatorInstrument[k]].Symbol,
                ((CissSegment)_indicatorSegment[k]).ToString(),
                _indicatorKind[k].ToString(),
                _ecdf[k].Count,
                NullIfNaN(_indicatorValue[k]),
                NullIfNaN(_indicatorRank[k])));
        }

        var renormalised = _included > 0 && _included < SegmentCount;
        return new CissBreakdown(
            _ready,
            _steps,
            _ready ? _index : null,
            _ready ? _sumOfSquares : null,
            _ready ? _index - _sumOfSquares : null,
            renormalised,
            segments,
            names,
            rows,
            indicators);
    }

    /// <inheritdoc />
    public void Reset()
    {
        _steps = 0;
        _ready = false;
        _index = _sumOfSquares = double.NaN;
        Array.Clear(_variance);
        Array.Clear(_varianceSeen);
        Array.Clear(_levelSeen);
        foreach (var window in _cmaxWindow)
        {
            window?.Reset();
        }

        foreach (var ecdf in _ecdf)
        {
            ecdf.Reset();
        }

        Array.Clear(_indicatorObservations);
        Array.Fill(_indicatorValue, double.NaN);
        Array.Fill(_indicatorRank, double.NaN);
        Array.Fill(_subIndex, double.NaN);
        Array.Clear(_weighted);
        Array.Clear(_contribution);
        for (var p = 0; p < _included; p++)
        {
            for (var q = 0; q < _included; q++)
            {
                _covariance[(p * _included) + q] = p == q ? UniformVariance : 0.0;
                _correlation[(p * _included) + q] = p == q ? 1.0 : 0.0;
            }
        }
    }

    private void UpdateInstrument(int i, double change, double level)
    {
        var hasChange = double.IsFinite(change);
        // A level counts when the instrument ticked, or when it is the first level seen (its first tick has no return).
        var newLevel = double.IsFinite(level) && (hasChange || !_levelSeen[i]);
        if (double.IsFinite(level))
        {
            _levelSeen[i] = true;
        }

        var volatility = _volatilityIndicator[i];
        if (volatility >= 0 && hasChange)
        {
            var squared = change * change;
            _variance[i] = _varianceSeen[i] ? (_volatilityLambda * _variance[i]) + ((1 - _volatilityLambda) * squared) : squared;
            _varianceSeen[i] = true;
            Observe(volatility, Math.Sqrt(_variance[i]));
        }

        var cmax = _cmaxIndicator[i];
        if (cmax >= 0 && newLevel && level > 0)
        {
            var window = _cmaxWindow[i]!;
            window.Add(level);
            Observe(cmax, 1.0 - (level / window.Max));
        }

        var levelIndicator = _levelIndicator[i];
        if (levelIndicator >= 0 && newLevel)
        {
            Observe(levelIndicator, level);
        }
    }

    private void Observe(int indicator, double value)
    {
        _indicatorValue[indicator] = value;
        var ecdf = _ecdf[indicator];
        // Indicator k samples on the observations where (count + k) is a multiple of the interval, so with several
        // indicators the block moves of insertion fall on different steps. The first observation always enters.
        var observation = _indicatorObservations[indicator]++;
        var interval = _options.EcdfSampleInterval;
        var sample = observation == 0 || (observation + indicator) % interval == 0;
        var rank = sample ? ecdf.AddAndRank(value) : ecdf.Rank(value);
        _indicatorRank[indicator] = ecdf.Count >= _options.MinObservations ? rank : double.NaN;
    }

    /// <summary>Averages each segment's ready indicators; false unless every included segment has one.</summary>
    private bool UpdateSubIndices()
    {
        Span<double> sum = stackalloc double[SegmentCount];
        Span<int> count = stackalloc int[SegmentCount];
        for (var k = 0; k < _indicatorRank.Length; k++)
        {
            var rank = _indicatorRank[k];
            if (!double.IsNaN(rank))
            {
                sum[_indicatorSegment[k]] += rank;
                count[_indicatorSegment[k]]++;
            }
        }

        var complete = _included > 0;
        for (var s = 0; s < SegmentCount; s++)
        {
            _subIndex[s] = count[s] > 0 ? sum[s] / count[s] : double.NaN;
            complete &= _segmentIndicators[s] == 0 || count[s] > 0;
        }

        if (complete)
        {
            for (var p = 0; p < _included; p++)
            {
                var s = _includedSegments[p];
                _weighted[p] = _weights[s] * _subIndex[s];
            }
        }

        return complete;
    }

    private void UpdateCorrelation()
    {
        var lambda = _options.CorrelationLambda;
        var n = _included;
        for (var p = 0; p < n; p++)
        {
            var dp = _subIndex[_includedSegments[p]] - 0.5;
            for (var q = p; q < n; q++)
            {
                var dq = _subIndex[_includedSegments[q]] - 0.5;
                var value = (lambda * _covariance[(p * n) + q]) + ((1 - lambda) * dp * dq);
                _covariance[(p * n) + q] = value;
                _covariance[(q * n) + p] = value;
            }
        }

        for (var p = 0; p < n; p++)
        {
            _correlation[(p * n) + p] = 1.0;
            var sp = Math.Sqrt(_covariance[(p * n) + p]);
            for (var q = p + 1; q < n; q++)
            {
                var rho = Math.Clamp(_covariance[(p * n) + q] / (sp * Math.Sqrt(_covariance[(q * n) + q])), -1.0, 1.0);
                _correlation[(p * n) + q] = rho;
                _correlation[(q * n) + p] = rho;
            }
        }
    }

    private static double? NullIfNaN(double value) => double.IsNaN(value) ? null : value;

    private void ThrowLength(int length, string name) =>
        throw new ArgumentException($"Got {length} values in {name} for {_instrumentCount} instruments.", name);
}
