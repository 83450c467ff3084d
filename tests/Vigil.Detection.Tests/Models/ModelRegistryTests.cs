using System.Text;
using Vigil.Detection.CrossAsset;
using Vigil.Detection.Ensemble;
using Vigil.Detection.Models;
using Vigil.Detection.Neural;
using Xunit;

namespace Vigil.Detection.Tests.Models;

public sealed class ModelRegistryTests : IDisposable
{
    private static readonly FeatureSchema Schema = new(["SPX.ret", "SPX.vol", "UST10.ret", "UST10.vol"]);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "vigil-registry-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void A_saved_forest_loads_back_scoring_identically_with_its_metadata()
    {
        var registry = new ModelRegistry(_directory);
        var forest = Forest(seed: 7);
        var draft = Draft() with { Metrics = new Dictionary<string, double> { ["train_score_p99"] = 0.61, ["holdout_rows"] = 50 } };

        var saved = registry.Save(draft, forest.Save);
        var found = registry.Find(ModelKinds.IsolationForest, 1);

        Assert.NotNull(found);
        Assert.Equal("v0001", found.VersionLabel);
        Assert.Equal(saved.ContentHash, found.ContentHash);
        Assert.StartsWith("sha256:", found.ContentHash, StringComparison.Ordinal);
        Assert.Equal(0.61, found.Metrics["train_score_p99"]);
        Assert.Equal(Schema.Names, found.Schema.Names);
        Assert.Equal(ModelSchema.FormatFingerprint(Schema.Fingerprint), found.Schema.Fingerprint);
        Assert.Equal(1_000_000_000L, found.TrainedOn.FirstTimestampNs);
        Assert.Equal(new DateTimeOffset(1970, 1, 1, 0, 0, 1, TimeSpan.Zero), found.TrainedOn.FirstTimestamp);
        Assert.Equal(200, found.TrainedOn.StepCount);
        Assert.False(string.IsNullOrEmpty(found.Code.InformationalVersion));
        var loaded = registry.LoadIsolationForest(found, Schema);
        double[] probe = [0.3, -1.2, 2.5, 0.0];
        Assert.Equal(forest.Score(probe), loaded.Score(probe));
        Assert.Equal(File.ReadAllBytes(Path.Combine(registry.VersionDirectory(ModelKinds.IsolationForest, 1), ModelRegistry.PayloadFileName)), ToBytes(forest));
    }

    [Fact]
    public void Versions_increase_per_kind_and_latest_is_the_highest()
    {
        var registry = new ModelRegistry(_directory);
        var first = registry.Save(Draft(), Forest(1).Save);
        var second = registry.Save(Draft(), Forest(2).Save);
        var calibration = registry.Save(Draft() with { Kind = ModelKinds.Calibration }, s => s.Write("calibration"u8));
        var third = registry.Save(Draft(), Forest(3).Save);

        Assert.Equal([1, 2, 3], new[] { first.Version, second.Version, third.Version });
        Assert.Equal(1, calibration.Version);
        Assert.Equal(3, registry.Latest(ModelKinds.IsolationForest)!.Version);
        Assert.Equal(2, registry.Resolve(ModelKinds.IsolationForest, "v0002").Version);
        Assert.Equal(2, registry.Resolve(ModelKinds.IsolationForest, "2").Version);
        Assert.Equal(3, registry.Resolve(ModelKinds.IsolationForest, "LATEST").Version);
        Assert.NotEqual(first.ContentHash, second.ContentHash);
        var listing = registry.List();
        Assert.Equal(["isolation_forest v0001", "isolation_forest v0002", "isolation_forest v0003", "calibration v0001"],
            listing.Models.Select(m => $"{m.Kind} {m.VersionLabel}"));
        Assert.Empty(listing.Skipped);
    }

