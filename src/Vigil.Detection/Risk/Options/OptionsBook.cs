using Vigil.Core.Instruments;

namespace Vigil.Detection.Risk.Options;

/// <summary>
/// A book of European options on futures: its value and aggregated Greeks (<see cref="Valuate"/>) and its profit and
/// loss under instantaneous scenarios, repriced in full with <see cref="Black76"/> and approximated by the Greeks
/// alongside (<see cref="Reprice"/>). Immutable after construction; safe to share between threads.
/// </summary>
/// <remarks>
/// The book is a snapshot: positions carry their own futures level and volatility. It is not a streaming model and
/// is not called per market step; the host values it on request.
/// </remarks>
public sealed class OptionsBook
{
    private readonly OptionPosition[] _positions;
    private readonly Black76Greeks[] _unitGreeks;

    /// <summary>Validates the book and values every position once.</summary>
    /// <param name="options">The positions and rate; <see cref="OptionsBookOptions.Demo"/> when null.</param>
    /// <exception cref="ArgumentException">The book is invalid; the message lists every problem.</exception>
    public OptionsBook(OptionsBookOptions? options = null)
    {
        Options = options ?? OptionsBookOptions.Demo;
        var problems = Options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid {nameof(OptionsBookOptions)}: {string.Join("; ", problems)}.", nameof(options));
        }

