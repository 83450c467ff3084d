using System.Globalization;

namespace Vigil.Engine.Evaluation.Credit;

/// <summary>
/// The US financials panel of TommasoBelluzzo/SystemicRisk, aligned on the trading days of its market
/// capitalisations: daily market caps (<c>Capitalizations.csv</c>, $ millions), daily prices with the S&amp;P 500 in
/// the first column (<c>Shares.csv</c>, which holds prices despite its name), the daily risk-free rate
/// (<c>CDS.csv</c>'s <c>RF</c> column, an annual fraction; optional), and quarterly book assets and equity
/// (<c>Assets.csv</c>, <c>Equity.csv</c>, <c>Q4 2001</c> rows, $ millions) with the insurers' separate accounts
/// (<c>Separate_Accounts.csv</c>; optional). Book liabilities are assets − equity − separate accounts, as in
/// Belluzzo's code; each day uses the latest quarter ended on or before it (the first quarter before that).
/// A zero or negative cap or price (a defaulted or not yet listed firm) is a missing value, not a malformed row.
/// </summary>
public sealed class BankPanel
{
    private BankPanel(
        IReadOnlyList<string> firms, DateOnly[] dates, double[][] capitalisations, double[][] prices, double[] market,
        double[] riskFreeRate, double[][] liabilities, IReadOnlyDictionary<string, int> rejected, int missingValues)
    {
        Firms = firms;
        Dates = dates;
        Capitalisations = capitalisations;
        Prices = prices;
        Market = market;
        RiskFreeRate = riskFreeRate;
        Liabilities = liabilities;
        Rejected = rejected;
        MissingValues = missingValues;
    }

    /// <summary>The firms, in the order of the capitalisations file's columns.</summary>
    public IReadOnlyList<string> Firms { get; }

    /// <summary>The trading days, ascending.</summary>
    public IReadOnlyList<DateOnly> Dates { get; }

    /// <summary>Per firm, per day: the market cap in $ millions, NaN when missing or not positive.</summary>
    public IReadOnlyList<double[]> Capitalisations { get; }

    /// <summary>Per firm, per day: the share price, NaN when missing or not positive.</summary>
    public IReadOnlyList<double[]> Prices { get; }

    /// <summary>Per day: the market index (S&amp;P 500) level, NaN when missing.</summary>
    public IReadOnlyList<double> Market { get; }

    /// <summary>Per day: the risk-free rate as an annual fraction, NaN when missing.</summary>
    public IReadOnlyList<double> RiskFreeRate { get; }

    /// <summary>Per firm, per day: the book liabilities in effect, in $ millions, NaN when unknown.</summary>
    public IReadOnlyList<double[]> Liabilities { get; }

    /// <summary>Rows rejected, by file and reason.</summary>
    public IReadOnlyDictionary<string, int> Rejected { get; }

    /// <summary>Cells with no usable value (empty, zero or negative caps and prices).</summary>
    public int MissingValues { get; }