    [Fact]
    public void A_version_number_is_never_reused_even_when_the_newest_version_is_damaged()
    {
        var registry = new ModelRegistry(_directory);
        registry.Save(Draft(), Forest(1).Save);
        var damaged = registry.Save(Draft(), Forest(2).Save);
        File.WriteAllText(Path.Combine(registry.VersionDirectory(damaged.Kind, damaged.Version), ModelRegistry.MetadataFileName), "{");

        var next = registry.Save(Draft(), Forest(3).Save);

        Assert.Equal(3, next.Version);
        Assert.Equal(3, registry.Latest(ModelKinds.IsolationForest)!.Version);
    }

    [Fact]
    public async Task Concurrent_writers_get_distinct_versions()
    {
        var registry = new ModelRegistry(_directory);
        var forests = Enumerable.Range(1, 8).Select(i => Forest((ulong)i)).ToArray();

        var saved = await Task.WhenAll(forests.Select(f => Task.Run(() => registry.Save(Draft(), f.Save))));

        Assert.Equal(Enumerable.Range(1, 8), saved.Select(m => m.Version).Order());
        var listing = registry.List();
        Assert.Equal(8, listing.Models.Count);
        Assert.Empty(listing.Skipped);
        foreach (var model in saved)
        {
            Assert.Equal(model.ContentHash, registry.Find(model.Kind, model.Version)!.ContentHash);
        }
    }

    [Fact]
    public void A_write_that_fails_part_way_leaves_no_model_and_no_files_behind()
    {
        var registry = new ModelRegistry(_directory);
        registry.Save(Draft(), Forest(1).Save);

        var e = Assert.Throws<IOException>(() => registry.Save(Draft(), stream =>
        {
            stream.Write(new byte[1000]);
            throw new IOException("disk full");
        }));

        Assert.Equal("disk full", e.Message);
        var kindDirectory = Path.Combine(_directory, ModelKinds.IsolationForest);
        Assert.Equal(["v0001"], Directory.GetDirectories(kindDirectory).Select(Path.GetFileName));
        Assert.Single(registry.List().Models);
        Assert.Equal(2, registry.Save(Draft(), Forest(2).Save).Version);
    }

    [Fact]
    public void An_empty_payload_is_refused_and_leaves_nothing()
    {
        var registry = new ModelRegistry(_directory);

        var e = Assert.Throws<InvalidOperationException>(() => registry.Save(Draft(), _ => { }));

        Assert.Contains("empty", e.Message, StringComparison.Ordinal);
        Assert.Empty(registry.List().Models);
        Assert.Empty(Directory.GetDirectories(Path.Combine(_directory, ModelKinds.IsolationForest)));
    }

    [Fact]
    public void A_payload_changed_after_writing_is_skipped_by_the_listing_with_its_reason_and_refused_by_find()
    {
        var registry = new ModelRegistry(_directory);
        registry.Save(Draft(), Forest(1).Save);
        var tampered = registry.Save(Draft(), Forest(2).Save);
        var payload = Path.Combine(registry.VersionDirectory(tampered.Kind, tampered.Version), ModelRegistry.PayloadFileName);
        var bytes = File.ReadAllBytes(payload);
        bytes[^20] ^= 0x01;
        File.WriteAllBytes(payload, bytes);

        var listing = registry.List();

        Assert.Equal([1], listing.Models.Select(m => m.Version));
        var skipped = Assert.Single(listing.Skipped);
        Assert.EndsWith("v0002", skipped.Path, StringComparison.Ordinal);
        Assert.Contains("isolation_forest v0002 is corrupt: its payload hashes to sha256:", skipped.Reason, StringComparison.Ordinal);
        Assert.Contains(tampered.ContentHash, skipped.Reason, StringComparison.Ordinal);
        var e = Assert.Throws<InvalidDataException>(() => registry.Find(ModelKinds.IsolationForest, 2));
        Assert.Contains("is corrupt", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, registry.Latest(ModelKinds.IsolationForest)!.Version);
    }

