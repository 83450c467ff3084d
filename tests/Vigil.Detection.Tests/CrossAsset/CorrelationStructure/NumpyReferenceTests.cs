using System.Runtime.CompilerServices;
using System.Text.Json;
using Vigil.Detection.CrossAsset;

namespace Vigil.Detection.Tests.CrossAsset.CorrelationStructure;

/// <summary>
/// Checks against values from numpy/LAPACK and scipy, written by scripts/correlation_structure_reference.py into
/// Fixtures/correlation_structure_numpy.json.
/// </summary>
public sealed class NumpyReferenceTests
{
    private static JsonDocument Fixture([CallerFilePath] string callerPath = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(callerPath)!, "..", "Fixtures", "correlation_structure_numpy.json");
        return JsonDocument.Parse(File.ReadAllBytes(path));
    }

    private static List<double[]> Returns(JsonElement root)
    {
        var rows = new List<double[]>();
        foreach (var row in root.GetProperty("returns").EnumerateArray())
        {
            var values = new double[row.GetArrayLength()];
            var i = 0;
            foreach (var value in row.EnumerateArray())
            {
                values[i++] = value.GetDouble();
            }

            rows.Add(values);
        }

        return rows;
    }

    [Fact]
    public void Turbulence_magnitude_and_correlation_surprise_match_numpy_at_every_step()
    {
        using var fixture = Fixture();
        var root = fixture.RootElement;
        var rows = Returns(root);
        var n = root.GetProperty("dimension").GetInt32();
        var window = root.GetProperty("window_length").GetInt32();
        var detector = new TurbulenceDetector(n, new TurbulenceOptions(WindowLength: window));
        var expected = new Dictionary<int, JsonElement>();
        foreach (var item in root.GetProperty("turbulence").EnumerateArray())
        {
            expected[item.GetProperty("step").GetInt32()] = item;
        }

        var checkedSteps = 0;
        for (var t = 0; t < rows.Count; t++)
        {
            var reading = detector.Update(rows[t]);
            if (!expected.TryGetValue(t, out var item))
            {
                Assert.True(double.IsNaN(reading.Raw));
                continue;
            }

            var d = item.GetProperty("turbulence").GetDouble();
            var magnitude = item.GetProperty("magnitude").GetDouble();
            Assert.Equal(d, detector.Turbulence, d * 1e-9);
            Assert.Equal(magnitude, detector.MagnitudeSurprise, magnitude * 1e-9);
            Assert.Equal(item.GetProperty("correlation_surprise").GetDouble(), detector.CorrelationSurprise, 1e-9);
            checkedSteps++;
        }

        Assert.Equal(rows.Count - window, checkedSteps);
    }

    [Fact]
    public void Absorption_ratio_and_eigenvalues_match_numpy_eigvalsh_at_the_checkpoints()
    {
        using var fixture = Fixture();
        var root = fixture.RootElement;
        var rows = Returns(root);
        var n = root.GetProperty("dimension").GetInt32();
        var options = new AbsorptionRatioOptions(
            CorrelationHalfLife: root.GetProperty("half_life").GetDouble(), MinObservations: 10, ShortWindow: 5, LongWindow: 20, EigenInterval: 1);
        var detector = new AbsorptionRatioDetector(n, options);
        Assert.Equal(root.GetProperty("eigenvector_count").GetInt32(), detector.EigenvectorCountUsed);
        var checkpoints = new Dictionary<int, JsonElement>();
        foreach (var item in root.GetProperty("absorption").EnumerateArray())
        {
            checkpoints[item.GetProperty("step").GetInt32()] = item;
        }

        var found = 0;
        for (var t = 0; t < rows.Count; t++)
        {
            detector.Update(rows[t]);
            if (!checkpoints.TryGetValue(t, out var item))
            {
                continue;
            }

            found++;
            Assert.Equal(item.GetProperty("ratio").GetDouble(), detector.Ratio, 1e-10);
            var i = 0;
            foreach (var value in item.GetProperty("eigenvalues").EnumerateArray())
            {
                Assert.Equal(value.GetDouble(), detector.Eigenvalues[i++], 1e-10);
            }
        }

        Assert.Equal(checkpoints.Count, found);
    }

    [Fact]
    public void Fire_thresholds_are_scipy_chi_square_quantiles()
    {
        using var fixture = Fixture();
        foreach (var item in fixture.RootElement.GetProperty("chi_square_quantiles").EnumerateArray())
        {
            var dof = item.GetProperty("dof").GetInt32();
            var detector = new TurbulenceDetector(dof, new TurbulenceOptions(WindowLength: 50, FireConfidence: item.GetProperty("p").GetDouble()));
            var quantile = item.GetProperty("quantile").GetDouble();
            Assert.Equal(quantile, detector.FireThreshold, quantile * 1e-9);
        }
    }

    [Fact]
    public void Turbulence_scores_are_scipy_chi_square_probabilities()
    {
        using var fixture = Fixture();
        foreach (var item in fixture.RootElement.GetProperty("chi_square_cdf").EnumerateArray())
        {
            var dof = item.GetProperty("dof").GetInt32();
            var x = item.GetProperty("x").GetDouble();
            Assert.Equal(item.GetProperty("cdf").GetDouble(), TurbulenceDetector.ChiSquareProbability(dof, x), 1e-12);
        }
    }
}
