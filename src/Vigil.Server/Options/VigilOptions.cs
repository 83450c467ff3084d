using Vigil.Engine.Simulation;

namespace Vigil.Server.Options;

/// <summary>
/// Everything that configures the service, bound from the <c>Vigil</c> section of configuration: appsettings.json,
/// environment variables (<c>VIGIL__Store__Path=…</c>) and the command line (<c>--Vigil:Store:Path=…</c>). Validated
/// at start-up, reporting every problem at once.
/// </summary>
public sealed class VigilOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Vigil";

    /// <summary>The simulated market the engine watches by default.</summary>
    public SimulatorSettings Simulator { get; set; } = new();

    /// <summary>Where the service keeps facts and warnings.</summary>
    public StoreSettings Store { get; set; } = new();

    /// <summary>WebSocket and SSE push.</summary>
    public PushSettings Push { get; set; } = new();

    /// <summary>The HTTP API: rate limits and CORS.</summary>
    public ApiSettings Api { get; set; } = new();

    /// <summary>Trained models the engine starts from (written by <c>vigil train</c>).</summary>
    public ModelSettings Models { get; set; } = new();

    /// <summary>The risk models' snapshots for the API.</summary>
    public RiskSettings Risk { get; set; } = new();

    /// <summary>Who may change things: the admin key until users and roles exist.</summary>
    public AdminSettings Admin { get; set; } = new();

    /// <summary>Trading runs, the halt policy and the state-change webhook.</summary>
    public TradingSettings Trading { get; set; } = new();

    /// <summary>Indicator series pushed over <c>POST /api/v1/signals</c>.</summary>
    public SignalSettings Signals { get; set; } = new();
}

/// <summary>Where trained models come from.</summary>
public sealed class ModelSettings
{
    /// <summary>The model registry directory (written by <c>vigil train --dir</c>); empty for none. Relative paths are
    /// under the working directory.</summary>
    public string Directory { get; set; } = "";

    /// <summary>The Isolation Forest to score with from the first step: a version (<c>v0003</c> or <c>3</c>) or
    /// <c>latest</c> from <see cref="Directory"/>; empty trains one online on the first calm steps. A model whose
    /// feature schema does not match the engine's stops start-up with the first difference.</summary>
    public string IsolationForest { get; set; } = "";

    /// <summary>The LSTM autoencoder to score with: a version (<c>v0002</c> or <c>2</c>) or <c>latest</c> from
    /// <see cref="Directory"/>; empty for none (its reading stays not ready). A model whose feature schema does not
    /// match the engine's stops start-up with the first difference.</summary>
    public string Autoencoder { get; set; } = "";

    /// <summary>The ensemble calibration to restore before warm-up (<c>vigil train --kind calibration</c>): a version
    /// (<c>v0001</c> or <c>1</c>) or <c>latest</c> from <see cref="Directory"/>; empty for none (scores calibrate from
    /// scratch). A calibration made for other instruments stops start-up with the first difference.</summary>
    public string Calibration { get; set; } = "";
}

/// <summary>The simulator's settings.</summary>
public sealed class SimulatorSettings
{
    /// <summary>The random seed; the same seed gives the same market.</summary>
    public ulong Seed { get; set; } = 42;

    /// <summary>The tick rate at start: Slow 2 Hz, Normal 4 Hz, Fast 10 Hz, Turbo 25 Hz.</summary>
    public SimulatorSpeed Speed { get; set; } = SimulatorSpeed.Normal;

    /// <summary>Runs as fast as possible instead of in real time (for load tests).</summary>
    public bool Unpaced { get; set; }

    /// <summary>
    /// Calm market steps the engine runs through, unpaced and unpublished, before the service goes live, so its
    /// Isolation Forest is trained and its calibration windows are full from the first live second; 0 starts cold.
    /// The default fills the calibration window (2,048 samples, one every 4 steps) and takes well under a second.
    /// </summary>
    public int WarmUpSteps { get; set; } = 8192;
}

/// <summary>The risk API's settings.</summary>
public sealed class RiskSettings
{
    /// <summary>
    /// How often the engine snapshots its risk models for the API and the <c>risk</c> push message, in milliseconds
    /// of event time (a snapshot with the VaR report takes a few milliseconds, so not every step); 50 to 3600000.
    /// </summary>
    public int SnapshotIntervalMs { get; set; } = 1000;
}

/// <summary>The store's settings.</summary>
public sealed class StoreSettings
{
    /// <summary>The SQLite database file; relative paths are under the working directory.</summary>
    public string Path { get; set; } = "vigil.db";

