using Vigil.Core.Instruments;
using Vigil.Detection.Systemic;

namespace Vigil.Engine.Evaluation.Markets;

/// <summary>One daily input of the evaluation: a column of a file under the markets folder, as an instrument.</summary>
/// <param name="Spec">The instrument it becomes (its metadata decides its CISS segment and indicators).</param>
/// <param name="File">The file, relative to the markets folder.</param>
/// <param name="Column">The value column; null for the column after the date.</param>
public sealed record CissMarketInput(InstrumentSpec Spec, string File, string? Column = null);

/// <summary>A published stress index the CISS is compared with.</summary>
/// <param name="Name">Its name.</param>
/// <param name="File">The file, relative to the markets folder.</param>
/// <param name="Column">The value column; null for the column after the date.</param>
/// <param name="Weekly">Whether it is weekly: each published week is compared with the mean of the CISS over the seven days ending on its date.</param>
public sealed record PublishedStressIndex(string Name, string File, string? Column, bool Weekly);

/// <summary>A known stress episode, to read the index over.</summary>
/// <param name="Name">What happened.</param>
/// <param name="From">The first day.</param>
/// <param name="To">The last day.</param>
public sealed record StressEpisode(string Name, DateOnly From, DateOnly To);

/// <summary>How an input was read.</summary>
/// <param name="Symbol">The instrument.</param>
/// <param name="Segment">Its CISS segment.</param>
/// <param name="File">The file, relative to the markets folder.</param>
/// <param name="Found">Whether the file was there; a missing input is left out.</param>
/// <param name="Observations">The values on the evaluation's trading days.</param>
/// <param name="First">The first of them; null when none.</param>
/// <param name="MalformedRows">Rows rejected as malformed.</param>
public sealed record CissInputSummary(string Symbol, string? Segment, string File, bool Found, int Observations, DateOnly? First, int MalformedRows);

/// <summary>The CISS against one published index over their common dates.</summary>
/// <param name="Index">The published index.</param>
/// <param name="Weekly">Whether it is compared on weekly dates.</param>
/// <param name="Found">Whether its file was there.</param>
/// <param name="Count">The common dates.</param>
/// <param name="First">The first common date; null when none.</param>
/// <param name="Last">The last common date; null when none.</param>
/// <param name="Pearson">The Pearson correlation; null with fewer than two common dates.</param>
/// <param name="Spearman">The Spearman rank correlation; null with fewer than two common dates.</param>
public sealed record CissComparison(string Index, bool Weekly, bool Found, int Count, DateOnly? First, DateOnly? Last, double? Pearson, double? Spearman);

/// <summary>The index over a known stress episode.</summary>
/// <param name="Episode">The episode.</param>
/// <param name="Peak">The highest index in it; null when the index was not ready.</param>
/// <param name="PeakDate">When.</param>
/// <param name="PeakPercentile">The share of all ready days with a lower index, in [0, 1].</param>
/// <param name="Mean">The mean index over the episode.</param>
public sealed record CissEpisodeReading(StressEpisode Episode, double? Peak, DateOnly? PeakDate, double? PeakPercentile, double? Mean);

/// <summary>The evaluation's result.</summary>
/// <param name="From">The first trading day run.</param>
/// <param name="To">The last trading day run.</param>
/// <param name="Days">The trading days run (market steps).</param>
/// <param name="ReadyFrom">The first day the index was ready; null if never.</param>
/// <param name="Inputs">How each input was read.</param>
/// <param name="Median">The median index over the ready days.</param>
/// <param name="Comparisons">The CISS against each published index.</param>
/// <param name="Episodes">The index over each known episode.</param>
/// <param name="Dates">The trading days.</param>
/// <param name="Index">The index each day; NaN before it is ready.</param>
public sealed record CissEvaluationReport(
    DateOnly From,
    DateOnly To,
    int Days,
    DateOnly? ReadyFrom,
    IReadOnlyList<CissInputSummary> Inputs,
    double? Median,
    IReadOnlyList<CissComparison> Comparisons,
    IReadOnlyList<CissEpisodeReading> Episodes,
    IReadOnlyList<DateOnly> Dates,
    IReadOnlyList<double> Index);

