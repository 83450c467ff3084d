namespace Vigil.Core.Instruments;

/// <summary>Lookups over a plain list of instruments (a registry's <c>All</c>, in registry order).</summary>
public static class InstrumentLists
{
    /// <summary>The index of the instrument whose symbol is <paramref name="symbol"/> (ignoring case), or −1.</summary>
    /// <param name="instruments">The instruments.</param>
    /// <param name="symbol">The symbol.</param>
    public static int IndexOfSymbol(this IReadOnlyList<Instrument> instruments, string symbol)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        for (var i = 0; i < instruments.Count; i++)
        {
            if (string.Equals(instruments[i].Symbol, symbol, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
