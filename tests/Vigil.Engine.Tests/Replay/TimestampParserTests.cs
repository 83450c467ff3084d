using System.Text;
using Vigil.Engine.Replay;
using static Vigil.Engine.Tests.Replay.ReplayFiles;

namespace Vigil.Engine.Tests.Replay;

public sealed class TimestampParserTests
{
    public static TheoryData<string, long> Valid => new()
    {
        { "2014-07-01", Ns(2014, 7, 1) },
        { "2014-07-01 00:00:00", Ns(2014, 7, 1) },
        { "2014-07-01 13:45:10", Ns(2014, 7, 1, 13, 45, 10) },
        { "2014-07-01T13:45", Ns(2014, 7, 1, 13, 45) },
        { "2014-07-01T13:45:10Z", Ns(2014, 7, 1, 13, 45, 10) },
        { "2014-07-01T13:45:10.123456789Z", Ns(2014, 7, 1, 13, 45, 10) + 123_456_789 },
        { "2021-12-31 23:01:00.000000", Ns(2021, 12, 31, 23, 1) },
        { "2014-07-01T13:45:10+02:00", Ns(2014, 7, 1, 11, 45, 10) },
        { "2014-07-01T13:45:10-0530", Ns(2014, 7, 1, 19, 15, 10) },
        { "2014-07-01 00:30:00+01", Ns(2014, 6, 30, 23, 30) },
        { "2000-02-29", Ns(2000, 2, 29) },
        { "1999/1/8", Ns(1999, 1, 8) },
        { "1833-01", Ns(1833, 1, 1) },
        { "1871-01-01", Ns(1871, 1, 1) },
        { "01/03/2006", Ns(2006, 1, 3) },
        { "1/3/2006 09:30", Ns(2006, 1, 3, 9, 30) },
        { "1700000000", 1_700_000_000_000_000_000 },
        { "1700000000000", 1_700_000_000_000_000_000 },
        { "1605855600.0", 1_605_855_600_000_000_000 },
        { "1605855600.25", 1_605_855_600_250_000_000 },
        { "0", 0 },
        { "-86400", -86_400_000_000_000 },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parses_dates_date_times_and_epoch_numbers(string text, long expectedNs)
    {
        Assert.True(TimestampParser.TryParse(Encoding.UTF8.GetBytes(text), EpochUnit.Infer, out var ns));
        Assert.Equal(expectedNs, ns);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("2014-13-01")]
    [InlineData("2014-02-30")]
    [InlineData("2013-02-29")]
    [InlineData("2014-07-01 24:00:00")]
    [InlineData("2014-07-01 12:60")]
    [InlineData("2014-07-01 12")]
    [InlineData("2014-07-01X12:00")]
    [InlineData("2014-07-01 12:00:00 junk")]
    [InlineData("2020-11-20 07-AM")]
    [InlineData("1500-01-01")]
    [InlineData("2300-01-01")]
    [InlineData("Q4 2001")]
    [InlineData("20x0")]
    [InlineData("1.2.3")]
    [InlineData("99999999999999999999")]
    [InlineData("9300000000000000000")]
    [InlineData("13/45/2006")]
    public void Rejects_what_is_not_a_timestamp(string text)
    {
        Assert.False(TimestampParser.TryParse(Encoding.UTF8.GetBytes(text), EpochUnit.Infer, out _));
    }

    [Theory]
    [InlineData((int)EpochUnit.Seconds, 1_000_000_000L)]
    [InlineData((int)EpochUnit.Milliseconds, 1_000_000L)]
    [InlineData((int)EpochUnit.Microseconds, 1_000L)]
    [InlineData((int)EpochUnit.Nanoseconds, 1L)]
    public void A_fixed_unit_overrides_the_magnitude(int unit, long expectedNs)
    {
        Assert.True(TimestampParser.TryParse("1"u8, (EpochUnit)unit, out var ns));
        Assert.Equal(expectedNs, ns);
    }

    [Theory]
    [InlineData("ts_ms", (int)EpochUnit.Milliseconds)]
    [InlineData("TS_NS", (int)EpochUnit.Nanoseconds)]
    [InlineData("timestamp_us", (int)EpochUnit.Microseconds)]
    [InlineData("time_s", (int)EpochUnit.Seconds)]
    [InlineData("ts", (int)EpochUnit.Infer)]
    [InlineData("price_ms", (int)EpochUnit.Infer)]
    [InlineData("ts_hours", (int)EpochUnit.Infer)]
    public void Column_names_fix_the_epoch_unit(string column, int expected)
    {
        Assert.Equal((EpochUnit)expected, TimestampParser.UnitFromColumnName(column));
    }
}
