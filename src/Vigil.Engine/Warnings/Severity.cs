namespace Vigil.Engine.Warnings;

/// <summary>How serious a warning is, in increasing order.</summary>
public enum Severity
{
    /// <summary>No warning.</summary>
    None = 0,

    /// <summary>Stress above normal; watch.</summary>
    Elevated = 1,

    /// <summary>Clear stress across several signals.</summary>
    High = 2,

    /// <summary>Broad, strong stress.</summary>
    Severe = 3,

    /// <summary>Crisis-level stress.</summary>
    Extreme = 4,
}

/// <summary>The four values at which a measure reaches <see cref="Severity.Elevated"/> to <see cref="Severity.Extreme"/>.</summary>
/// <param name="Elevated">The value that reaches ELEVATED.</param>
/// <param name="High">The value that reaches HIGH.</param>
/// <param name="Severe">The value that reaches SEVERE.</param>
/// <param name="Extreme">The value that reaches EXTREME.</param>
public readonly record struct SeverityLevels(double Elevated, double High, double Severe, double Extreme)
{
    /// <summary>The highest severity whose threshold <paramref name="value"/> reaches; <see cref="Severity.None"/> below all.</summary>
    /// <param name="value">The measure.</param>
    public Severity LevelOf(double value) =>
        value >= Extreme ? Severity.Extreme
        : value >= Severe ? Severity.Severe
        : value >= High ? Severity.High
        : value >= Elevated ? Severity.Elevated
        : Severity.None;

    /// <summary>Whether the thresholds are finite and increasing.</summary>
    public bool IsIncreasing => double.IsFinite(Elevated) && double.IsFinite(Extreme) && Elevated < High && High < Severe && Severe < Extreme;

    /// <inheritdoc />
    public override string ToString() => $"{Elevated}/{High}/{Severe}/{Extreme}";
}
