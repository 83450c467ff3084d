using System.Text;
using Vigil.Core.Numerics;
using Vigil.Detection.Ensemble;

namespace Vigil.Detection.Tests.Ensemble;

public sealed class EnsembleCalibrationTests
{
    private static readonly TailCalibratorOptions Options = new(WindowLength: 64, Stride: 3, MinHistory: 16);

    [Fact]
    public void A_restored_calibrator_scores_exactly_as_the_one_it_was_exported_from_from_then_on()
    {
        var random = new Xoshiro256(3);
        var original = new TailCalibrator(Options);
        for (var i = 0; i < 500; i++)
        {
            original.Calibrate(random.NextGaussian());
        }

        var restored = new TailCalibrator(Options);
        restored.Restore(original.Export());
        Assert.Equal(original.HistoryCount, restored.HistoryCount);
        for (var i = 0; i < 500; i++)
        {
            // The stride's phase comes along with the history, so both keep the same values from here on.
            var x = random.NextGaussian() * 1.5;
            Assert.Equal(original.Calibrate(x), restored.Calibrate(x));
        }
    }

    [Fact]
    public void Restoring_a_longer_history_keeps_the_newest_values_and_skips_NaN()
    {
        var calibrator = new TailCalibrator(Options);
        var values = Enumerable.Range(0, 100).Select(i => (double)i).Append(double.NaN).ToArray();
        calibrator.Restore(new CalibrationHistory(values, 100));
        Assert.Equal(Options.WindowLength - 1, calibrator.HistoryCount);
        var history = calibrator.Export();
        Assert.Equal(37.0, history.Values[0]);
        Assert.Equal(99.0, history.Values[^1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => calibrator.Restore(new CalibrationHistory([1.0], -1)));
    }

    [Fact]
    public void An_ensemble_restores_by_detector_name_and_names_the_detectors_it_could_not_restore()
    {
        EnsembleMember[] members = [new("A", 1), new("B", 1), new("C", 0.5, Confirming: true)];
        var trained = new DetectorEnsemble(members, Options);
        var random = new Xoshiro256(11);
        for (var i = 0; i < 300; i++)
        {
            trained.Update([random.NextGaussian(), random.NextGaussian(), random.NextGaussian()]);
        }

        // Saved and read back through the file format.
        using var file = new MemoryStream();
        trained.ExportCalibration().Save(file);
        file.Position = 0;
        var saved = EnsembleCalibration.Load(file);

        var fresh = new DetectorEnsemble([new("B", 1), new("A", 1), new("NEW", 1)], Options);
        var missing = fresh.RestoreCalibration(saved);
        Assert.Equal(["NEW"], missing);

        // Ready at the first step, with the same calibrated scores for A and B as the trained ensemble gives.
        double a = 2.0, b = -0.5;
        trained.Update([a, b, 0.0]);
        fresh.Update([b, a, double.NaN]);
        Assert.True(fresh.IsReady);
        Assert.Equal(trained.Scores[0], fresh.Scores[1]);
        Assert.Equal(trained.Scores[1], fresh.Scores[0]);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"format_version\":99,\"detectors\":[]}")]
    [InlineData("{\"format_version\":1}")]
    [InlineData("{\"format_version\":1,\"detectors\":[{\"detector\":\"\",\"history\":{\"values\":[1],\"updates\":1}}]}")]
    [InlineData("{\"format_version\":1,\"detectors\":[{\"detector\":\"A\",\"history\":{\"values\":[1],\"updates\":-4}}]}")]
    public void A_damaged_or_foreign_calibration_file_is_refused_with_a_reason(string content)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        var e = Assert.Throws<InvalidDataException>(() => EnsembleCalibration.Load(stream));
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }
}
