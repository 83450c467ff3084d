using System.Globalization;
using System.Text.Json;
using Vigil.Core.Instruments;
using Vigil.Engine.Warnings.Classification;

namespace Vigil.Engine.Evaluation.Backtest;

/// <summary>Whether a backtest series is an instrument (in the state vector and correlations) or an indicator series.</summary>
public enum BacktestSeriesKind
{
    /// <summary>An instrument: registered with the engine and fed as ticks.</summary>
    Instrument = 0,

    /// <summary>An indicator series: registered with <c>DetectionEngine.RegisterIndicator</c> and fed with <c>OnIndicator</c>.</summary>
    Indicator,
}

/// <summary>One daily series of a backtest: a column of a CSV file and what it stands for.</summary>
/// <param name="File">The file as written in the manifest.</param>
/// <param name="Path">The file's full path.</param>
/// <param name="DateColumn">The date column's header; null for the first column.</param>
/// <param name="ValueColumn">The value column's header; null for the column after the date.</param>
/// <param name="DateFormat">The one accepted date format; null for the loader's built-in ones.</param>
/// <param name="MissingToken">A value that marks a missing day besides empty and <c>.</c>; null for none.</param>
/// <param name="Symbol">The unique symbol.</param>
/// <param name="Name">A readable name.</param>
/// <param name="Kind">Instrument or indicator.</param>
/// <param name="AssetClass">The asset class.</param>
/// <param name="Segment">The stress segment.</param>
/// <param name="ValueKind">Price (log returns) or level (differences).</param>
/// <param name="Category">What it stands for when classifying warnings.</param>
/// <param name="Scale">A factor every value is multiplied by (100 turns percentage points into basis points).</param>
public sealed record BacktestSeries(
    string File,
    string Path,
    string? DateColumn,
    string? ValueColumn,
    string? DateFormat,
    string? MissingToken,
    string Symbol,
    string Name,
    BacktestSeriesKind Kind,
    AssetClass AssetClass,
    StressSegment Segment,
    ValueKind ValueKind,
    IndicatorCategory Category,
    double Scale);

/// <summary>A labelled stress episode the backtest is scored on.</summary>
/// <param name="Name">What happened.</param>
/// <param name="Start">The first day of the episode.</param>
/// <param name="End">The last day of the episode.</param>
/// <param name="Source">Where its dates come from; null when not given.</param>
public sealed record BacktestEpisode(string Name, DateOnly Start, DateOnly End, string? Source);

