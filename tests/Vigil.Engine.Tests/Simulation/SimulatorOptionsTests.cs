using Vigil.Core.Instruments;
using Vigil.Engine.Simulation;

namespace Vigil.Engine.Tests.Simulation;

public class SimulatorOptionsTests
{
    private static readonly InstrumentSpec[] Three =
    [
        new("A", "A", AssetClass.EquityIndex, StressSegment.Equity),
        new("B", "B", AssetClass.EquityIndex, StressSegment.Equity),
        new("C", "C", AssetClass.EquityIndex, StressSegment.Equity),
    ];

    private static readonly InstrumentDynamics[] ThreeDynamics =
    [
        new("A", PriceProcess.GeometricBrownian, 100, 0.2, 1_000, 0.5),
        new("B", PriceProcess.GeometricBrownian, 100, 0.2, 1_000, 0.5),
        new("C", PriceProcess.GeometricBrownian, 100, 0.2, 1_000, 0.5),
    ];

    [Fact]
    public void Defaults_are_valid()
    {
        var options = new SimulatorOptions();

        options.Validate();
        Assert.Equal(42UL, options.Seed);
        Assert.Equal(4.0, options.TickRateHz);
        Assert.Equal(1_700_000_000_000_000_000L, options.StartTimestampNs);
    }

    [Fact]
    public void A_correlation_matrix_that_is_not_positive_definite_is_rejected()
    {
        var options = new SimulatorOptions
        {
            Instruments = Three,
            Dynamics = ThreeDynamics,
            CalmCorrelation = [1.0, 0.9, -0.9, 0.9, 1.0, 0.9, -0.9, 0.9, 1.0],
        };

        var ex = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("positive definite", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new MarketSimulator(options));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var options = new SimulatorOptions
        {
            TickRateHz = 0,
            TradingDayDuration = TimeSpan.Zero,
            Instruments = Three,
            Dynamics =
            [
                new("A", PriceProcess.GeometricBrownian, -100, 0.2, 1_000, 0.5),
                new("X", PriceProcess.GeometricBrownian, 100, 0.2, 1_000, 1.0),
                new("C", PriceProcess.MeanRevertingLog, 100, 0.2, 1_000, 0.5),
            ],
            CalmCorrelation = [1.0, 0.5, 0.0, 0.4, 1.0, 0.0, 0.0, 0.0, 1.0],
        };

        var ex = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("TickRateHz", ex.Message, StringComparison.Ordinal);
        Assert.Contains("TradingDayDuration", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Dynamics[0] (A): BaseLevel must be finite and positive", ex.Message, StringComparison.Ordinal);
        Assert.Contains("does not match instrument 'B'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("CrisisLoading must be in (-1, 1)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MeanReversionHalfLifeDays must be positive", ex.Message, StringComparison.Ordinal);
        Assert.Contains("symmetric", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dynamics_must_cover_every_instrument()
    {
        var options = new SimulatorOptions { Instruments = Three, Dynamics = ThreeDynamics[..2], CalmCorrelation = [] };

        var ex = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("one entry per instrument (3, was 2)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_price_instrument_cannot_follow_an_additive_process()
    {
        var options = new SimulatorOptions
        {
            Instruments = Three[..1],
            Dynamics = [new("A", PriceProcess.ArithmeticLevel, 100, 0.2, 1_000, 0.5)],
            CalmCorrelation = [1.0],
        };

        var ex = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("cannot follow ArithmeticLevel", ex.Message, StringComparison.Ordinal);
    }
}
