using System.Text.Json.Serialization;

namespace Vigil.Detection.Models;

/// <summary>Source-generated JSON for <c>metadata.json</c>: snake_case like the API, indented for people, strict on
/// read (required members and nullability enforced) so a damaged file is refused rather than half-read.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(ModelMetadata))]
internal sealed partial class ModelJsonContext : JsonSerializerContext;
