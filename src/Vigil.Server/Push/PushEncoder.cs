using System.Buffers;
using System.Text.Json;
using Vigil.Detection;
using Vigil.Engine.Live;
using Vigil.Engine.Pipeline;
using Vigil.Engine.Warnings;

using Vigil.Storage;

namespace Vigil.Server.Push;

/// <summary>A market step encoded once for every client: the shared bytes of its messages.</summary>
internal sealed class EncodedMarket
{
    public required long Step { get; init; }

    public required long TimestampNs { get; init; }

    /// <summary>When the step's ticks entered the engine (<see cref="MarketUpdate.EnteredAtTimestamp"/>).</summary>
    public required long EnteredAtTimestamp { get; init; }

    /// <summary>The <c>risk_update</c> message.</summary>
    public required byte[] RiskUpdate { get; init; }

    /// <summary>The <c>prices</c> message with every instrument.</summary>
    public required byte[] AllPrices { get; init; }

    /// <summary>The instruments' symbols, in the order of <see cref="PriceEntries"/>.</summary>
    public required string[] Symbols { get; init; }

    /// <summary>Each instrument's entry in a <c>prices</c> message, for clients that want only some.</summary>
    public required byte[][] PriceEntries { get; init; }
}

/// <summary>A correlation matrix encoded once for every client.</summary>
/// <param name="TimestampNs">Its event time.</param>
/// <param name="Message">The <c>correlations</c> message.</param>
internal sealed record EncodedCorrelations(long TimestampNs, byte[] Message);

/// <summary>A <c>risk</c> message, encoded once for every client.</summary>
/// <param name="TimestampNs">The snapshot's event time, in nanoseconds.</param>
/// <param name="Message">The <c>risk</c> message.</param>
internal sealed record EncodedRisk(long TimestampNs, byte[] Message);

/// <summary>A warning event encoded once for every client.</summary>
/// <param name="EventId">Its event id.</param>
/// <param name="Warning">The warning object: the SSE event's data.</param>
/// <param name="Alert">The WebSocket <c>alert</c> message wrapping it.</param>
/// <param name="IsStatusChange">Whether it is an admin's status change (SSE <c>event: status_changed</c>) rather than an engine event.</param>
internal sealed record EncodedAlert(long EventId, byte[] Warning, byte[] Alert, bool IsStatusChange = false);

/// <summary>A reused buffer and JSON writer for encoding messages on one thread.</summary>
internal sealed class JsonScratch : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _writer;

    public JsonScratch()
    {
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = false });
    }

    /// <summary>Clears the buffer and returns the writer over it.</summary>
    public Utf8JsonWriter Begin()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        return _writer;
    }

    /// <summary>What was written since <see cref="Begin"/>.</summary>
    public ReadOnlyMemory<byte> Written
    {
        get
        {
            _writer.Flush();
            return _buffer.WrittenMemory;
        }
    }

    /// <summary>A copy of what was written since <see cref="Begin"/>, to share.</summary>
    public byte[] ToArray() => Written.ToArray();

    public void Dispose() => _writer.Dispose();
}

/// <summary>Turns the engine's messages into the push contract's JSON.</summary>
internal static class PushEncoder
{
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText TsName = JsonEncodedText.Encode("ts");
    private static readonly JsonEncodedText TsNsName = JsonEncodedText.Encode("ts_ns");
    private static readonly JsonEncodedText PricesName = JsonEncodedText.Encode("prices");
    private static readonly JsonEncodedText PricesType = JsonEncodedText.Encode("prices");
    private static readonly JsonEncodedText AlertType = JsonEncodedText.Encode("alert");
    private static readonly JsonEncodedText EventIdName = JsonEncodedText.Encode("event_id");
    private static readonly JsonEncodedText WarningName = JsonEncodedText.Encode("warning");

    // Every combination of fired detectors, named once, so encoding a step allocates no name lists.
    private static readonly string[][] FiredNames = BuildFiredNames();

    /// <summary>Encodes a market step's <c>risk_update</c> and <c>prices</c>.</summary>
    public static EncodedMarket EncodeMarket(MarketUpdate update, JsonScratch scratch)
    {
        var ts = ToDateTime(update.TimestampNs);
        var detectors = new DetectorMessage[update.Detectors.Count];
        for (var i = 0; i < detectors.Length; i++)
        {
            var d = update.Detectors[i];
            detectors[i] = new DetectorMessage(d.Detector, Finite(d.Score), Finite(d.Raw), Finite(d.Contribution), Finite(d.Weight));
        }

        var risk = new RiskUpdateMessage(
            "risk_update",
            ts,
            update.TimestampNs,
            update.Step,
            Finite(update.Composite),
            update.Ready,
            update.WarningOpen,
            SeverityName(update.Severity),
            Finite(update.MaxAbsZ),
            update.MaxAbsZSymbol,
            update.CorrelationBreaks,
            Finite(update.MeanCorrelation),
            update.SignalCount,
            detectors);
        JsonSerializer.Serialize(scratch.Begin(), risk, PushJsonContext.Default.RiskUpdateMessage);
        var riskBytes = scratch.ToArray();

        var count = update.Instruments.Count;
        var symbols = new string[count];
        var entries = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var instrument = update.Instruments[i];
            var s = instrument.Snapshot;
            symbols[i] = instrument.Symbol;
            var entry = new PriceEntry(instrument.Symbol, Finite(s.Price), Finite(s.Return), Finite(s.ReturnZ), Finite(s.Volume), FiredNames[(int)s.Fired & 31]);
            JsonSerializer.Serialize(scratch.Begin(), entry, PushJsonContext.Default.PriceEntry);
            entries[i] = scratch.ToArray();
        }

