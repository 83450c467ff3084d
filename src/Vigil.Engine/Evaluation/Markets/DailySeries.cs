using System.Globalization;
using System.Text;

namespace Vigil.Engine.Evaluation.Markets;

/// <summary>Why a row of a daily series file was not kept.</summary>
public enum DailyRowRejection
{
    /// <summary>The value is empty or FRED's <c>.</c> (no observation that day): skipped, not an error.</summary>
    MissingValue = 0,

    /// <summary>The date is not one of the accepted formats.</summary>
    BadDate,

    /// <summary>The value does not parse as a finite number.</summary>
    BadValue,

    /// <summary>The row has too few fields for the date or value column.</summary>
    WrongFieldCount,

    /// <summary>The date repeats an earlier row's; the first is kept.</summary>
    DuplicateDate,

    /// <summary>The date lies outside the requested range.</summary>
    OutOfRange,
}

/// <summary>A daily series: dates in increasing order, one finite value each, and what was left out of the file.</summary>
public sealed class DailySeries
{
    private readonly Dictionary<DateOnly, int> _index;

    /// <summary>Creates a series from dates in increasing order and their values.</summary>
    /// <param name="name">The series' name.</param>
    /// <param name="dates">The dates, strictly increasing.</param>
    /// <param name="values">One finite value per date.</param>
    /// <param name="rejections">The rows left out, by reason.</param>
    public DailySeries(string name, DateOnly[] dates, double[] values, IReadOnlyDictionary<DailyRowRejection, int>? rejections = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(dates);
        ArgumentNullException.ThrowIfNull(values);
        if (dates.Length != values.Length)
        {
            throw new ArgumentException($"{name}: {dates.Length} dates but {values.Length} values.", nameof(values));
        }

        _index = new Dictionary<DateOnly, int>(dates.Length);
        for (var i = 0; i < dates.Length; i++)
        {
            if (i > 0 && dates[i] <= dates[i - 1])
            {
                throw new ArgumentException($"{name}: dates must increase ({dates[i - 1]} then {dates[i]}).", nameof(dates));
            }

            _index[dates[i]] = i;
        }

        Name = name;
        Dates = dates;
        Values = values;
        Rejections = rejections ?? new Dictionary<DailyRowRejection, int>();
    }

    /// <summary>The series' name.</summary>
    public string Name { get; }

    /// <summary>The dates, strictly increasing.</summary>
    public IReadOnlyList<DateOnly> Dates { get; }

    /// <summary>The values, one per date.</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>The rows left out of the file, counted by reason (missing values included).</summary>
    public IReadOnlyDictionary<DailyRowRejection, int> Rejections { get; }

    /// <summary>The number of rows rejected as malformed (every reason but <see cref="DailyRowRejection.MissingValue"/> and <see cref="DailyRowRejection.OutOfRange"/>).</summary>
    public int MalformedRows
    {
        get
        {
            var total = 0;
            foreach (var (reason, count) in Rejections)
            {
                total += reason is DailyRowRejection.MissingValue or DailyRowRejection.OutOfRange ? 0 : count;
            }

            return total;
        }
    }

    /// <summary>The value on <paramref name="date"/>, if the series has one.</summary>
    /// <param name="date">The date.</param>
    /// <param name="value">The value, or NaN.</param>
    public bool TryGet(DateOnly date, out double value)
    {
        if (_index.TryGetValue(date, out var i))
        {
            value = Values[i];
            return true;
        }

        value = double.NaN;
        return false;
    }
}

