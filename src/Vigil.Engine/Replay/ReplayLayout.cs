using Vigil.Core.Instruments;

namespace Vigil.Engine.Replay;

/// <summary>What a header column holds, judged by its name.</summary>
internal enum ColumnKind
{
    Other = 0,
    Time,
    Symbol,
    Price,
    Open,
    High,
    Low,
    Close,
    AdjClose,
    Volume,
    TradeCount,
    Bid,
    Ask,
}

/// <summary>
/// The columns of a replay file and what each means for its format: resolved from the header line (and, when no
/// column is named like a time, from the first data row).
/// </summary>
internal sealed class ReplayLayout
{
    private ReplayLayout(ReplayFormat format, string[] columns)
    {
        Format = format;
        Columns = columns;
    }

    public ReplayFormat Format { get; }

    /// <summary>The header names, trimmed and unquoted.</summary>
    public string[] Columns { get; }

    public int TimeColumn { get; private set; }

    public EpochUnit TimeUnit { get; private set; }

    /// <summary>The symbol column of the long format, or -1.</summary>
    public int SymbolColumn { get; private set; } = -1;

    /// <summary>The volume column, or -1.</summary>
    public int VolumeColumn { get; private set; } = -1;

    /// <summary>The bid column of the long format, or -1.</summary>
    public int BidColumn { get; private set; } = -1;

    /// <summary>The ask column of the long format, or -1.</summary>
    public int AskColumn { get; private set; } = -1;

    /// <summary>The columns holding values: one for the long and single-series formats, one per series for wide files.</summary>
    public int[] ValueColumns { get; private set; } = [];

    /// <summary>The symbol of each value column (empty for the long format, whose symbols are in the rows).</summary>
    public string[] ValueSymbols { get; private set; } = [];

    /// <summary>Columns the format cannot use (unknown, empty or duplicate names); they are ignored.</summary>
    public List<int> UnknownColumns { get; } = [];

    /// <summary>Resolves the layout of a file.</summary>
    /// <param name="name">The file's name, for messages and the default symbol.</param>
    /// <param name="headerLine">The header's line number, for messages.</param>
    /// <param name="columns">The header names, trimmed and unquoted.</param>
    /// <param name="firstRowFirstField">The first data row's first field, or empty.</param>
    /// <param name="options">The replay options.</param>
    public static ReplayLayout Create(
        string name, long headerLine, string[] columns, ReadOnlySpan<byte> firstRowFirstField, ReplayOptions options)
    {
        var kinds = new ColumnKind[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            kinds[i] = Classify(columns[i]);
        }

        var timeColumn = Array.IndexOf(kinds, ColumnKind.Time);
        if (timeColumn < 0 && IsCalendarDate(firstRowFirstField))
        {
            // Some wide files name their date column oddly ("Data", or nothing at all).
            timeColumn = 0;
        }

        var format = options.Format == ReplayFormat.Auto ? Detect(kinds, columns, timeColumn) : options.Format;
        if (format == ReplayFormat.Auto)
        {
            throw new ReplayException(
                $"{name}:{headerLine}: cannot determine the replay format from the header '{string.Join(',', columns)}': "
                + "expected ts,symbol,price[,volume] (long), a date column followed by value columns (wide), "
                + "DATE,VALUE (FRED), Date,Open,High,Low,Close,Adj Close,Volume (Yahoo) or timestamp,value (NAB); "
                + "check that the file has a header line, or set the format explicitly.");
        }

        if (timeColumn < 0 && format is ReplayFormat.Wide or ReplayFormat.Fred or ReplayFormat.Nab)
        {
            timeColumn = 0;
        }

        if (timeColumn < 0)
        {
            throw Missing(name, headerLine, columns, format, "a time column (ts, ts_ms, timestamp, date, ...)");
        }

        var layout = new ReplayLayout(format, columns)
        {
            TimeColumn = timeColumn,
            TimeUnit = TimestampParser.UnitFromColumnName(columns[timeColumn]),
        };

        switch (format)
        {
            case ReplayFormat.Long:
                layout.ResolveLong(name, headerLine, kinds);
                break;
            case ReplayFormat.Yahoo:
                layout.ResolveYahoo(name, headerLine, kinds, SingleSymbol(name, options));
                break;
            case ReplayFormat.Wide:
                layout.ResolveWide(name, headerLine, kinds, options);
                break;
            default:
                layout.ResolveSingle(name, headerLine, SingleSymbol(name, options));
                break;
        }

        return layout;
    }

