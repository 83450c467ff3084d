using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Vigil.Server.Options;

namespace Vigil.Server.Api;

/// <summary>The effective configuration, read only.</summary>
internal static class ConfigApi
{
    // Settings whose names say they hold credentials are never echoed, whichever area adds them.
    private static readonly string[] SecretWords = ["password", "secret", "token", "connection_string", "api_key", "credential", "webhook_url"];

    public static RouteGroupBuilder MapConfigApi(this RouteGroupBuilder api)
    {
        api.MapGet("/config", GetConfig)
            .WithTags("Config")
            .WithName("GetConfig")
            .WithSummary("The effective options (appsettings, environment, command line), as validated at start; credentials are redacted.");
        return api;
    }

    /// <summary>The options the service runs with.</summary>
    internal static Utf8JsonResult<VigilOptions> GetConfig(IOptions<VigilOptions> options, IOptions<JsonOptions> json)
    {
        var serializer = json.Value.SerializerOptions;
        var node = JsonSerializer.SerializeToNode(options.Value, serializer.GetTypeInfo(typeof(VigilOptions)));
        Redact(node);
        return new Utf8JsonResult<VigilOptions>(JsonSerializer.SerializeToUtf8Bytes(node, serializer.GetTypeInfo(typeof(JsonNode))));
    }

    private static void Redact(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToArray())
                {
                    if (child is JsonValue && SecretWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase)))
                    {
                        obj[name] = "***";
                    }
                    else
                    {
                        Redact(child);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Redact(child);
                }

                break;
        }
    }
}
