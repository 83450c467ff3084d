using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Vigil.Server.Hosting;

/// <summary>
/// One JSON object per line: <c>{"ts","level","component","category","event_id","event","message","context":{…},"exception"}</c>.
/// <c>component</c> is the service area that logged (engine, store, push, api, health, metrics, http, host, …) so log
/// shippers can route and filter without knowing class names; <c>context</c> holds the message's named values and
/// every scope's (request id and path, connection, client), later values winning.
/// </summary>
public sealed class VigilJsonConsoleFormatter : ConsoleFormatter
{
    /// <summary>The formatter's name, as <c>Logging:Console:FormatterName</c> selects it.</summary>
    public const string FormatterName = "vigil-json";

    /// <summary>Creates the formatter.</summary>
    public VigilJsonConsoleFormatter()
        : base(FormatterName)
    {
    }

    /// <inheritdoc/>
    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("ts", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            writer.WriteString("level", LevelName(logEntry.LogLevel));
            writer.WriteString("component", Component(logEntry.Category));
            writer.WriteString("category", logEntry.Category);
            if (logEntry.EventId.Id != 0)
            {
                writer.WriteNumber("event_id", logEntry.EventId.Id);
            }

            if (!string.IsNullOrEmpty(logEntry.EventId.Name))
            {
                writer.WriteString("event", logEntry.EventId.Name);
            }

            writer.WriteString("message", message ?? string.Empty);
            writer.WriteStartObject("context");
            var written = new HashSet<string>(StringComparer.Ordinal);
            WriteValues(writer, logEntry.State, written);
            scopeProvider?.ForEachScope((scope, state) => WriteValues(state.Writer, scope, state.Written), (Writer: writer, Written: written));
            writer.WriteEndObject();
            if (logEntry.Exception is { } exception)
            {
                writer.WriteString("exception", exception.ToString());
            }

            writer.WriteEndObject();
        }

        textWriter.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        textWriter.Write(Environment.NewLine);
    }

    /// <summary>
    /// The area of a logger category: <c>Vigil.Server.Store.StoreHost</c> is <c>store</c>, the engine loop is
    /// <c>engine</c>, ASP.NET Core's request pipeline is <c>http</c>, the generic host is <c>host</c>.
    /// </summary>
    /// <param name="category">The logger's category (usually a type's full name).</param>
    public static string Component(string category)
    {
        ArgumentNullException.ThrowIfNull(category);
        if (category.EndsWith(".EngineHost", StringComparison.Ordinal))
        {
            return "engine";
        }

        var parts = category.Split('.');
        if (parts is ["Vigil", "Server", var area, _, ..])
        {
            return area.ToLowerInvariant();
        }

        if (parts is ["Vigil", var project, ..] && project != "Server")
        {
            return project.ToLowerInvariant();
        }

        if (category.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal))
        {
            return parts.Length > 2 && parts[2] == "Server" ? "server" : "http";
        }

        if (category.StartsWith("Microsoft.Hosting.", StringComparison.Ordinal) || category.StartsWith("Microsoft.Extensions.Hosting", StringComparison.Ordinal))
        {
            return "host";
        }

        return category.StartsWith("Vigil", StringComparison.Ordinal) ? "vigil" : "runtime";
    }

    private static void WriteValues(Utf8JsonWriter writer, object? state, HashSet<string> written)
    {
        if (state is not IEnumerable<KeyValuePair<string, object?>> values)
        {
            return;
        }

        foreach (var (key, value) in values)
        {
            // The template is the message already written; a name seen twice keeps its first (innermost) value.
            if (key == "{OriginalFormat}" || !written.Add(key))
            {
                continue;
            }

            switch (value)
            {
                case null:
                    writer.WriteNull(key);
                    break;
                case bool b:
                    writer.WriteBoolean(key, b);
                    break;
                case int or long or short or byte or uint or ulong or ushort or sbyte:
                    writer.WriteNumber(key, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    break;
                case double d when double.IsFinite(d):
                    writer.WriteNumber(key, d);
                    break;
                case float f when float.IsFinite(f):
                    writer.WriteNumber(key, f);
                    break;
                case decimal m:
                    writer.WriteNumber(key, m);
                    break;
                case DateTimeOffset t:
                    writer.WriteString(key, t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                    break;
                case IFormattable formattable:
                    writer.WriteString(key, formattable.ToString(null, CultureInfo.InvariantCulture));
                    break;
                default:
                    writer.WriteString(key, value.ToString());
                    break;
            }
        }
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        LogLevel.Critical => "fatal",
        _ => "none",
    };
}
