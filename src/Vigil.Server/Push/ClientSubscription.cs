using System.Collections.Frozen;
using System.Text.Json;
using Vigil.Core.Instruments;

namespace Vigil.Server.Push;

/// <summary>The message types a client can subscribe to.</summary>
[Flags]
internal enum PushMessageTypes
{
    None = 0,
    RiskUpdate = 1,
    Prices = 2,
    Alert = 4,
    Correlations = 8,
    Risk = 16,
    All = RiskUpdate | Prices | Alert | Correlations | Risk,
}

/// <summary>What a client wants: which message types, and which instruments' prices (all when null).</summary>
/// <param name="Types">The message types.</param>
/// <param name="Instruments">The instruments whose prices it wants, by symbol; null for all.</param>
internal sealed record ClientSubscription(PushMessageTypes Types, FrozenSet<string>? Instruments)
{
    /// <summary>Everything: the subscription a WebSocket client starts with.</summary>
    public static ClientSubscription All { get; } = new(PushMessageTypes.All, null);

    /// <summary>Alerts only: what an SSE client gets.</summary>
    public static ClientSubscription AlertsOnly { get; } = new(PushMessageTypes.Alert, null);

    /// <summary>Whether it wants any message of <paramref name="types"/>.</summary>
    public bool WantsAny(PushMessageTypes types) => (Types & types) != 0;

    /// <summary>The accepted type names, as the contract spells them.</summary>
    public const string TypeNames = "risk_update, prices, alert, correlations, risk";

    /// <summary>
    /// Reads a client's message, which must be a subscription: <c>{"type":"subscribe","instruments":[…]|null,"types":[…]|null}</c>.
    /// </summary>
    /// <param name="json">The message's UTF-8 text.</param>
    /// <param name="instruments">The instruments the service watches.</param>
    /// <param name="subscription">The subscription, when the message is valid.</param>
    /// <param name="error">Why the message was rejected, when it is not.</param>
    public static bool TryParse(ReadOnlySpan<byte> json, IReadOnlyList<Instrument> instruments, out ClientSubscription? subscription, out string? error)
    {
        subscription = null;
        ClientMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(json, PushJsonContext.Default.ClientMessage);
        }
        catch (JsonException e)
        {
            error = $"malformed message: {e.Message}";
            return false;
        }

        if (message is null)
        {
            error = "malformed message: expected a JSON object";
            return false;
        }

        if (message.Type != "subscribe")
        {
            error = message.Type is null
                ? "the message has no \"type\"; expected {\"type\":\"subscribe\",\"instruments\":[…]|null,\"types\":[…]|null}"
                : $"unknown message type '{message.Type}'; the only message a client sends is 'subscribe'";
            return false;
        }

        var types = PushMessageTypes.All;
        if (message.Types is { } typeNames)
        {
            types = PushMessageTypes.None;
            var unknown = new List<string>();
            foreach (var name in typeNames)
            {
                var type = name switch
                {
                    "risk_update" => PushMessageTypes.RiskUpdate,
                    "prices" => PushMessageTypes.Prices,
                    "alert" => PushMessageTypes.Alert,
                    "correlations" => PushMessageTypes.Correlations,
                    "risk" => PushMessageTypes.Risk,
                    _ => PushMessageTypes.None,
                };
                if (type == PushMessageTypes.None)
                {
                    unknown.Add(name is null ? "null" : $"'{name}'");
                }

                types |= type;
            }

            if (unknown.Count > 0)
            {
                error = $"unknown message types: {string.Join(", ", unknown)}; expected some of {TypeNames}, or null for all";
                return false;
            }
        }

        FrozenSet<string>? symbols = null;
        if (message.Instruments is { } requested)
        {
            var known = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var instrument in instruments)
            {
                known[instrument.Symbol] = instrument.Symbol;
            }

            var chosen = new List<string>();
            var unknown = new List<string>();
            foreach (var symbol in requested)
            {
                if (symbol is not null && known.TryGetValue(symbol, out var canonical))
                {
                    chosen.Add(canonical);
                }
                else
                {
                    unknown.Add(symbol is null ? "null" : $"'{symbol}'");
                }
            }

            if (unknown.Count > 0)
            {
                error = $"unknown instruments: {string.Join(", ", unknown)}; GET /api/v1/instruments lists them";
                return false;
            }

            symbols = chosen.ToFrozenSet(StringComparer.Ordinal);
        }

        subscription = new ClientSubscription(types, symbols);
        error = null;
        return true;
    }
}
