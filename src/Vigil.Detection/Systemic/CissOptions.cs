using Vigil.Core.Validation;

namespace Vigil.Detection.Systemic;

/// <summary>
/// Options of the <see cref="CissStressIndex"/>. The defaults suit the live service (market steps of 250 ms; every
/// window and half-life counts steps); <see cref="Daily"/> suits daily bars (counts trading days).
/// </summary>
public sealed record CissOptions
{
    /// <summary>The equal weights, 0.2 per segment: the default.</summary>
    public static IReadOnlyList<double> EqualWeights { get; } = [0.2, 0.2, 0.2, 0.2, 0.2];

    /// <summary>
    /// The options for daily bars: the empirical CDF expands to ten years (2,520 trading days), CMAX over two years
    /// (504 days, the paper's window), realised volatility with a 10-day half-life (about a month of weight), an
    /// indicator counted after a year (250 days).
    /// </summary>
    public static CissOptions Daily { get; } = new()
    {
        EcdfWindowLength = 2520,
        CmaxWindowLength = 504,
        VolatilityHalfLife = 10,
        MinObservations = 250,
        EcdfSampleInterval = 1,
    };

    /// <summary>
    /// The weight of each segment in <see cref="CissSegment"/> order (money market, bonds, equity, financial
    /// intermediaries, FX): five non-negative values with a positive sum; they are divided by the sum of the weights of
    /// the segments that have instruments. Default <see cref="EqualWeights"/>.
    /// </summary>
    public IReadOnlyList<double> SegmentWeights { get; init; } = EqualWeights;

    /// <summary>
    /// The values of each raw indicator its empirical CDF ranks against: the window expands from the first value up
    /// to this length, then rolls. In samples (see <see cref="EcdfSampleInterval"/>); at least 2. Default 2,400, which
    /// with a sample every 4 observations spans 9,600 steps (40 minutes of 250 ms steps).
    /// </summary>
    public int EcdfWindowLength { get; init; } = 2400;

    /// <summary>
    /// Every how many observations of an indicator one enters its empirical CDF's window; every observation is still
    /// ranked against the window. At least 1. Default 4 for the live service, where the raw indicators (a smoothed
    /// volatility, a running maximum, a level) barely move between 250 ms steps: sampling keeps the insertion cost
    /// (a block move of up to the window) off most steps while the window spans four times the history. The
    /// indicators take turns, so the inserts spread evenly over the steps. <see cref="Daily"/> uses 1, the paper's
    /// recursive empirical CDF.
    /// </summary>
    public int EcdfSampleInterval { get; init; } = 4;

    /// <summary>The window of CMAX's running maximum, in observations of the instrument; at least 2. Default 2,400 (10 minutes).</summary>
    public int CmaxWindowLength { get; init; } = 2400;

    /// <summary>The half-life of the realised volatility's exponentially weighted mean of squared returns, in observations; positive. Default 40 (10 s).</summary>
    public double VolatilityHalfLife { get; init; } = 40;

    /// <summary>
    /// The decay λ of the exponentially weighted cross-correlations of the sub-indices, per step, in (0, 1).
    /// Default 0.93, the paper's value.
    /// </summary>
    public double CorrelationLambda { get; init; } = 0.93;

    /// <summary>
    /// The values an indicator's empirical CDF must hold before the indicator counts in its segment, and the steps
    /// before the index is ready (times <see cref="EcdfSampleInterval"/>); at least 1 and at most
    /// <see cref="EcdfWindowLength"/>. Default 240 (960 steps, four minutes).
    /// </summary>
    public int MinObservations { get; init; } = 240;

    /// <summary>The index level at or above which the reading fires, in (0, 1]. Default 0.3.</summary>
    public double StressThreshold { get; init; } = 0.3;

    /// <summary>Every problem with these options.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new OptionErrors();
        if (SegmentWeights is null || SegmentWeights.Count != CissStressIndex.SegmentCount)
        {
            errors.Require(false, $"SegmentWeights must hold {CissStressIndex.SegmentCount} values (got {SegmentWeights?.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"})");
        }
        else
        {
            double sum = 0;
            var allValid = true;
            for (var i = 0; i < SegmentWeights.Count; i++)
            {
                var weight = SegmentWeights[i];
                if (!(weight >= 0 && double.IsFinite(weight)))
                {
                    allValid = false;
                    errors.Require(false, $"SegmentWeights[{i}] must be finite and non-negative (got {weight})");
                }
                else
                {
                    sum += weight;
                }
            }

            errors.Require(!allValid || sum > 0, "SegmentWeights must have a positive sum (got 0)");
        }

        errors.Require(EcdfWindowLength >= 2, $"EcdfWindowLength must be at least 2 (got {EcdfWindowLength})");
        errors.Require(EcdfSampleInterval >= 1, $"EcdfSampleInterval must be at least 1 (got {EcdfSampleInterval})");
        errors.Require(CmaxWindowLength >= 2, $"CmaxWindowLength must be at least 2 (got {CmaxWindowLength})");
        errors.Require(VolatilityHalfLife > 0 && double.IsFinite(VolatilityHalfLife), $"VolatilityHalfLife must be positive (got {VolatilityHalfLife})");
        errors.Require(CorrelationLambda > 0 && CorrelationLambda < 1, $"CorrelationLambda must be in (0, 1) (got {CorrelationLambda})");
        errors.Require(MinObservations >= 1 && MinObservations <= EcdfWindowLength, $"MinObservations must be in [1, EcdfWindowLength] (got {MinObservations})");
        errors.Require(StressThreshold > 0 && StressThreshold <= 1, $"StressThreshold must be in (0, 1] (got {StressThreshold})");
        return errors.Errors;
    }
}
