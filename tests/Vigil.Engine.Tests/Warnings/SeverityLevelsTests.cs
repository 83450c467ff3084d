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
    [InlineData(6, Severity.Severe)]
    [InlineData(7, Severity.Extreme)]
    [InlineData(100, Severity.Extreme)]
    public void Level_of_a_count_is_the_highest_threshold_reached(int breaks, Severity expected) =>
        Assert.Equal(expected, new SeverityLevels(1, 3, 5, 7).LevelOf(breaks));

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
