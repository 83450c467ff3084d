using System.Diagnostics.CodeAnalysis;

namespace Vigil.Core.Instruments;

/// <summary>
/// The set of instruments one engine watches, addressable by symbol or by dense <see cref="InstrumentId"/>.
/// Registration happens before a run starts; lookups are allocation-free.
/// </summary>
public sealed class InstrumentRegistry
{
    private readonly List<Instrument> _instruments = [];
    private readonly Dictionary<string, Instrument> _bySymbol = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates an empty registry.</summary>
    public InstrumentRegistry()
    {
    }

    /// <summary>Creates a registry holding <paramref name="specs"/> in order.</summary>
    /// <param name="specs">The instruments to register.</param>
    public InstrumentRegistry(IEnumerable<InstrumentSpec> specs)
    {
        ArgumentNullException.ThrowIfNull(specs);
        foreach (var spec in specs)
        {
            Add(spec);
        }
    }

    /// <summary>The number of registered instruments.</summary>
    public int Count => _instruments.Count;

    /// <summary>The registered instruments, in id order.</summary>
    public IReadOnlyList<Instrument> All => _instruments;

    /// <summary>The instrument with the given id.</summary>
    /// <param name="id">An id issued by this registry.</param>
    public Instrument this[InstrumentId id] => _instruments[id.Value];

    /// <summary>Registers a new instrument.</summary>
    /// <param name="spec">The instrument's description.</param>
    /// <returns>The registered instrument with its id.</returns>
    /// <exception cref="ArgumentException">The symbol is empty or already registered.</exception>
    public Instrument Add(InstrumentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrWhiteSpace(spec.Symbol);
        if (_bySymbol.ContainsKey(spec.Symbol))
        {
            throw new ArgumentException($"Instrument '{spec.Symbol}' is already registered.", nameof(spec));
        }

        var instrument = new Instrument(
            new InstrumentId(_instruments.Count), spec.Symbol, spec.Name, spec.AssetClass, spec.Segment, spec.ValueKind);
        _instruments.Add(instrument);
        _bySymbol.Add(spec.Symbol, instrument);
        return instrument;
    }

    /// <summary>Returns the instrument with <paramref name="symbol"/>, registering it from <paramref name="fallback"/> if absent.</summary>
    /// <param name="symbol">The symbol to look up.</param>
    /// <param name="fallback">Creates the spec for an unknown symbol.</param>
    public Instrument GetOrAdd(string symbol, Func<string, InstrumentSpec> fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        return TryGet(symbol, out var existing) ? existing : Add(fallback(symbol));
    }

    /// <summary>Looks an instrument up by symbol (case-insensitive).</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="instrument">The instrument, when found.</param>
    public bool TryGet(string symbol, [NotNullWhen(true)] out Instrument? instrument) =>
        _bySymbol.TryGetValue(symbol, out instrument);

    /// <summary>Looks an instrument up by a symbol held in a character span, without allocating.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="instrument">The instrument, when found.</param>
    public bool TryGet(ReadOnlySpan<char> symbol, [NotNullWhen(true)] out Instrument? instrument) =>
        _bySymbol.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(symbol, out instrument);
}
