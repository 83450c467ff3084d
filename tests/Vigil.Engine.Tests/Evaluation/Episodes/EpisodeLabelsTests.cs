using System.Text;
using Vigil.Engine.Evaluation.Episodes;

namespace Vigil.Engine.Tests.Evaluation.Episodes;

public sealed class EpisodeLabelsTests
{
    private static EpisodeLabels Parse(string json) =>
        EpisodeLabels.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)), "test.labels.json");

    private static InvalidDataException ParseFails(string json) =>
        Assert.Throws<InvalidDataException>(() => Parse(json));

    [Fact]
    public void Parses_episodes_in_start_order_ignoring_other_fields()
    {
        var labels = Parse("""
            {
              "generator": "gen_ticks.py",
              "seed": 42,
              "symbols": ["SPX", "NDX"],
              "episodes": [
                { "id": 2, "type": "equity_crash", "start_step": 1703, "start_ts_ms": 1700000425750, "end_ts_ms": 1700000500000,
                  "emphasis": { "equity": 1.5 } },
                { "id": 1, "type": "credit_event", "start_ts_ms": 1700000236250, "end_ts_ms": 1700000323750 },
                { "id": 3, "start_ts_ms": 1700000550000, "end_ts_ms": 1700000550000 }
              ]
            }
            """);

        Assert.Equal(
            [
                new LabelledEpisode(1, "credit_event", 1700000236250, 1700000323750),
                new LabelledEpisode(2, "equity_crash", 1700000425750, 1700000500000),
                new LabelledEpisode(3, "unknown", 1700000550000, 1700000550000),
            ],
            labels.Episodes);
    }

    [Fact]
    public void An_empty_episode_list_is_valid()
    {
        Assert.Empty(Parse("""{ "episodes": [] }""").Episodes);
    }

    [Fact]
    public void Invalid_json_is_rejected_naming_the_source()
    {
        var e = ParseFails("""{ "episodes": [ { "id": 1, """);
        Assert.StartsWith("test.labels.json: not valid labels JSON", e.Message, StringComparison.Ordinal);
        Assert.NotNull(e.InnerException);
    }

    [Theory]
    [InlineData("""{ "seed": 1 }""")]
    [InlineData("""{ "episodes": null }""")]
    [InlineData("null")]
    public void A_document_without_an_episodes_array_is_rejected(string json)
    {
        Assert.Equal("test.labels.json: no \"episodes\" array.", ParseFails(json).Message);
    }

    [Fact]
    public void A_wrongly_typed_field_is_rejected()
    {
        var e = ParseFails("""{ "episodes": [ { "id": 1, "start_ts_ms": "soon", "end_ts_ms": 2 } ] }""");
        Assert.Contains("not valid labels JSON", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "id": 7, "end_ts_ms": 2000 }""")]
    [InlineData("""{ "id": 7, "start_ts_ms": 1000 }""")]
    [InlineData("""{ "id": 7, "start_ts_ms": null, "end_ts_ms": 2000 }""")]
    public void An_episode_without_start_or_end_is_rejected_naming_it(string episode)
    {
        var e = ParseFails($$"""{ "episodes": [ { "id": 6, "start_ts_ms": 1, "end_ts_ms": 2 }, {{episode}} ] }""");
        Assert.Equal("test.labels.json: episode 7 lacks start_ts_ms or end_ts_ms.", e.Message);
    }

    [Fact]
    public void An_episode_that_ends_before_it_starts_is_rejected()
    {
        var e = ParseFails("""{ "episodes": [ { "id": 4, "start_ts_ms": 2000, "end_ts_ms": 1999 } ] }""");
        Assert.Equal("test.labels.json: episode 4 ends (1999) before it starts (2000).", e.Message);
    }

    [Fact]
    public void Load_reads_a_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vigil-labels-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, """{ "episodes": [ { "id": 1, "type": "fx_shock", "start_ts_ms": 10, "end_ts_ms": 20 } ] }""");
            Assert.Equal([new LabelledEpisode(1, "fx_shock", 10, 20)], EpisodeLabels.Load(path).Episodes);

            File.WriteAllText(path, "[1, 2]");
            var e = Assert.Throws<InvalidDataException>(() => EpisodeLabels.Load(path));
            Assert.StartsWith(path + ":", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