/// <summary>
/// Runs the <see cref="CissStressIndex"/> over real daily market history (<c>../shared/data/markets</c>) through the
/// same streaming code as the engine, one market step per S&amp;P 500 trading day, and compares it with published
/// stress indices and known episodes.
/// </summary>
public static class CissMarketEvaluation
{
    /// <summary>The file whose trading days are the evaluation's market steps.</summary>
    public const string CalendarFile = "sp500-daily_fja05680-stock_market_calendar/^GSPC.csv";

    /// <summary>The synthetic money-market spread: the effective Fed funds rate less the 3-month T-bill yield, in percentage points.</summary>
    public const string FundsBillSpread = "FF_TB3M";

    private const string FedFundsFile = "stress-vol-credit-daily_bellingxu-timing_spx/DFF.csv";
    private const string BillFile = "fred-treasury-curve-daily_economics-databases/DGS3MO.csv";

    /// <summary>
    /// The inputs, by segment. Money market: the 3-month T-bill yield (volatility of changes) and the Fed funds – T-bill
    /// spread (a TED-like flight-to-quality spread: bills fall below the funds rate in stress). Bonds: the 10-year
    /// Treasury yield (volatility of changes), Moody's Baa – 10-year spread and the high-yield OAS (levels), the MOVE
    /// index (level, from 2002-11). Equity: the S&amp;P 500 (volatility and CMAX), the VIX (level). Financial
    /// intermediaries: JPMorgan, Bank of America, Citigroup, Wells Fargo and, from 1998-12, XLF (volatility and CMAX
    /// each). FX: the dollar against the Danish krone (the DEM/EUR bloc: pegged to the mark in the ERM, then to the
    /// euro, and, unlike the mark, in the file before 1999), the yen and sterling (volatility).
    /// </summary>
    public static IReadOnlyList<CissMarketInput> Inputs { get; } =
    [
        new(new("TB3M", "3-month Treasury bill yield", AssetClass.Rates, StressSegment.MoneyMarket, ValueKind.Level), BillFile),
        new(new(FundsBillSpread, "Fed funds less 3-month T-bill", AssetClass.Indicator, StressSegment.MoneyMarket, ValueKind.Level), FedFundsFile),
        new(new("UST10Y", "10-year Treasury yield", AssetClass.Rates, StressSegment.Bonds, ValueKind.Level), "fred-treasury-curve-daily_economics-databases/DGS10.csv"),
        new(new("BAA10Y", "Moody's Baa less 10-year Treasury", AssetClass.Credit, StressSegment.Bonds, ValueKind.Level), "fred-rates-credit-daily_qie2003/BAA10Y.csv"),
        new(new("HY_OAS", "ICE BofA US high-yield OAS", AssetClass.Credit, StressSegment.Bonds, ValueKind.Level), "stress-vol-credit-daily_bellingxu-timing_spx/BAMLH0A0HYM2.csv"),
        new(new("MOVE", "ICE BofA MOVE Index", AssetClass.Volatility, StressSegment.Volatility), "stress-vol-credit-daily_bellingxu-timing_spx/move.csv", "Value"),
        new(new("SPX", "S&P 500", AssetClass.EquityIndex, StressSegment.Equity), CalendarFile, "Close"),
        new(new("VIX", "CBOE Volatility Index", AssetClass.Volatility, StressSegment.Volatility), "vix-daily_datasets-finance-vix/vix-daily.csv", "CLOSE"),
        new(new("JPM", "JPMorgan Chase", AssetClass.Equity, StressSegment.FinancialIntermediaries), "bank-stocks-etfs-daily_dsturdy/JPM.csv", "Close"),
        new(new("BAC", "Bank of America", AssetClass.Equity, StressSegment.FinancialIntermediaries), "bank-stocks-etfs-daily_dsturdy/BAC.csv", "Close"),
        new(new("C", "Citigroup", AssetClass.Equity, StressSegment.FinancialIntermediaries), "bank-stocks-etfs-daily_dsturdy/C.csv", "Close"),
        new(new("WFC", "Wells Fargo", AssetClass.Equity, StressSegment.FinancialIntermediaries), "bank-stocks-etfs-daily_dsturdy/WFC.csv", "Close"),
        new(new("XLF", "Financial Select Sector SPDR", AssetClass.Equity, StressSegment.FinancialIntermediaries), "bank-stocks-etfs-daily_dsturdy/XLF.csv", "Close"),
        new(new("USDDKK", "US dollar / Danish krone", AssetClass.Fx, StressSegment.Fx), "fx-daily_datasets-exchange-rates/daily-wide-1971-2017.csv", "Denmark"),
        new(new("USDJPY", "US dollar / Japanese yen", AssetClass.Fx, StressSegment.Fx), "fx-daily_datasets-exchange-rates/daily-wide-1971-2017.csv", "Japan"),
        new(new("GBPUSD", "British pound / US dollar", AssetClass.Fx, StressSegment.Fx), "fx-daily_datasets-exchange-rates/daily-wide-1971-2017.csv", "United Kingdom"),
    ];

