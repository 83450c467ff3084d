using Vigil.Engine.Warnings;
using Vigil.Engine.Warnings.Reports;

namespace Vigil.Storage;

/// <summary>
/// Warning statuses and event types as the store and the APIs spell them: lower case, event types in snake case
/// (<c>market_crash</c>), and the status the engine's event implies.
/// </summary>
public static class WarningNames
{
    private static readonly string[] StatusNames = ["active", "monitoring", "resolved"];

    /// <summary>The status's name: <c>active</c>, <c>monitoring</c> or <c>resolved</c>.</summary>
    /// <param name="status">The status.</param>
    public static string Name(WarningStatus status) => StatusNames[(int)status];

    /// <summary>The event type's name, for example <c>market_crash</c>.</summary>
    /// <param name="eventType">The event type.</param>
    public static string Name(EventType eventType) => eventType.WireName();

    /// <summary>Parses a status name (any case, surrounding spaces ignored).</summary>
    /// <param name="text">The name.</param>
    /// <param name="status">The status, when the name is one.</param>
    public static bool TryParseStatus(string? text, out WarningStatus status)
    {
        var index = Array.FindIndex(StatusNames, n => string.Equals(n, text?.Trim(), StringComparison.OrdinalIgnoreCase));
        status = index < 0 ? default : (WarningStatus)index;
        return index >= 0;
    }

    /// <summary>Parses an event type name (snake case, any case, surrounding spaces ignored).</summary>
    /// <param name="text">The name.</param>
    /// <param name="eventType">The event type, when the name is one.</param>
    public static bool TryParseEventType(string? text, out EventType eventType)
    {
        var names = EventTypeNames.All;
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                eventType = (EventType)i;
                return true;
            }
        }

        eventType = default;
        return false;
    }

    /// <summary>Every event type's name, in enum order.</summary>
    public static IReadOnlyList<string> AllEventTypes => EventTypeNames.All;

    /// <summary>
    /// The status an engine event implies: resolved once the episode is closed (whatever the event says), otherwise
    /// the event's own.
    /// </summary>
    /// <param name="warning">The engine's event.</param>
    public static WarningStatus EngineStatus(WarningEvent warning)
    {
        ArgumentNullException.ThrowIfNull(warning);
        return warning.Kind == WarningTransition.Closed ? WarningStatus.Resolved : warning.Status;
    }
}
