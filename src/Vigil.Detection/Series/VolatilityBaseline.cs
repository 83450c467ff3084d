using Vigil.Core.Statistics;

namespace Vigil.Detection.Series;

/// <summary>
/// A long-run variance baseline that a volatility burst cannot drag up: an exponentially weighted mean of squared
/// returns in which each squared return is clipped at <c>clip² × baseline</c>, with a tighter clip while the short-run
/// variance shows a burst. After a crisis the calm is still judged against the calm before it; a lasting change of
/// regime is still absorbed, only slowly (with the defaults, in the order of a few half-lives).
/// </summary>
public struct VolatilityBaseline
{
    private readonly int _minObservations;
    private readonly double _clipSquared;
    private readonly double _burstClipSquared;
    private readonly double _burstRatioSquared;
    private EwmaMoments _meanSquare;

    /// <summary>Creates an empty baseline.</summary>
    /// <param name="halfLife">The half-life in observations; positive.</param>
    /// <param name="minObservations">Observations taken unclipped before the baseline is trusted; at least 1.</param>
    /// <param name="clip">The clip, in baseline standard deviations, in calm; greater than 1.</param>
    /// <param name="burstClip">The clip during a burst; greater than 1 and at most <paramref name="clip"/>.</param>
    /// <param name="burstRatio">The short-over-long volatility ratio that counts as a burst; greater than 1.</param>
    public VolatilityBaseline(double halfLife, int minObservations, double clip = 2.0, double burstClip = 1.2, double burstRatio = 2.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minObservations, 1);
        if (!(clip > 1) || !(burstClip > 1) || burstClip > clip || !(burstRatio > 1))
        {
            throw new ArgumentException($"Need clip > 1, 1 < burstClip ≤ clip and burstRatio > 1 (got {clip}, {burstClip}, {burstRatio}).");
        }

        _minObservations = minObservations;
        _clipSquared = clip * clip;
        _burstClipSquared = burstClip * burstClip;
        _burstRatioSquared = burstRatio * burstRatio;
        _meanSquare = EwmaMoments.FromHalfLife(halfLife);
    }

    /// <summary>The baseline variance per observation; 0 before the first.</summary>
    public readonly double Variance => _meanSquare.Mean;

    /// <summary>The baseline volatility per observation.</summary>
    public readonly double Volatility => Math.Sqrt(_meanSquare.Mean);

    /// <summary>The number of observations taken.</summary>
    public readonly long Count => _meanSquare.Count;

    /// <summary>Whether the baseline has taken its minimum number of observations and is positive.</summary>
    public readonly bool IsReady => _meanSquare.Count >= _minObservations && _meanSquare.Mean > 0;

    /// <summary>Adds one squared return.</summary>
    /// <param name="squaredReturn">The squared return.</param>
    /// <param name="shortVariance">The short-run variance now, which says whether a burst is under way.</param>
    public void Add(double squaredReturn, double shortVariance)
    {
        if (!IsReady)
        {
            _meanSquare.Add(squaredReturn);
            return;
        }

        var baseline = _meanSquare.Mean;
        var clip = shortVariance >= _burstRatioSquared * baseline ? _burstClipSquared : _clipSquared;
        _meanSquare.Add(Math.Min(squaredReturn, clip * baseline));
    }

    /// <summary>Forgets every observation.</summary>
    public void Reset() => _meanSquare.Reset();
}
