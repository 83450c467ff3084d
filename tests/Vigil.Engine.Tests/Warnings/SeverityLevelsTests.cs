using Vigil.Engine.Warnings;

namespace Vigil.Engine.Tests.Warnings;

public sealed class SeverityLevelsTests
{
    [Theory]
    [InlineData(-1.0, Severity.None)]
    [InlineData(2.4999, Severity.None)]
    [InlineData(2.5, Severity.Elevated)]
    [InlineData(2.9999, Severity.Elevated)]
    [InlineData(3.0, Severity.High)]
    [InlineData(3.9999, Severity.High)]
    [InlineData(4.0, Severity.Severe)]
    [InlineData(4.9999, Severity.Severe)]
    [InlineData(5.0, Severity.Extreme)]
    [InlineData(1e9, Severity.Extreme)]
    [InlineData(double.PositiveInfinity, Severity.Extreme)]
    [InlineData(double.NaN, Severity.None)]
    public void Level_of_a_z_score_is_the_highest_threshold_reached(double maxAbsZ, Severity expected) =>
        Assert.Equal(expected, new SeverityLevels(2.5, 3, 4, 5).LevelOf(maxAbsZ));

    [Theory]
    [InlineData(0, Severity.None)]
    [InlineData(1, Severity.Elevated)]
    [InlineData(2, Severity.Elevated)]
    [InlineData(3, Severity.High)]
    [InlineData(4, Severity.High)]
    [InlineData(5, Severity.Severe)]
    [InlineData(7, Severity.Severe)]
    [InlineData(8, Severity.Extreme)]
    [InlineData(100, Severity.Extreme)]
    public void Default_correlation_break_bands_are_1_to_2_3_to_4_5_to_7_and_above_7(int breaks, Severity expected) =>
        Assert.Equal(expected, new WarningOptions().CorrelationBreaks.LevelOf(breaks));

    [Theory]
    [InlineData(1, Severity.None)]
    [InlineData(2, Severity.Elevated)]
    [InlineData(3, Severity.Elevated)]
    [InlineData(4, Severity.High)]
    [InlineData(5, Severity.High)]
    [InlineData(6, Severity.Severe)]
    [InlineData(8, Severity.Severe)]
    [InlineData(9, Severity.Extreme)]
    public void Default_signal_bands_are_2_to_3_4_to_5_6_to_8_and_above_8(int signals, Severity expected) =>
        Assert.Equal(expected, new WarningOptions().Signals.LevelOf(signals));

    [Theory]
    [InlineData(2.4999, Severity.None)]
    [InlineData(2.5, Severity.Elevated)]
    [InlineData(2.9999, Severity.Elevated)]
    [InlineData(3.0, Severity.High)]
    [InlineData(3.9999, Severity.High)]
    [InlineData(4.0, Severity.Severe)]
    [InlineData(4.9999, Severity.Severe)]
    [InlineData(5.0001, Severity.Extreme)]
    public void Default_z_bands_are_2_5_to_3_3_to_4_4_to_5_and_above_5(double maxAbsZ, Severity expected) =>
        Assert.Equal(expected, new WarningOptions().MaxAbsZ.LevelOf(maxAbsZ));

    [Fact]
    public void Thresholds_must_be_finite_and_strictly_increasing()
    {
        Assert.True(new SeverityLevels(1, 2, 3, 4).IsIncreasing);
        Assert.False(new SeverityLevels(1, 1, 3, 4).IsIncreasing);
        Assert.False(new SeverityLevels(1, 3, 2, 4).IsIncreasing);
        Assert.False(new SeverityLevels(1, 2, 4, 4).IsIncreasing);
        Assert.False(new SeverityLevels(double.NaN, 2, 3, 4).IsIncreasing);
        Assert.False(new SeverityLevels(1, 2, 3, double.PositiveInfinity).IsIncreasing);
        Assert.False(new SeverityLevels(double.NegativeInfinity, 2, 3, 4).IsIncreasing);
        Assert.Equal("1/2/3/4", new SeverityLevels(1, 2, 3, 4).ToString());
    }

    [Fact]
    public void Severities_are_ordered_from_none_to_extreme()
    {
        Assert.True(Severity.None < Severity.Elevated);
        Assert.True(Severity.Elevated < Severity.High);
        Assert.True(Severity.High < Severity.Severe);
        Assert.True(Severity.Severe < Severity.Extreme);
    }
}
