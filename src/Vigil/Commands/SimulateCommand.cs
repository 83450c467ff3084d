using System.CommandLine;
using Spectre.Console;
using Vigil.Cli;
using Vigil.Core.Market;
using Vigil.Engine.Pipeline;
using Vigil.Engine.Running;
using Vigil.Engine.Simulation;
using Vigil.Engine.Sources;

namespace Vigil.Commands;

/// <summary><c>vigil simulate</c>: the engine over the correlated-market simulator, optionally with a crisis preset.</summary>
internal static class SimulateCommand
{
    public static Command Build(CliIO io)
    {
        var preset = new Option<string?>("--preset") { Description = $"Crisis preset to play: {string.Join(", ", CrisisPresets.Ids)}. Omit for a calm market." };
        var minutes = new Option<double>("--minutes") { Description = "Minutes of simulated (event) time.", DefaultValueFactory = _ => 30 };
        var calm = new Option<double?>("--calm-minutes") { Description = "Minutes of calm before the preset starts (default: a third of the run, at most 5)." };
        var seed = new Option<ulong>("--seed") { Description = "Random seed; the same seed gives the same market.", DefaultValueFactory = _ => 42UL };
        var speed = new Option<SimulatorSpeed>("--speed") { Description = "Tick rate: Slow 2 Hz, Normal 4 Hz, Fast 10 Hz, Turbo 25 Hz.", DefaultValueFactory = _ => SimulatorSpeed.Normal };
        var realtime = new Option<bool>("--realtime") { Description = "Pace the simulation in wall-clock time instead of running as fast as possible." };
        var model = ModelFiles.LoadOption();
        var saveModel = ModelFiles.SaveOption();
        var modelDir = ModelFiles.RegistryOption();
        var modelVersion = ModelFiles.RegistryVersionOption();
        var autoencoderVersion = ModelFiles.AutoencoderVersionOption();
        var calibrationVersion = ModelFiles.CalibrationVersionOption();
        var json = CommonOptions.Json();
        var command = new Command("simulate", "Run the engine over a simulated correlated market and print the warnings it raises.")
        {
            preset, minutes, calm, seed, speed, realtime, model, modelDir, modelVersion, autoencoderVersion, calibrationVersion, saveModel, json,
        };
        command.SetAction((result, cancellationToken) => RunAsync(io, new Arguments(
            result.GetValue(preset), result.GetValue(minutes), result.GetValue(calm), result.GetValue(seed),
            result.GetValue(speed), result.GetValue(realtime), new ModelChoice(result.GetValue(model), result.GetValue(modelDir), result.GetValue(modelVersion)) { AutoencoderVersion = result.GetValue(autoencoderVersion), CalibrationVersion = result.GetValue(calibrationVersion) },
            result.GetValue(saveModel), result.GetValue(json)), cancellationToken));
        return command;
    }

    private sealed record Arguments(string? Preset, double Minutes, double? CalmMinutes, ulong Seed, SimulatorSpeed Speed, bool Realtime, ModelChoice Model, string? SaveModel, bool Json);

    private static async Task<int> RunAsync(CliIO io, Arguments args, CancellationToken cancellationToken)
    {
        if (!(args.Minutes > 0) || double.IsInfinity(args.Minutes))
        {
            throw new CliException($"--minutes must be positive (got {args.Minutes}).", VigilCli.Usage);
        }

        StressScenario? scenario = null;
        if (args.Preset is not null && !CrisisPresets.TryGet(args.Preset, out scenario))
        {
            throw new CliException($"unknown preset '{args.Preset}'; choose one of {string.Join(", ", CrisisPresets.Ids)}.", VigilCli.Usage);
        }

        var calmMinutes = args.CalmMinutes ?? Math.Min(5.0, args.Minutes / 3.0);
        if (scenario is not null && (calmMinutes < 0 || calmMinutes >= args.Minutes))
        {
            throw new CliException($"--calm-minutes must be in [0, --minutes) (got {calmMinutes}).", VigilCli.Usage);
        }

        ModelFiles.CheckSavePath(args.SaveModel);
        var simulator = new MarketSimulator(new SimulatorOptions { Seed = args.Seed, TickRateHz = args.Speed.ToTickRateHz() });
        var duration = TimeSpan.FromMinutes(args.Minutes);
        ITickSource source = new SimulatorTickSource(simulator, duration, scenario, TimeSpan.FromMinutes(calmMinutes));
        if (args.Realtime)
        {
            source = new PacedTickSource(source, 1.0, TimeProvider.System);
        }

        var startNs = simulator.TimestampNs;
        var description = scenario is null
            ? $"simulator seed {args.Seed}, {args.Minutes} min at {args.Speed.ToTickRateHz()} Hz, calm"
            : $"simulator seed {args.Seed}, {args.Minutes} min at {args.Speed.ToTickRateHz()} Hz, {scenario.Id} from minute {calmMinutes:0.##}";
        if (scenario is not null)
        {
            var atNs = startNs + (long)(calmMinutes * TimeUnits.NsPerMinute);
            if (args.Json)
            {
                JsonLines.Write(io.Out, new ScenarioEventJson("scenario", "scheduled", scenario.Id, scenario.Name, Formatting.IsoTimestamp(atNs), atNs), CliJsonContext.Default.ScenarioEventJson);
            }
            else
            {
                io.Console.MarkupLineInterpolated($"[bold]{scenario.Name}[/] starts at {Formatting.Timestamp(atNs)} (event time), after {calmMinutes:0.##} calm minutes.");
            }
        }

        var reporter = new WarningReporter(io, args.Json);
        var options = new EngineOptions();
        var schema = new DetectionEngine(simulator.Registry, options).StateSchema;
        var autoencoder = ModelFiles.LoadAutoencoder(args.Model.RegistryDirectory, args.Model.AutoencoderVersion, schema);
        var model = ModelFiles.LoadForest(args.Model, schema);
        var calibration = ModelFiles.LoadCalibration(args.Model.RegistryDirectory, args.Model.CalibrationVersion, schema);
        var engine = new DetectionEngine(simulator.Registry, options, reporter, model, autoencoder?.Model);
        var calibrationUse = ModelFiles.Restore(engine, calibration);
        await using (source)
        {
            var run = await EngineProgress.RunAsync(
                io, "simulating", duration.TotalSeconds, p => (p.EventTimeNs - startNs) / 1e9,
                progress => EngineRunner.RunAsync(source, engine, progress, EngineRunner.DefaultBufferLength, cancellationToken));
            RunReport.Write(io, args.Json, "simulate", description, run, engine, reporter, replay: null, autoencoder?.Metadata is { } m ? $"{m.Kind} {m.VersionLabel}" : null, calibrationUse);
        }

        ModelFiles.Save(io, args.SaveModel, engine, args.Json);

        return VigilCli.Ok;
    }
}
