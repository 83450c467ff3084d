namespace Vigil.Engine.Replay;

/// <summary>Why a row, a cell or a header column of a replay file was rejected.</summary>
public enum RejectReason
{
    /// <summary>A number does not parse.</summary>
    BadNumber = 0,

    /// <summary>A number parses to NaN or an infinity.</summary>
    NotFinite,

    /// <summary>A price (or bid or ask) of an instrument whose values are prices is zero or negative.</summary>
    NonPositivePrice,

    /// <summary>A volume is negative.</summary>
    NegativeVolume,

    /// <summary>The timestamp is earlier than the previous accepted row's.</summary>
    OutOfOrder,

    /// <summary>The timestamp repeats the previous accepted timestamp (of the same instrument, for the long format).</summary>
    DuplicateTimestamp,

    /// <summary>The row has more or fewer fields than the header.</summary>
    WrongFieldCount,

    /// <summary>A header column the format cannot use (an unknown, empty or duplicate name); the column is ignored.</summary>
    UnknownColumn,

    /// <summary>The timestamp is not an epoch number, an ISO date or an ISO date-time within 1678–2261.</summary>
    BadTimestamp,

    /// <summary>The symbol field is empty or not valid UTF-8.</summary>
    UnknownSymbol,
}
