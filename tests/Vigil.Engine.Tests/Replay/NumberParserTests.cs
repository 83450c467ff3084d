using System.Globalization;
using System.Text;
using Vigil.Engine.Replay;

namespace Vigil.Engine.Tests.Replay;

public sealed class NumberParserTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("0.1")]
    [InlineData("4499.8643")]
    [InlineData("1.0849867")]
    [InlineData("-21.0483826823")]
    [InlineData("+3")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("-0")]
    [InlineData("123456789012345")]
    [InlineData("0.123456789012345")]
    [InlineData("1234567890123456789")]
    [InlineData("0.1234567890123456789")]
    [InlineData("1.6899999999999998E-2")]
    [InlineData("1e5")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e999")]
    public void Parses_like_double_parse(string text)
    {
        Assert.True(NumberParser.TryParse(Encoding.UTF8.GetBytes(text), out var value));
        Assert.Equal(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1.2.3")]
    [InlineData("12x")]
    [InlineData("1,5")]
    [InlineData("null")]
    public void Rejects_what_is_not_a_number(string text)
    {
        Assert.False(NumberParser.TryParse(Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void Random_decimals_round_exactly_like_double_parse()
    {
        var random = new Random(11);
        for (var i = 0; i < 100_000; i++)
        {
            var digits = random.Next(1, 16);
            var mantissa = random.NextInt64((long)Math.Pow(10, digits));
            var decimals = random.Next(0, digits + 1);
            var text = mantissa.ToString(CultureInfo.InvariantCulture).PadLeft(decimals + 1, '0');
            text = decimals == 0 ? text : text.Insert(text.Length - decimals, ".");

            Assert.True(NumberParser.TryParse(Encoding.UTF8.GetBytes(text), out var value));
            Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(text, CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(value));
        }
    }
}