        _positions = [.. Options.Positions];
        _unitGreeks = new Black76Greeks[_positions.Length];
        for (var i = 0; i < _positions.Length; i++)
        {
            _unitGreeks[i] = UnitGreeks(_positions[i], Options.RiskFreeRate);
        }
    }

    /// <summary>The validated positions and rate.</summary>
    public OptionsBookOptions Options { get; }

    /// <summary>The book's value in currency.</summary>
    public double Value
    {
        get
        {
            var total = 0.0;
            for (var i = 0; i < _positions.Length; i++)
            {
                total += _unitGreeks[i].Price * _positions[i].Scale;
            }

            return total;
        }
    }

    /// <summary>The value and Greeks per position, per underlying and in total. Allocates the records.</summary>
    public OptionsBookValuation Valuate()
    {
        var positions = new PositionValuation[_positions.Length];
        var underlyings = new List<UnderlyingExposure>();
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        double value = 0, cashDelta = 0, vega = 0, theta = 0, rho = 0;
        for (var i = 0; i < _positions.Length; i++)
        {
            var p = _positions[i];
            var g = _unitGreeks[i];
            var scale = p.Scale;
            var valuation = new PositionValuation(
                p,
                g.Price,
                g.Price * scale,
                g.Delta * scale,
                g.Delta * p.Quantity,
                g.Delta * scale * p.FuturesLevel,
                g.Gamma * scale,
                g.VegaPerVolPoint * scale,
                g.ThetaPerDay * scale,
                g.RhoPerBasisPoint * scale);
            positions[i] = valuation;
            value += valuation.Value;
            cashDelta += valuation.CashDelta;
            vega += valuation.VegaPerVolPoint;
            theta += valuation.ThetaPerDay;
            rho += valuation.RhoPerBasisPoint;

            if (!index.TryGetValue(p.Underlying, out var u))
            {
                u = underlyings.Count;
                index.Add(p.Underlying, u);
                underlyings.Add(new UnderlyingExposure(p.Underlying, 0, 0, 0, 0, 0, 0));
            }

            var e = underlyings[u];
            underlyings[u] = e with
            {
                Value = e.Value + valuation.Value,
                Delta = e.Delta + valuation.Delta,
                CashDelta = e.CashDelta + valuation.CashDelta,
                Gamma = e.Gamma + valuation.Gamma,
                VegaPerVolPoint = e.VegaPerVolPoint + valuation.VegaPerVolPoint,
                ThetaPerDay = e.ThetaPerDay + valuation.ThetaPerDay,
            };
        }

        return new OptionsBookValuation(Options.RiskFreeRate, value, cashDelta, vega, theta, rho, underlyings, positions);
    }

    /// <summary>
    /// The book's profit and loss if <paramref name="scenario"/> happened now: each position's futures level,
    /// volatility and the rate are shocked and the position fully repriced; the Greeks' second-order approximation
    /// Δ·dF + ½Γ·dF² + vega·dσ + ρ·dr is reported beside it. No time passes.
    /// </summary>
    /// <param name="scenario">The shocks; validated.</param>
    /// <exception cref="ArgumentException">The scenario is invalid; the message lists every problem.</exception>
    public OptionsScenarioResult Reprice(OptionsScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (!scenario.IsValid())
        {
            var problems = scenario.Validate();
            throw new ArgumentException($"Invalid scenario '{scenario.Id}': {string.Join("; ", problems)}.", nameof(scenario));
        }

        var rate = Options.RiskFreeRate;
        var shockedRate = Math.Clamp(rate + scenario.RateShift, -Black76.MaxAbsoluteRate, Black76.MaxAbsoluteRate);
        var dr = shockedRate - rate;
        var rows = new PositionScenarioPnl[_positions.Length];
        double before = 0, after = 0, full = 0, greeks = 0, deltaTotal = 0, gammaTotal = 0, vegaTotal = 0, rhoTotal = 0;
        for (var i = 0; i < _positions.Length; i++)
        {
            var p = _positions[i];
            var g = _unitGreeks[i];
            var shock = Find(scenario.Shocks, p.Underlying);
            var futures = shock is null ? p.FuturesLevel : shock.TargetLevel ?? (p.FuturesLevel * (1.0 + shock.FuturesMove));
            var volatility = shock is null ? p.Volatility : Math.Min(p.Volatility * shock.VolatilityMultiplier, Black76.MaxVolatility);
            var price = Black76.PriceUnchecked(p.Type, futures, p.Strike, p.ExpiryYears, Math.Exp(-shockedRate * p.ExpiryYears), volatility);

            var scale = p.Scale;
            var df = futures - p.FuturesLevel;
            var dv = volatility - p.Volatility;
            var deltaPnl = g.Delta * df * scale;
            var gammaPnl = 0.5 * g.Gamma * df * df * scale;
            var vegaPnl = g.Vega * dv * scale;
            var rhoPnl = g.Rho * dr * scale;
            var greeksPnl = deltaPnl + gammaPnl + vegaPnl + rhoPnl;
            var valueBefore = g.Price * scale;
            var valueAfter = price * scale;
            var fullPnl = valueAfter - valueBefore;
            rows[i] = new PositionScenarioPnl(
                p.Id, p.Underlying, p.FuturesLevel, futures, p.Volatility, volatility, valueBefore, valueAfter,
                fullPnl, deltaPnl, gammaPnl, vegaPnl, rhoPnl, greeksPnl, greeksPnl - fullPnl);

            before += valueBefore;
            after += valueAfter;
            full += fullPnl;
            greeks += greeksPnl;
            deltaTotal += deltaPnl;
            gammaTotal += gammaPnl;
            vegaTotal += vegaPnl;
            rhoTotal += rhoPnl;
        }

        return new OptionsScenarioResult(
            scenario.Id, scenario.Name, rate, shockedRate, before, after, full, greeks, deltaTotal, gammaTotal, vegaTotal,
            rhoTotal, rows);
    }

    /// <summary>
    /// A copy of the book marked to the engine's latest levels: each position whose underlying is a
    /// <see cref="ValueKind.Price"/> instrument with a positive, finite level takes that level as its futures level
    /// (the spot stands in for the future: basis ignored). Positions on yields (<see cref="ValueKind.Level"/>, whose
    /// futures are bond prices, not yields) or on instruments that have not ticked keep their level. Strikes,
    /// volatilities and expiries are unchanged. Allocates; for the host every few steps, not the engine per step.
    /// </summary>
    /// <param name="instruments">The registry's instruments, in registry order.</param>
    /// <param name="levels">The latest level per instrument, aligned with <paramref name="instruments"/>; NaN before the first tick.</param>
    /// <exception cref="ArgumentException">The spans' lengths differ.</exception>
    public OptionsBook WithMarket(IReadOnlyList<Instrument> instruments, ReadOnlySpan<double> levels)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        if (levels.Length != instruments.Count)
        {
            throw new ArgumentException(
                $"levels has {levels.Length} values but there are {instruments.Count} instruments.", nameof(levels));
        }

        var positions = new OptionPosition[_positions.Length];
        for (var i = 0; i < positions.Length; i++)
        {
            var p = _positions[i];
            positions[i] = p;
            for (var k = 0; k < instruments.Count; k++)
            {
                var instrument = instruments[k];
                if (instrument.ValueKind == ValueKind.Price
                    && string.Equals(instrument.Symbol, p.Underlying, StringComparison.OrdinalIgnoreCase)
                    && levels[k] > 0 && double.IsFinite(levels[k]))
                {
                    positions[i] = p with { FuturesLevel = levels[k] };
                    break;
                }
            }
        }

        return new OptionsBook(Options with { Positions = positions });
    }

    /// <summary>Reprices the book under each scenario in turn; see <see cref="Reprice"/>.</summary>
    /// <param name="scenarios">The scenarios.</param>
    public IReadOnlyList<OptionsScenarioResult> RepriceAll(IReadOnlyList<OptionsScenario> scenarios)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        var results = new OptionsScenarioResult[scenarios.Count];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = Reprice(scenarios[i]);
        }

        return results;
    }

    private static Black76Greeks UnitGreeks(OptionPosition p, double rate) =>
        Black76.GreeksUnchecked(p.Type, p.FuturesLevel, p.Strike, p.ExpiryYears, rate, p.Volatility);

    private static UnderlyingShock? Find(IReadOnlyList<UnderlyingShock> shocks, string underlying)
    {
        // A linear scan: scenarios shock a few dozen underlyings at most, and a dictionary would cost more to build.
        for (var i = 0; i < shocks.Count; i++)
        {
            if (string.Equals(shocks[i].Underlying, underlying, StringComparison.OrdinalIgnoreCase))
            {
                return shocks[i];
            }
        }

        return null;
    }
}
