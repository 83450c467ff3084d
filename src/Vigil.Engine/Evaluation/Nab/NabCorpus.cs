using System.Globalization;
using System.Text.Json;

namespace Vigil.Engine.Evaluation.Nab;

/// <summary>
/// The NAB data files to score, with their windows, and the cost profiles to score them under.
/// </summary>
public sealed class NabCorpus
{
    private static readonly string[] TimestampFormats =
        ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF"];

    /// <summary>Creates a corpus from files and profiles already in memory.</summary>
    /// <param name="files">The data files; relative paths unique.</param>
    /// <param name="profiles">The cost profiles; names unique; at least one.</param>
    public NabCorpus(IReadOnlyList<NabDataFile> files, IReadOnlyList<NabCostProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(profiles);
        if (profiles.Count == 0)
        {
            throw new ArgumentException("At least one cost profile is needed.", nameof(profiles));
        }

        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (!paths.Add(file.RelativePath))
            {
                throw new ArgumentException($"The file {file.RelativePath} appears twice.", nameof(files));
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var profile in profiles)
        {
            if (!names.Add(profile.Name))
            {
                throw new ArgumentException($"The profile {profile.Name} appears twice.", nameof(profiles));
            }
        }

        Files = files;
        Profiles = profiles;
    }

    /// <summary>The data files, in ordinal order of their relative paths when loaded from disk.</summary>
    public IReadOnlyList<NabDataFile> Files { get; }

    /// <summary>The cost profiles, in the order of <c>config/profiles.json</c> when loaded from disk.</summary>
    public IReadOnlyList<NabCostProfile> Profiles { get; }

    /// <summary>The number of labelled windows over all files.</summary>
    public int WindowCount
    {
        get
        {
            var count = 0;
            foreach (var file in Files)
            {
                count += file.Windows.Count;
            }

            return count;
        }
    }

    /// <summary>The total number of rows over all files.</summary>
    public long RowCount
    {
        get
        {
            long count = 0;
            foreach (var file in Files)
            {
                count += file.RowCount;
            }

            return count;
        }
    }

    /// <summary>The file at a relative path, or null.</summary>
    /// <param name="relativePath">A path under <c>data</c> with forward slashes.</param>
    public NabDataFile? Find(string relativePath)
    {
        foreach (var file in Files)
        {
            if (string.Equals(file.RelativePath, relativePath, StringComparison.Ordinal))
            {
                return file;
            }
        }

        return null;
    }