    [Fact]
    public void A_truncated_payload_is_reported_by_its_size()
    {
        var registry = new ModelRegistry(_directory);
        var saved = registry.Save(Draft(), Forest(1).Save);
        var payload = Path.Combine(registry.VersionDirectory(saved.Kind, saved.Version), ModelRegistry.PayloadFileName);
        File.WriteAllBytes(payload, File.ReadAllBytes(payload)[..100]);

        var skipped = Assert.Single(registry.List().Skipped);

        Assert.Equal($"isolation_forest v0001 is corrupt: its payload is 100 bytes but its metadata records {saved.PayloadBytes}.", skipped.Reason);
    }

    [Theory]
    [InlineData("{", "has corrupt metadata")]
    [InlineData("null", "has corrupt metadata")]
    [InlineData("{\"kind\":\"isolation_forest\"}", "has corrupt metadata")]
    [InlineData("", "has corrupt metadata")]
    public void Corrupt_metadata_is_skipped_with_a_reason_and_the_other_models_still_list(string metadata, string reason)
    {
        var registry = new ModelRegistry(_directory);
        var damaged = registry.Save(Draft(), Forest(1).Save);
        registry.Save(Draft(), Forest(2).Save);
        File.WriteAllText(Path.Combine(registry.VersionDirectory(damaged.Kind, damaged.Version), ModelRegistry.MetadataFileName), metadata);

        var listing = registry.List();

        Assert.Equal([2], listing.Models.Select(m => m.Version));
        var skipped = Assert.Single(listing.Skipped);
        Assert.StartsWith("isolation_forest v0001 " + reason, skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_whose_fingerprint_disagrees_with_its_names_is_corrupt()
    {
        var registry = new ModelRegistry(_directory);
        var saved = registry.Save(Draft(), Forest(1).Save);
        var path = Path.Combine(registry.VersionDirectory(saved.Kind, saved.Version), ModelRegistry.MetadataFileName);
        File.WriteAllText(path, File.ReadAllText(path).Replace("UST10.vol", "UST10.vlm", StringComparison.Ordinal));

        var skipped = Assert.Single(registry.List().Skipped);

        Assert.Contains("schema fingerprint", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_moved_to_another_version_directory_is_refused()
    {
        var registry = new ModelRegistry(_directory);
        registry.Save(Draft(), Forest(1).Save);
        registry.Save(Draft(), Forest(2).Save);
        var v1 = registry.VersionDirectory(ModelKinds.IsolationForest, 1);
        var v2 = registry.VersionDirectory(ModelKinds.IsolationForest, 2);
        File.Copy(Path.Combine(v1, ModelRegistry.MetadataFileName), Path.Combine(v2, ModelRegistry.MetadataFileName), overwrite: true);

        var skipped = Assert.Single(registry.List().Skipped);

        Assert.Equal("isolation_forest v0002 has metadata for isolation_forest v0001.", skipped.Reason);
    }

    [Fact]
    public void A_model_for_another_schema_is_refused_naming_the_first_difference()
    {
        var registry = new ModelRegistry(_directory);
        var saved = registry.Save(Draft(), Forest(1).Save);
        var engine = new FeatureSchema(["SPX.ret", "SPX.vol", "UST2.ret", "UST2.vol"]);

        var e = Assert.Throws<InvalidDataException>(() => registry.LoadIsolationForest(saved, engine));

        Assert.Contains("isolation_forest v0001 does not fit this engine", e.Message, StringComparison.Ordinal);
        Assert.Contains("feature 2 is 'UST10.ret' in the model but 'UST2.ret' in the engine", e.Message, StringComparison.Ordinal);
        Assert.Contains("Retrain", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_with_fewer_features_than_the_engine_is_refused_naming_the_missing_one()
    {
        var registry = new ModelRegistry(_directory);
        var saved = registry.Save(Draft(), Forest(1).Save);
        var engine = new FeatureSchema([.. Schema.Names, "VIX.level"]);

        var e = Assert.Throws<InvalidDataException>(() => registry.LoadIsolationForest(saved, engine));

        Assert.Contains("it expects 4 features", e.Message, StringComparison.Ordinal);
        Assert.Contains("feature 4 'VIX.level' is in the engine but missing from the model", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loading_a_model_of_another_kind_as_a_forest_is_refused()
    {
        var registry = new ModelRegistry(_directory);
        var calibration = registry.Save(Draft() with { Kind = ModelKinds.Calibration }, s => s.Write("x"u8));

        var e = Assert.Throws<InvalidDataException>(() => registry.LoadIsolationForest(calibration, Schema));

        Assert.Equal("calibration v0001 is not an Isolation Forest.", e.Message);
    }

    [Fact]
    public void A_saved_autoencoder_loads_back_byte_identical_and_calibrated_the_same()
    {
        var registry = new ModelRegistry(_directory);
        var model = Autoencoder();
        var saved = registry.Save(Draft() with { Kind = ModelKinds.LstmAutoencoder }, model.Save);

        var loaded = registry.LoadLstmAutoencoder(registry.Resolve(ModelKinds.LstmAutoencoder, "latest"), Schema);

        Assert.Equal("v0001", saved.VersionLabel);
        Assert.Equal(ToBytes(model), ToBytes(loaded));
        Assert.Equal(model.ErrorAtQuantile(0.99), loaded.ErrorAtQuantile(0.99));
        Assert.Equal(model.Calibrate(0.5), loaded.Calibrate(0.5));
    }

    [Fact]
    public void An_autoencoder_for_another_schema_is_refused_naming_the_first_difference()
    {
        var registry = new ModelRegistry(_directory);
        var saved = registry.Save(Draft() with { Kind = ModelKinds.LstmAutoencoder }, Autoencoder().Save);
        var engine = new FeatureSchema(["SPX.ret", "SPX.vol", "UST2.ret", "UST2.vol"]);

        var e = Assert.Throws<InvalidDataException>(() => registry.LoadLstmAutoencoder(saved, engine));

        Assert.Contains("lstm_autoencoder v0001 does not fit this engine", e.Message, StringComparison.Ordinal);
        Assert.Contains("feature 2 is 'UST10.ret' in the model but 'UST2.ret' in the engine", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loading_a_forest_as_an_autoencoder_is_refused()
    {
        var registry = new ModelRegistry(_directory);
        var forest = registry.Save(Draft(), Forest(1).Save);

        var e = Assert.Throws<InvalidDataException>(() => registry.LoadLstmAutoencoder(forest, Schema));

        Assert.Equal("isolation_forest v0001 is not an LSTM autoencoder.", e.Message);
    }

    [Fact]
    public void An_autoencoder_payload_that_is_not_an_autoencoder_file_is_refused_naming_the_version()
    {
        var registry = new ModelRegistry(_directory);
        var saved = registry.Save(Draft() with { Kind = ModelKinds.LstmAutoencoder }, Forest(1).Save);

        var e = Assert.Throws<InvalidDataException>(() => registry.LoadLstmAutoencoder(saved, Schema));

        Assert.StartsWith("lstm_autoencoder v0001: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_saved_calibration_loads_back_with_every_detectors_history()
    {
        var registry = new ModelRegistry(_directory);
        var calibration = new EnsembleCalibration(
        [
            new DetectorCalibration("ZSCORE", new CalibrationHistory([0.5, 1.25, double.NaN, 3.0], 1000)),
            new DetectorCalibration("CISS", new CalibrationHistory([], 0)),
        ]);
        registry.Save(Draft() with { Kind = ModelKinds.Calibration }, calibration.Save);

        var loaded = registry.LoadCalibration(registry.Resolve(ModelKinds.Calibration, "v0001"), Schema);

        Assert.Equal(["ZSCORE", "CISS"], loaded.Detectors.Select(d => d.Detector));
        Assert.Equal(1000, loaded.Detectors[0].History.Updates);
        Assert.Equal(4, loaded.Detectors[0].History.Values.Count);
        Assert.Equal(1.25, loaded.Detectors[0].History.Values[1]);
        Assert.True(double.IsNaN(loaded.Detectors[0].History.Values[2]));
        Assert.Empty(loaded.Detectors[1].History.Values);
    }

    [Fact]
    public void A_calibration_for_another_schema_is_refused_naming_the_first_difference()
    {
        var registry = new ModelRegistry(_directory);
        var saved = registry.Save(Draft() with { Kind = ModelKinds.Calibration }, new EnsembleCalibration([]).Save);
        var engine = new FeatureSchema(["SPX.ret", "SPX.vol", "UST2.ret", "UST2.vol"]);

        var e = Assert.Throws<InvalidDataException>(() => registry.LoadCalibration(saved, engine));

        Assert.Contains("calibration v0001 does not fit this engine", e.Message, StringComparison.Ordinal);
        Assert.Contains("feature 2 is 'UST10.ret' in the model but 'UST2.ret' in the engine", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loading_a_forest_as_a_calibration_or_a_damaged_calibration_is_refused_naming_the_version()
    {
        var registry = new ModelRegistry(_directory);
        var forest = registry.Save(Draft(), Forest(1).Save);
        var notJson = registry.Save(Draft() with { Kind = ModelKinds.Calibration }, s => s.Write("{ not json"u8));

        var wrongKind = Assert.Throws<InvalidDataException>(() => registry.LoadCalibration(forest, Schema));
        var damaged = Assert.Throws<InvalidDataException>(() => registry.LoadCalibration(notJson, Schema));

        Assert.Equal("isolation_forest v0001 is not a calibration.", wrongKind.Message);
        Assert.StartsWith("calibration v0001: Not a calibration file", damaged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_calibration_payload_changed_after_saving_fails_its_hash_check()
    {
        var registry = new ModelRegistry(_directory);
        var saved = registry.Save(
            Draft() with { Kind = ModelKinds.Calibration },
            new EnsembleCalibration([new DetectorCalibration("ZSCORE", new CalibrationHistory([1.0, 2.0], 2))]).Save);
        var payload = Path.Combine(registry.VersionDirectory(saved.Kind, saved.Version), ModelRegistry.PayloadFileName);
        var bytes = File.ReadAllBytes(payload);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(payload, bytes);

        var e = Assert.Throws<InvalidDataException>(() => registry.LoadCalibration(saved, Schema));

        Assert.Contains("calibration v0001", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolving_a_missing_version_names_the_versions_there_are()
    {
        var registry = new ModelRegistry(_directory);
        registry.Save(Draft(), Forest(1).Save);
        registry.Save(Draft(), Forest(2).Save);

        var missing = Assert.Throws<FileNotFoundException>(() => registry.Resolve(ModelKinds.IsolationForest, "v0009"));
        var none = Assert.Throws<FileNotFoundException>(() => registry.Resolve(ModelKinds.LstmAutoencoder, "latest"));
        var bad = Assert.Throws<ArgumentException>(() => registry.Resolve(ModelKinds.IsolationForest, "newest"));

        Assert.EndsWith("has no isolation_forest v0009; it has v0001, v0002.", missing.Message, StringComparison.Ordinal);
        Assert.EndsWith("has no readable lstm_autoencoder model.", none.Message, StringComparison.Ordinal);
        Assert.Contains("'newest' is not a model version", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_registry_that_does_not_exist_lists_nothing()
    {
        var registry = new ModelRegistry(Path.Combine(_directory, "absent"));

        Assert.Empty(registry.List().Models);
        Assert.Null(registry.Latest(ModelKinds.IsolationForest));
        Assert.Null(registry.Find(ModelKinds.IsolationForest, 1));
    }

    [Fact]
    public void Hidden_temporary_directories_and_stray_names_are_not_versions()
    {
        var registry = new ModelRegistry(_directory);
        registry.Save(Draft(), Forest(1).Save);
        Directory.CreateDirectory(Path.Combine(_directory, ModelKinds.IsolationForest, ".tmp-abandoned"));
        Directory.CreateDirectory(Path.Combine(_directory, ModelKinds.IsolationForest, "notes"));

        var listing = registry.List();

        Assert.Single(listing.Models);
        Assert.Empty(listing.Skipped);
        Assert.Equal(2, registry.Save(Draft(), Forest(2).Save).Version);
    }

    [Fact]
    public void Invalid_drafts_are_refused_before_anything_is_written()
    {
        var registry = new ModelRegistry(_directory);

        Assert.Contains("Unknown model kind 'forest'", Assert.Throws<ArgumentException>(() => registry.Save(Draft() with { Kind = "forest" }, s => s.WriteByte(1))).Message, StringComparison.Ordinal);
        Assert.Contains("'loss' = NaN", Assert.Throws<ArgumentException>(() => registry.Save(Draft() with { Metrics = new Dictionary<string, double> { ["loss"] = double.NaN } }, s => s.WriteByte(1))).Message, StringComparison.Ordinal);
        Assert.Contains("ends", Assert.Throws<ArgumentException>(() => registry.Save(Draft() with { TrainedOn = new ModelDataRange("x", 2, 10, 5) }, s => s.WriteByte(1))).Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_directory));
    }

    [Fact]
    public void Metadata_is_snake_case_json_a_person_can_read()
    {
        var registry = new ModelRegistry(_directory, new FixedTime(new DateTimeOffset(2026, 11, 22, 5, 30, 0, TimeSpan.Zero)));
        var saved = registry.Save(Draft(), Forest(1).Save);

        var json = File.ReadAllText(Path.Combine(registry.VersionDirectory(saved.Kind, saved.Version), ModelRegistry.MetadataFileName), Encoding.UTF8);

        Assert.Contains("\"kind\": \"isolation_forest\"", json, StringComparison.Ordinal);
        Assert.Contains("\"version_label\": \"v0001\"", json, StringComparison.Ordinal);
        Assert.Contains("\"first_timestamp_ns\": 1000000000", json, StringComparison.Ordinal);
        Assert.Contains("\"created_at\": \"2026-11-22T05:30:00+00:00\"", json, StringComparison.Ordinal);
        Assert.Contains("\"informational_version\":", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v0003", true, 3)]
    [InlineData("3", true, 3)]
    [InlineData("V12", true, 12)]
    [InlineData("v0", false, 0)]
    [InlineData("v", false, 0)]
    [InlineData("v-1", false, 0)]
    [InlineData("latest", false, 0)]
    [InlineData("v9999999999", false, 0)]
    public void Version_labels_parse(string text, bool ok, int expected)
    {
        Assert.Equal(ok, ModelVersion.TryParse(text, out var version));
        Assert.Equal(expected, version);
    }

    private static ModelDraft Draft() => new()
    {
        Kind = ModelKinds.IsolationForest,
        Schema = Schema,
        TrainedOn = new ModelDataRange("unit test rows", 200, 1_000_000_000L, 200_000_000_000L),
        Description = "test",
    };

    private static IsolationForest Forest(ulong seed)
    {
        const int rows = 200;
        var data = new double[rows * Schema.Count];
        var state = seed * 2_654_435_761UL + 1;
        for (var i = 0; i < data.Length; i++)
        {
            state = (state * 6_364_136_223_846_793_005UL) + 1_442_695_040_888_963_407UL;
            data[i] = (state >> 11) * (1.0 / (1UL << 53));
        }

        return IsolationForest.Fit(data, rows, Schema, new IsolationForestOptions { TreeCount = 20, SubsampleSize = 64, Seed = seed }, 1_000_000_000L, 200_000_000_000L);
    }

    private static LstmAutoencoderModel Autoencoder()
    {
        const int rows = 40;
        var data = new double[rows * Schema.Count];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = Math.Sin(i * 0.37) + (0.1 * Math.Cos(i * 1.3));
        }

        var options = new LstmAutoencoderTrainingOptions { WindowLength = 5, HiddenSize = 3, CodeSize = 2, WindowStride = 2, Epochs = 2, BatchSize = 4, CalibrationQuantileCount = 11 };
        return new LstmAutoencoderTrainer(options).Train(Schema, data, rows);
    }

    private static byte[] ToBytes(LstmAutoencoderModel model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }

    private static byte[] ToBytes(IsolationForest forest)
    {
        using var stream = new MemoryStream();
        forest.Save(stream);
        return stream.ToArray();
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
