using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using Spectre.Console;
using Vigil.Cli;
using Vigil.Detection.Models;

namespace Vigil.Commands;

/// <summary><c>vigil models list</c>: the models in a registry, with the ones it could not read and why.</summary>
internal static class ModelsCommand
{
    public static Command Build(CliIO io)
    {
        var directory = new Option<string>("--dir") { Description = "The model registry directory.", Required = true };
        var json = CommonOptions.Json();
        var list = new Command("list", "List the models in a registry (newest version of each kind last).") { directory, json };
        list.SetAction(result => List(io, result.GetValue(directory)!, result.GetValue(json)));
        return new Command("models", "Inspect the model registry written by 'vigil train'.") { list };
    }

    private static int List(CliIO io, string directory, bool json)
    {
        if (!Directory.Exists(directory))
        {
            throw new CliException($"--dir: {directory}: no such directory.");
        }

        var registry = new ModelRegistry(directory);
        var listing = registry.List();
        if (json)
        {
            JsonLines.Write(io.Out, new ModelListJson(registry.Directory, listing.Models, listing.Skipped), ModelsJsonContext.Default.ModelListJson);
            return VigilCli.Ok;
        }

        if (listing.Models.Count == 0)
        {
            io.Console.MarkupLineInterpolated($"No models in {registry.Directory}.");
        }
        else
        {
            var table = new Table().AddColumns("Kind", "Version", "Created (UTC)", "Features", "Steps", "Trained on", "Hash", "Held out");
            foreach (var model in listing.Models)
            {
                table.AddRow(
                    Markup.Escape(model.Kind),
                    model.VersionLabel,
                    model.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    model.Schema.Names.Count.ToString(CultureInfo.InvariantCulture),
                    model.TrainedOn.StepCount.ToString("N0", CultureInfo.InvariantCulture),
                    Markup.Escape(model.TrainedOn.Source),
                    Markup.Escape(model.ContentHash[..Math.Min(19, model.ContentHash.Length)]),
                    HeldOut(model));
            }

            io.Console.Write(table);
        }

        foreach (var skipped in listing.Skipped)
        {
            io.Console.MarkupLineInterpolated($"[yellow]skipped[/] {skipped.Path}: {skipped.Reason}");
        }

        return VigilCli.Ok;
    }

    /// <summary>The held-out measure of a model: the share of held-out calm steps above the Isolation Forest's fire
    /// threshold, the autoencoder's validation loss and training-error p99, or how many detectors a calibration covers.</summary>
    private static string HeldOut(ModelMetadata model)
    {
        if (model.Metrics.TryGetValue("holdout_fraction_above_threshold", out var above))
        {
            return $"{above.ToString("P1", CultureInfo.InvariantCulture)} above threshold";
        }

        if (model.Metrics.TryGetValue("validation_loss", out var loss) && model.Metrics.TryGetValue("error_p99", out var p99))
        {
            return $"val loss {loss.ToString("0.000", CultureInfo.InvariantCulture)}, error p99 {p99.ToString("0.000", CultureInfo.InvariantCulture)}";
        }

        if (model.Metrics.TryGetValue("detectors_with_history", out var covered) && model.Metrics.TryGetValue("detectors", out var detectors))
        {
            return $"{covered.ToString("0", CultureInfo.InvariantCulture)} of {detectors.ToString("0", CultureInfo.InvariantCulture)} detectors calibrated";
        }

        return "-";
    }
}

/// <summary>What <c>vigil train --json</c> writes: the model's directory and metadata.</summary>
internal sealed record TrainedModelJson(string Type, string Path, ModelMetadata Model);

/// <summary>What <c>vigil models list --json</c> writes.</summary>
internal sealed record ModelListJson(string Directory, IReadOnlyList<ModelMetadata> Models, IReadOnlyList<SkippedModel> Skipped);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(TrainedModelJson))]
[JsonSerializable(typeof(ModelListJson))]
internal sealed partial class ModelsJsonContext : JsonSerializerContext;
