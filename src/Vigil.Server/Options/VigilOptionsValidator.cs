using Microsoft.Extensions.Options;

namespace Vigil.Server.Options;

/// <summary>Checks <see cref="VigilOptions"/> as a whole so start-up reports every problem at once.</summary>
internal sealed class VigilOptionsValidator : IValidateOptions<VigilOptions>
{
    public ValidateOptionsResult Validate(string? name, VigilOptions options)
    {
        var errors = new List<string>();
        void Require(bool condition, string message)
        {
            if (!condition)
            {
                errors.Add(message);
            }
        }

        Require(Enum.IsDefined(options.Simulator.Speed), $"Vigil:Simulator:Speed must be Slow, Normal, Fast or Turbo (got {options.Simulator.Speed}).");
        Require(options.Simulator.WarmUpSteps is >= 0 and <= 1_000_000, $"Vigil:Simulator:WarmUpSteps must be from 0 to 1000000 (got {options.Simulator.WarmUpSteps}).");
        Require(!string.IsNullOrWhiteSpace(options.Store.Path), "Vigil:Store:Path must name a file.");
        Require(!string.IsNullOrWhiteSpace(options.Store.SpoolDirectory), "Vigil:Store:SpoolDirectory must name a directory.");
        Require(options.Store.BatchSize is >= 1 and <= 100_000, $"Vigil:Store:BatchSize must be in [1, 100000] (got {options.Store.BatchSize}).");
        Require(options.Store.FlushIntervalMs is >= 10 and <= 60_000, $"Vigil:Store:FlushIntervalMs must be in [10, 60000] (got {options.Store.FlushIntervalMs}).");
        Require(options.Store.FactRetentionHours >= 0 && double.IsFinite(options.Store.FactRetentionHours), $"Vigil:Store:FactRetentionHours must be 0 or more (got {options.Store.FactRetentionHours}).");
        Require(options.Push.MaxBatchesPerSecond is >= 1 and <= 1000, $"Vigil:Push:MaxBatchesPerSecond must be in [1, 1000] (got {options.Push.MaxBatchesPerSecond}).");
        Require(options.Push.HeartbeatSeconds is >= 1 and <= 3600, $"Vigil:Push:HeartbeatSeconds must be in [1, 3600] (got {options.Push.HeartbeatSeconds}).");
        Require(options.Push.ClientBufferLength is >= 1 and <= 100_000, $"Vigil:Push:ClientBufferLength must be in [1, 100000] (got {options.Push.ClientBufferLength}).");
        Require(options.Push.SendTimeoutSeconds is >= 1 and <= 3600, $"Vigil:Push:SendTimeoutSeconds must be in [1, 3600] (got {options.Push.SendTimeoutSeconds}).");
        Require(options.Push.MaxStalenessMs is >= 0 and <= 10_000, $"Vigil:Push:MaxStalenessMs must be in [0, 10000] (got {options.Push.MaxStalenessMs}).");
        Require(options.Api.RequestsPerSecondPerClient >= 1, $"Vigil:Api:RequestsPerSecondPerClient must be at least 1 (got {options.Api.RequestsPerSecondPerClient}).");
        Require(options.Risk.SnapshotIntervalMs is >= 50 and <= 3_600_000, $"Vigil:Risk:SnapshotIntervalMs must be in [50, 3600000] (got {options.Risk.SnapshotIntervalMs}).");
        Require(string.IsNullOrEmpty(options.Admin.ApiKey) || options.Admin.ApiKey.Trim().Length >= 16, "Vigil:Admin:ApiKey must be empty (admin endpoints off) or at least 16 characters.");
        Require(options.Signals.MaxSeries is >= 1 and <= 4096, $"Vigil:Signals:MaxSeries must be in [1, 4096] (got {options.Signals.MaxSeries}).");
        Require(options.Signals.QueueLength is >= 1 and <= 1_000_000, $"Vigil:Signals:QueueLength must be in [1, 1000000] (got {options.Signals.QueueLength}).");
        Require(options.Signals.MaxBatchLength is >= 1 and <= 10_000, $"Vigil:Signals:MaxBatchLength must be in [1, 10000] (got {options.Signals.MaxBatchLength}).");
        var forest = options.Models.IsolationForest;
        Require(string.IsNullOrEmpty(forest) || Vigil.Detection.Models.ModelVersion.IsSelector(forest), $"Vigil:Models:IsolationForest must be empty, 'latest' or a version such as v0003 (got '{forest}').");
        Require(string.IsNullOrEmpty(forest) || !string.IsNullOrWhiteSpace(options.Models.Directory), "Vigil:Models:IsolationForest needs Vigil:Models:Directory (the model registry).");
        var autoencoder = options.Models.Autoencoder;
        Require(string.IsNullOrEmpty(autoencoder) || Vigil.Detection.Models.ModelVersion.IsSelector(autoencoder), $"Vigil:Models:Autoencoder must be empty, 'latest' or a version such as v0002 (got '{autoencoder}').");
        Require(string.IsNullOrEmpty(autoencoder) || !string.IsNullOrWhiteSpace(options.Models.Directory), "Vigil:Models:Autoencoder needs Vigil:Models:Directory (the model registry).");
        var calibration = options.Models.Calibration;
        Require(string.IsNullOrEmpty(calibration) || Vigil.Detection.Models.ModelVersion.IsSelector(calibration), $"Vigil:Models:Calibration must be empty, 'latest' or a version such as v0001 (got '{calibration}').");
        Require(string.IsNullOrEmpty(calibration) || !string.IsNullOrWhiteSpace(options.Models.Directory), "Vigil:Models:Calibration needs Vigil:Models:Directory (the model registry).");
        foreach (var origin in options.Api.CorsOrigins)
        {
            Require(Uri.TryCreate(origin, UriKind.Absolute, out _), $"Vigil:Api:CorsOrigins has '{origin}', which is not an absolute URL.");
        }

        var trading = options.Trading;
        foreach (var problem in new Vigil.Engine.Trading.HaltPolicyOptions(trading.ReduceAt, trading.HaltAt).Validate())
        {
            errors.Add($"Vigil:Trading: {problem}.");
        }

        Require(string.IsNullOrEmpty(trading.WebhookUrl) || (Uri.TryCreate(trading.WebhookUrl, UriKind.Absolute, out var webhook) && (webhook.Scheme == Uri.UriSchemeHttp || webhook.Scheme == Uri.UriSchemeHttps)), $"Vigil:Trading:WebhookUrl must be empty or an absolute http(s) URL (got '{trading.WebhookUrl}').");
        Require(trading.WebhookMaxAttempts is >= 1 and <= 100, $"Vigil:Trading:WebhookMaxAttempts must be in [1, 100] (got {trading.WebhookMaxAttempts}).");
        Require(trading.WebhookTimeoutMs is >= 100 and <= 120_000, $"Vigil:Trading:WebhookTimeoutMs must be in [100, 120000] (got {trading.WebhookTimeoutMs}).");
        Require(trading.WebhookInitialBackoffMs is >= 1 and <= 60_000, $"Vigil:Trading:WebhookInitialBackoffMs must be in [1, 60000] (got {trading.WebhookInitialBackoffMs}).");
        Require(trading.WebhookQueueLength is >= 1 and <= 1_000_000, $"Vigil:Trading:WebhookQueueLength must be in [1, 1000000] (got {trading.WebhookQueueLength}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