    /// <summary>Where writes wait on disk while the store is unavailable; relative paths are under the working directory.</summary>
    public string SpoolDirectory { get; set; } = "vigil-spool";

    /// <summary>The most rows written in one transaction.</summary>
    public int BatchSize { get; set; } = 2000;

    /// <summary>How often buffered writes are flushed, in milliseconds.</summary>
    public int FlushIntervalMs { get; set; } = 500;

    /// <summary>How long per-step facts are kept, in hours; 0 keeps them for ever.</summary>
    public double FactRetentionHours { get; set; } = 24;
}

/// <summary>The push settings.</summary>
public sealed class PushSettings
{
    /// <summary>The most WebSocket messages a client gets per second (updates are batched and coalesced to fit).</summary>
    public int MaxBatchesPerSecond { get; set; } = 20;

    /// <summary>Seconds between heartbeats on an idle connection.</summary>
    public int HeartbeatSeconds { get; set; } = 5;

    /// <summary>Updates a client may have waiting before older ones are coalesced away.</summary>
    public int ClientBufferLength { get; set; } = 256;

    /// <summary>Seconds a write may wait for a client that stopped reading before the client is disconnected.</summary>
    public int SendTimeoutSeconds { get; set; } = 15;

    /// <summary>
    /// The oldest a market update may be when its frame goes out, in milliseconds. When the frame cap would hold an
    /// update longer (snapshots arriving faster than the cap, e.g. turbo's 25 a second against 20 frames), the client
    /// gets the next, fresher update instead as soon as the cap allows: fewer frames, none of them stale. 0 sends
    /// every held update when the cap allows, however old.
    /// </summary>
    public int MaxStalenessMs { get; set; } = 5;
}

/// <summary>The HTTP API's settings.</summary>
public sealed class ApiSettings
{
    /// <summary>Requests a client (by remote address) may make per second before getting 429.</summary>
    public int RequestsPerSecondPerClient { get; set; } = 5000;

    /// <summary>Origins allowed to call the API from a browser; empty allows none beyond the dashboard's own.</summary>
    public string[] CorsOrigins { get; set; } = [];
}

/// <summary>Admin access. Until users and roles exist, admin endpoints (resuming a halted run, killing every run,
/// changing a warning's status) need this key in the <c>X-Vigil-Admin-Key</c> header.</summary>
public sealed class AdminSettings
{
    /// <summary>The admin key; empty (the default) turns admin endpoints off (403). At least 16 characters when set.</summary>
    public string ApiKey { get; set; } = "";
}

/// <summary>Trading runs and the automatic halt.</summary>
public sealed class TradingSettings
{
    /// <summary>The lowest warning severity that puts live runs in reduce-only (Elevated, High, Severe or Extreme).</summary>
    public Vigil.Engine.Warnings.Severity ReduceAt { get; set; } = Vigil.Engine.Warnings.Severity.Elevated;

    /// <summary>The lowest warning severity that halts live runs; at least <see cref="ReduceAt"/>.</summary>
    public Vigil.Engine.Warnings.Severity HaltAt { get; set; } = Vigil.Engine.Warnings.Severity.High;

    /// <summary>An absolute http(s) URL that gets every run state change as a JSON POST; empty (the default) for none.</summary>
    public string WebhookUrl { get; set; } = "";

    /// <summary>Attempts per state change before the webhook gives up on it (counted and logged); 1 to 100.</summary>
    public int WebhookMaxAttempts { get; set; } = 6;

    /// <summary>How long one webhook attempt may take, in milliseconds; 100 to 120000.</summary>
    public int WebhookTimeoutMs { get; set; } = 5000;

    /// <summary>The wait after the first failed attempt, in milliseconds, doubling after each further failure (at most 30 s); 1 to 60000.</summary>
    public int WebhookInitialBackoffMs { get; set; } = 500;

    /// <summary>State changes waiting for the webhook before the oldest are dropped (counted), so a dead receiver never holds up the engine; 1 to 1000000.</summary>
    public int WebhookQueueLength { get; set; } = 10_000;
}

/// <summary>Indicator series (news sentiment, energy, bank CDS, ...) pushed over HTTP.</summary>
public sealed class SignalSettings
{
    /// <summary>The most indicator series the engine holds; a value for a new series beyond it is rejected. From 1 to 4096.</summary>
    public int MaxSeries { get; set; } = 256;

    /// <summary>The most pushed values waiting for the engine loop; a request that does not fit answers 503 with Retry-After. From 1 to 1000000.</summary>
    public int QueueLength { get; set; } = 10_000;

    /// <summary>The most values in one <c>POST /api/v1/signals</c>. From 1 to 10000.</summary>
    public int MaxBatchLength { get; set; } = 1_000;
}