    /// <summary>The value kind of a symbol outside <see cref="DefaultUniverse"/> when the options leave it open.</summary>
    public ValueKind DefaultValueKind(ReplayOptions options) =>
        options.ValueKind ?? (Format is ReplayFormat.Long or ReplayFormat.Yahoo ? ValueKind.Price : ValueKind.Level);

    /// <summary>The symbol of a single-series file: the option, or the file name without its extensions.</summary>
    private static string SingleSymbol(string name, ReplayOptions options)
    {
        if (options.Symbol is not null)
        {
            return options.Symbol;
        }

        var file = Path.GetFileName(name);
        if (file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            file = file[..^3];
        }

        var stem = Path.GetFileNameWithoutExtension(file);
        return string.IsNullOrWhiteSpace(stem) ? "series" : stem;
    }

    private static ReplayFormat Detect(ColumnKind[] kinds, string[] columns, int timeColumn)
    {
        var hasSymbol = Array.IndexOf(kinds, ColumnKind.Symbol) >= 0;
        var hasPrice = Array.IndexOf(kinds, ColumnKind.Price) >= 0;
        var hasClose = Array.IndexOf(kinds, ColumnKind.Close) >= 0 || Array.IndexOf(kinds, ColumnKind.AdjClose) >= 0;
        var hasBarColumns = Array.IndexOf(kinds, ColumnKind.Open) >= 0
            || Array.IndexOf(kinds, ColumnKind.High) >= 0
            || Array.IndexOf(kinds, ColumnKind.Low) >= 0;
        var hasVolume = Array.IndexOf(kinds, ColumnKind.Volume) >= 0;

        if (timeColumn < 0)
        {
            return ReplayFormat.Auto;
        }

        if (hasSymbol && !hasBarColumns && (hasPrice || hasClose))
        {
            return ReplayFormat.Long;
        }

        if (hasClose && (hasBarColumns || hasVolume))
        {
            return ReplayFormat.Yahoo;
        }

        if (columns.Length == 2)
        {
            return columns[timeColumn].Equals("timestamp", StringComparison.OrdinalIgnoreCase)
                && columns[1 - timeColumn].Equals("value", StringComparison.OrdinalIgnoreCase)
                ? ReplayFormat.Nab
                : ReplayFormat.Fred;
        }

        return columns.Length > 2 ? ReplayFormat.Wide : ReplayFormat.Auto;
    }

    private void ResolveLong(string name, long headerLine, ColumnKind[] kinds)
    {
        SymbolColumn = Array.IndexOf(kinds, ColumnKind.Symbol);
        if (SymbolColumn < 0)
        {
            throw Missing(name, headerLine, Columns, Format, "a symbol column (symbol, ticker, instrument)");
        }

        var price = FirstOf(kinds, ColumnKind.Price, ColumnKind.AdjClose, ColumnKind.Close);
        if (price < 0)
        {
            throw Missing(name, headerLine, Columns, Format, "a price column (price, last, value, close)");
        }

        ValueColumns = [price];
        VolumeColumn = Array.IndexOf(kinds, ColumnKind.Volume);
        BidColumn = Array.IndexOf(kinds, ColumnKind.Bid);
        AskColumn = Array.IndexOf(kinds, ColumnKind.Ask);
        CollectUnknown(kinds);
    }

    private void ResolveYahoo(string name, long headerLine, ColumnKind[] kinds, string symbol)
    {
        // Adjusted closes make returns across splits and dividends right.
        var price = FirstOf(kinds, ColumnKind.AdjClose, ColumnKind.Close, ColumnKind.Price);
        if (price < 0)
        {
            throw Missing(name, headerLine, Columns, Format, "a Close or Adj Close column");
        }

        ValueColumns = [price];
        ValueSymbols = [symbol];
        VolumeColumn = Array.IndexOf(kinds, ColumnKind.Volume);
        CollectUnknown(kinds);
    }

    private void ResolveSingle(string name, long headerLine, string symbol)
    {
        if (Columns.Length < 2)
        {
            throw Missing(name, headerLine, Columns, Format, "a value column after the time column");
        }

        var value = TimeColumn == 0 ? 1 : 0;
        ValueColumns = [value];
        ValueSymbols = [symbol];
        for (var i = 0; i < Columns.Length; i++)
        {
            if (i != TimeColumn && i != value)
            {
                UnknownColumns.Add(i);
            }
        }
    }

