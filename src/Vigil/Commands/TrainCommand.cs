using System.CommandLine;
using Spectre.Console;
using Vigil.Cli;
using Vigil.Detection.Models;
using Vigil.Detection.Neural;
using Vigil.Engine.Pipeline;
using Vigil.Engine.Replay;
using Vigil.Engine.Running;
using Vigil.Engine.Simulation;
using Vigil.Engine.Sources;

namespace Vigil.Commands;

/// <summary>
/// <c>vigil train</c>: runs the engine over calm data (the simulator, or a replay file), collects the state vectors it
/// builds, fits a model on them and writes it to a model registry with its metadata.
/// </summary>
internal static class TrainCommand
{
    public static Command Build(CliIO io)
    {
        var directory = new Option<string>("--dir") { Description = "The model registry directory (created if absent).", Required = true };
        var kind = new Option<string>("--kind") { Description = $"The model to train: {string.Join(", ", ModelTrainers.Kinds)}.", DefaultValueFactory = _ => ModelKinds.IsolationForest };
        var steps = new Option<int>("--steps") { Description = "Calm simulator steps to run (one per tick; 4 a second at the default speed).", DefaultValueFactory = _ => 4096 };
        var seed = new Option<ulong>("--seed") { Description = "Simulator and fitting seed.", DefaultValueFactory = _ => 42UL };
        var replay = new Option<string?>("--replay") { Description = "Train on this recorded file (plain or .gz) instead of the simulator; it should be calm." };
        var format = CommonOptions.Format();
        var profile = CommonOptions.Profile();
        var step = new Option<string?>("--step") { Description = "With --replay: market step length (250ms, 1s, 1d…); auto makes each distinct timestamp a step.", DefaultValueFactory = _ => "auto" };
        var holdout = new Option<double>("--holdout") { Description = "Share of the calm steps, at the end, held out of fitting to measure the model; in [0, 0.9].", DefaultValueFactory = _ => 0.2 };
        var trees = new Option<int?>("--trees") { Description = "Isolation Forest trees (default: the engine's)." };
        var defaults = LstmAutoencoderModelTrainer.CliDefaults;
        var epochs = new Option<int>("--epochs") { Description = $"LSTM autoencoder: the most passes over the training windows (early stopping may end sooner).", DefaultValueFactory = _ => defaults.Epochs };
        var learningRate = new Option<double>("--learning-rate") { Description = "LSTM autoencoder: Adam's step size.", DefaultValueFactory = _ => defaults.LearningRate };
        var stride = new Option<int>("--stride") { Description = $"LSTM autoencoder: steps between the starts of consecutive {defaults.WindowLength}-step training windows.", DefaultValueFactory = _ => defaults.WindowStride };
        var batch = new Option<int>("--batch") { Description = "LSTM autoencoder: windows per Adam step.", DefaultValueFactory = _ => defaults.BatchSize };
        var json = CommonOptions.Json();
        var command = new Command("train", "Train a model on calm data through the engine and write it to a model registry.")
        {
            directory, kind, steps, seed, replay, format, profile, step, holdout, trees, epochs, learningRate, stride, batch, json,
        };
        command.SetAction((result, cancellationToken) => RunAsync(io, new Arguments(
            result.GetValue(directory)!, result.GetValue(kind)!, result.GetValue(steps), result.GetValue(seed), result.GetValue(replay),
            result.GetValue(format), result.GetValue(profile), result.GetValue(step), result.GetValue(holdout), result.GetValue(trees), result.GetValue(json))
        {
            Autoencoder = defaults with
            {
                Epochs = result.GetValue(epochs),
                LearningRate = result.GetValue(learningRate),
                WindowStride = result.GetValue(stride),
                BatchSize = result.GetValue(batch),
            },
        }, cancellationToken));
        return command;
    }

    private sealed record Arguments(
        string Directory, string Kind, int Steps, ulong Seed, string? Replay, ReplayFormat Format, EngineProfile Profile, string? Step, double Holdout, int? Trees, bool Json)
    {
        public required LstmAutoencoderTrainingOptions Autoencoder { get; init; }
    }

    private static async Task<int> RunAsync(CliIO io, Arguments args, CancellationToken cancellationToken)
    {
        var trainer = ModelTrainers.For(args.Kind, new TrainerSettings(args.Holdout, args.Trees, args.Seed) { Autoencoder = args.Autoencoder })
            ?? throw new CliException($"--kind: cannot train '{args.Kind}'; choose one of {string.Join(", ", ModelTrainers.Kinds)}.", VigilCli.Usage);
        if (args.Steps < 1)
        {
            throw new CliException($"--steps must be positive (got {args.Steps}).", VigilCli.Usage);
        }

        if (!(args.Holdout is >= 0 and <= 0.9))
        {
            throw new CliException($"--holdout must be in [0, 0.9] (got {args.Holdout}).", VigilCli.Usage);
        }

        if (args.Trees is < 1)
        {
            throw new CliException($"--trees must be positive (got {args.Trees}).", VigilCli.Usage);
        }

        CheckAutoencoderOptions(args.Autoencoder);
        var data = args.Replay is null
            ? await CollectFromSimulatorAsync(io, args, cancellationToken)
            : await CollectFromReplayAsync(io, args, cancellationToken);
        var needed = (int)Math.Ceiling(trainer.MinimumRows / (1 - args.Holdout));
        if (data.RowCount < needed || data.StepCount == 0)
        {
            throw new CliException(
                $"only {data.RowCount} steps had a complete state vector (the features warm up first); {trainer.Kind} needs at least {needed} with --holdout {args.Holdout}. Run more steps.");
        }

        var trained = await TrainWithProgressAsync(io, trainer, data, cancellationToken);
        ModelMetadata metadata;
        var registry = new ModelRegistry(args.Directory);
        try
        {
            metadata = registry.Save(trained.Draft, trained.WritePayload);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"--dir: {args.Directory}: {e.Message}");
        }

