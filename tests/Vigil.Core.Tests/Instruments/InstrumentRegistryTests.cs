using Vigil.Core.Instruments;

namespace Vigil.Core.Tests.Instruments;

public sealed class InstrumentRegistryTests
{
    private static InstrumentSpec Spec(string symbol) => new(symbol, symbol + " name", AssetClass.Equity, StressSegment.Equity);

    [Fact]
    public void Instrument_id_prints_as_its_index() => Assert.Equal("17", new InstrumentId(17).ToString());

    [Fact]
    public void Ids_are_dense_and_issued_in_registration_order()
    {
        var registry = new InstrumentRegistry();
        var a = registry.Add(Spec("AAA"));
        var b = registry.Add(Spec("BBB"));
        var c = registry.Add(new InstrumentSpec("CCC", "Rate", AssetClass.Rates, StressSegment.Bonds, ValueKind.Level));

        Assert.Equal(new InstrumentId(0), a.Id);
        Assert.Equal(new InstrumentId(1), b.Id);
        Assert.Equal(new InstrumentId(2), c.Id);
        Assert.Equal(3, registry.Count);
        Assert.Equal(new[] { "AAA", "BBB", "CCC" }, registry.All.Select(i => i.Symbol));
        Assert.Same(b, registry[new InstrumentId(1)]);
        Assert.Equal(ValueKind.Level, registry[c.Id].ValueKind);
        Assert.Equal(AssetClass.Rates, c.AssetClass);
        Assert.Equal(StressSegment.Bonds, c.Segment);
        Assert.Equal("Rate", c.Name);
    }

    [Fact]
    public void Constructor_registers_specs_in_order()
    {
        var registry = new InstrumentRegistry([Spec("X"), Spec("Y"), Spec("Z")]);

        Assert.Equal(3, registry.Count);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(i, registry.All[i].Id.Value);
        }

        Assert.Equal("Z", registry[new InstrumentId(2)].Symbol);
    }

    [Theory]
    [InlineData("SPX")]
    [InlineData("spx")]
    [InlineData("Spx")]
    public void Duplicate_symbol_is_rejected_whatever_its_case(string duplicate)
    {
        var registry = new InstrumentRegistry([Spec("SPX")]);

        Assert.Throws<ArgumentException>(() => registry.Add(Spec(duplicate)));
        Assert.Equal(1, registry.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Blank_symbol_is_rejected(string symbol)
    {
        var registry = new InstrumentRegistry();

        Assert.Throws<ArgumentException>(() => registry.Add(Spec(symbol)));
        Assert.Equal(0, registry.Count);
    }

    [Fact]
    public void Lookup_by_symbol_ignores_case()
    {
        var registry = new InstrumentRegistry([Spec("EURUSD"), Spec("BTC")]);

        Assert.True(registry.TryGet("eurusd", out var eur));
        Assert.Equal(0, eur.Id.Value);
        Assert.True(registry.TryGet("Btc", out var btc));
        Assert.Equal("BTC", btc.Symbol);
        Assert.False(registry.TryGet("ETH", out var missing));
        Assert.Null(missing);
    }

    [Fact]
    public void Lookup_by_character_span_finds_the_symbol_inside_a_larger_buffer()
    {
        var registry = new InstrumentRegistry([Spec("SPX"), Spec("VIX")]);
        var line = "1700000000,vix,23.5".AsSpan();

        Assert.True(registry.TryGet(line.Slice(11, 3), out var vix));
        Assert.Equal(1, vix.Id.Value);
        Assert.False(registry.TryGet(line.Slice(11, 2), out _));
        Assert.False(registry.TryGet(ReadOnlySpan<char>.Empty, out _));
    }

    [Fact]
    public void Get_or_add_returns_the_existing_instrument_without_calling_the_fallback()
    {
        var registry = new InstrumentRegistry([Spec("SPX")]);
        var calls = 0;

        var instrument = registry.GetOrAdd("spx", s =>
        {
            calls++;
            return Spec(s);
        });

        Assert.Equal(0, calls);
        Assert.Same(registry.All[0], instrument);
        Assert.Equal(1, registry.Count);
    }

    [Fact]
    public void Get_or_add_registers_an_unknown_symbol_from_the_fallback_with_the_next_id()
    {
        var registry = new InstrumentRegistry([Spec("SPX")]);
        var calls = 0;

        var instrument = registry.GetOrAdd("NEW", s =>
        {
            calls++;
            return new InstrumentSpec(s, "new series", AssetClass.Indicator, StressSegment.None, ValueKind.Level);
        });

        Assert.Equal(1, calls);
        Assert.Equal(1, instrument.Id.Value);
        Assert.Equal(AssetClass.Indicator, instrument.AssetClass);
        Assert.Equal(ValueKind.Level, instrument.ValueKind);
        Assert.True(registry.TryGet("new", out var found));
        Assert.Same(instrument, found);
        Assert.Same(instrument, registry.GetOrAdd("NEW", _ => throw new InvalidOperationException("not called")));
    }
}