/// <summary>
/// Reads <c>date,value</c> CSV files of daily data (FRED downloads, Yahoo-style closes, wide files with one column per
/// series): a header row, then one row per day. Dates may be <c>yyyy-MM-dd</c>, <c>yyyy/M/d</c>, <c>M/d/yyyy</c> or
/// <c>yyyyMMdd</c>; an empty value or FRED's <c>.</c> is a missing observation; malformed rows are rejected with a
/// counted reason and the valid ones kept; rows may come in any order and are sorted by date.
/// </summary>
public static class DailySeriesLoader
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy/M/d", "M/d/yyyy", "yyyyMMdd", "yyyy-M-d"];

    /// <summary>Reads one column of a daily CSV file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="column">The header name of the value column (case-insensitive); null for the column after the date.</param>
    /// <param name="dateColumn">The header name of the date column; null for the first column.</param>
    /// <param name="from">The first date kept; null for no bound.</param>
    /// <param name="to">The last date kept; null for no bound.</param>
    /// <param name="dateFormat">The one date format accepted (a .NET exact format such as <c>dd/MM/yyyy</c>); null for the built-in ones.</param>
    /// <param name="missingToken">A value that marks a missing observation besides an empty field and <c>.</c>; null for none.</param>
    /// <returns>The series, named after the file and column.</returns>
    /// <exception cref="InvalidDataException">The file is empty or lacks the named column.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static DailySeries Load(string path, string? column = null, string? dateColumn = null, DateOnly? from = null, DateOnly? to = null, string? dateFormat = null, string? missingToken = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var name = column is null ? Path.GetFileNameWithoutExtension(path) : $"{Path.GetFileNameWithoutExtension(path)}:{column}";
        return Read(reader, name, column, dateColumn, from, to, dateFormat, missingToken);
    }

    /// <summary>Reads one column of daily CSV text.</summary>
    /// <param name="reader">The text, header first.</param>
    /// <param name="name">The series' name.</param>
    /// <param name="column">The header name of the value column; null for the column after the date.</param>
    /// <param name="dateColumn">The header name of the date column; null for the first column.</param>
    /// <param name="from">The first date kept; null for no bound.</param>
    /// <param name="to">The last date kept; null for no bound.</param>
    /// <param name="dateFormat">The one date format accepted; null for the built-in ones.</param>
    /// <param name="missingToken">A value that marks a missing observation besides an empty field and <c>.</c>; null for none.</param>
    /// <exception cref="InvalidDataException">The text is empty or lacks the named column.</exception>
    public static DailySeries Read(TextReader reader, string name, string? column = null, string? dateColumn = null, DateOnly? from = null, DateOnly? to = null, string? dateFormat = null, string? missingToken = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(name);
        var header = reader.ReadLine() ?? throw new InvalidDataException($"{name}: the file is empty.");
        var headers = Split(header.TrimStart('\uFEFF'));
        var dateAt = dateColumn is null ? 0 : Find(headers, dateColumn, name);
        var valueAt = column is null ? (dateAt == 0 ? 1 : 0) : Find(headers, column, name);
        if (valueAt >= headers.Length)
        {
            throw new InvalidDataException($"{name}: the header has no value column.");
        }

        var rejections = new Dictionary<DailyRowRejection, int>();
        void Reject(DailyRowRejection reason) => rejections[reason] = rejections.GetValueOrDefault(reason) + 1;
        var rows = new SortedDictionary<DateOnly, double>();
        string[] formats = dateFormat is null ? DateFormats : [dateFormat];
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var fields = Split(line);
            if (fields.Length <= Math.Max(dateAt, valueAt))
            {
                Reject(DailyRowRejection.WrongFieldCount);
                continue;
            }

            if (!DateOnly.TryParseExact(fields[dateAt].Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                Reject(DailyRowRejection.BadDate);
                continue;
            }

            var text = fields[valueAt].Trim();
            if (text.Length == 0 || text == "." || (missingToken is not null && text == missingToken))
            {
                Reject(DailyRowRejection.MissingValue);
                continue;
            }

            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                Reject(DailyRowRejection.BadValue);
                continue;
            }

            if ((from is { } first && date < first) || (to is { } last && date > last))
            {
                Reject(DailyRowRejection.OutOfRange);
                continue;
            }

            if (!rows.TryAdd(date, value))
            {
                Reject(DailyRowRejection.DuplicateDate);
            }
        }

        return new DailySeries(name, [.. rows.Keys], [.. rows.Values], rejections);
    }

    private static int Find(string[] headers, string column, string name)
    {
        for (var i = 0; i < headers.Length; i++)
        {
            if (string.Equals(headers[i].Trim(), column, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new InvalidDataException($"{name}: no column '{column}' in the header ({string.Join(", ", headers)}).");
    }

    private static string[] Split(string line)
    {
        var fields = line.Split(',');
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = fields[i].Trim().Trim('"');
        }

        return fields;
    }
}
