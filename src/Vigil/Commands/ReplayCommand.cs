using System.CommandLine;
using Vigil.Cli;
using Vigil.Engine.Pipeline;
using Vigil.Engine.Replay;
using Vigil.Engine.Running;
using Vigil.Engine.Sources;

namespace Vigil.Commands;

/// <summary><c>vigil replay FILE</c>: the engine over recorded data, paced or as fast as possible.</summary>
internal static class ReplayCommand
{
    public static Command Build(CliIO io)
    {
        var file = new Argument<string>("FILE") { Description = "The file to replay (plain or .gz)." };
        var format = CommonOptions.Format();
        var speed = new Option<double?>("--speed") { Description = "Pace in event time at this multiple of real time (1 = real time, 60 = a minute per second). Omit to run as fast as possible." };
        var strict = new Option<bool>("--strict") { Description = "Stop at the first malformed row instead of rejecting it and going on." };
        var step = new Option<string?>("--step") { Description = "Market step length (250ms, 1s, 1d…); auto makes each distinct timestamp a step.", DefaultValueFactory = _ => "auto" };
        var profile = CommonOptions.Profile();
        var symbol = new Option<string?>("--symbol") { Description = "Symbol for a single-series file (FRED, NAB, Yahoo); default the file name." };
        var indicator = new Option<string[]>("--indicator")
        {
            Description = "Make SYMBOL's rows an indicator series of this category (SYMBOL=news_sentiment, energy, bank_cds, ...) instead of an instrument; its price column is the value. Repeatable.",
        };
        var model = ModelFiles.LoadOption();
        var saveModel = ModelFiles.SaveOption();
        var modelDir = ModelFiles.RegistryOption();
        var modelVersion = ModelFiles.RegistryVersionOption();
        var autoencoderVersion = ModelFiles.AutoencoderVersionOption();
        var calibrationVersion = ModelFiles.CalibrationVersionOption();
        var json = CommonOptions.Json();
        var command = new Command("replay", "Run the engine over recorded ticks or bars and print the warnings it raises.")
        {
            file, format, speed, strict, step, profile, symbol, indicator, model, modelDir, modelVersion, autoencoderVersion, calibrationVersion, saveModel, json,
        };
        command.SetAction((result, cancellationToken) => RunAsync(
            io,
            result.GetValue(file)!,
            result.GetValue(format),
            result.GetValue(speed),
            result.GetValue(strict),
            result.GetValue(step),
            result.GetValue(profile),
            result.GetValue(symbol),
            result.GetValue(indicator),
            new ModelChoice(result.GetValue(model), result.GetValue(modelDir), result.GetValue(modelVersion)) { AutoencoderVersion = result.GetValue(autoencoderVersion), CalibrationVersion = result.GetValue(calibrationVersion) },
            result.GetValue(saveModel),
            result.GetValue(json),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        CliIO io, string path, ReplayFormat format, double? speed, bool strict, string? step, EngineProfile profile, string? symbol, string[]? indicatorOptions, ModelChoice model, string? saveModelPath, bool json, CancellationToken cancellationToken)
    {
        if (speed is { } s && (!(s > 0) || double.IsInfinity(s)))
        {
            throw new CliException($"--speed must be positive (got {s}).", VigilCli.Usage);
        }

        var stepNs = ReplaySetup.ParseStep(step);
        ModelFiles.CheckSavePath(saveModelPath);
        var indicators = ReplaySetup.ParseIndicators(indicatorOptions);
        var replay = ReplaySetup.Open(path, format, strict, symbol, indicators.Count > 0 ? indicators.Keys : null);
        var router = ReplaySetup.RouterFor(replay, indicators);
        var registry = router?.Instruments ?? replay.Registry;
        // Unpaced, the file is read and parsed ahead on another core while the engine works.
        ITickSource source = speed is { } multiple ? new PacedTickSource(replay, multiple, TimeProvider.System) : new ReadAheadTickSource(replay);
        var reporter = new WarningReporter(io, json);
        var options = ReplaySetup.EngineOptionsFor(replay, profile, stepNs);
        var schema = new DetectionEngine(registry, options).StateSchema;
        var autoencoder = ModelFiles.LoadAutoencoder(model.RegistryDirectory, model.AutoencoderVersion, schema);
        var forest = ModelFiles.LoadForest(model, schema);
        var calibration = ModelFiles.LoadCalibration(model.RegistryDirectory, model.CalibrationVersion, schema);
        var engine = new DetectionEngine(registry, options, reporter, forest, autoencoder?.Model);
        router?.Attach(engine);
        var calibrationUse = ModelFiles.Restore(engine, calibration);
        var size = new FileInfo(path).Length;
        await using (source)
        {
            var run = await ReplaySetup.GuardAsync(() => EngineProgress.RunAsync(
                io, $"replaying {Path.GetFileName(path)}", null, _ => 0,
                progress => EngineRunner.RunAsync(source, engine, router, progress, EngineRunner.DefaultBufferLength, cancellationToken)));
            RunReport.Write(io, json, "replay", $"{path} ({replay.Summary.Format}, {size:N0} bytes)", run, engine, reporter, replay.Summary, autoencoder?.Metadata is { } m ? $"{m.Kind} {m.VersionLabel}" : null, calibrationUse);
        }

        ModelFiles.Save(io, saveModelPath, engine, json);

        return VigilCli.Ok;
    }
}

/// <summary>Where the Isolation Forest comes from: a file (<c>--model</c>), a registry version (<c>--model-dir</c>,
/// <c>--model-version</c>), or neither (trained during the run); and the LSTM autoencoder version, if any.</summary>
internal sealed record ModelChoice(string? Path, string? RegistryDirectory, string? Version)
{
    /// <summary>The LSTM autoencoder version to load from <see cref="RegistryDirectory"/> (<c>--autoencoder-version</c>); null for none.</summary>
    public string? AutoencoderVersion { get; init; }

    /// <summary>The ensemble calibration version to restore from <see cref="RegistryDirectory"/> (<c>--calibration-version</c>); null for none.</summary>
    public string? CalibrationVersion { get; init; }
}
