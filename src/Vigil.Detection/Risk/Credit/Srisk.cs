namespace Vigil.Detection.Risk.Credit;

/// <summary>
/// SRISK (Brownlees and Engle, 2017): the capital a firm would need to raise to keep equity of a prudential share
/// <c>k</c> of its assets after a systemic crisis, SRISK = max(0, k·D − (1 − k)·W·(1 − LRMES)), where D is the book
/// value of liabilities, W the market value of equity and LRMES the long-run marginal expected shortfall: the
/// expected fall of the firm's equity over six months if the market falls by the crisis threshold. LRMES is
/// approximated from the firm's market beta as in V-Lab: LRMES = 1 − exp(ln(1 − fall)·β).
/// </summary>
public static class Srisk
{
    /// <summary>The prudential capital ratio k of Brownlees and Engle, 8%.</summary>
    public const double DefaultCapitalRatio = 0.08;

    /// <summary>The six-month market fall that defines the crisis, 40%.</summary>
    public const double DefaultMarketDecline = 0.40;

    /// <summary>The long-run marginal expected shortfall, as a fraction in [0, 1) for β ≥ 0.</summary>
    /// <param name="beta">The equity's beta against the market; finite.</param>
    /// <param name="marketDecline">The six-month market fall, in (0, 1); 0.4 is 40%.</param>
    public static double Lrmes(double beta, double marketDecline = DefaultMarketDecline)
    {
        if (!double.IsFinite(beta))
        {
            throw new ArgumentException($"beta must be finite (got {beta}).", nameof(beta));
        }

        if (!(marketDecline > 0 && marketDecline < 1))
        {
            throw new ArgumentException($"marketDecline must be in (0, 1) (got {marketDecline}).", nameof(marketDecline));
        }

        return 1.0 - Math.Exp(Math.Log(1.0 - marketDecline) * beta);
    }

    /// <summary>The capital shortfall k·D − (1 − k)·W·(1 − LRMES), which is negative for a surplus.</summary>
    /// <param name="liabilities">D, the book liabilities; non-negative.</param>
    /// <param name="equityValue">W, the market value of equity, in the units of <paramref name="liabilities"/>; non-negative.</param>
    /// <param name="lrmes">LRMES, as a fraction.</param>
    /// <param name="capitalRatio">k, in (0, 1).</param>
    public static double CapitalShortfall(double liabilities, double equityValue, double lrmes, double capitalRatio = DefaultCapitalRatio)
    {
        if (!(liabilities >= 0) || !double.IsFinite(liabilities))
        {
            throw new ArgumentException($"liabilities must be non-negative and finite (got {liabilities}).", nameof(liabilities));
        }

        if (!(equityValue >= 0) || !double.IsFinite(equityValue))
        {
            throw new ArgumentException($"equityValue must be non-negative and finite (got {equityValue}).", nameof(equityValue));
        }

        if (!double.IsFinite(lrmes))
        {
            throw new ArgumentException($"lrmes must be finite (got {lrmes}).", nameof(lrmes));
        }

        if (!(capitalRatio > 0 && capitalRatio < 1))
        {
            throw new ArgumentException($"capitalRatio must be in (0, 1) (got {capitalRatio}).", nameof(capitalRatio));
        }

        return (capitalRatio * liabilities) - ((1.0 - capitalRatio) * equityValue * (1.0 - lrmes));
    }

    /// <summary>SRISK, the positive part of the capital shortfall, in the units of the inputs.</summary>
    /// <param name="liabilities">D, the book liabilities; non-negative.</param>
    /// <param name="equityValue">W, the market value of equity; non-negative.</param>
    /// <param name="lrmes">LRMES, as a fraction.</param>
    /// <param name="capitalRatio">k, in (0, 1).</param>
    public static double Compute(double liabilities, double equityValue, double lrmes, double capitalRatio = DefaultCapitalRatio) =>
        Math.Max(0.0, CapitalShortfall(liabilities, equityValue, lrmes, capitalRatio));
}

/// <summary>
/// An exponentially weighted regression beta of one return series on another (the market): β = cov(y, x) / var(x)
/// with weights λ^i on the value i back, normalised by their sum. O(1) per pair and no storage.
/// </summary>
public struct EwmaBeta
{
    private readonly double _lambda;
    private double _weightSum;
    private double _meanX;
    private double _meanY;
    private double _cxx;
    private double _cxy;
    private long _count;

    /// <summary>Creates an estimator whose weights halve every <paramref name="halfLife"/> pairs.</summary>
    /// <param name="halfLife">The half-life in observations; positive.</param>
    public EwmaBeta(double halfLife)
    {
        if (!(halfLife > 0) || !double.IsFinite(halfLife))
        {
            throw new ArgumentException($"halfLife must be positive and finite (got {halfLife}).", nameof(halfLife));
        }

        _lambda = Math.Pow(0.5, 1.0 / halfLife);
    }

    /// <summary>The number of pairs added.</summary>
    public readonly long Count => _count;

    /// <summary>The weighted beta of the firm on the market; NaN until two pairs with a varying market.</summary>
    public readonly double Beta => _cxx > 0 ? _cxy / _cxx : double.NaN;

    /// <summary>Adds one period's returns.</summary>
    /// <param name="market">The market's return; finite.</param>
    /// <param name="firm">The firm's return; finite.</param>
    public void Add(double market, double firm)
    {
        // West's weighted update of the co-moments, every earlier weight first scaled by λ.
        _count++;
        _weightSum = (_lambda * _weightSum) + 1.0;
        var dx = market - _meanX;
        _meanX += dx / _weightSum;
        _meanY += (firm - _meanY) / _weightSum;
        _cxx = (_lambda * _cxx) + (dx * (market - _meanX));
        _cxy = (_lambda * _cxy) + (dx * (firm - _meanY));
    }

    /// <summary>Forgets every pair.</summary>
    public void Reset()
    {
        _weightSum = 0;
        _meanX = 0;
        _meanY = 0;
        _cxx = 0;
        _cxy = 0;
        _count = 0;
    }
}