    /// <summary>The published indices compared with.</summary>
    public static IReadOnlyList<PublishedStressIndex> Published { get; } =
    [
        new("OFR FSI", "financial-stress-indices/OFR_FSI_daily.csv", "OFR FSI", Weekly: false),
        new("St. Louis Fed FSI (STLFSI4)", "financial-stress-indices/STLFSI4_weekly.csv", "STLFSI4", Weekly: true),
        new("Cleveland Fed CFSI", "financial-stress-indices/ClevelandFed_CFSI_daily.csv", "CFSI", Weekly: false),
        new("ECB CISS (euro area)", "financial-stress-indices/ECB_CISS_weekly.csv", "CISS", Weekly: true),
        new("Chicago Fed NFCI", "financial-stress-indices/NFCI_weekly.csv", "NFCI", Weekly: true),
    ];

    /// <summary>The known episodes read.</summary>
    public static IReadOnlyList<StressEpisode> Episodes { get; } =
    [
        new("Russian default and LTCM", new DateOnly(1998, 8, 17), new DateOnly(1998, 10, 30)),
        new("11 September 2001", new DateOnly(2001, 9, 10), new DateOnly(2001, 10, 31)),
        new("WorldCom, July 2002", new DateOnly(2002, 7, 1), new DateOnly(2002, 8, 15)),
        new("Calm: 2005–2006", new DateOnly(2005, 1, 1), new DateOnly(2006, 12, 31)),
    ];