        var path = registry.VersionDirectory(metadata.Kind, metadata.Version);
        if (args.Json)
        {
            JsonLines.Write(io.Out, new TrainedModelJson("model", path, metadata), ModelsJsonContext.Default.TrainedModelJson);
        }
        else
        {
            io.Console.MarkupLineInterpolated($"Trained [bold]{metadata.Kind} {metadata.VersionLabel}[/]: {trained.Summary}");
            io.Console.MarkupLineInterpolated($"Wrote {path} ({metadata.ContentHash[..19]}…).");
        }

        return VigilCli.Ok;
    }

    private static void CheckAutoencoderOptions(LstmAutoencoderTrainingOptions options)
    {
        var problems = new List<string>();
        if (options.Epochs < 1)
        {
            problems.Add($"--epochs must be positive (got {options.Epochs}).");
        }

        if (!(options.LearningRate > 0) || !double.IsFinite(options.LearningRate))
        {
            problems.Add($"--learning-rate must be positive and finite (got {options.LearningRate}).");
        }

        if (options.WindowStride < 1)
        {
            problems.Add($"--stride must be positive (got {options.WindowStride}).");
        }

        if (options.BatchSize < 1)
        {
            problems.Add($"--batch must be positive (got {options.BatchSize}).");
        }

        if (problems.Count > 0)
        {
            throw new CliException(string.Join(" ", problems), VigilCli.Usage);
        }
    }

    /// <summary>Trains under a progress bar on the error stream (one update per epoch for the autoencoder, with its losses) when a person is watching.</summary>
    private static async Task<TrainedModel> TrainWithProgressAsync(CliIO io, IModelTrainer trainer, TrainingData data, CancellationToken cancellationToken)
    {
        if (!io.Interactive)
        {
            return trainer.Train(data, null, cancellationToken);
        }

        TrainedModel trained = null!;
        await io.ProgressConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"training {trainer.Kind}", maxValue: 1.0);
                var progress = new SynchronousProgress(p =>
                {
                    task.Value = Math.Min(1.0, p.Fraction);
                    if (p.Status is { } status)
                    {
                        task.Description = Markup.Escape($"{trainer.Kind}: {status}");
                    }
                });
                // Training is CPU-bound: run it off the thread that draws the bar.
                trained = await Task.Run(() => trainer.Train(data, progress, cancellationToken), cancellationToken);
                task.Value = task.MaxValue;
            });
        return trained;
    }

    /// <summary>Reports on the training thread; the bar redraws on its own timer.</summary>
    private sealed class SynchronousProgress(Action<TrainerProgress> report) : IProgress<TrainerProgress>
    {
        public void Report(TrainerProgress value) => report(value);
    }

    private static async Task<TrainingData> CollectFromSimulatorAsync(CliIO io, Arguments args, CancellationToken cancellationToken)
    {
        var simulator = new MarketSimulator(new SimulatorOptions { Seed = args.Seed });
        var duration = TimeSpan.FromSeconds(args.Steps / simulator.TickRateHz);
        var options = new EngineOptions();
        var schema = new DetectionEngine(simulator.Registry, options).StateSchema;
        var collector = new StateVectorCollector(schema.Count);
        var engine = new DetectionEngine(simulator.Registry, options, collector);
        var startNs = simulator.TimestampNs;
        await using (var source = new SimulatorTickSource(simulator, duration, null, TimeSpan.Zero))
        {
            await EngineProgress.RunAsync(
                io, $"collecting {args.Steps:N0} calm steps", duration.TotalSeconds, p => (p.EventTimeNs - startNs) / 1e9,
                progress => EngineRunner.RunAsync(source, engine, progress, EngineRunner.DefaultBufferLength, cancellationToken));
        }

        var description = $"simulator seed {args.Seed}, calm, {args.Steps} steps at {simulator.TickRateHz} Hz";
        return collector.ToTrainingData(schema, description, options, engine, "Intraday");
    }

    private static async Task<TrainingData> CollectFromReplayAsync(CliIO io, Arguments args, CancellationToken cancellationToken)
    {
        var path = args.Replay!;
        var stepNs = ReplaySetup.ParseStep(args.Step);
        var replay = ReplaySetup.Open(path, args.Format, strict: false);
        var options = ReplaySetup.EngineOptionsFor(replay, args.Profile, stepNs);
        var schema = new DetectionEngine(replay.Registry, options).StateSchema;
        var collector = new StateVectorCollector(schema.Count);
        var engine = new DetectionEngine(replay.Registry, options, collector);
        await using (ITickSource source = new ReadAheadTickSource(replay))
        {
            await ReplaySetup.GuardAsync(() => EngineProgress.RunAsync(
                io, $"collecting steps from {Path.GetFileName(path)}", null, _ => 0,
                progress => EngineRunner.RunAsync(source, engine, progress, EngineRunner.DefaultBufferLength, cancellationToken)));
        }

        var profile = ReplaySetup.IsDaily(replay, args.Profile) ? "Daily" : "Intraday";
        return collector.ToTrainingData(schema, $"{Path.GetFullPath(path)} ({replay.Summary.Format}, {replay.Summary.RowsRead:N0} rows, {replay.Summary.Rejections:N0} rejected)", options, engine, profile);
    }
}