    /// <summary>
    /// Loads a NAB checkout (or a folder laid out like one): every <c>data/**/*.csv</c> that
    /// <c>labels/combined_windows.json</c> lists (NAB runs detectors only on labelled files), its windows, and the
    /// profiles of <c>config/profiles.json</c>. Every row is kept, including repeated timestamps, because NAB scores by
    /// row. Each window limit must match exactly one row's timestamp, as NAB's labeller requires.
    /// </summary>
    /// <param name="dataDir">The NAB root: the folder holding <c>data</c>, <c>labels</c> and <c>config</c>.</param>
    /// <exception cref="DirectoryNotFoundException">A folder is missing.</exception>
    /// <exception cref="FileNotFoundException">The windows or profiles file is missing.</exception>
    /// <exception cref="InvalidDataException">A file is malformed or a window does not lie on the file's rows.</exception>
    public static NabCorpus Load(string dataDir)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDir);
        var dataFolder = Path.Combine(dataDir, "data");
        if (!Directory.Exists(dataFolder))
        {
            throw new DirectoryNotFoundException($"No NAB data folder at {dataFolder}.");
        }

        var windowsByFile = ReadWindowLimits(Path.Combine(dataDir, "labels", "combined_windows.json"));
        var profiles = ReadProfiles(Path.Combine(dataDir, "config", "profiles.json"));

        var paths = new List<string>();
        foreach (var path in Directory.EnumerateFiles(dataFolder, "*.csv", SearchOption.AllDirectories))
        {
            paths.Add(Path.GetRelativePath(dataFolder, path).Replace(Path.DirectorySeparatorChar, '/'));
        }

        paths.Sort(StringComparer.Ordinal);
        var files = new List<NabDataFile>(paths.Count);
        foreach (var relativePath in paths)
        {
            if (!windowsByFile.TryGetValue(relativePath, out var limits))
            {
                continue;
            }

            var (timestamps, values) = ReadDataCsv(Path.Combine(dataFolder, relativePath), relativePath);
            files.Add(new NabDataFile(relativePath, timestamps, values, PlaceWindows(relativePath, timestamps, limits)));
        }

        return new NabCorpus(files, profiles);
    }

    /// <summary>Parses a NAB timestamp (<c>yyyy-MM-dd HH:mm:ss</c>, optionally with fractional seconds) as UTC.</summary>
    /// <param name="text">The timestamp text.</param>
    /// <returns>Nanoseconds since the Unix epoch.</returns>
    /// <exception cref="FormatException">The text is not such a timestamp.</exception>
    public static long ParseTimestampNs(ReadOnlySpan<char> text)
    {
        if (!TryParseTimestampNs(text, out var ns))
        {
            throw new FormatException($"'{text.ToString()}' is not a NAB timestamp (yyyy-MM-dd HH:mm:ss[.ffffff]).");
        }

        return ns;
    }

    internal static bool TryParseTimestampNs(ReadOnlySpan<char> text, out long timestampNs)
    {
        if (DateTime.TryParseExact(text.Trim(), TimestampFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
        {
            timestampNs = (time.Ticks - DateTime.UnixEpoch.Ticks) * 100;
            return true;
        }

        timestampNs = 0;
        return false;
    }

    internal static (long[] TimestampsNs, double[] Values) ReadDataCsv(string path, string displayName)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine() ?? throw new InvalidDataException($"{displayName}: the file is empty.");
        var columns = header.Split(',');
        var timeColumn = Array.FindIndex(columns, c => c.Trim() == "timestamp");
        var valueColumn = Array.FindIndex(columns, c => c.Trim() == "value");
        if (timeColumn < 0 || valueColumn < 0)
        {
            throw new InvalidDataException($"{displayName}: the header '{header}' lacks a timestamp or value column.");
        }

        var timestamps = new List<long>();
        var values = new List<double>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length <= Math.Max(timeColumn, valueColumn)
                || !TryParseTimestampNs(fields[timeColumn], out var ns)
                || !double.TryParse(fields[valueColumn], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                || !double.IsFinite(value))
            {
                throw new InvalidDataException($"{displayName}, line {lineNumber}: '{line}' is not a timestamp and a finite value.");
            }

            timestamps.Add(ns);
            values.Add(value);
        }

        return (timestamps.ToArray(), values.ToArray());
    }

    private static NabWindow[] PlaceWindows(string relativePath, long[] timestamps, List<(long StartNs, long EndNs)> limits)
    {
        var windows = new NabWindow[limits.Count];
        for (var w = 0; w < limits.Count; w++)
        {
            var (start, end) = limits[w];
            windows[w] = new NabWindow(start, end, UniqueRow(relativePath, timestamps, start), UniqueRow(relativePath, timestamps, end));
            if (windows[w].EndRow < windows[w].StartRow || (w > 0 && windows[w].StartRow <= windows[w - 1].EndRow))
            {
                throw new InvalidDataException($"{relativePath}: window {w} is reversed or overlaps the one before it.");
            }
        }

        return windows;
    }

    private static int UniqueRow(string relativePath, long[] timestamps, long timestampNs)
    {
        var row = -1;
        for (var i = 0; i < timestamps.Length; i++)
        {
            if (timestamps[i] == timestampNs)
            {
                if (row >= 0)
                {
                    throw new InvalidDataException($"{relativePath}: a window limit matches more than one row ({row} and {i}).");
                }

                row = i;
            }
        }

        return row >= 0 ? row
            : throw new InvalidDataException($"{relativePath}: a window limit matches no row's timestamp.");
    }

    private static Dictionary<string, List<(long StartNs, long EndNs)>> ReadWindowLimits(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No NAB windows file at {path}.", path);
        }

        using var stream = File.OpenRead(path);
        using var document = ParseJson(stream, path);
        var result = new Dictionary<string, List<(long, long)>>(StringComparer.Ordinal);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{path}: expected an object of file paths.");
        }

        foreach (var file in document.RootElement.EnumerateObject())
        {
            var list = new List<(long, long)>();
            if (file.Value.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"{path}: the windows of {file.Name} are not a list.");
            }

            foreach (var pair in file.Value.EnumerateArray())
            {
                if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2
                    || pair[0].ValueKind != JsonValueKind.String || pair[1].ValueKind != JsonValueKind.String
                    || !TryParseTimestampNs(pair[0].GetString(), out var start)
                    || !TryParseTimestampNs(pair[1].GetString(), out var end))
                {
                    throw new InvalidDataException($"{path}: a window of {file.Name} is not a pair of timestamps.");
                }

                list.Add((start, end));
            }

            result[file.Name] = list;
        }

        return result;
    }

    internal static List<NabCostProfile> ReadProfiles(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No NAB profiles file at {path}.", path);
        }

        using var stream = File.OpenRead(path);
        using var document = ParseJson(stream, path);
        var profiles = new List<NabCostProfile>();
        foreach (var profile in document.RootElement.EnumerateObject())
        {
            if (!profile.Value.TryGetProperty("CostMatrix", out var matrix))
            {
                throw new InvalidDataException($"{path}: the profile {profile.Name} has no CostMatrix.");
            }

            profiles.Add(new NabCostProfile(
                profile.Name,
                Weight(matrix, "tpWeight", path),
                Weight(matrix, "fpWeight", path),
                Weight(matrix, "fnWeight", path),
                matrix.TryGetProperty("tnWeight", out var tn) && tn.ValueKind == JsonValueKind.Number ? tn.GetDouble() : 0.0));
        }

        return profiles.Count > 0 ? profiles : throw new InvalidDataException($"{path}: no profiles.");
    }

    internal static JsonDocument ParseJson(Stream stream, string path)
    {
        try
        {
            return JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message}).", e);
        }
    }

    private static double Weight(JsonElement matrix, string name, string path) =>
        matrix.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && double.IsFinite(value.GetDouble()) && value.GetDouble() >= 0
            ? value.GetDouble()
            : throw new InvalidDataException($"{path}: {name} is missing or not a non-negative number.");
}
