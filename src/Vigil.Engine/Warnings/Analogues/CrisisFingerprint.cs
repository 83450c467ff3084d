using System.Runtime.InteropServices;

namespace Vigil.Engine.Warnings.Analogues;

/// <summary>
/// What a crisis looked like across markets, each dimension normalised to [0, 1] against the worst episode on record
/// (1 is "as bad as it has been", 0 is "no move"). Historical crises and a live warning are described the same way, so
/// they can be compared by <see cref="CosineSimilarity"/>: the shape of the stress matters, not its size.
/// </summary>
/// <param name="Drawdown">Peak-to-trough fall of broad equities (1 ≈ −50% or worse).</param>
/// <param name="VolatilitySpike">Rise of implied or realised volatility over its calm level (1 ≈ VIX above 80).</param>
/// <param name="CorrelationSpike">Rise of cross-market correlation: everything falling together.</param>
/// <param name="CreditWidening">Widening of credit spreads (1 ≈ high yield past 2,000 bp).</param>
/// <param name="FxMove">Size of currency moves (1 ≈ a major currency moving 10% or more within days, or a peg breaking).</param>
/// <param name="RatesMove">Size of government-yield moves, either way (1 ≈ 2 points or more within months).</param>
/// <param name="Liquidity">How far market liquidity dried up (spreads, halts, funding stress).</param>
/// <param name="Speed">How fast it happened (1 = within a day; 0 = over years).</param>
[StructLayout(LayoutKind.Auto)]
public readonly record struct CrisisFingerprint(
    double Drawdown,
    double VolatilitySpike,
    double CorrelationSpike,
    double CreditWidening,
    double FxMove,
    double RatesMove,
    double Liquidity,
    double Speed)
{
    /// <summary>The number of dimensions.</summary>
    public const int Dimensions = 8;

    /// <summary>The dimensions' names, in the order of <see cref="CopyTo"/>.</summary>
    public static IReadOnlyList<string> DimensionNames { get; } =
        ["drawdown", "volatility_spike", "correlation_spike", "credit_widening", "fx_move", "rates_move", "liquidity", "speed"];

    /// <summary>Writes the dimensions in the order of <see cref="DimensionNames"/>.</summary>
    /// <param name="destination">At least <see cref="Dimensions"/> values.</param>
    public void CopyTo(Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Dimensions, nameof(destination));
        destination[0] = Drawdown;
        destination[1] = VolatilitySpike;
        destination[2] = CorrelationSpike;
        destination[3] = CreditWidening;
        destination[4] = FxMove;
        destination[5] = RatesMove;
        destination[6] = Liquidity;
        destination[7] = Speed;
    }

    /// <summary>Every dimension clamped to [0, 1], NaN read as 0.</summary>
    public CrisisFingerprint Clamped() => new(
        Clamp(Drawdown), Clamp(VolatilitySpike), Clamp(CorrelationSpike), Clamp(CreditWidening),
        Clamp(FxMove), Clamp(RatesMove), Clamp(Liquidity), Clamp(Speed));

    /// <summary>Whether every dimension is 0 (a fingerprint with no direction, which matches nothing).</summary>
    public bool IsZero => Norm() == 0;

    /// <summary>
    /// The cosine of the angle between two fingerprints, in [0, 1] for fingerprints in [0, 1]: 1 when one is a
    /// multiple of the other, 0 when they share no dimension; 0 when either is all zeros.
    /// </summary>
    /// <param name="other">The other fingerprint.</param>
    public double CosineSimilarity(in CrisisFingerprint other)
    {
        Span<double> a = stackalloc double[Dimensions];
        Span<double> b = stackalloc double[Dimensions];
        CopyTo(a);
        other.CopyTo(b);
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < Dimensions; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return na > 0 && nb > 0 ? Math.Clamp(dot / Math.Sqrt(na * nb), -1.0, 1.0) : 0.0;
    }

    private double Norm()
    {
        Span<double> a = stackalloc double[Dimensions];
        CopyTo(a);
        double sum = 0;
        foreach (var x in a)
        {
            sum += x * x;
        }

        return Math.Sqrt(sum);
    }

    private static double Clamp(double x) => double.IsNaN(x) ? 0.0 : Math.Clamp(x, 0.0, 1.0);
}
