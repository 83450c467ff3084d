using Microsoft.Extensions.Options;
using Vigil.Detection.CrossAsset;
using Vigil.Detection.Ensemble;
using Vigil.Detection.Models;
using Vigil.Detection.Neural;
using Vigil.Server.Options;

namespace Vigil.Server.Live;

/// <summary>
/// The model registry the service was configured with (<c>Vigil:Models</c>) and the models the live engine took from
/// it, for the engine host (which loads them at start) and the models API (which reports them).
/// </summary>
public sealed class ModelSelection
{
    private readonly ModelSettings _settings;

    /// <summary>Reads the settings; nothing is loaded until <see cref="LoadIsolationForest"/>.</summary>
    /// <param name="options">The service options.</param>
    public ModelSelection(IOptions<VigilOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _settings = options.Value.Models;
        Registry = string.IsNullOrWhiteSpace(_settings.Directory) ? null : new ModelRegistry(_settings.Directory);
    }

    /// <summary>The configured registry, or null when none is.</summary>
    public ModelRegistry? Registry { get; }

    /// <summary>The Isolation Forest the live engine scores with, or null while it trains one online.</summary>
    public ModelMetadata? IsolationForest { get; private set; }

    /// <summary>
    /// Loads the configured Isolation Forest for an engine of <paramref name="schema"/>, or returns null when the
    /// service should train one online.
    /// </summary>
    /// <param name="schema">The engine's state-vector schema.</param>
    /// <returns>The forest, or null.</returns>
    /// <exception cref="InvalidOperationException">The model is missing, damaged or for another schema; the message says
    /// which and why, and the service does not start.</exception>
    public IsolationForest? LoadIsolationForest(FeatureSchema schema)
    {
        if (Registry is null || string.IsNullOrEmpty(_settings.IsolationForest))
        {
            IsolationForest = null;
            return null;
        }

        try
        {
            var metadata = Registry.Resolve(ModelKinds.IsolationForest, _settings.IsolationForest);
            var forest = Registry.LoadIsolationForest(metadata, schema);
            IsolationForest = metadata;
            return forest;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
        {
            throw new InvalidOperationException(
                $"Vigil:Models:IsolationForest = '{_settings.IsolationForest}' cannot be used: {e.Message}", e);
        }
    }

    /// <summary>The LSTM autoencoder the live engine scores with, or null when none is configured.</summary>
    public ModelMetadata? Autoencoder { get; private set; }

    /// <summary>
    /// Loads the configured LSTM autoencoder for an engine of <paramref name="schema"/>, or returns null when none is
    /// configured (<c>Vigil:Models:Autoencoder</c> empty).
    /// </summary>
    /// <param name="schema">The engine's state-vector schema.</param>
    /// <returns>The model, or null.</returns>
    /// <exception cref="InvalidOperationException">The model is missing, damaged or for another schema; the message says
    /// which and why, and the service does not start.</exception>
    public LstmAutoencoderModel? LoadAutoencoder(FeatureSchema schema)
    {
        if (Registry is null || string.IsNullOrEmpty(_settings.Autoencoder))
        {
            Autoencoder = null;
            return null;
        }

        try
        {
            var metadata = Registry.Resolve(ModelKinds.LstmAutoencoder, _settings.Autoencoder);
            var model = Registry.LoadLstmAutoencoder(metadata, schema);
            Autoencoder = metadata;
            return model;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
        {
            throw new InvalidOperationException(
                $"Vigil:Models:Autoencoder = '{_settings.Autoencoder}' cannot be used: {e.Message}", e);
        }
    }

    /// <summary>The ensemble calibration restored into the live engine, or null when none is configured.</summary>
    public ModelMetadata? Calibration { get; private set; }

    /// <summary>The live engine's detectors the restored calibration did not cover (they calibrate from scratch); empty without one.</summary>
    public IReadOnlyList<string> CalibrationUncovered { get; private set; } = [];

    /// <summary>
    /// Loads the configured ensemble calibration for an engine of <paramref name="schema"/>, or returns null when none
    /// is configured (<c>Vigil:Models:Calibration</c> empty).
    /// </summary>
    /// <param name="schema">The engine's state-vector schema.</param>
    /// <returns>The calibration, or null.</returns>
    /// <exception cref="InvalidOperationException">The calibration is missing, damaged or for another schema; the
    /// message says which and why, and the service does not start.</exception>
    public EnsembleCalibration? LoadCalibration(FeatureSchema schema)
    {
        if (Registry is null || string.IsNullOrEmpty(_settings.Calibration))
        {
            Calibration = null;
            return null;
        }

        try
        {
            var metadata = Registry.Resolve(ModelKinds.Calibration, _settings.Calibration);
            var calibration = Registry.LoadCalibration(metadata, schema);
            Calibration = metadata;
            return calibration;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
        {
            throw new InvalidOperationException(
                $"Vigil:Models:Calibration = '{_settings.Calibration}' cannot be used: {e.Message}", e);
        }
    }

    /// <summary>Records the detectors the restored calibration did not cover, for the models API.</summary>
    /// <param name="uncovered">What <c>DetectionEngine.RestoreCalibration</c> returned.</param>
    internal void RecordUncovered(IReadOnlyList<string> uncovered) => CalibrationUncovered = uncovered;
}