    /// <summary>Runs the evaluation.</summary>
    /// <param name="dataDirectory">The markets folder (with the sub-folders the inputs name).</param>
    /// <param name="from">The first day run.</param>
    /// <param name="to">The last day run.</param>
    /// <param name="options">The CISS options; <see cref="CissOptions.Daily"/> when null.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">The calendar file (the S&amp;P 500) is missing, or a file lacks its column.</exception>
    public static CissEvaluationReport Run(string dataDirectory, DateOnly from, DateOnly to, CissOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        if (!Directory.Exists(dataDirectory))
        {
            throw new DirectoryNotFoundException($"No markets folder at {dataDirectory}.");
        }

        var calendarPath = Path.Combine(dataDirectory, CalendarFile);
        if (!File.Exists(calendarPath))
        {
            throw new InvalidDataException($"The calendar file {CalendarFile} is missing from {dataDirectory}.");
        }

        var dates = DailySeriesLoader.Load(calendarPath, "Close", from: from, to: to).Dates;
        var loaded = new List<(CissMarketInput Input, DailySeries Series)>();
        var summaries = new List<CissInputSummary>();
        foreach (var input in Inputs)
        {
            var series = LoadInput(dataDirectory, input, from, to);
            if (series is null)
            {
                summaries.Add(new CissInputSummary(input.Spec.Symbol, SegmentName(input.Spec), input.File, false, 0, null, 0));
                continue;
            }

            var observations = 0;
            DateOnly? first = null;
            foreach (var date in dates)
            {
                if (series.TryGet(date, out _))
                {
                    observations++;
                    first ??= date;
                }
            }

            loaded.Add((input, series));
            summaries.Add(new CissInputSummary(input.Spec.Symbol, SegmentName(input.Spec), input.File, true, observations, first, series.MalformedRows));
        }

        var registry = new InstrumentRegistry(loaded.Select(l => l.Input.Spec));
        var index = RunIndex(registry.All, [.. loaded.Select(l => l.Series)], dates, options ?? CissOptions.Daily);
        var ready = new List<double>();
        DateOnly? readyFrom = null;
        for (var t = 0; t < dates.Count; t++)
        {
            if (!double.IsNaN(index[t]))
            {
                readyFrom ??= dates[t];
                ready.Add(index[t]);
            }
        }

        ready.Sort();
        var comparisons = new List<CissComparison>();
        foreach (var published in Published)
        {
            comparisons.Add(Compare(dataDirectory, published, dates, index, to));
        }

        var episodes = new List<CissEpisodeReading>();
        foreach (var episode in Episodes)
        {
            episodes.Add(Read(episode, dates, index, ready));
        }

        return new CissEvaluationReport(
            dates.Count > 0 ? dates[0] : from,
            dates.Count > 0 ? dates[^1] : to,
            dates.Count,
            readyFrom,
            summaries,
            ready.Count > 0 ? ready[ready.Count / 2] : null,
            comparisons,
            episodes,
            dates,
            index);
    }

    /// <summary>
    /// Feeds the index one step per date: a series that has a value that day ticks (its return is the log return for
    /// prices, the change for levels, against its previous value); one that has none does not tick.
    /// </summary>
    private static double[] RunIndex(IReadOnlyList<Instrument> instruments, DailySeries[] series, IReadOnlyList<DateOnly> dates, CissOptions options)
    {
        var ciss = new CissStressIndex(instruments, options);
        var returns = new double[instruments.Count];
        var levels = new double[instruments.Count];
        Array.Fill(levels, double.NaN);
        var index = new double[dates.Count];
        for (var t = 0; t < dates.Count; t++)
        {
            for (var i = 0; i < series.Length; i++)
            {
                if (!series[i].TryGet(dates[t], out var value) || (instruments[i].ValueKind == ValueKind.Price && value <= 0))
                {
                    returns[i] = double.NaN;
                    continue;
                }

                var previous = levels[i];
                returns[i] = double.IsNaN(previous) ? double.NaN
                    : instruments[i].ValueKind == ValueKind.Price ? Math.Log(value / previous) : value - previous;
                levels[i] = value;
            }

            var reading = ciss.Update(returns, levels);
            index[t] = ciss.IsReady ? reading.Raw : double.NaN;
        }

        return index;
    }

    private static DailySeries? LoadInput(string dataDirectory, CissMarketInput input, DateOnly from, DateOnly to)
    {
        if (input.Spec.Symbol == FundsBillSpread)
        {
            var fundsPath = Path.Combine(dataDirectory, FedFundsFile);
            var billPath = Path.Combine(dataDirectory, BillFile);
            if (!File.Exists(fundsPath) || !File.Exists(billPath))
            {
                return null;
            }

            var funds = DailySeriesLoader.Load(fundsPath, from: from, to: to);
            var bills = DailySeriesLoader.Load(billPath, from: from, to: to);
            var spreadDates = new List<DateOnly>();
            var spread = new List<double>();
            for (var i = 0; i < bills.Dates.Count; i++)
            {
                if (funds.TryGet(bills.Dates[i], out var rate))
                {
                    spreadDates.Add(bills.Dates[i]);
                    spread.Add(rate - bills.Values[i]);
                }
            }

            var rejections = new Dictionary<DailyRowRejection, int>();
            foreach (var (reason, count) in funds.Rejections.Concat(bills.Rejections))
            {
                rejections[reason] = rejections.GetValueOrDefault(reason) + count;
            }

            return new DailySeries(FundsBillSpread, [.. spreadDates], [.. spread], rejections);
        }

        var path = Path.Combine(dataDirectory, input.File);
        return File.Exists(path) ? DailySeriesLoader.Load(path, input.Column, from: from, to: to) : null;
    }

