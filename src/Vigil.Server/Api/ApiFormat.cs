using System.Text.Json;
using System.Text.Json.Serialization;
using Vigil.Detection;
using Vigil.Engine.Pipeline;
using Vigil.Engine.Warnings;

namespace Vigil.Server.Api;

/// <summary>How the API writes engine values: times as UTC, NaN as null, detector flags as names.</summary>
internal static class ApiFormat
{
    private static readonly (FiredDetectors Flag, string Name)[] FiredNames =
    [
        (FiredDetectors.ZScore, DetectorNames.ZScore),
        (FiredDetectors.PriceSpike, DetectorNames.PriceSpike),
        (FiredDetectors.VolumeAnomaly, DetectorNames.VolumeAnomaly),
        (FiredDetectors.VolatilityBurst, DetectorNames.VolatilityBurst),
        (FiredDetectors.FlashCrash, DetectorNames.FlashCrash),
    ];

    /// <summary>A time in nanoseconds since the Unix epoch as a UTC <see cref="DateTime"/> (100 ns resolution).</summary>
    public static DateTime Time(long timestampNs) => DateTime.UnixEpoch.AddTicks(timestampNs / 100);

    /// <summary>A UTC time in nanoseconds since the Unix epoch.</summary>
    public static long Nanoseconds(DateTimeOffset time) => (time.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;

    /// <summary>JSON has no NaN or infinity: values that are not yet known are written as null.</summary>
    public static double? Finite(double value) => double.IsFinite(value) ? value : null;

    /// <summary>The names of the per-series detectors set in <paramref name="fired"/>.</summary>
    public static string[] Fired(FiredDetectors fired)
    {
        if (fired == FiredDetectors.None)
        {
            return [];
        }

        var names = new List<string>(FiredNames.Length);
        foreach (var (flag, name) in FiredNames)
        {
            if ((fired & flag) != 0)
            {
                names.Add(name);
            }
        }

        return [.. names];
    }

    /// <summary>A warning event's kind as the contract writes it: opened, escalated, de-escalated, reclassified, closed.</summary>
    public static string Transition(WarningTransition kind) => kind switch
    {
        WarningTransition.Opened => "opened",
        WarningTransition.Escalated => "escalated",
        WarningTransition.DeEscalated => "de-escalated",
        WarningTransition.Reclassified => "reclassified",
        WarningTransition.Closed => "closed",
        _ => "none",
    };
}

/// <summary>Writes <see cref="Severity"/> in upper case (<c>NONE</c>, <c>ELEVATED</c>, … <c>EXTREME</c>), as every Vigil contract does.</summary>
public sealed class SeverityJsonConverter : JsonStringEnumConverter<Severity>
{
    /// <summary>Creates the converter; integers are not accepted.</summary>
    public SeverityJsonConverter()
        : base(JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false)
    {
    }
}
