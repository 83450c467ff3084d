using Vigil.Core.Instruments;
using Vigil.Core.Market;

namespace Vigil.Core.Tests.Market;

public sealed class TickTests
{
    [Fact]
    public void Tick_without_bid_and_ask_has_no_quote()
    {
        var tick = new Tick(new InstrumentId(2), 1_000, 101.5, 3.0);

        Assert.Equal(2, tick.Instrument.Value);
        Assert.Equal(1_000, tick.TimestampNs);
        Assert.Equal(101.5, tick.Price);
        Assert.Equal(3.0, tick.Volume);
        Assert.True(double.IsNaN(tick.Bid));
        Assert.True(double.IsNaN(tick.Ask));
        Assert.False(tick.HasQuote);
    }

    [Theory]
    [InlineData(101.0, 102.0, true)]
    [InlineData(101.0, double.NaN, false)]
    [InlineData(double.NaN, 102.0, false)]
    [InlineData(-0.5, 0.0, true)]
    public void Tick_has_a_quote_only_when_both_sides_are_present(double bid, double ask, bool expected) =>
        Assert.Equal(expected, new Tick(new InstrumentId(0), 0, 101.5, 0, bid, ask).HasQuote);

    [Fact]
    public void Bar_end_is_start_plus_interval()
    {
        var bar = new Bar(new InstrumentId(1), -60, 60, 1, 2, 0.5, 1.5, 10);

        Assert.Equal(0, bar.EndNs);
        Assert.Equal(1, bar.Instrument.Value);
        Assert.Equal(2, bar.High);
        Assert.Equal(0.5, bar.Low);
    }
}
