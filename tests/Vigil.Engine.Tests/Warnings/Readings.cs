using Vigil.Core.Instruments;
using Vigil.Engine.Warnings.Classification;

namespace Vigil.Engine.Tests.Warnings;

/// <summary>Builds classification readings for tests, naming only what a test cares about.</summary>
internal static class Readings
{
    public static InstrumentReading R(
        string symbol,
        AssetClass assetClass,
        StressSegment segment = StressSegment.None,
        IndicatorCategory category = IndicatorCategory.None,
        double level = 0,
        double shortMove = 0,
        double intradayMove = 0,
        double retraced = 0,
        double z = 0,
        double? spread = null) =>
        new(symbol, assetClass, segment, category, level, shortMove, intradayMove, retraced, z, spread);
}
