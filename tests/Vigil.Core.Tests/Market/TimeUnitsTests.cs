using Vigil.Core.Market;

namespace Vigil.Core.Tests.Market;

public sealed class TimeUnitsTests
{
    [Fact]
    public void Unit_constants_are_consistent()
    {
        Assert.Equal(TimeSpan.TicksPerMillisecond * 100, TimeUnits.NsPerMillisecond);
        Assert.Equal(TimeSpan.TicksPerSecond * 100, TimeUnits.NsPerSecond);
        Assert.Equal(TimeSpan.TicksPerMinute * 100, TimeUnits.NsPerMinute);
        Assert.Equal(TimeSpan.TicksPerDay * 100, TimeUnits.NsPerDay);
    }

    [Fact]
    public void Unix_epoch_is_timestamp_zero()
    {
        Assert.Equal(0, TimeUnits.FromDateTimeOffset(DateTimeOffset.UnixEpoch));
        Assert.Equal(DateTimeOffset.UnixEpoch, TimeUnits.ToDateTimeOffset(0));
    }

    [Fact]
    public void Timestamp_agrees_with_unix_milliseconds_and_ignores_the_offset()
    {
        var utc = new DateTimeOffset(2024, 3, 15, 13, 45, 30, 123, TimeSpan.Zero);
        var tokyo = utc.ToOffset(TimeSpan.FromHours(9));

        var expected = utc.ToUnixTimeMilliseconds() * 1_000_000L;
        Assert.Equal(expected, TimeUnits.FromDateTimeOffset(utc));
        Assert.Equal(expected, TimeUnits.FromDateTimeOffset(tokyo));
        Assert.Equal(1_710_510_330_123_000_000L, expected);
    }

    [Fact]
    public void Instants_round_trip_through_nanoseconds()
    {
        var random = new Random(1);
        var min = new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        var max = new DateTimeOffset(2200, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        for (var i = 0; i < 10_000; i++)
        {
            var instant = new DateTimeOffset(random.NextInt64(min, max), TimeSpan.Zero);
            var ns = TimeUnits.FromDateTimeOffset(instant);

            Assert.Equal(instant, TimeUnits.ToDateTimeOffset(ns));
            Assert.Equal(0, ns % 100);
        }
    }

    [Theory]
    [InlineData(1_710_510_330_123_456_789L, 1_710_510_330_123_456_700L)]
    [InlineData(199L, 100L)]
    [InlineData(100L, 100L)]
    [InlineData(99L, 0L)]
    [InlineData(-1L, -100L)]
    [InlineData(-100L, -100L)]
    [InlineData(-101L, -200L)]
    [InlineData(-1_000_000_000_000_000_050L, -1_000_000_000_000_000_100L)]
    public void Timestamps_truncate_to_the_100_ns_at_or_before_them(long timestampNs, long expectedNs)
    {
        var instant = TimeUnits.ToDateTimeOffset(timestampNs);

        Assert.Equal(expectedNs, TimeUnits.FromDateTimeOffset(instant));
        Assert.True(TimeUnits.FromDateTimeOffset(instant) <= timestampNs);
    }

    [Theory]
    [InlineData(0L, 1_500_000_000L, 1.5)]
    [InlineData(1_500_000_000L, 0L, -1.5)]
    [InlineData(-2_000_000_000L, 2_000_000_000L, 4.0)]
    [InlineData(5L, 5L, 0.0)]
    [InlineData(0L, 1L, 1e-9)]
    public void Seconds_between_timestamps(long fromNs, long toNs, double expectedSeconds) =>
        Assert.Equal(expectedSeconds, TimeUnits.SecondsBetween(fromNs, toNs), 15);
}
