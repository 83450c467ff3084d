using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Detection.CrossAsset;
using Vigil.Detection.Ensemble;
using Vigil.Detection.Models;
using Vigil.Detection.Neural;
using Vigil.Engine.Pipeline;
using Vigil.Engine.Simulation;
using Vigil.Server.Live;
using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests.Api;

public sealed class ModelsApiTests : IDisposable
{
    private readonly string _registry = Path.Combine(Path.GetTempPath(), "vigil-models-api-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_registry))
        {
            Directory.Delete(_registry, recursive: true);
        }
    }

    [Fact]
    public async Task Without_a_registry_the_list_is_empty_and_says_the_forest_trains_online()
    {
        await using var host = new ApiTestHost();

        var body = await host.GetJsonAsync("/api/v1/models");
        using var one = await host.Client.GetAsync("/api/v1/models/isolation_forest/latest");

        Assert.Equal(JsonValueKind.Null, body.GetProperty("directory").ValueKind);
        Assert.Empty(body.GetProperty("models").EnumerateArray());
        var live = body.GetProperty("live").GetProperty("isolation_forest");
        Assert.Equal("online", live.GetProperty("source").GetString());
        Assert.Equal(JsonValueKind.Null, live.GetProperty("version").ValueKind);
        var problem = await Problems.AssertProblemAsync(one, 404);
        Assert.Contains("No model registry is configured", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_live_engine_scores_with_the_latest_registry_forest_and_the_list_says_so()
    {
        var registry = new ModelRegistry(_registry);
        registry.Save(Draft(SimulatorSchema()), Forest(SimulatorSchema(), 1).Save);
        var latest = registry.Save(Draft(SimulatorSchema()), Forest(SimulatorSchema(), 2).Save);
        await using var host = new ApiTestHost(new Dictionary<string, string?>
        {
            ["Vigil:Models:Directory"] = _registry,
            ["Vigil:Models:IsolationForest"] = "latest",
        });

        var body = await host.GetJsonAsync("/api/v1/models");

        Assert.Equal(Path.GetFullPath(_registry), body.GetProperty("directory").GetString());
        Assert.Equal(["v0001", "v0002"], body.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("version_label").GetString()));
        var live = body.GetProperty("live").GetProperty("isolation_forest");
        Assert.Equal("registry", live.GetProperty("source").GetString());
        Assert.Equal("v0002", live.GetProperty("version").GetString());
        Assert.Equal(latest.ContentHash, live.GetProperty("content_hash").GetString());
        var engine = host.Factory.Services.GetRequiredService<ModelSelection>();
        Assert.Equal(2, engine.IsolationForest!.Version);
        await host.WaitForStepsAsync(3);
        Assert.True(host.Live.Steps >= 3);
    }

    [Fact]
    public async Task One_model_is_found_by_version_or_latest_and_unknown_ones_are_404()
    {
        var registry = new ModelRegistry(_registry);
        var first = registry.Save(Draft(SimulatorSchema()) with { Metrics = new Dictionary<string, double> { ["holdout_score_p99"] = 0.52 } }, Forest(SimulatorSchema(), 1).Save);
        registry.Save(Draft(SimulatorSchema()), Forest(SimulatorSchema(), 2).Save);
        await using var host = new ApiTestHost(new Dictionary<string, string?> { ["Vigil:Models:Directory"] = _registry });

        var byLabel = await host.GetJsonAsync("/api/v1/models/isolation_forest/v0001");
        var byNumber = await host.GetJsonAsync("/api/v1/models/isolation_forest/1");
        var newest = await host.GetJsonAsync("/api/v1/models/isolation_forest/latest");
        using var missing = await host.Client.GetAsync("/api/v1/models/isolation_forest/v0009");
        using var noKind = await host.Client.GetAsync("/api/v1/models/forest/v0001");
        using var badVersion = await host.Client.GetAsync("/api/v1/models/isolation_forest/newest");
        var list = await host.GetJsonAsync("/api/v1/models");

        Assert.Equal(first.ContentHash, byLabel.GetProperty("content_hash").GetString());
        Assert.Equal(0.52, byLabel.GetProperty("metrics").GetProperty("holdout_score_p99").GetDouble());
        Assert.Equal(72, byLabel.GetProperty("schema").GetProperty("names").GetArrayLength());
        Assert.Equal("unit test", byLabel.GetProperty("trained_on").GetProperty("source").GetString());
        Assert.Equal(byLabel.GetRawText(), byNumber.GetRawText());
        Assert.Equal(2, newest.GetProperty("version").GetInt32());
        Assert.Contains("has no isolation_forest v0009; it has v0001, v0002", (await Problems.AssertProblemAsync(missing, 404)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("There is no model kind 'forest'", (await Problems.AssertProblemAsync(noKind, 404)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Problems.AssertProblemAsync(badVersion, 400);
        Assert.Equal("online", list.GetProperty("live").GetProperty("isolation_forest").GetProperty("source").GetString());
    }

    [Fact]
    public async Task A_damaged_model_is_listed_as_skipped_with_its_reason_and_reading_it_is_422()
    {
        var registry = new ModelRegistry(_registry);
        var damaged = registry.Save(Draft(SimulatorSchema()), Forest(SimulatorSchema(), 1).Save);
        registry.Save(Draft(SimulatorSchema()), Forest(SimulatorSchema(), 2).Save);
        var payload = Path.Combine(registry.VersionDirectory(damaged.Kind, damaged.Version), ModelRegistry.PayloadFileName);
        var bytes = File.ReadAllBytes(payload);
        bytes[100] ^= 0xFF;
        File.WriteAllBytes(payload, bytes);
        await using var host = new ApiTestHost(new Dictionary<string, string?> { ["Vigil:Models:Directory"] = _registry });

        var list = await host.GetJsonAsync("/api/v1/models");
        using var one = await host.Client.GetAsync("/api/v1/models/isolation_forest/v0001");

        Assert.Equal(["v0002"], list.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("version_label").GetString()));
        var skipped = Assert.Single(list.GetProperty("skipped").EnumerateArray());
        Assert.StartsWith("isolation_forest v0001 is corrupt: its payload hashes to", skipped.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var problem = await Problems.AssertProblemAsync(one, 422);
        Assert.Contains("is corrupt", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_service_refuses_to_start_with_a_model_for_another_schema_and_says_why()
    {
        var other = new FeatureSchema(["SPX.return", "SPX.volatility", "SPX.zscore", "SPX.volume"]);
        new ModelRegistry(_registry).Save(Draft(other), Forest(other, 1).Save);
        using var factory = new VigilAppFactory(new Dictionary<string, string?>
        {
            ["Vigil:Models:Directory"] = _registry,
            ["Vigil:Models:IsolationForest"] = "v0001",
        });

        var e = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        var message = Messages(e);
        Assert.Contains("Vigil:Models:IsolationForest = 'v0001' cannot be used: isolation_forest v0001 does not fit this engine: it expects 4 features", message, StringComparison.Ordinal);
        Assert.Contains("the engine provides 72", message, StringComparison.Ordinal);
        Assert.Contains("feature 4 'NDX.return' is in the engine but missing from the model", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_forest_setting_without_a_registry_or_with_a_bad_version_fails_validation()
    {
        using var factory = new VigilAppFactory(new Dictionary<string, string?> { ["Vigil:Models:IsolationForest"] = "newest" });

        var message = Messages(Assert.ThrowsAny<Exception>(() => factory.CreateClient()));

        Assert.Contains("Vigil:Models:IsolationForest must be empty, 'latest' or a version such as v0003 (got 'newest')", message, StringComparison.Ordinal);
        Assert.Contains("Vigil:Models:IsolationForest needs Vigil:Models:Directory", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_live_engine_runs_the_registry_autoencoder_and_its_reading_reaches_the_latest_scores()
    {
        var saved = new ModelRegistry(_registry).Save(Draft(SimulatorSchema()) with { Kind = ModelKinds.LstmAutoencoder }, Autoencoder(SimulatorSchema()).Save);
        await using var host = new ApiTestHost(new Dictionary<string, string?>
        {
            ["Vigil:Models:Directory"] = _registry,
            ["Vigil:Models:Autoencoder"] = "latest",
        });

        var body = await host.GetJsonAsync("/api/v1/models");
        var reading = await AutoencoderReadingAsync(host);

        var live = body.GetProperty("live").GetProperty("autoencoder");
        Assert.Equal("registry", live.GetProperty("source").GetString());
        Assert.Equal("lstm_autoencoder", live.GetProperty("kind").GetString());
        Assert.Equal("v0001", live.GetProperty("version").GetString());
        Assert.Equal(saved.ContentHash, live.GetProperty("content_hash").GetString());
        Assert.Equal("online", body.GetProperty("live").GetProperty("isolation_forest").GetProperty("source").GetString());
        Assert.NotNull(reading);
        Assert.True(reading.Value.GetProperty("raw").GetDouble() > 0, "the autoencoder's raw reconstruction error is not positive");
        Assert.InRange(reading.Value.GetProperty("score").GetDouble(), 0, 1);
    }

    [Fact]
    public async Task Without_an_autoencoder_setting_the_list_says_none_and_its_reading_stays_empty()
    {
        await using var host = new ApiTestHost();

        var body = await host.GetJsonAsync("/api/v1/models");
        await host.WaitForStepsAsync(3);
        var scores = await host.GetJsonAsync("/api/v1/scores/latest");

        Assert.Equal("none", body.GetProperty("live").GetProperty("autoencoder").GetProperty("source").GetString());
        var detector = scores.GetProperty("detectors").EnumerateArray().Single(d => d.GetProperty("detector").GetString() == "LSTM_AUTOENCODER");
        Assert.Equal(JsonValueKind.Null, detector.GetProperty("raw").ValueKind);
        Assert.Equal(0, detector.GetProperty("score").GetDouble());
    }

    [Fact]
    public void The_service_refuses_to_start_with_an_autoencoder_for_another_schema_and_says_why()
    {
        var other = new FeatureSchema(["SPX.return", "SPX.volatility", "SPX.zscore", "SPX.volume"]);
        new ModelRegistry(_registry).Save(Draft(other) with { Kind = ModelKinds.LstmAutoencoder }, Autoencoder(other).Save);
        using var factory = new VigilAppFactory(new Dictionary<string, string?>
        {
            ["Vigil:Models:Directory"] = _registry,
            ["Vigil:Models:Autoencoder"] = "latest",
        });

        var message = Messages(Assert.ThrowsAny<Exception>(() => factory.CreateClient()));

        Assert.Contains("Vigil:Models:Autoencoder = 'latest' cannot be used: lstm_autoencoder v0001 does not fit this engine: it expects 4 features", message, StringComparison.Ordinal);
        Assert.Contains("feature 4 'NDX.return' is in the engine but missing from the model", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_autoencoder_setting_without_a_registry_or_with_a_bad_version_fails_validation()
    {
        using var factory = new VigilAppFactory(new Dictionary<string, string?> { ["Vigil:Models:Autoencoder"] = "newest" });

        var message = Messages(Assert.ThrowsAny<Exception>(() => factory.CreateClient()));

        Assert.Contains("Vigil:Models:Autoencoder must be empty, 'latest' or a version such as v0002 (got 'newest')", message, StringComparison.Ordinal);
        Assert.Contains("Vigil:Models:Autoencoder needs Vigil:Models:Directory", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_live_engine_restores_the_registry_calibration_and_the_list_names_it_and_the_detectors_it_does_not_cover()
    {
        var saved = new ModelRegistry(_registry).Save(Draft(SimulatorSchema()) with { Kind = ModelKinds.Calibration }, Calibration().Save);
        await using var host = new ApiTestHost(new Dictionary<string, string?>
        {
            ["Vigil:Models:Directory"] = _registry,
            ["Vigil:Models:Calibration"] = "latest",
        });

        var body = await host.GetJsonAsync("/api/v1/models");

        var live = body.GetProperty("live");
        var calibration = live.GetProperty("calibration");
        Assert.Equal("registry", calibration.GetProperty("source").GetString());
        Assert.Equal("calibration", calibration.GetProperty("kind").GetString());
        Assert.Equal("v0001", calibration.GetProperty("version").GetString());
        Assert.Equal(saved.ContentHash, calibration.GetProperty("content_hash").GetString());
        var uncovered = live.GetProperty("calibration_uncovered").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("ISOLATION_FOREST", uncovered);
        Assert.DoesNotContain("ZSCORE", uncovered);
        Assert.DoesNotContain("CISS", uncovered);
    }

    [Fact]
    public async Task Without_a_calibration_setting_the_list_says_none()
    {
        await using var host = new ApiTestHost();

        var body = await host.GetJsonAsync("/api/v1/models");

        Assert.Equal("none", body.GetProperty("live").GetProperty("calibration").GetProperty("source").GetString());
        Assert.Equal(0, body.GetProperty("live").GetProperty("calibration_uncovered").GetArrayLength());
    }

    [Fact]
    public void The_service_refuses_to_start_with_a_calibration_for_another_schema_and_a_bad_calibration_setting_fails_validation()
    {
        var other = new FeatureSchema(["SPX.return", "SPX.volatility", "SPX.zscore", "SPX.volume"]);
        new ModelRegistry(_registry).Save(Draft(other) with { Kind = ModelKinds.Calibration }, Calibration().Save);
        using var mismatched = new VigilAppFactory(new Dictionary<string, string?>
        {
            ["Vigil:Models:Directory"] = _registry,
            ["Vigil:Models:Calibration"] = "latest",
        });
        using var invalid = new VigilAppFactory(new Dictionary<string, string?> { ["Vigil:Models:Calibration"] = "newest" });

        var mismatch = Messages(Assert.ThrowsAny<Exception>(() => mismatched.CreateClient()));
        var validation = Messages(Assert.ThrowsAny<Exception>(() => invalid.CreateClient()));

        Assert.Contains("Vigil:Models:Calibration = 'latest' cannot be used: calibration v0001 does not fit this engine: it expects 4 features", mismatch, StringComparison.Ordinal);
        Assert.Contains("Vigil:Models:Calibration must be empty, 'latest' or a version such as v0001 (got 'newest')", validation, StringComparison.Ordinal);
        Assert.Contains("Vigil:Models:Calibration needs Vigil:Models:Directory", validation, StringComparison.Ordinal);
    }

    /// <summary>A calibration of two detectors, 200 calm raw values each.</summary>
    private static EnsembleCalibration Calibration()
    {
        var values = Enumerable.Range(0, 200).Select(i => i / 200.0).ToArray();
        return new EnsembleCalibration(
        [
            new DetectorCalibration("ZSCORE", new CalibrationHistory(values, 200)),
            new DetectorCalibration("CISS", new CalibrationHistory(values, 200)),
        ]);
    }

    /// <summary>Polls the latest scores until the autoencoder's detector has a numeric raw value (it scores every 4 steps after a window fills).</summary>
    private static async Task<JsonElement?> AutoencoderReadingAsync(ApiTestHost host)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            await host.WaitForStepsAsync(1);
            var scores = await host.GetJsonAsync("/api/v1/scores/latest");
            foreach (var d in scores.GetProperty("detectors").EnumerateArray())
            {
                if (d.GetProperty("detector").GetString() == "LSTM_AUTOENCODER" && d.GetProperty("raw").ValueKind == JsonValueKind.Number
                    && double.IsFinite(d.GetProperty("raw").GetDouble()))
                {
                    return d.Clone();
                }
            }

            await Task.Delay(50);
        }

        return null;
    }

    private static LstmAutoencoderModel Autoencoder(FeatureSchema schema)
    {
        const int rows = 40;
        var random = new Random(3);
        var data = new double[rows * schema.Count];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = random.NextDouble();
        }

        var options = new LstmAutoencoderTrainingOptions { WindowLength = 5, HiddenSize = 4, CodeSize = 2, WindowStride = 2, Epochs = 1, BatchSize = 8, CalibrationQuantileCount = 11 };
        return new LstmAutoencoderTrainer(options).Train(schema, data, rows);
    }

    private static string Messages(Exception e)
    {
        var messages = new List<string>();
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            messages.Add(x.Message);
            if (x is AggregateException aggregate)
            {
                messages.AddRange(aggregate.InnerExceptions.Select(Messages));
            }
        }

        return string.Join(" | ", messages);
    }

    private static FeatureSchema SimulatorSchema() =>
        new DetectionEngine(new MarketSimulator(new SimulatorOptions()).Registry, new EngineOptions()).StateSchema;

    private static ModelDraft Draft(FeatureSchema schema) => new()
    {
        Kind = ModelKinds.IsolationForest,
        Schema = schema,
        TrainedOn = new ModelDataRange("unit test", 64, null, null),
    };

    private static IsolationForest Forest(FeatureSchema schema, ulong seed)
    {
        const int rows = 64;
        var random = new Random((int)seed);
        var data = new double[rows * schema.Count];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = random.NextDouble();
        }

        return IsolationForest.Fit(data, rows, schema, new IsolationForestOptions { TreeCount = 10, SubsampleSize = 32, Seed = seed });
    }
}
