using System.Text.Json;
using System.Text.Json.Serialization;
using Vigil.Engine.Live;

namespace Vigil.Storage;

/// <summary>
/// How the store writes messages as JSON (warning events in the database, batches in the spool): snake_case names,
/// enums by name, and NaN and infinities kept (detectors report NaN while warming up).
/// </summary>
public static class StoreJson
{
    /// <summary>The serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>A warning event as JSON.</summary>
    /// <param name="warning">The event.</param>
    public static string Serialize(PublishedWarning warning) => JsonSerializer.Serialize(warning, Options);

    /// <summary>A warning event from its JSON.</summary>
    /// <param name="json">The JSON <see cref="Serialize(PublishedWarning)"/> wrote.</param>
    /// <exception cref="JsonException">The JSON is not a warning event.</exception>
    public static PublishedWarning DeserializeWarning(string json) =>
        JsonSerializer.Deserialize<PublishedWarning>(json, Options) ?? throw new JsonException("A warning event was null.");

    /// <summary>A warning report as JSON.</summary>
    /// <param name="report">The report.</param>
    public static string Serialize(Engine.Warnings.Reports.BlackSwanReport report) => JsonSerializer.Serialize(report, Options);

    /// <summary>A warning report from its JSON.</summary>
    /// <param name="json">The JSON <see cref="Serialize(Engine.Warnings.Reports.BlackSwanReport)"/> wrote.</param>
    /// <exception cref="JsonException">The JSON is not a report.</exception>
    public static Engine.Warnings.Reports.BlackSwanReport DeserializeReport(string json) =>
        JsonSerializer.Deserialize<Engine.Warnings.Reports.BlackSwanReport>(json, Options) ?? throw new JsonException("A warning report was null.");

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            WriteIndented = false,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
