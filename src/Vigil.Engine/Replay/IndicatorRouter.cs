using Vigil.Core.Instruments;
using Vigil.Core.Market;
using Vigil.Engine.Pipeline;
using Vigil.Engine.Warnings.Classification;

namespace Vigil.Engine.Replay;

/// <summary>
/// Splits a replay's series into instruments and indicator series: the engine is built over
/// <see cref="Instruments"/> (the file's symbols less the indicators, in file order), and <see cref="Process"/> sends
/// each row in the file's event-time order either to <see cref="DetectionEngine.OnTick"/> or, for an indicator, to
/// <see cref="DetectionEngine.OnIndicator"/> with the row's price column as the value. Open the source with
/// <see cref="ReplayOptions.LevelSymbols"/> set to the indicator symbols so values of any sign are read.
/// </summary>
public sealed class IndicatorRouter
{
    private readonly int[] _route;
    private readonly IndicatorSpec[] _indicators;
    private bool _attached;

    /// <summary>Splits <paramref name="source"/>'s registry.</summary>
    /// <param name="source">The replay's registry (every symbol in the file).</param>
    /// <param name="indicators">The indicator symbols (case-insensitive) and their categories; none may be <see cref="IndicatorCategory.None"/>.</param>
    /// <exception cref="ArgumentException">A symbol is not in the file, breaks the naming rule, has no category, or no instrument is left.</exception>
    public IndicatorRouter(InstrumentRegistry source, IReadOnlyDictionary<string, IndicatorCategory> indicators)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(indicators);
        var problems = new List<string>();
        var wanted = new Dictionary<string, IndicatorCategory>(StringComparer.OrdinalIgnoreCase);
        foreach (var (symbol, category) in indicators)
        {
            if (!IndicatorSpec.IsValidSymbol(symbol))
            {
                problems.Add($"'{symbol}' is not a valid indicator symbol (1 to 64 ASCII letters, digits, '_', '-' or '.')");
            }
            else if (category == IndicatorCategory.None || !Enum.IsDefined(category))
            {
                problems.Add($"'{symbol}' needs a category other than none");
            }
            else if (!source.TryGet(symbol, out _))
            {
                problems.Add($"'{symbol}' has no rows in the file");
            }
            else
            {
                wanted[symbol] = category;
            }
        }

        Instruments = new InstrumentRegistry();
        _route = new int[source.Count];
        var specs = new List<IndicatorSpec>();
        foreach (var instrument in source.All)
        {
            if (wanted.TryGetValue(instrument.Symbol, out var category))
            {
                // Negative routes name indicators: ~index into the specs until the engine gives ids.
                _route[instrument.Id.Value] = ~specs.Count;
                specs.Add(new IndicatorSpec(instrument.Symbol, instrument.Name, category, instrument.Segment));
            }
            else
            {
                _route[instrument.Id.Value] = Instruments.Add(new InstrumentSpec(instrument.Symbol, instrument.Name, instrument.AssetClass, instrument.Segment, instrument.ValueKind)).Id.Value;
            }
        }

        if (problems.Count == 0 && Instruments.Count == 0)
        {
            problems.Add("every series is an indicator; the engine needs at least one instrument");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Indicator series: " + string.Join("; ", problems) + ".", nameof(indicators));
        }

        _indicators = [.. specs];
    }

    /// <summary>The instruments the engine is built over: the file's symbols less the indicators, in file order.</summary>
    public InstrumentRegistry Instruments { get; }

    /// <summary>The indicator series, in file order.</summary>
    public IReadOnlyList<IndicatorSpec> Indicators => _indicators;

    /// <summary>Registers the indicator series with <paramref name="engine"/>; call once, before <see cref="Process"/>.</summary>
    /// <param name="engine">An engine built over <see cref="Instruments"/>.</param>
    public void Attach(DetectionEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (_attached)
        {
            throw new InvalidOperationException("The router is already attached to an engine.");
        }

        for (var i = 0; i < _route.Length; i++)
        {
            if (_route[i] < 0)
            {
                _route[i] = ~engine.RegisterIndicator(_indicators[~_route[i]]);
            }
        }

        _attached = true;
    }

    /// <summary>Feeds a batch of the replay's ticks to <paramref name="engine"/> in order, each to its instrument or indicator series.</summary>
    /// <param name="engine">The engine passed to <see cref="Attach"/>.</param>
    /// <param name="ticks">Ticks with the replay registry's ids.</param>
    public void Process(DetectionEngine engine, ReadOnlySpan<Tick> ticks)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (!_attached)
        {
            throw new InvalidOperationException("Attach the router to the engine before processing.");
        }

        var route = _route;
        foreach (ref readonly var tick in ticks)
        {
            var id = tick.Instrument.Value;
            if ((uint)id >= (uint)route.Length)
            {
                // Not the replay's: the engine rejects and counts it.
                engine.OnTick(in tick);
                continue;
            }

            var target = route[id];
            if (target >= 0)
            {
                engine.OnTick(new Tick(new InstrumentId(target), tick.TimestampNs, tick.Price, tick.Volume, tick.Bid, tick.Ask));
            }
            else
            {
                engine.OnIndicator(~target, tick.TimestampNs, tick.Price);
            }
        }
    }

    /// <summary>Reads a category from its snake_case (<c>news_sentiment</c>) or enum name (<c>NewsSentiment</c>), any case; none is refused.</summary>
    /// <param name="text">The name.</param>
    /// <param name="category">The category.</param>
    public static bool TryParseCategory(string? text, out IndicatorCategory category)
    {
        category = IndicatorCategory.None;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var wanted = text.Trim().Replace("_", string.Empty, StringComparison.Ordinal);
        foreach (var candidate in Enum.GetValues<IndicatorCategory>())
        {
            if (candidate != IndicatorCategory.None && string.Equals(candidate.ToString(), wanted, StringComparison.OrdinalIgnoreCase))
            {
                category = candidate;
                return true;
            }
        }

        return false;
    }
}
