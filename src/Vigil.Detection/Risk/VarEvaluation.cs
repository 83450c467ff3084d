using Vigil.Core.Instruments;

namespace Vigil.Detection.Risk;

/// <summary>How one method's one-step VaR forecasts fared over a whole return history.</summary>
/// <param name="Method">The method.</param>
/// <param name="Exceptions">The losses beyond the forecast over the whole history.</param>
/// <param name="Kupiec">Kupiec's test over the whole history.</param>
/// <param name="Christoffersen">Christoffersen's tests over the whole history.</param>
/// <param name="GreenBlocks">Consecutive blocks of <see cref="MarketRiskOptions.BacktestLength"/> forecasts in the Basel green zone.</param>
/// <param name="YellowBlocks">Blocks in the yellow zone.</param>
/// <param name="RedBlocks">Blocks in the red zone.</param>
public sealed record VarMethodEvaluation(
    VarMethod Method,
    int Exceptions,
    KupiecTest Kupiec,
    ChristoffersenTest Christoffersen,
    int GreenBlocks,
    int YellowBlocks,
    int RedBlocks);

/// <summary>A backtest of the monitor's one-step VaR forecasts over a whole history of one series.</summary>
/// <param name="Returns">The returns given.</param>
/// <param name="Forecasts">The returns tested against a standing forecast (the rest warmed the monitor up).</param>
/// <param name="ConfidenceLevel">The forecasts' confidence level.</param>
/// <param name="Methods">One evaluation per method.</param>
public sealed record VarEvaluation(int Returns, int Forecasts, double ConfidenceLevel, IReadOnlyList<VarMethodEvaluation> Methods)
{
    /// <summary>
    /// Runs a one-instrument <see cref="MarketRiskMonitor"/> over <paramref name="returns"/> and tests every return
    /// against the forecast standing before it, by each method (no look-ahead: the forecast is read before the return is added).
    /// </summary>
    /// <param name="returns">The returns in time order; NaN entries are skipped as missing.</param>
    /// <param name="options">The monitor's options; <see cref="MarketRiskOptions.Daily"/> when null.</param>
    /// <returns>The evaluation; a method with fewer than 2 forecasts is left out.</returns>
    public static VarEvaluation Run(ReadOnlySpan<double> returns, MarketRiskOptions? options = null)
    {
        options ??= MarketRiskOptions.Daily;
        var registry = new InstrumentRegistry();
        registry.Add(new InstrumentSpec("SERIES", "Evaluated series", AssetClass.EquityIndex, StressSegment.Equity));
        var monitor = new MarketRiskMonitor(registry.All, options);
        VarMethod[] methods = [VarMethod.Historical, VarMethod.Gaussian, VarMethod.CornishFisher];
        var flags = new List<bool>[methods.Length];
        for (var m = 0; m < methods.Length; m++)
        {
            flags[m] = [];
        }

        var step = new double[1];
        for (var t = 0; t < returns.Length; t++)
        {
            var r = returns[t];
            if (double.IsFinite(r))
            {
                for (var m = 0; m < methods.Length; m++)
                {
                    var forecast = monitor.ForecastVaR(0, methods[m]);
                    if (double.IsFinite(forecast))
                    {
                        flags[m].Add(-r > forecast);
                    }
                }
            }

            step[0] = r;
            monitor.Update(step);
        }

        var results = new List<VarMethodEvaluation>(methods.Length);
        for (var m = 0; m < methods.Length; m++)
        {
            var series = flags[m].ToArray();
            if (series.Length < 2)
            {
                continue;
            }

            var exceptions = 0;
            foreach (var f in series)
            {
                exceptions += f ? 1 : 0;
            }

            int green = 0, yellow = 0, red = 0;
            for (var start = 0; start + options.BacktestLength <= series.Length; start += options.BacktestLength)
            {
                var count = 0;
                for (var k = start; k < start + options.BacktestLength; k++)
                {
                    count += series[k] ? 1 : 0;
                }

                switch (VarBacktests.BaselTrafficLight(count).Zone)
                {
                    case TrafficLightZone.Green:
                        green++;
                        break;
                    case TrafficLightZone.Yellow:
                        yellow++;
                        break;
                    default:
                        red++;
                        break;
                }
            }

            results.Add(new VarMethodEvaluation(
                methods[m],
                exceptions,
                VarBacktests.Kupiec(series.Length, exceptions, options.BacktestConfidence, options.TestLevel),
                VarBacktests.Christoffersen(series, options.BacktestConfidence, options.TestLevel),
                green,
                yellow,
                red));
        }

        return new VarEvaluation(returns.Length, results.Count > 0 ? flags[0].Count : 0, options.BacktestConfidence, results);
    }
}
