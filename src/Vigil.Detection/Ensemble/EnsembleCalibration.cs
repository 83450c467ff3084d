using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vigil.Detection.Ensemble;

/// <summary>One detector's calibration history, by name.</summary>
/// <param name="Detector">The detector's name.</param>
/// <param name="History">Its calibrator's history.</param>
public sealed record DetectorCalibration(string Detector, CalibrationHistory History);

/// <summary>
/// The calibration histories of an ensemble's detectors: what turns each detector's raw values into scores. Saved
/// after a calm run and restored into a new engine, it makes scores mean the same from the first step, instead of after
/// the thousands of steps the calibration windows take to fill. The model registry keeps it as the <c>calibration</c>
/// kind; the file is JSON with a format version.
/// </summary>
/// <param name="Detectors">One entry per detector.</param>
public sealed record EnsembleCalibration(IReadOnlyList<DetectorCalibration> Detectors)
{
    /// <summary>The file format's version.</summary>
    public const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes the calibration as JSON.</summary>
    /// <param name="stream">Where to write; left open.</param>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        JsonSerializer.Serialize(stream, new CalibrationFile(FormatVersion, Detectors), Json);
    }

    /// <summary>Reads a calibration written by <see cref="Save"/>.</summary>
    /// <param name="stream">Where to read.</param>
    /// <exception cref="InvalidDataException">The stream is not a calibration file of this format version, or is damaged.</exception>
    public static EnsembleCalibration Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        CalibrationFile? file;
        try
        {
            file = JsonSerializer.Deserialize<CalibrationFile>(stream, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Not a calibration file: {e.Message}", e);
        }

        if (file is null || file.Detectors is null)
        {
            throw new InvalidDataException("Not a calibration file: no detectors.");
        }

        if (file.FormatVersion != FormatVersion)
        {
            throw new InvalidDataException($"Calibration format version {file.FormatVersion} is not supported (expected {FormatVersion}).");
        }

        foreach (var d in file.Detectors)
        {
            if (d is null || string.IsNullOrWhiteSpace(d.Detector) || d.History?.Values is null || d.History.Updates < 0)
            {
                throw new InvalidDataException("Damaged calibration file: a detector entry has no name, no values or a negative update count.");
            }
        }

        return new EnsembleCalibration(file.Detectors);
    }

    private sealed record CalibrationFile(int FormatVersion, IReadOnlyList<DetectorCalibration> Detectors);
}
