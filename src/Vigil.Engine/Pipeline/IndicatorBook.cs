using Vigil.Core.Instruments;
using Vigil.Core.Market;
using Vigil.Engine.Warnings.Classification;

namespace Vigil.Engine.Pipeline;

/// <summary>One indicator series as the latest closed market step left it, for hosts that show it.</summary>
/// <param name="Id">The series' id, from <see cref="DetectionEngine.RegisterIndicator"/>.</param>
/// <param name="Symbol">The unique name, for example <c>NEWS_SENTIMENT</c>.</param>
/// <param name="Name">A readable name.</param>
/// <param name="Category">What it stands for when classifying warnings.</param>
/// <param name="Segment">The stress segment it counts towards.</param>
/// <param name="ValueCount">The values accepted so far.</param>
/// <param name="LatestValue">The latest value, in the series' own unit; NaN before the first.</param>
/// <param name="LatestTimestampNs">The latest value's event time, in nanoseconds since the Unix epoch; <see cref="long.MinValue"/> before the first.</param>
/// <param name="ZScore">The signed z-score of the latest change against the rolling window; NaN while warming up.</param>
/// <param name="Ready">Whether the z-score detector has seen enough values to score.</param>
/// <param name="StepMaxAbsZ">The largest |z| of the series' values in the step that closed last (0 when it had none).</param>
/// <param name="Fired">The detectors that fired on the series in the step that closed last.</param>
/// <param name="FiredSteps">The market steps in which any detector fired on the series, since it was registered.</param>
public sealed record IndicatorInfo(
    int Id,
    string Symbol,
    string Name,
    IndicatorCategory Category,
    StressSegment Segment,
    long ValueCount,
    double LatestValue,
    long LatestTimestampNs,
    double ZScore,
    bool Ready,
    double StepMaxAbsZ,
    FiredDetectors Fired,
    long FiredSteps);

/// <summary>
/// The engine's indicator series: each an <see cref="InstrumentState"/> (the same per-series detectors and
/// z-scores as an instrument, over levels of any sign) with its category. Series are added while the engine runs;
/// registration allocates, a value does not. Ids are dense from 0 and separate from instrument ids. Not
/// thread-safe: the engine's thread owns it.
/// </summary>
internal sealed class IndicatorBook
{
    private readonly EngineOptions _options;
    private readonly InstrumentRegistry _instruments;
    private readonly List<InstrumentState> _states;
    private readonly List<IndicatorCategory> _categories;
    private readonly List<long> _valueCounts;
    private readonly List<long> _firedSteps;
    private readonly Dictionary<string, int> _bySymbol = new(StringComparer.OrdinalIgnoreCase);

    public IndicatorBook(InstrumentRegistry instruments, EngineOptions options)
    {
        _instruments = instruments;
        _options = options;
        // Sized once for the cap so adding a series never moves the lists under the per-value path.
        _states = new List<InstrumentState>(options.MaxIndicators);
        _categories = new List<IndicatorCategory>(_states.Capacity);
        _valueCounts = new List<long>(_states.Capacity);
        _firedSteps = new List<long>(_states.Capacity);
    }

    /// <summary>The number of series.</summary>
    public int Count => _states.Count;

    /// <summary>The series' states, by id.</summary>
    public IReadOnlyList<InstrumentState> States => _states;

    /// <summary>The category of series <paramref name="id"/>.</summary>
    public IndicatorCategory CategoryOf(int id) => _categories[id];

    /// <summary>Adds a series, or returns the id of the one already registered under the symbol.</summary>
    /// <exception cref="ArgumentException">The spec is invalid, names an instrument, disagrees with the registered category, or the cap is reached.</exception>
    public int Register(IndicatorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!IsValidSymbol(spec.Symbol))
        {
            throw new ArgumentException($"Indicator symbol '{spec.Symbol}' is invalid: use 1 to 64 ASCII letters, digits, '_', '-' or '.'.", nameof(spec));
        }

        if (spec.Category == IndicatorCategory.None || !Enum.IsDefined(spec.Category))
        {
            throw new ArgumentException($"Indicator '{spec.Symbol}' needs a category other than none (got {spec.Category}).", nameof(spec));
        }

        if (_bySymbol.TryGetValue(spec.Symbol, out var existing))
        {
            var registered = _categories[existing];
            if (registered != spec.Category)
            {
                throw new ArgumentException($"Indicator '{spec.Symbol}' is registered with category {registered}; it cannot become {spec.Category}.", nameof(spec));
            }

            return existing;
        }

        if (_instruments.TryGet(spec.Symbol, out _))
        {
            throw new ArgumentException($"'{spec.Symbol}' is an instrument; an indicator needs a symbol of its own.", nameof(spec));
        }

        if (_states.Count >= _options.MaxIndicators)
        {
            throw new ArgumentException($"The engine holds its maximum of {_options.MaxIndicators} indicator series; '{spec.Symbol}' is not added.", nameof(spec));
        }

        var id = _states.Count;
        var name = string.IsNullOrWhiteSpace(spec.Name) ? spec.Symbol : spec.Name;
        var instrument = new Instrument(new InstrumentId(id), spec.Symbol, name, AssetClass.Indicator, spec.Segment, ValueKind.Level);
        _states.Add(new InstrumentState(instrument, _options));
        _categories.Add(spec.Category);
        _valueCounts.Add(0);
        _firedSteps.Add(0);
        _bySymbol.Add(spec.Symbol, id);
        return id;
    }

    /// <summary>Whether a symbol is registered, and its id.</summary>
    public bool TryGet(string symbol, out int id) => _bySymbol.TryGetValue(symbol, out id);

    /// <summary>Runs series <paramref name="id"/>'s detectors on one value; the caller has checked the id, the value and the order.</summary>
    public void OnValue(int id, long timestampNs, double value)
    {
        // Indicators have no volume: 0 keeps the volume detector quiet rather than inventing activity.
        var tick = new Tick(new InstrumentId(id), timestampNs, value, 0.0);
        _states[id].OnTick(in tick);
        _valueCounts[id]++;
    }

    /// <summary>Closes the market step for series <paramref name="id"/>.</summary>
    /// <returns>Whether any of its detectors fired in the step.</returns>
    public bool CloseStep(int id)
    {
        var state = _states[id];
        state.CloseStep();
        if (state.FiredInStep == FiredDetectors.None)
        {
            return false;
        }

        _firedSteps[id]++;
        return true;
    }

    /// <summary>The series as they stand, for hosts.</summary>
    public IndicatorInfo[] Describe()
    {
        var result = new IndicatorInfo[_states.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var s = _states[i];
            var i0 = s.Instrument;
            result[i] = new IndicatorInfo(
                i, i0.Symbol, i0.Name, _categories[i], i0.Segment, _valueCounts[i], s.LastPrice, s.LastTimestampNs,
                s.ZScore.IsReady ? s.ZScore.Current.Raw : double.NaN, s.ZScore.IsReady, s.StepMaxAbsZ, s.FiredInStep, _firedSteps[i]);
        }

        return result;
    }

    /// <summary>Whether <paramref name="symbol"/> follows the indicator naming rule: 1 to 64 ASCII letters, digits, '_', '-' or '.'.</summary>
    public static bool IsValidSymbol(string? symbol)
    {
        if (string.IsNullOrEmpty(symbol) || symbol.Length > 64)
        {
            return false;
        }

        foreach (var c in symbol)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
