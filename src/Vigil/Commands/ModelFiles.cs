using System.CommandLine;
using Spectre.Console;
using Vigil.Cli;
using Vigil.Detection.CrossAsset;
using Vigil.Detection.Ensemble;
using Vigil.Detection.Models;
using Vigil.Detection.Neural;
using Vigil.Engine.Pipeline;

namespace Vigil.Commands;

/// <summary>The <c>--model</c> and <c>--save-model</c> options: start from a trained Isolation Forest, or keep the one a run trained.</summary>
internal static class ModelFiles
{
    public static Option<string?> LoadOption() => new("--model")
    {
        Description = "An Isolation Forest model file to score with from the first step (its feature schema must match the instruments).",
    };

    public static Option<string?> SaveOption() => new("--save-model")
    {
        Description = "Write the Isolation Forest trained during the run to this file.",
    };

    public static Option<string?> RegistryOption() => new("--model-dir")
    {
        Description = "A model registry (written by 'vigil train') to take the Isolation Forest from; its feature schema must match the instruments.",
    };

    public static Option<string?> RegistryVersionOption() => new("--model-version")
    {
        Description = "With --model-dir: the Isolation Forest version to load (v0003, 3 or latest).",
        DefaultValueFactory = _ => ModelVersion.Latest,
    };

    public static Option<string?> AutoencoderVersionOption() => new("--autoencoder-version")
    {
        Description = "With --model-dir: score with this LSTM autoencoder version from the registry too (v0002, 2 or latest); omit for none.",
    };

    public static Option<string?> CalibrationVersionOption() => new("--calibration-version")
    {
        Description = "With --model-dir: restore this ensemble calibration version (v0001, 1 or latest) before the first step, so scores are calibrated from the start; omit for none.",
    };

    /// <summary>
    /// Loads the ensemble calibration version <paramref name="version"/> from the registry at
    /// <paramref name="registryDirectory"/> for an engine whose state vector is <paramref name="schema"/>, or returns
    /// null when no version is asked for.
    /// </summary>
    public static (EnsembleCalibration Calibration, ModelMetadata Metadata)? LoadCalibration(string? registryDirectory, string? version, FeatureSchema schema)
    {
        if (version is null)
        {
            return null;
        }

        if (registryDirectory is null)
        {
            throw new CliException("--calibration-version needs --model-dir: the calibration is loaded from a model registry.", VigilCli.Usage);
        }

        if (!ModelVersion.IsSelector(version))
        {
            throw new CliException($"--calibration-version: '{version}' is not a version: use v0001, 1 or latest.", VigilCli.Usage);
        }

        if (!Directory.Exists(registryDirectory))
        {
            throw new CliException($"--model-dir: {registryDirectory}: no such directory.");
        }

        var registry = new ModelRegistry(registryDirectory);
        try
        {
            var metadata = registry.Resolve(ModelKinds.Calibration, version);
            return (registry.LoadCalibration(metadata, schema), metadata);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new CliException($"--calibration-version: {e.Message}");
        }
    }

    /// <summary>Restores a loaded calibration into a fresh engine (before its first tick); null when there is none.</summary>
    public static CalibrationUseJson? Restore(DetectionEngine engine, (EnsembleCalibration Calibration, ModelMetadata Metadata)? loaded)
    {
        if (loaded is not { } l)
        {
            return null;
        }

        var uncovered = engine.RestoreCalibration(l.Calibration);
        return new CalibrationUseJson($"{l.Metadata.Kind} {l.Metadata.VersionLabel}", uncovered);
    }

    /// <summary>
    /// Loads the LSTM autoencoder version <paramref name="version"/> from the registry at <paramref name="registryDirectory"/>
    /// for an engine whose state vector is <paramref name="schema"/>, or returns null when no version is asked for.
    /// </summary>
    public static (LstmAutoencoderModel Model, ModelMetadata Metadata)? LoadAutoencoder(string? registryDirectory, string? version, FeatureSchema schema)
    {
        if (version is null)
        {
            return null;
        }

        if (registryDirectory is null)
        {
            throw new CliException("--autoencoder-version needs --model-dir: the autoencoder is loaded from a model registry.", VigilCli.Usage);
        }

        if (!ModelVersion.IsSelector(version))
        {
            throw new CliException($"--autoencoder-version: '{version}' is not a version: use v0002, 2 or latest.", VigilCli.Usage);
        }

        if (!Directory.Exists(registryDirectory))
        {
            throw new CliException($"--model-dir: {registryDirectory}: no such directory.");
        }

        var registry = new ModelRegistry(registryDirectory);
        try
        {
            var metadata = registry.Resolve(ModelKinds.LstmAutoencoder, version);
            return (registry.LoadLstmAutoencoder(metadata, schema), metadata);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new CliException($"--autoencoder-version: {e.Message}");
        }
    }

