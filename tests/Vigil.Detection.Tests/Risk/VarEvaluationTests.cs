using Vigil.Core.Numerics;
using Vigil.Detection.Risk;

namespace Vigil.Detection.Tests.Risk;

public class VarEvaluationTests
{
    [Fact]
    public void TheEvaluationCountsTheSameExceptionsAsTheMonitorsOwnBacktestWindow()
    {
        var random = new Xoshiro256(17);
        var returns = new double[560];
        for (var t = 0; t < returns.Length; t++)
        {
            returns[t] = 0.01 * random.NextGaussian();
        }

        // 60 warm-up returns, then 500 forecasts: the whole history fits the backtest window.
        var options = MarketRiskOptions.Daily with { BacktestLength = 500 };
        var evaluation = VarEvaluation.Run(returns, options);
        Assert.Equal(500, evaluation.Forecasts);
        var monitor = new MarketRiskMonitor(new Vigil.Core.Instruments.InstrumentRegistry(
            [new Vigil.Core.Instruments.InstrumentSpec("X", "X", Vigil.Core.Instruments.AssetClass.EquityIndex, Vigil.Core.Instruments.StressSegment.Equity)]).All, options);
        foreach (var r in returns)
        {
            monitor.Update([r]);
        }

        foreach (var method in evaluation.Methods)
        {
            Assert.Equal(monitor.Exceptions(0, method.Method), method.Exceptions);
            Assert.Equal(500, method.Kupiec.Observations);
            Assert.Equal(1, method.GreenBlocks + method.YellowBlocks + method.RedBlocks);
        }
    }

    [Fact]
    public void MissingReturnsAreSkipped()
    {
        var returns = new double[200];
        for (var t = 0; t < returns.Length; t++)
        {
            returns[t] = t % 3 == 0 ? double.NaN : 0.01 * Math.Sin(t * 0.7);
        }

        var evaluation = VarEvaluation.Run(returns);
        // 133 finite returns, 60 of them warm-up.
        Assert.Equal(133 - 60, evaluation.Forecasts);
    }
}