        WritePrices(scratch.Begin(), update.TimestampNs, symbols, entries, null);
        return new EncodedMarket
        {
            Step = update.Step,
            TimestampNs = update.TimestampNs,
            EnteredAtTimestamp = update.EnteredAtTimestamp,
            RiskUpdate = riskBytes,
            AllPrices = scratch.ToArray(),
            Symbols = symbols,
            PriceEntries = entries,
        };
    }

    /// <summary>Writes a <c>prices</c> message with the instruments in <paramref name="instruments"/> (all when null).</summary>
    public static void WritePrices(Utf8JsonWriter writer, EncodedMarket market, IReadOnlySet<string>? instruments) =>
        WritePrices(writer, market.TimestampNs, market.Symbols, market.PriceEntries, instruments);

    private static void WritePrices(Utf8JsonWriter writer, long timestampNs, string[] symbols, byte[][] entries, IReadOnlySet<string>? instruments)
    {
        writer.WriteStartObject();
        writer.WriteString(TypeName, PricesType);
        writer.WriteString(TsName, ToDateTime(timestampNs));
        writer.WriteNumber(TsNsName, timestampNs);
        writer.WriteStartArray(PricesName);
        for (var i = 0; i < entries.Length; i++)
        {
            if (instruments is null || instruments.Contains(symbols[i]))
            {
                writer.WriteRawValue(entries[i], skipInputValidation: true);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Encodes a <c>correlations</c> message.</summary>
    public static EncodedCorrelations EncodeCorrelations(CorrelationUpdate update, JsonScratch scratch)
    {
        var n = update.Symbols.Count;
        var matrix = new double?[n][];
        for (var i = 0; i < n; i++)
        {
            var row = new double?[n];
            for (var j = 0; j < n; j++)
            {
                var k = (i * n) + j;
                row[j] = k < update.Matrix.Length ? Finite(update.Matrix[k]) : null;
            }

            matrix[i] = row;
        }

        var message = new CorrelationsMessage("correlations", ToDateTime(update.TimestampNs), update.TimestampNs, update.Symbols, matrix);
        JsonSerializer.Serialize(scratch.Begin(), message, PushJsonContext.Default.CorrelationsMessage);
        return new EncodedCorrelations(update.TimestampNs, scratch.ToArray());
    }

    /// <summary>Encodes a <c>risk</c> message: the risk models' summary (<c>GET /api/v1/risk</c>) with its type.</summary>
    public static EncodedRisk EncodeRisk(Vigil.Server.Live.RiskSummary s, JsonScratch scratch)
    {
        var message = new RiskMessage(
            "risk", s.Ts, s.TsNs, s.Step, s.CissIndex, s.CissTopSegment, s.AbsorptionRatio, s.AbsorptionShift, s.Turbulence,
            s.TurbulencePercentile, s.PortfolioVar95, s.PortfolioVar99, s.Regime.ToString().ToLowerInvariant(),
            s.TrafficLight?.ToString().ToLowerInvariant(), s.MinDistanceToDefault, s.WeakestInstitution, s.AggregateSrisk,
            s.SriskToEquity, s.AutoencoderScore, s.OptionsBookValue, s.SnapshotMilliseconds);
        JsonSerializer.Serialize(scratch.Begin(), message, PushJsonContext.Default.RiskMessage);
        return new EncodedRisk(s.TsNs, scratch.ToArray());
    }

    /// <summary>Encodes a warning event as an SSE data object and a WebSocket <c>alert</c>.</summary>
    public static EncodedAlert EncodeAlert(PublishedWarning published, JsonScratch scratch)
    {
        JsonSerializer.Serialize(scratch.Begin(), ToMessage(published.Warning, published.StatusChange), PushJsonContext.Default.WarningMessage);
        var warning = scratch.ToArray();
        var writer = scratch.Begin();
        writer.WriteStartObject();
        writer.WriteString(TypeName, AlertType);
        writer.WriteNumber(EventIdName, published.EventId);
        writer.WritePropertyName(WarningName);
        writer.WriteRawValue(warning, skipInputValidation: true);
        writer.WriteEndObject();
        return new EncodedAlert(published.EventId, warning, scratch.ToArray(), published.StatusChange is not null);
    }

    /// <summary>The warning object of the push contract.</summary>
    /// <param name="warning">The engine's event.</param>
    /// <param name="change">An admin's status change, which the message is then about (<c>event</c> is <c>status_changed</c>).</param>
    public static WarningMessage ToMessage(WarningEvent warning, WarningStatusChange? change = null)
    {
        ArgumentNullException.ThrowIfNull(warning);
        var report = warning.Report;
        var analogue = report?.Analogue;
        var narrative = report?.Narrative;
        return new WarningMessage(
            change is null ? TransitionName(warning.Kind) : "status_changed",
            warning.WarningId,
            ToDateTime(warning.TimestampNs),
            warning.TimestampNs,
            ToDateTime(warning.OpenedAtNs),
            SeverityName(warning.Severity),
            SeverityName(warning.PreviousSeverity),
            SeverityName(warning.PeakSeverity),
            Finite(warning.Composite),
            Finite(warning.PeakComposite),
            Finite(warning.MaxAbsZ),
            warning.MaxAbsZSymbol,
            warning.CorrelationBreaks,
            warning.SignalCount,
            [.. warning.Contributions.Select(c => new ContributionMessage(c.Detector, Finite(c.Score), Finite(c.Raw), Finite(c.Contribution)))],
            [.. warning.Signals.Select(s => new SignalMessage(s.Symbol, s.Detector, Finite(s.Raw)))],
            [.. warning.Breaks.Select(b => new BreakMessage(b.First, b.Second, Finite(b.Before), Finite(b.After)))],
            warning.Summary,
            WarningNames.Name(warning.EventType),
            WarningNames.Name(change?.Status ?? WarningNames.EngineStatus(warning)),
            report?.Title,
            report is null ? null : Finite(report.Probability),
            report is null ? null : Finite(report.Confidence),
            analogue is null ? null : new AnalogueMessage(analogue.CrisisId, analogue.Name, Finite(analogue.Similarity)),
            narrative is null ? null : new NarrativeMessage(narrative.Why, narrative.How, narrative.What, narrative.When, narrative.Where),
            change is null ? null : new StatusChangeMessage(WarningNames.Name(change.Status), WarningNames.Name(change.PreviousStatus), change.Actor, change.Note, ToDateTime(change.TimestampNs)));
    }

    /// <summary>Writes a <c>heartbeat</c> message.</summary>
    public static void WriteHeartbeat(Utf8JsonWriter writer, long latestTimestampNs, DateTime serverTime) =>
        JsonSerializer.Serialize(
            writer,
            new HeartbeatMessage("heartbeat", latestTimestampNs > 0 ? ToDateTime(latestTimestampNs) : serverTime, serverTime),
            PushJsonContext.Default.HeartbeatMessage);

    /// <summary>An <c>error</c> message.</summary>
    public static byte[] EncodeError(string message) =>
        JsonSerializer.SerializeToUtf8Bytes(new ErrorMessage("error", message), PushJsonContext.Default.ErrorMessage);

    /// <summary>Severities as the contracts spell them: upper case.</summary>
    public static string SeverityName(Severity severity) => severity switch
    {
        Severity.None => "NONE",
        Severity.Elevated => "ELEVATED",
        Severity.High => "HIGH",
        Severity.Severe => "SEVERE",
        Severity.Extreme => "EXTREME",
        _ => severity.ToString().ToUpperInvariant(),
    };

    /// <summary>Warning transitions as the contracts spell them.</summary>
    public static string TransitionName(WarningTransition kind) => kind switch
    {
        WarningTransition.Opened => "opened",
        WarningTransition.Escalated => "escalated",
        WarningTransition.DeEscalated => "de-escalated",
        WarningTransition.Reclassified => "reclassified",
        WarningTransition.Closed => "closed",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>Nanoseconds since the Unix epoch as a UTC time (100 ns precision).</summary>
    public static DateTime ToDateTime(long timestampNs) => DateTime.UnixEpoch.AddTicks(timestampNs / 100);

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static string[][] BuildFiredNames()
    {
        (FiredDetectors Flag, string Name)[] all =
        [
            (FiredDetectors.ZScore, DetectorNames.ZScore),
            (FiredDetectors.PriceSpike, DetectorNames.PriceSpike),
            (FiredDetectors.VolumeAnomaly, DetectorNames.VolumeAnomaly),
            (FiredDetectors.VolatilityBurst, DetectorNames.VolatilityBurst),
            (FiredDetectors.FlashCrash, DetectorNames.FlashCrash),
        ];
        var names = new string[32][];
        for (var bits = 0; bits < names.Length; bits++)
        {
            names[bits] = [.. all.Where(a => (bits & (int)a.Flag) != 0).Select(a => a.Name)];
        }

        return names;
    }
}
