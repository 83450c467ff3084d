using System.Runtime.CompilerServices;
using System.Text.Json;
using Vigil.Core.Instruments;
using Vigil.Detection.Systemic;

namespace Vigil.Detection.Tests.Systemic;

/// <summary>The streaming index against a second, plain implementation (scripts/ciss_reference.py) on the same inputs.</summary>
public sealed class CissReferenceTests
{
    private static JsonDocument Fixture([CallerFilePath] string callerPath = "") =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(callerPath)!, "Fixtures", "ciss_reference.json")));

    private static double[] Row(JsonElement row)
    {
        var values = new double[row.GetArrayLength()];
        var i = 0;
        foreach (var v in row.EnumerateArray())
        {
            values[i++] = v.ValueKind == JsonValueKind.Null ? double.NaN : v.GetDouble();
        }

        return values;
    }

    [Fact]
    public void Every_step_matches_the_python_reference()
    {
        using var fixture = Fixture();
        var root = fixture.RootElement;
        var o = root.GetProperty("options");
        var options = new CissOptions
        {
            EcdfWindowLength = o.GetProperty("EcdfWindowLength").GetInt32(),
            CmaxWindowLength = o.GetProperty("CmaxWindowLength").GetInt32(),
            VolatilityHalfLife = o.GetProperty("VolatilityHalfLife").GetDouble(),
            CorrelationLambda = o.GetProperty("CorrelationLambda").GetDouble(),
            MinObservations = o.GetProperty("MinObservations").GetInt32(),
            EcdfSampleInterval = o.GetProperty("EcdfSampleInterval").GetInt32(),
        };
        var registry = new InstrumentRegistry(
        [
            new InstrumentSpec("SPX", "S&P 500", AssetClass.EquityIndex, StressSegment.Equity),
            new InstrumentSpec("UST10Y", "10y", AssetClass.Rates, StressSegment.Bonds, ValueKind.Level),
            new InstrumentSpec("VIX", "VIX", AssetClass.Volatility, StressSegment.Volatility),
            new InstrumentSpec("EURUSD", "EUR/USD", AssetClass.Fx, StressSegment.Fx),
        ]);
        var ciss = new CissStressIndex(registry.All, options);
        var returns = root.GetProperty("returns").EnumerateArray().Select(Row).ToList();
        var levels = root.GetProperty("levels").EnumerateArray().Select(Row).ToList();
        var expected = Row(root.GetProperty("index"));
        var compared = 0;
        for (var t = 0; t < expected.Length; t++)
        {
            var reading = ciss.Update(returns[t], levels[t]);
            if (double.IsNaN(expected[t]))
            {
                Assert.False(ciss.IsReady, $"step {t}: ready before the reference");
                continue;
            }

            Assert.True(ciss.IsReady, $"step {t}: not ready when the reference is");
            Assert.Equal(expected[t], reading.Raw, 12);
            compared++;
        }

        Assert.True(compared > 250, $"{compared} steps compared");
        var last = root.GetProperty("last");
        var breakdown = ciss.Snapshot();
        Assert.Equal(["Bonds", "Equity", "Fx"], breakdown.CorrelationSegments);
        var subIndices = Row(last.GetProperty("sub_indices"));
        var included = breakdown.Segments.Where(s => s.Included).ToList();
        for (var i = 0; i < subIndices.Length; i++)
        {
            Assert.Equal(subIndices[i], included[i].SubIndex!.Value, 12);
            Assert.Equal(1.0 / 3, included[i].Weight, 14);
        }

        var correlations = last.GetProperty("correlations").EnumerateArray().Select(Row).ToList();
        for (var i = 0; i < correlations.Count; i++)
        {
            for (var j = 0; j < correlations.Count; j++)
            {
                Assert.Equal(correlations[i][j], breakdown.Correlations[i][j], 12);
            }
        }
    }
}