    private void ResolveWide(string name, long headerLine, ColumnKind[] kinds, ReplayOptions options)
    {
        var values = new List<int>();
        var symbols = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Columns.Length; i++)
        {
            if (i == TimeColumn || kinds[i] == ColumnKind.Time)
            {
                continue;
            }

            var symbol = Columns[i];
            if (options.ColumnSymbols is not null && TryMap(options.ColumnSymbols, symbol, out var mapped))
            {
                symbol = mapped;
            }

            if (string.IsNullOrWhiteSpace(symbol) || !seen.Add(symbol))
            {
                UnknownColumns.Add(i);
                continue;
            }

            values.Add(i);
            symbols.Add(symbol);
        }

        if (values.Count == 0)
        {
            throw Missing(name, headerLine, Columns, Format, "at least one named value column besides the time column");
        }

        ValueColumns = [.. values];
        ValueSymbols = [.. symbols];
    }

    /// <summary>Marks columns whose names mean nothing to the long or Yahoo format.</summary>
    private void CollectUnknown(ColumnKind[] kinds)
    {
        for (var i = 0; i < kinds.Length; i++)
        {
            if (kinds[i] == ColumnKind.Other)
            {
                UnknownColumns.Add(i);
            }
        }
    }

    private static bool TryMap(IReadOnlyDictionary<string, string> map, string column, out string symbol)
    {
        if (map.TryGetValue(column, out symbol!))
        {
            return true;
        }

        foreach (var pair in map)
        {
            if (string.Equals(pair.Key, column, StringComparison.OrdinalIgnoreCase))
            {
                symbol = pair.Value;
                return true;
            }
        }

        return false;
    }

    private static int FirstOf(ColumnKind[] kinds, ColumnKind first, ColumnKind second, ColumnKind third)
    {
        var index = Array.IndexOf(kinds, first);
        if (index < 0)
        {
            index = Array.IndexOf(kinds, second);
        }

        return index >= 0 ? index : Array.IndexOf(kinds, third);
    }

    private static ReplayException Missing(string name, long headerLine, string[] columns, ReplayFormat format, string what) =>
        new($"{name}:{headerLine}: the {format} format needs {what}; the header is '{string.Join(',', columns)}'.");

    private static bool IsCalendarDate(ReadOnlySpan<byte> field)
    {
        // Epoch numbers are not accepted here: a leading integer column is as likely a row index as a time.
        var digits = 0;
        while (digits < field.Length && (uint)(field[digits] - '0') <= 9)
        {
            digits++;
        }

        return digits < field.Length
            && (field[digits] == (byte)'-' || field[digits] == (byte)'/')
            && TimestampParser.TryParse(field, EpochUnit.Infer, out _);
    }

    private static ColumnKind Classify(string column)
    {
        var name = column.ToLowerInvariant();
        switch (name)
        {
            case "ts" or "time" or "timestamp" or "datetime" or "date" or "date_time" or "observation_date" or "unix":
                return ColumnKind.Time;
            case "symbol" or "ticker" or "instrument" or "sym":
                return ColumnKind.Symbol;
            case "price" or "last" or "value":
                return ColumnKind.Price;
            case "open":
                return ColumnKind.Open;
            case "high":
                return ColumnKind.High;
            case "low":
                return ColumnKind.Low;
            case "close":
                return ColumnKind.Close;
            case "adj close" or "adj_close" or "adjclose" or "adjusted close" or "adjusted_close":
                return ColumnKind.AdjClose;
            case "volume" or "vol":
                return ColumnKind.Volume;
            case "tradecount" or "trade_count" or "trades":
                return ColumnKind.TradeCount;
            case "bid":
                return ColumnKind.Bid;
            case "ask":
                return ColumnKind.Ask;
        }

        if (name.StartsWith("volume ", StringComparison.Ordinal) || name.StartsWith("volume_", StringComparison.Ordinal))
        {
            return ColumnKind.Volume;
        }

        return TimestampParser.UnitFromColumnName(name) != EpochUnit.Infer ? ColumnKind.Time : ColumnKind.Other;
    }
}
