using Microsoft.AspNetCore.Http.HttpResults;
using Vigil.Detection.Models;
using Vigil.Server.Live;

namespace Vigil.Server.Api;

/// <summary>The model registry: the trained models it holds and which one the live engine uses.</summary>
internal static class ModelsApi
{
    public static RouteGroupBuilder MapModelsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/models").WithTags("Models");
        group.MapGet("/", GetModels)
            .WithName("GetModels")
            .WithSummary("The models in the configured registry (Vigil:Models:Directory) with their metadata, the directories skipped as unreadable, and which models the live engine uses.");
        group.MapGet("/{kind}/{version}", GetModel)
            .WithName("GetModel")
            .WithSummary("One model's metadata; version is v0003, 3 or latest.");
        return api;
    }

    /// <summary>The registry listing and the live engine's models.</summary>
    /// <param name="models">The configured registry and the models in use.</param>
    internal static Ok<ModelsResponse> GetModels(ModelSelection models)
    {
        var listing = models.Registry?.List() ?? new ModelListing([], []);
        return TypedResults.Ok(new ModelsResponse(
            models.Registry?.Directory,
            LiveModels.From(models),
            listing.Models,
            listing.Skipped));
    }

    /// <summary>One model's metadata.</summary>
    /// <param name="kind">The kind: isolation_forest, lstm_autoencoder or calibration.</param>
    /// <param name="version">The version: v0003, 3 or latest.</param>
    /// <param name="models">The configured registry.</param>
    internal static Results<Ok<ModelMetadata>, NotFoundProblem, ValidationProblem, ProblemHttpResult> GetModel(string kind, string version, ModelSelection models)
    {
        if (!ModelKinds.IsKnown(kind))
        {
            return ApiProblems.NotFound($"There is no model kind '{ApiParse.Shorten(kind)}'; the kinds are {string.Join(", ", ModelKinds.All)}.");
        }

        if (!ModelVersion.IsSelector(version))
        {
            return ApiErrors.Single("version", "must be a version such as v0003 or 3, or latest");
        }

        if (models.Registry is null)
        {
            return ApiProblems.NotFound("No model registry is configured (Vigil:Models:Directory).");
        }

        try
        {
            return TypedResults.Ok(models.Registry.Resolve(kind, version));
        }
        catch (FileNotFoundException e)
        {
            return ApiProblems.NotFound(e.Message);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Unreadable model", detail: e.Message);
        }
    }
}

/// <summary>The registry listing with the models the live engine uses.</summary>
/// <param name="Directory">The registry's full path, or null when none is configured.</param>
/// <param name="Live">What the live engine scores with.</param>
/// <param name="Models">The readable models, by kind then version.</param>
/// <param name="Skipped">The version directories that could not be read, with the reason.</param>
public sealed record ModelsResponse(string? Directory, LiveModels Live, IReadOnlyList<ModelMetadata> Models, IReadOnlyList<SkippedModel> Skipped);

/// <summary>The models the live engine uses.</summary>
/// <param name="IsolationForest">Where its Isolation Forest comes from.</param>
/// <param name="Autoencoder">Its LSTM autoencoder: <c>registry</c> with the version, or <c>none</c> when
/// <c>Vigil:Models:Autoencoder</c> is empty (the autoencoder's reading then stays not ready).</param>
/// <param name="Calibration">The ensemble calibration restored before warm-up: <c>registry</c> with the version, or
/// <c>none</c> when <c>Vigil:Models:Calibration</c> is empty (scores calibrated from scratch).</param>
/// <param name="CalibrationUncovered">The detectors the restored calibration does not cover (calibrated from scratch); empty without one.</param>
public sealed record LiveModels(LiveModel IsolationForest, LiveModel Autoencoder, LiveModel Calibration, IReadOnlyList<string> CalibrationUncovered)
{
    internal static LiveModels From(ModelSelection models) => new(
        models.IsolationForest is { } forest
            ? new LiveModel("registry", forest.Kind, forest.VersionLabel, forest.ContentHash)
            : new LiveModel("online", ModelKinds.IsolationForest, null, null),
        models.Autoencoder is { } autoencoder
            ? new LiveModel("registry", autoencoder.Kind, autoencoder.VersionLabel, autoencoder.ContentHash)
            : new LiveModel("none", ModelKinds.LstmAutoencoder, null, null),
        models.Calibration is { } calibration
            ? new LiveModel("registry", calibration.Kind, calibration.VersionLabel, calibration.ContentHash)
            : new LiveModel("none", ModelKinds.Calibration, null, null),
        models.CalibrationUncovered);
}

/// <summary>One model the live engine uses.</summary>
/// <param name="Source"><c>registry</c> (loaded at start), <c>online</c> (trained on the first calm steps of this run) or <c>none</c> (not used).</param>
/// <param name="Kind">The model kind.</param>
/// <param name="Version">The registry version label, or null when trained online.</param>
/// <param name="ContentHash">The payload hash, or null when trained online.</param>
public sealed record LiveModel(string Source, string Kind, string? Version, string? ContentHash);
