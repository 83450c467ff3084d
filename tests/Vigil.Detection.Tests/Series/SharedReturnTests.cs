using Vigil.Core.Instruments;
using Vigil.Core.Numerics;
using Vigil.Core.Streaming;
using Vigil.Detection.Series;

namespace Vigil.Detection.Tests.Series;

public sealed class SharedReturnTests
{
    public static TheoryData<ValueKind> Kinds => new() { ValueKind.Price, ValueKind.Level };

    private static double[] Walk(ValueKind kind)
    {
        var random = new Xoshiro256(11);
        var values = new double[3000];
        var v = kind == ValueKind.Price ? 100.0 : 0.5;
        for (var i = 0; i < values.Length; i++)
        {
            var shock = (i > 2000 ? 4 : 1) * random.NextGaussian();
            v = kind == ValueKind.Price ? v * Math.Exp(0.001 * shock) : v + (0.01 * shock);
            values[i] = v;
        }

        return values;
    }

    private static void AssertSameReadings(Func<ISeriesDetector> create, Func<ISeriesDetector, double, DetectorReading> feedReturn, ValueKind kind)
    {
        var values = Walk(kind);
        var byValue = create();
        var byReturn = create();
        byValue.Update(0, values[0], 0);
        for (var i = 1; i < values.Length; i++)
        {
            var expected = byValue.Update(i, values[i], 0);
            var actual = feedReturn(byReturn, ReturnMath.Return(kind, values[i - 1], values[i]));
            Assert.Equal(expected, actual);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Z_score_fed_returns_reads_exactly_as_when_fed_the_values(ValueKind kind) =>
        AssertSameReadings(() => new RollingZScoreDetector(kind), (d, r) => ((RollingZScoreDetector)d).UpdateReturn(r), kind);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Volatility_burst_fed_returns_reads_exactly_as_when_fed_the_values(ValueKind kind) =>
        AssertSameReadings(() => new VolatilityBurstDetector(kind), (d, r) => ((VolatilityBurstDetector)d).UpdateReturn(r), kind);
}
