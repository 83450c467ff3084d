using Vigil.Engine.Evaluation.Nab;

namespace Vigil.Engine.Tests.Evaluation.Nab;

public sealed class NabCorpusTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "vigil-nab-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, true);
        }
    }

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(_root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private void WriteProfiles() => Write("config/profiles.json",
        """{ "standard": { "CostMatrix": { "tpWeight": 1.0, "fnWeight": 1.0, "fpWeight": 0.11, "tnWeight": 1.0 } } }""");

    [Fact]
    public void Loads_every_row_including_repeated_timestamps_and_places_windows_on_rows()
    {
        Write("data/cat/a.csv", "timestamp,value\n2020-01-01 00:00:00,1\n2020-01-01 01:00:00,2\n2020-01-01 01:00:00,3\n2020-01-01 02:00:00,4.5\n2020-01-01 03:00:00,5\n");
        Write("data/cat/unlabelled.csv", "timestamp,value\n2020-01-01 00:00:00,1\n");
        Write("labels/combined_windows.json", """{ "cat/a.csv": [["2020-01-01 02:00:00.000000", "2020-01-01 03:00:00.000000"]] }""");
        WriteProfiles();

        var corpus = NabCorpus.Load(_root);

        var file = Assert.Single(corpus.Files);
        Assert.Equal("cat/a.csv", file.RelativePath);
        Assert.Equal([1.0, 2, 3, 4.5, 5], file.Values);
        Assert.Equal(file.TimestampsNs[1], file.TimestampsNs[2]);
        var window = Assert.Single(file.Windows);
        Assert.Equal((3, 4), (window.StartRow, window.EndRow));
        Assert.Equal(NabCostProfile.Standard, Assert.Single(corpus.Profiles));
    }

    [Fact]
    public void A_window_limit_that_matches_no_row_is_rejected()
    {
        Write("data/cat/a.csv", "timestamp,value\n2020-01-01 00:00:00,1\n2020-01-01 01:00:00,2\n");
        Write("labels/combined_windows.json", """{ "cat/a.csv": [["2020-01-01 00:30:00.000000", "2020-01-01 01:00:00.000000"]] }""");
        WriteProfiles();

        Assert.Throws<InvalidDataException>(() => NabCorpus.Load(_root));
    }

    [Fact]
    public void A_malformed_row_is_rejected_with_its_line()
    {
        Write("data/cat/a.csv", "timestamp,value\n2020-01-01 00:00:00,1\n2020-01-01 01:00:00,oops\n");
        Write("labels/combined_windows.json", """{ "cat/a.csv": [] }""");
        WriteProfiles();

        var error = Assert.Throws<InvalidDataException>(() => NabCorpus.Load(_root));
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fixture_corpus_loads_nabs_profiles_and_windows()
    {
        var corpus = NabCorpus.Load(NabFixtures.Root);

        Assert.Equal(6, corpus.Files.Count);
        Assert.Equal(["standard", "reward_low_FP_rate", "reward_low_FN_rate"], corpus.Profiles.Select(p => p.Name));
        Assert.Equal(NabCostProfile.All, corpus.Profiles);
        Assert.Empty(corpus.Find(NabFixtures.NoAnomalies)!.Windows);
        Assert.Equal(4, corpus.Find(NabFixtures.FourWindows)!.Windows.Count);
        Assert.Equal(1624, corpus.Find(NabFixtures.RepeatedTimestamp)!.RowCount);
    }
}