/// <summary>A backtest manifest: which daily series to replay over which dates, and which episodes to score.</summary>
/// <param name="Path">The manifest file.</param>
/// <param name="Name">The backtest's name.</param>
/// <param name="From">The first day replayed.</param>
/// <param name="To">The last day replayed.</param>
/// <param name="Calendar">The symbol whose days are the market steps.</param>
/// <param name="LeadWindowDays">How many trading days before an episode's start a warning still counts for it.</param>
/// <param name="Series">The series, in the manifest's order.</param>
/// <param name="Episodes">The labelled episodes.</param>
public sealed record BacktestManifest(
    string Path,
    string Name,
    DateOnly From,
    DateOnly To,
    string Calendar,
    int LeadWindowDays,
    IReadOnlyList<BacktestSeries> Series,
    IReadOnlyList<BacktestEpisode> Episodes)
{
    /// <summary>The lead window when the manifest gives none, in trading days (about three months).</summary>
    public const int DefaultLeadWindowDays = 60;

    /// <summary>
    /// Reads and checks a manifest. Series files are relative to <paramref name="dataRoot"/> when given, else to the
    /// manifest's folder.
    /// </summary>
    /// <param name="path">The manifest (JSON).</param>
    /// <param name="dataRoot">The folder series files are relative to; null for the manifest's folder.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="BacktestManifestException">The manifest is missing, not JSON, or has problems; all of them are listed.</exception>
    public static BacktestManifest Load(string path, string? dataRoot = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!System.IO.File.Exists(path))
        {
            throw new BacktestManifestException([$"{path}: no such file"]);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(System.IO.File.ReadAllText(path), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new BacktestManifestException([$"{path}: not valid JSON ({e.Message})"]);
        }

        using (document)
        {
            var root = dataRoot ?? System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
            if (dataRoot is not null && !Directory.Exists(dataRoot))
            {
                throw new BacktestManifestException([$"--data {dataRoot}: no such folder"]);
            }

            return new ManifestReader(path, root).Read(document.RootElement);
        }
    }

    private sealed class ManifestReader(string path, string root)
    {
        private readonly List<string> _errors = [];

        public BacktestManifest Read(JsonElement json)
        {
            if (json.ValueKind != JsonValueKind.Object)
            {
                throw new BacktestManifestException([$"{path}: the manifest must be a JSON object"]);
            }

            var name = String(json, "name", "name", required: true) ?? "";
            var from = Date(json, "from", "from", required: true);
            var to = Date(json, "to", "to", required: true);
            if (from is { } f && to is { } t && t < f)
            {
                _errors.Add($"to: {t:yyyy-MM-dd} is before from ({f:yyyy-MM-dd})");
            }

            var lead = DefaultLeadWindowDays;
            if (json.TryGetProperty("lead_window_days", out var leadJson))
            {
                if (leadJson.ValueKind != JsonValueKind.Number || !leadJson.TryGetInt32(out lead) || lead < 0 || lead > 1000)
                {
                    _errors.Add("lead_window_days: must be a whole number of trading days from 0 to 1000");
                    lead = DefaultLeadWindowDays;
                }
            }

            var series = new List<BacktestSeries>();
            if (!json.TryGetProperty("series", out var seriesJson) || seriesJson.ValueKind != JsonValueKind.Array || seriesJson.GetArrayLength() == 0)
            {
                _errors.Add("series: required, a non-empty array");
            }
            else
            {
                var symbols = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                var i = 0;
                foreach (var item in seriesJson.EnumerateArray())
                {
                    if (ReadSeries(item, $"series[{i}]", from, to) is { } s)
                    {
                        if (!symbols.Add(s.Symbol))
                        {
                            _errors.Add($"series[{i}].symbol: duplicate symbol '{s.Symbol}'");
                        }

                        series.Add(s);
                    }

                    i++;
                }
            }

            var calendar = String(json, "calendar", "calendar", required: false);
            if (calendar is null)
            {
                calendar = series.FirstOrDefault(s => s.Kind == BacktestSeriesKind.Instrument)?.Symbol ?? "";
                if (series.Count > 0 && calendar.Length == 0)
                {
                    _errors.Add("series: at least one series must be an instrument (the first one sets the trading calendar)");
                }
            }
            else if (!series.Any(s => s.Kind == BacktestSeriesKind.Instrument && string.Equals(s.Symbol, calendar, StringComparison.OrdinalIgnoreCase)))
            {
                _errors.Add($"calendar: '{calendar}' is not the symbol of an instrument in series");
            }

            var episodes = new List<BacktestEpisode>();
            if (json.TryGetProperty("episodes", out var episodesJson))
            {
                if (episodesJson.ValueKind != JsonValueKind.Array)
                {
                    _errors.Add("episodes: must be an array");
                }
                else
                {
                    var i = 0;
                    foreach (var item in episodesJson.EnumerateArray())
                    {
                        var at = $"episodes[{i++}]";
                        if (item.ValueKind != JsonValueKind.Object)
                        {
                            _errors.Add($"{at}: must be an object");
                            continue;
                        }

                        var episodeName = String(item, "name", at + ".name", required: true);
                        var start = Date(item, "start", at + ".start", required: true);
                        var end = Date(item, "end", at + ".end", required: true);
                        var source = String(item, "source", at + ".source", required: false);
                        if (start is { } s && end is { } e)
                        {
                            if (e < s)
                            {
                                _errors.Add($"{at}.end: {e:yyyy-MM-dd} is before start ({s:yyyy-MM-dd})");
                            }
                            else if (episodeName is not null)
                            {
                                episodes.Add(new BacktestEpisode(episodeName, s, e, source));
                            }
                        }
                    }
                }
            }

            if (_errors.Count > 0)
            {
                throw new BacktestManifestException(_errors);
            }

            return new BacktestManifest(path, name, from!.Value, to!.Value, calendar, lead, series, episodes);
        }

        private BacktestSeries? ReadSeries(JsonElement item, string at, DateOnly? from, DateOnly? to)
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                _errors.Add($"{at}: must be an object");
                return null;
            }

            var before = _errors.Count;
            var file = String(item, "file", at + ".file", required: true);
            var symbol = String(item, "symbol", at + ".symbol", required: true);
            var name = String(item, "name", at + ".name", required: false) ?? symbol ?? "";
            var dateColumn = String(item, "date_column", at + ".date_column", required: false);
            var valueColumn = String(item, "value_column", at + ".value_column", required: false);
            var dateFormat = String(item, "date_format", at + ".date_format", required: false);
            var missing = String(item, "missing", at + ".missing", required: false);
            var kind = Enum(item, "kind", at + ".kind", BacktestSeriesKind.Instrument);
            var assetClass = Enum(item, "asset_class", at + ".asset_class", AssetClass.Unknown);
            var segment = Enum(item, "segment", at + ".segment", StressSegment.None);
            var valueKind = Enum(item, "value_kind", at + ".value_kind", ValueKind.Price);
            var category = Enum(item, "category", at + ".category", IndicatorCategory.None);
            if (kind == BacktestSeriesKind.Indicator && !item.TryGetProperty("category", out _))
            {
                _errors.Add($"{at}.category: required for an indicator");
            }

            var scale = 1.0;
            if (item.TryGetProperty("scale", out var scaleJson) && (scaleJson.ValueKind != JsonValueKind.Number || !scaleJson.TryGetDouble(out scale) || !double.IsFinite(scale) || scale == 0))
            {
                _errors.Add($"{at}.scale: must be a finite non-zero number");
            }

            if (symbol is not null && (symbol.Length > 64 || !symbol.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '^')))
            {
                _errors.Add($"{at}.symbol: '{symbol}' must be at most 64 ASCII letters, digits, '_', '-', '.' or '^'");
            }

            string fullPath = "";
            if (file is not null)
            {
                fullPath = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, file));
                if (!System.IO.File.Exists(fullPath))
                {
                    _errors.Add($"{at}.file: {fullPath}: no such file");
                }
                else
                {
                    CheckColumns(fullPath, at, dateColumn, valueColumn);
                }
            }

            return _errors.Count > before
                ? null
                : new BacktestSeries(file!, fullPath, dateColumn, valueColumn, dateFormat, missing, symbol!, name, kind, assetClass, segment, valueKind, category, scale);
        }

        private void CheckColumns(string fullPath, string at, string? dateColumn, string? valueColumn)
        {
            string? header;
            try
            {
                using var reader = new StreamReader(fullPath);
                header = reader.ReadLine();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _errors.Add($"{at}.file: {fullPath}: {e.Message}");
                return;
            }

            if (header is null)
            {
                _errors.Add($"{at}.file: {fullPath}: the file is empty");
                return;
            }

            var columns = header.TrimStart('\uFEFF').Split(',').Select(c => c.Trim().Trim('"')).ToArray();
            foreach (var (column, field) in new[] { (dateColumn, "date_column"), (valueColumn, "value_column") })
            {
                if (column is not null && !columns.Contains(column, StringComparer.OrdinalIgnoreCase))
                {
                    _errors.Add($"{at}.{field}: no column '{column}' in {System.IO.Path.GetFileName(fullPath)} (it has {string.Join(", ", columns)})");
                }
            }
        }

        private string? String(JsonElement json, string property, string at, bool required)
        {
            if (!json.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    _errors.Add($"{at}: required");
                }

                return null;
            }

            if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            {
                _errors.Add($"{at}: must be a non-empty string");
                return null;
            }

            return value.GetString();
        }

        private DateOnly? Date(JsonElement json, string property, string at, bool required)
        {
            var text = String(json, property, at, required);
            if (text is null)
            {
                return null;
            }

            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }

            _errors.Add($"{at}: '{text}' is not a date as yyyy-MM-dd");
            return null;
        }

        private T Enum<T>(JsonElement json, string property, string at, T fallback)
            where T : struct, System.Enum
        {
            var text = String(json, property, at, required: false);
            if (text is null)
            {
                return fallback;
            }

            foreach (var value in System.Enum.GetValues<T>())
            {
                if (string.Equals(WireName(value), text, StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }

            _errors.Add($"{at}: unknown value '{text}' (expected one of {string.Join(", ", System.Enum.GetValues<T>().Select(v => WireName(v)))})");
            return fallback;
        }
    }

    /// <summary>An enum value as manifests and summaries write it: snake case, for example <c>financial_intermediaries</c>.</summary>
    /// <param name="value">The value.</param>
    public static string WireName<T>(T value)
        where T : struct, System.Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}

/// <summary>A manifest that cannot be used; <see cref="Errors"/> lists every problem found.</summary>
public sealed class BacktestManifestException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errors">Every problem, each naming the field.</param>
    public BacktestManifestException(IReadOnlyList<string> errors)
        : base(string.Join("; ", errors)) => Errors = errors;

    /// <summary>Creates the exception with one problem.</summary>
    public BacktestManifestException()
        : this(["the manifest is not valid"])
    {
    }

    /// <summary>Creates the exception with one problem.</summary>
    /// <param name="message">The problem.</param>
    public BacktestManifestException(string message)
        : this([message])
    {
    }

    /// <summary>Creates the exception with one problem and its cause.</summary>
    /// <param name="message">The problem.</param>
    /// <param name="innerException">The cause.</param>
    public BacktestManifestException(string message, Exception innerException)
        : base(message, innerException) => Errors = [message];

    /// <summary>Every problem, each naming the field.</summary>
    public IReadOnlyList<string> Errors { get; }
}