    /// <summary>
    /// The Isolation Forest of <paramref name="choice"/>, or null to train it online. A registry named only for the
    /// autoencoder or the calibration (<c>--autoencoder-version</c>, <c>--calibration-version</c>, the default <c>--model-version latest</c>, no forest in the registry)
    /// leaves the forest to train online rather than failing.
    /// </summary>
    public static IsolationForest? LoadForest(ModelChoice choice, FeatureSchema schema)
    {
        if ((choice.AutoencoderVersion is not null || choice.CalibrationVersion is not null) && choice.Path is null && choice.RegistryDirectory is { } directory
            && choice.Version == ModelVersion.Latest && Directory.Exists(directory)
            && new ModelRegistry(directory).Latest(ModelKinds.IsolationForest) is null)
        {
            return null;
        }

        return Load(choice.Path, choice.RegistryDirectory, choice.Version, schema);
    }

    /// <summary>
    /// Loads the Isolation Forest named by <c>--model</c> (a file) or <c>--model-dir</c> and <c>--model-version</c>
    /// (the registry), or returns null when neither is given.
    /// </summary>
    public static IsolationForest? Load(string? path, string? registryDirectory, string? version, FeatureSchema schema)
    {
        if (path is not null && registryDirectory is not null)
        {
            throw new CliException("--model and --model-dir both name a model: give one.", VigilCli.Usage);
        }

        return registryDirectory is null ? Load(path, schema) : LoadFromRegistry(registryDirectory, version ?? ModelVersion.Latest, schema).Forest;
    }

    /// <summary>Resolves and loads an Isolation Forest from a registry, with one-line errors.</summary>
    public static (IsolationForest Forest, ModelMetadata Metadata) LoadFromRegistry(string directory, string version, FeatureSchema schema)
    {
        if (!ModelVersion.IsSelector(version))
        {
            throw new CliException($"--model-version: '{version}' is not a version: use v0003, 3 or latest.", VigilCli.Usage);
        }

        if (!Directory.Exists(directory))
        {
            throw new CliException($"--model-dir: {directory}: no such directory.");
        }

        var registry = new ModelRegistry(directory);
        try
        {
            var metadata = registry.Resolve(ModelKinds.IsolationForest, version);
            return (registry.LoadIsolationForest(metadata, schema), metadata);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new CliException($"--model-dir: {e.Message}");
        }
    }

    /// <summary>Loads the model at <paramref name="path"/> for <paramref name="schema"/>, or returns null when no path is given.</summary>
    public static IsolationForest? Load(string? path, FeatureSchema schema)
    {
        if (path is null)
        {
            return null;
        }

        try
        {
            return IsolationForest.Load(path, schema);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new CliException($"{path}: {e.Message}");
        }
    }

    /// <summary>Fails before a run, rather than after it, when the model could not be saved where asked.</summary>
    public static void CheckSavePath(string? path)
    {
        if (path is null)
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is null || !Directory.Exists(directory))
        {
            throw new CliException($"--save-model: {path}: the directory does not exist.");
        }
    }

    /// <summary>Saves the engine's trained forest to <paramref name="path"/>, if a path is given.</summary>
    public static void Save(CliIO io, string? path, DetectionEngine engine, bool json)
    {
        if (path is null)
        {
            return;
        }

        var forest = engine.IsolationForest.Forest
            ?? throw new CliException($"--save-model: the run ended before the Isolation Forest finished training ({engine.IsolationForest.TrainingCount} of {engine.IsolationForest.WarmUpPeriod} steps).");
        try
        {
            forest.Save(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"--save-model: {path}: {e.Message}");
        }

        if (!json)
        {
            io.Console.MarkupLineInterpolated($"Saved the Isolation Forest ({forest.TreeCount} trees, {forest.Schema.Count} features, trained on {forest.Training.RowCount} steps) to {path}.");
        }
    }
}
