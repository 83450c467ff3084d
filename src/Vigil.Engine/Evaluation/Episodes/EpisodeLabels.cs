using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vigil.Engine.Evaluation.Episodes;

/// <summary>One labelled crisis episode in a tick file.</summary>
/// <param name="Id">The episode's id.</param>
/// <param name="Type">What kind of episode (for example <c>equity_crash</c>).</param>
/// <param name="StartMs">Its start, in milliseconds since the Unix epoch.</param>
/// <param name="EndMs">Its end (inclusive), in milliseconds since the Unix epoch.</param>
public sealed record LabelledEpisode(int Id, string Type, long StartMs, long EndMs);

/// <summary>
/// The labels of a tick file (<c>*.labels.json</c> beside the benchmark files): the episodes, each with its start
/// and end in event time.
/// </summary>
public sealed class EpisodeLabels
{
    private EpisodeLabels(IReadOnlyList<LabelledEpisode> episodes) => Episodes = episodes;

    /// <summary>The episodes, in start order.</summary>
    public IReadOnlyList<LabelledEpisode> Episodes { get; }

    /// <summary>Reads a labels file.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="InvalidDataException">The file is not a labels file, naming what is wrong.</exception>
    public static EpisodeLabels Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Parse(stream, path);
    }

    /// <summary>Reads labels from a stream.</summary>
    /// <param name="stream">The JSON.</param>
    /// <param name="name">The name to use in errors.</param>
    /// <exception cref="InvalidDataException">The JSON is not a labels document, naming what is wrong.</exception>
    public static EpisodeLabels Parse(Stream stream, string name)
    {
        LabelsDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(stream, LabelsJsonContext.Default.LabelsDocument);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{name}: not valid labels JSON: {e.Message}", e);
        }

        if (document?.Episodes is null)
        {
            throw new InvalidDataException($"{name}: no \"episodes\" array.");
        }

        var episodes = new List<LabelledEpisode>(document.Episodes.Count);
        foreach (var e in document.Episodes)
        {
            if (e.StartTsMs is not { } start || e.EndTsMs is not { } end)
            {
                throw new InvalidDataException($"{name}: episode {e.Id} lacks start_ts_ms or end_ts_ms.");
            }

            if (end < start)
            {
                throw new InvalidDataException($"{name}: episode {e.Id} ends ({end}) before it starts ({start}).");
            }

            episodes.Add(new LabelledEpisode(e.Id, e.Type ?? "unknown", start, end));
        }

        episodes.Sort((a, b) => a.StartMs.CompareTo(b.StartMs));
        return new EpisodeLabels(episodes);
    }

    internal sealed class LabelsDocument
    {
        [JsonPropertyName("episodes")]
        public List<EpisodeDocument>? Episodes { get; set; }
    }

    internal sealed class EpisodeDocument
    {
        [JsonPropertyName("id")]
        public int Id { get; set; }

        [JsonPropertyName("type")]
        public string? Type { get; set; }

        [JsonPropertyName("start_ts_ms")]
        public long? StartTsMs { get; set; }

        [JsonPropertyName("end_ts_ms")]
        public long? EndTsMs { get; set; }
    }
}

[JsonSerializable(typeof(EpisodeLabels.LabelsDocument))]
internal sealed partial class LabelsJsonContext : JsonSerializerContext;
