namespace Vigil.Core.Instruments;

/// <summary>An instrument or indicator series the engine watches, with the metadata detectors and risk models need.</summary>
/// <param name="Id">The dense index in the registry that owns it.</param>
/// <param name="Symbol">The unique symbol, for example <c>SPX</c> or <c>EURUSD</c>.</param>
/// <param name="Name">A readable name.</param>
/// <param name="AssetClass">The asset class.</param>
/// <param name="Segment">The stress segment it counts towards.</param>
/// <param name="ValueKind">Whether its values are prices (positive) or levels (any sign).</param>
public sealed record Instrument(
    InstrumentId Id,
    string Symbol,
    string Name,
    AssetClass AssetClass,
    StressSegment Segment,
    ValueKind ValueKind);

/// <summary>The description of an instrument before it is registered and given an id.</summary>
/// <param name="Symbol">The unique symbol.</param>
/// <param name="Name">A readable name.</param>
/// <param name="AssetClass">The asset class.</param>
/// <param name="Segment">The stress segment.</param>
/// <param name="ValueKind">Whether values are prices or levels.</param>
public sealed record InstrumentSpec(
    string Symbol,
    string Name,
    AssetClass AssetClass,
    StressSegment Segment,
    ValueKind ValueKind = ValueKind.Price);
