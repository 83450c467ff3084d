using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Vigil.Core.Instruments;
using Vigil.Engine.Live;
using Vigil.Engine.Pipeline;

namespace Vigil.Storage.Writing;

/// <summary>One spooled batch: a line of a spool file.</summary>
/// <param name="Version">The record format's version.</param>
/// <param name="Steps">The batch's market steps.</param>
/// <param name="Warnings">The batch's warning events.</param>
internal sealed record SpoolRecord(int Version, MarketUpdate[] Steps, PublishedWarning[] Warnings)
{
    public const int CurrentVersion = 1;
}

/// <summary>
/// The spool's JSON: the store's options, with each instrument written as an array rather than an object (a step is
/// most of a batch, and names repeated for 18 instruments would triple its size on disk).
/// </summary>
internal static class SpoolJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(StoreJson.Options);
        options.Converters.Add(new InstrumentUpdateConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary><c>["SPX", id, ticked, price, return, volatility, return_z, volatility_log_ratio, price_z, volume_z, volume, max_abs_z, five scores…, fired]</c>.</summary>
    private sealed class InstrumentUpdateConverter : JsonConverter<InstrumentUpdate>
    {
        public override InstrumentUpdate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            Expect(ref reader, JsonTokenType.StartArray);
            reader.Read();
            Expect(ref reader, JsonTokenType.String);
            var symbol = reader.GetString()!;
            var id = (int)Number(ref reader);
            var ticked = Number(ref reader) != 0;
            var values = new double[14];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = Number(ref reader);
            }

            var fired = (FiredDetectors)(int)Number(ref reader);
            reader.Read();
            Expect(ref reader, JsonTokenType.EndArray);
            return new InstrumentUpdate(symbol, new InstrumentSnapshot(
                new InstrumentId(id), ticked, values[0], values[1], values[2], values[3], values[4], values[5], values[6],
                values[7], values[8], values[9], values[10], values[11], values[12], values[13], fired));
        }

        public override void Write(Utf8JsonWriter writer, InstrumentUpdate value, JsonSerializerOptions options)
        {
            var s = value.Snapshot;
            writer.WriteStartArray();
            writer.WriteStringValue(value.Symbol);
            writer.WriteNumberValue(s.Instrument.Value);
            writer.WriteNumberValue(s.Ticked ? 1 : 0);
            Number(writer, s.Price);
            Number(writer, s.Return);
            Number(writer, s.Volatility);
            Number(writer, s.ReturnZ);
            Number(writer, s.VolatilityLogRatio);
            Number(writer, s.PriceZ);
            Number(writer, s.VolumeZ);
            Number(writer, s.Volume);
            Number(writer, s.MaxAbsZ);
            Number(writer, s.ZScoreScore);
            Number(writer, s.PriceSpikeScore);
            Number(writer, s.VolumeAnomalyScore);
            Number(writer, s.VolatilityBurstScore);
            Number(writer, s.FlashCrashScore);
            writer.WriteNumberValue((int)s.Fired);
            writer.WriteEndArray();
        }

        private static void Number(Utf8JsonWriter writer, double value)
        {
            if (double.IsFinite(value))
            {
                writer.WriteNumberValue(value);
            }
            else
            {
                writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
            }
        }

        private static double Number(ref Utf8JsonReader reader)
        {
            reader.Read();
            return reader.TokenType switch
            {
                JsonTokenType.Number => reader.GetDouble(),
                JsonTokenType.String when double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) => v,
                _ => throw new JsonException($"A spooled instrument has {reader.TokenType} where a number belongs."),
            };
        }

        private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
        {
            if (reader.TokenType != type)
            {
                throw new JsonException($"A spooled instrument has {reader.TokenType} where {type} belongs.");
            }
        }
    }
}
