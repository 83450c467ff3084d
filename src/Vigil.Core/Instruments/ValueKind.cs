namespace Vigil.Core.Instruments;

/// <summary>How an instrument's quoted value behaves, which decides how it is validated and how returns are taken.</summary>
public enum ValueKind
{
    /// <summary>A price: strictly positive; returns are log returns.</summary>
    Price = 0,

    /// <summary>A level that may be zero or negative (a yield, a sentiment score); returns are differences.</summary>
    Level,
}
