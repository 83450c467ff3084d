using System.CommandLine;
using Vigil.Engine.Replay;

namespace Vigil.Commands;

/// <summary>Options several commands share, defined once so they read the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Write machine-readable JSON instead of tables (see the README for the fields)." };

    public static Option<ReplayFormat> Format() => new("--format")
    {
        Description = "File layout: Auto (detect from the header), Long (ts,symbol,price[,volume]), Wide, Fred, Yahoo or Nab.",
        DefaultValueFactory = _ => ReplayFormat.Auto,
    };

    public static Option<EngineProfile> Profile() => new("--profile")
    {
        Description = "Detector windows: Intraday (steps of seconds), Daily (steps of days), or Auto (Daily for wide, FRED and Yahoo files).",
        DefaultValueFactory = _ => EngineProfile.Auto,
    };
}

/// <summary>Which set of detector windows to run with.</summary>
internal enum EngineProfile
{
    /// <summary>Chosen from the file's format.</summary>
    Auto,

    /// <summary>Market steps of a fraction of a second to seconds.</summary>
    Intraday,

    /// <summary>Market steps of a day.</summary>
    Daily,
}