    private static CissComparison Compare(string dataDirectory, PublishedStressIndex published, IReadOnlyList<DateOnly> dates, double[] index, DateOnly to)
    {
        var path = Path.Combine(dataDirectory, published.File);
        if (!File.Exists(path))
        {
            return new CissComparison(published.Name, published.Weekly, false, 0, null, null, null, null);
        }

        var reference = DailySeriesLoader.Load(path, published.Column, to: to);
        var ours = new List<double>();
        var theirs = new List<double>();
        var common = new List<DateOnly>();
        if (!published.Weekly)
        {
            for (var t = 0; t < dates.Count; t++)
            {
                if (!double.IsNaN(index[t]) && reference.TryGet(dates[t], out var value))
                {
                    ours.Add(index[t]);
                    theirs.Add(value);
                    common.Add(dates[t]);
                }
            }
        }
        else
        {
            // A weekly index is compared with the CISS's mean over the seven days ending on its date, which needs at
            // least three ready trading days in them.
            var start = 0;
            for (var w = 0; w < reference.Dates.Count; w++)
            {
                var end = reference.Dates[w];
                var weekStart = end.AddDays(-6);
                while (start < dates.Count && dates[start] < weekStart)
                {
                    start++;
                }

                double sum = 0;
                var count = 0;
                for (var t = start; t < dates.Count && dates[t] <= end; t++)
                {
                    if (!double.IsNaN(index[t]))
                    {
                        sum += index[t];
                        count++;
                    }
                }

                if (count >= 3)
                {
                    ours.Add(sum / count);
                    theirs.Add(reference.Values[w]);
                    common.Add(end);
                }
            }
        }

        var enough = ours.Count >= 2;
        return new CissComparison(
            published.Name,
            published.Weekly,
            true,
            ours.Count,
            common.Count > 0 ? common[0] : null,
            common.Count > 0 ? common[^1] : null,
            enough ? SeriesCorrelation.Pearson([.. ours], [.. theirs]) : null,
            enough ? SeriesCorrelation.Spearman([.. ours], [.. theirs]) : null);
    }

    private static CissEpisodeReading Read(StressEpisode episode, IReadOnlyList<DateOnly> dates, double[] index, List<double> sortedReady)
    {
        double peak = double.NaN, sum = 0;
        DateOnly? peakDate = null;
        var count = 0;
        for (var t = 0; t < dates.Count; t++)
        {
            if (dates[t] < episode.From || dates[t] > episode.To || double.IsNaN(index[t]))
            {
                continue;
            }

            sum += index[t];
            count++;
            if (peakDate is null || index[t] > peak)
            {
                peak = index[t];
                peakDate = dates[t];
            }
        }

        if (count == 0)
        {
            return new CissEpisodeReading(episode, null, null, null, null);
        }

        var below = LowerBound(sortedReady, peak);
        return new CissEpisodeReading(episode, peak, peakDate, (double)below / sortedReady.Count, sum / count);
    }

    private static int LowerBound(List<double> sorted, double value)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static string? SegmentName(InstrumentSpec spec) =>
        CissSegmentMap.SegmentOf(new Instrument(default, spec.Symbol, spec.Name, spec.AssetClass, spec.Segment, spec.ValueKind))?.ToString();
}
