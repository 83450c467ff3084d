using Vigil.Core.Instruments;

namespace Vigil.Core.Tests.Instruments;

public sealed class DefaultUniverseTests
{
    [Fact]
    public void Universe_has_eighteen_unique_symbols()
    {
        var symbols = DefaultUniverse.Instruments.Select(i => i.Symbol).ToList();

        Assert.Equal(18, symbols.Count);
        Assert.Equal(18, symbols.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(symbols, s => Assert.False(string.IsNullOrWhiteSpace(s)));
    }

    [Fact]
    public void Every_instrument_has_a_name_segment_and_asset_class()
    {
        Assert.All(DefaultUniverse.Instruments, spec =>
        {
            Assert.False(string.IsNullOrWhiteSpace(spec.Name));
            Assert.NotEqual(StressSegment.None, spec.Segment);
            Assert.NotEqual(AssetClass.Unknown, spec.AssetClass);
            Assert.True(Enum.IsDefined(spec.Segment));
            Assert.True(Enum.IsDefined(spec.AssetClass));
        });
    }

    [Fact]
    public void Rates_are_levels_and_everything_else_is_a_price()
    {
        Assert.Contains(DefaultUniverse.Instruments, spec => spec.AssetClass == AssetClass.Rates);
        Assert.All(DefaultUniverse.Instruments, spec =>
            Assert.Equal(spec.AssetClass == AssetClass.Rates ? ValueKind.Level : ValueKind.Price, spec.ValueKind));
    }

    [Fact]
    public void Every_stress_segment_has_at_least_one_instrument()
    {
        var covered = DefaultUniverse.Instruments.Select(i => i.Segment).ToHashSet();

        foreach (var segment in Enum.GetValues<StressSegment>().Where(s => s != StressSegment.None))
        {
            Assert.Contains(segment, covered);
        }
    }

    [Fact]
    public void Registry_holds_the_universe_in_order()
    {
        var registry = DefaultUniverse.CreateRegistry();

        Assert.Equal(DefaultUniverse.Instruments.Count, registry.Count);
        for (var i = 0; i < registry.Count; i++)
        {
            var spec = DefaultUniverse.Instruments[i];
            var instrument = registry.All[i];
            Assert.Equal(i, instrument.Id.Value);
            Assert.Equal(spec.Symbol, instrument.Symbol);
            Assert.Equal(spec.AssetClass, instrument.AssetClass);
            Assert.Equal(spec.Segment, instrument.Segment);
            Assert.Equal(spec.ValueKind, instrument.ValueKind);
        }
    }

    [Fact]
    public void Spec_for_a_known_symbol_is_the_default_one_whatever_its_case()
    {
        var spec = DefaultUniverse.SpecFor("ust10y");

        Assert.Equal("UST10Y", spec.Symbol);
        Assert.Equal(AssetClass.Rates, spec.AssetClass);
        Assert.Equal(ValueKind.Level, spec.ValueKind);
    }

    [Theory]
    [InlineData(ValueKind.Price)]
    [InlineData(ValueKind.Level)]
    public void Spec_for_an_unknown_symbol_is_unclassified_with_the_given_value_kind(ValueKind valueKind)
    {
        var spec = DefaultUniverse.SpecFor("MY_INDEX", valueKind);

        Assert.Equal("MY_INDEX", spec.Symbol);
        Assert.Equal(AssetClass.Unknown, spec.AssetClass);
        Assert.Equal(StressSegment.None, spec.Segment);
        Assert.Equal(valueKind, spec.ValueKind);
    }
}
