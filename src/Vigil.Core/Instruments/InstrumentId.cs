namespace Vigil.Core.Instruments;

/// <summary>
/// A dense index of an instrument within its <see cref="InstrumentRegistry"/>: 0 for the first registered,
/// 1 for the next, and so on, so per-instrument state can live in plain arrays.
/// </summary>
/// <param name="Value">The index, from 0.</param>
public readonly record struct InstrumentId(int Value)
{
    /// <inheritdoc />
    public override string ToString() => Value.ToString();
}
