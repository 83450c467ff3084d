namespace Vigil.Detection.Series;

/// <summary>How unusual a z-score is.</summary>
public enum ZScoreBand
{
    /// <summary>|z| &lt; 2.</summary>
    Normal = 0,

    /// <summary>2 ≤ |z| &lt; 3.</summary>
    Unusual,

    /// <summary>3 ≤ |z| &lt; 4.</summary>
    Significant,

    /// <summary>|z| ≥ 4.</summary>
    Extreme,
}

/// <summary>Classifies z-scores into <see cref="ZScoreBand"/>s.</summary>
public static class ZScoreBands
{
    /// <summary>The band of <paramref name="z"/>; NaN is <see cref="ZScoreBand.Normal"/>.</summary>
    /// <param name="z">A z-score.</param>
    public static ZScoreBand Classify(double z)
    {
        var a = Math.Abs(z);
        return a >= 4 ? ZScoreBand.Extreme
            : a >= 3 ? ZScoreBand.Significant
            : a >= 2 ? ZScoreBand.Unusual
            : ZScoreBand.Normal;
    }
}