    /// <summary>Loads the panel from <paramref name="folder"/>.</summary>
    /// <param name="folder">The folder holding the CSV files.</param>
    /// <exception cref="IOException">A required file is missing or unreadable.</exception>
    /// <exception cref="InvalidDataException">A required file has no usable header or no valid rows.</exception>
    public static BankPanel Load(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"no such folder: {folder}");
        }

        var rejected = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var caps = ReadTable(Path.Combine(folder, "Capitalizations.csv"), ParseDay, rejected, required: true)!;
        var shares = ReadTable(Path.Combine(folder, "Shares.csv"), ParseDay, rejected, required: true)!;
        var cds = ReadTable(Path.Combine(folder, "CDS.csv"), ParseDay, rejected, required: false);
        var assets = ReadTable(Path.Combine(folder, "Assets.csv"), ParseQuarterEnd, rejected, required: true)!;
        var equity = ReadTable(Path.Combine(folder, "Equity.csv"), ParseQuarterEnd, rejected, required: true)!;
        var separate = ReadTable(Path.Combine(folder, "Separate_Accounts.csv"), ParseQuarterEnd, rejected, required: false);
        if (caps.Rows.Count == 0)
        {
            throw new InvalidDataException("Capitalizations.csv has no valid rows");
        }

        var marketColumn = shares.Columns.FindIndex(c => c.Equals("SP500", StringComparison.OrdinalIgnoreCase));
        if (marketColumn < 0)
        {
            throw new InvalidDataException("Shares.csv has no SP500 column for the market index");
        }

        var firms = caps.Columns;
        var dates = caps.Rows.Keys.ToArray();
        var missing = 0;
        var capitalisations = new double[firms.Count][];
        var prices = new double[firms.Count][];
        var liabilities = new double[firms.Count][];
        var market = new double[dates.Length];
        var rate = new double[dates.Length];
        var rateColumn = cds?.Columns.FindIndex(c => c.Equals("RF", StringComparison.OrdinalIgnoreCase)) ?? -1;
        for (var t = 0; t < dates.Length; t++)
        {
            market[t] = shares.Rows.TryGetValue(dates[t], out var s) && s[marketColumn] > 0 ? s[marketColumn] : double.NaN;
            rate[t] = rateColumn >= 0 && cds!.Rows.TryGetValue(dates[t], out var c) ? c[rateColumn] : double.NaN;
        }

        var quarters = assets.Rows.Keys.ToArray();
        for (var f = 0; f < firms.Count; f++)
        {
            capitalisations[f] = new double[dates.Length];
            prices[f] = new double[dates.Length];
            liabilities[f] = new double[dates.Length];
            var priceColumn = shares.Columns.FindIndex(c => c.Equals(firms[f], StringComparison.OrdinalIgnoreCase));
            var assetColumn = assets.Columns.FindIndex(c => c.Equals(firms[f], StringComparison.OrdinalIgnoreCase));
            var equityColumn = equity.Columns.FindIndex(c => c.Equals(firms[f], StringComparison.OrdinalIgnoreCase));
            var separateColumn = separate?.Columns.FindIndex(c => c.Equals(firms[f], StringComparison.OrdinalIgnoreCase)) ?? -1;
            var quarterlyLiabilities = new double[quarters.Length];
            for (var q = 0; q < quarters.Length; q++)
            {
                var a = assetColumn >= 0 ? assets.Rows[quarters[q]][assetColumn] : double.NaN;
                var e = equityColumn >= 0 && equity.Rows.TryGetValue(quarters[q], out var er) ? er[equityColumn] : double.NaN;
                var sa = separateColumn >= 0 && separate!.Rows.TryGetValue(quarters[q], out var sr) && double.IsFinite(sr[separateColumn]) ? sr[separateColumn] : 0.0;
                var l = a - e - sa;
                quarterlyLiabilities[q] = l > 0 ? l : double.NaN;
            }

            var quarter = 0;
            for (var t = 0; t < dates.Length; t++)
            {
                var cap = caps.Rows[dates[t]][f];
                capitalisations[f][t] = cap > 0 ? cap : double.NaN;
                var price = priceColumn >= 0 && shares.Rows.TryGetValue(dates[t], out var s) ? s[priceColumn] : double.NaN;
                prices[f][t] = price > 0 ? price : double.NaN;
                missing += (cap > 0 ? 0 : 1) + (price > 0 ? 0 : 1);
                while (quarter + 1 < quarters.Length && quarters[quarter + 1] <= dates[t])
                {
                    quarter++;
                }

                liabilities[f][t] = quarters.Length > 0 ? quarterlyLiabilities[quarter] : double.NaN;
            }
        }

        return new BankPanel(firms, dates, capitalisations, prices, market, rate, liabilities, rejected, missing);
    }

    private static DateOnly? ParseDay(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static DateOnly? ParseQuarterEnd(string text)
    {
        // "Q4 2001" is the quarter that ends on 31 December 2001.
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || parts[0].Length != 2 || (parts[0][0] != 'Q' && parts[0][0] != 'q')
            || parts[0][1] is < '1' or > '4'
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 1900 or > 2200)
        {
            return null;
        }

        var month = (parts[0][1] - '0') * 3;
        return new DateOnly(year, month, DateTime.DaysInMonth(year, month));
    }

    private static Table? ReadTable(string path, Func<string, DateOnly?> parseDate, SortedDictionary<string, int> rejected, bool required)
    {
        if (!File.Exists(path))
        {
            return required ? throw new FileNotFoundException($"missing {Path.GetFileName(path)} in {Path.GetDirectoryName(path)}", path) : null;
        }

        var name = Path.GetFileName(path);
        using var reader = new StreamReader(path);
        var header = reader.ReadLine();
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new InvalidDataException($"{name} has no header");
        }

        var columns = header.Split(',').Skip(1).Select(c => c.Trim()).ToList();
        if (columns.Count == 0)
        {
            throw new InvalidDataException($"{name} has no value columns");
        }

        var rows = new SortedDictionary<DateOnly, double[]>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var cells = line.Split(',');
            if (cells.Length != columns.Count + 1)
            {
                Reject(rejected, name, "wrong number of columns");
                continue;
            }

            if (parseDate(cells[0].Trim()) is not { } date)
            {
                Reject(rejected, name, "unparseable date");
                continue;
            }

            var values = new double[columns.Count];
            var ok = true;
            for (var i = 0; i < values.Length && ok; i++)
            {
                var cell = cells[i + 1].Trim();
                if (cell.Length == 0)
                {
                    values[i] = double.NaN;
                }
                else if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
                {
                    ok = false;
                }
            }

            if (!ok)
            {
                Reject(rejected, name, "non-numeric value");
                continue;
            }

            if (!rows.TryAdd(date, values))
            {
                Reject(rejected, name, "duplicate date");
            }
        }

        return new Table(columns, rows);
    }

    private static void Reject(SortedDictionary<string, int> rejected, string file, string reason)
    {
        var key = $"{file}: {reason}";
        rejected[key] = rejected.GetValueOrDefault(key) + 1;
    }

    private sealed record Table(List<string> Columns, SortedDictionary<DateOnly, double[]> Rows);
}
