using Vigil.Core.Instruments;
using Vigil.Core.Market;
using Vigil.Detection;
using Vigil.Engine.Evaluation.Markets;
using Vigil.Engine.Pipeline;
using Vigil.Engine.Warnings;
using Vigil.Engine.Warnings.Classification;

namespace Vigil.Engine.Evaluation.Backtest;

/// <summary>How a series was read for the backtest.</summary>
/// <param name="Series">The series.</param>
/// <param name="Fed">Whether it went into the engine (an indicator is left out under <see cref="BacktestRunOptions.SkipIndicators"/>).</param>
/// <param name="Observations">The values on the backtest's trading days.</param>
/// <param name="First">The first of those days; null when none.</param>
/// <param name="Last">The last of those days; null when none.</param>
/// <param name="MalformedRows">Rows the loader rejected as malformed.</param>
/// <param name="OffCalendarDays">Days with a value that are not trading days of the calendar (left out).</param>
public sealed record BacktestSeriesSummary(BacktestSeries Series, bool Fed, int Observations, DateOnly? First, DateOnly? Last, int MalformedRows, int OffCalendarDays);

/// <summary>The engine after one trading day.</summary>
/// <param name="Date">The day.</param>
/// <param name="Composite">The composite stress score in [0, 1]; NaN before the ensemble is ready.</param>
/// <param name="Ciss">The CISS stress index in [0, 1]; NaN before it is ready.</param>
/// <param name="Severity">The open warning's severity, or <see cref="Severity.None"/>.</param>
/// <param name="WarningOpen">Whether a warning is open after the day.</param>
public readonly record struct BacktestStep(DateOnly Date, double Composite, double Ciss, Severity Severity, bool WarningOpen);

/// <summary>One warning's life over the backtest.</summary>
/// <param name="Id">The warning's id.</param>
/// <param name="Opened">The day it opened.</param>
/// <param name="Closed">The day it closed; null when still open at the end.</param>
/// <param name="PeakSeverity">The highest severity it reached.</param>
/// <param name="PeakComposite">The highest composite it reached.</param>
/// <param name="EventType">Its event type from its latest report; <see cref="EventType.Unclassified"/> without one.</param>
/// <param name="Title">Its report's title, or the engine's summary line without a report.</param>
/// <param name="Analogue">The best-matching past crisis from its latest report; null without one.</param>
/// <param name="AnalogueSimilarity">That match's cosine similarity; null without one.</param>
public sealed record BacktestWarning(
    string Id, DateOnly Opened, DateOnly? Closed, Severity PeakSeverity, double PeakComposite, EventType EventType, string Title, string? Analogue, double? AnalogueSimilarity);

/// <summary>What a backtest run produced, before scoring.</summary>
/// <param name="Manifest">The manifest run.</param>
/// <param name="Series">How each series was read.</param>
/// <param name="Steps">One step per trading day, in order.</param>
/// <param name="Warnings">Every warning, in the order they opened.</param>
/// <param name="RejectedValues">Values the engine rejected (non-positive prices and the like).</param>
public sealed record BacktestRun(
    BacktestManifest Manifest, IReadOnlyList<BacktestSeriesSummary> Series, IReadOnlyList<BacktestStep> Steps, IReadOnlyList<BacktestWarning> Warnings, long RejectedValues);

/// <summary>How to run a backtest.</summary>
public sealed record BacktestRunOptions
{
    /// <summary>Leaves the manifest's indicator series out (for engines without indicator support).</summary>
    public bool SkipIndicators { get; init; }
}

/// <summary>A backtest that cannot run (a series with no data, an engine that lacks a feature the manifest needs).</summary>
public sealed class BacktestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BacktestException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    public BacktestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public BacktestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Replays the daily series of a <see cref="BacktestManifest"/> through a <see cref="DetectionEngine"/> with
/// <see cref="EngineOptions.Daily"/>, one market step per trading day of the calendar series. On each day every series
/// with a value that day ticks; a series without one does not (no value is carried forward, so a holiday of one
/// market or a gap in a FRED file is a missing observation, not a zero return). Values on days that are not trading
/// days of the calendar are left out and counted.
/// </summary>
public static class BacktestRunner
{
    /// <summary>Runs the backtest.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <param name="options">How to run; defaults when null.</param>
    /// <param name="progress">Receives the share of trading days done, in [0, 1]; may be null.</param>
    /// <exception cref="BacktestException">A series cannot be read, the calendar has no days, or indicators are needed but not supported.</exception>
    public static BacktestRun Run(BacktestManifest manifest, BacktestRunOptions? options = null, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        options ??= new BacktestRunOptions();
        var loaded = new List<(BacktestSeries Series, DailySeries Data)>(manifest.Series.Count);
        var problems = new List<string>();
        foreach (var s in manifest.Series)
        {
            try
            {
                loaded.Add((s, DailySeriesLoader.Load(s.Path, s.ValueColumn, s.DateColumn, manifest.From, manifest.To, s.DateFormat, s.MissingToken)));
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
            {
                problems.Add($"{s.Symbol}: {e.Message}");
            }
        }

        if (problems.Count > 0)
        {
            throw new BacktestException(string.Join("; ", problems));
        }

        var calendar = loaded.First(l => string.Equals(l.Series.Symbol, manifest.Calendar, StringComparison.OrdinalIgnoreCase)).Data;
        var days = calendar.Dates;
        if (days.Count == 0)
        {
            throw new BacktestException($"{manifest.Calendar}: the calendar series has no values from {manifest.From:yyyy-MM-dd} to {manifest.To:yyyy-MM-dd}.");
        }

        var instruments = loaded.Where(l => l.Series.Kind == BacktestSeriesKind.Instrument).ToList();
        var indicators = options.SkipIndicators ? [] : loaded.Where(l => l.Series.Kind == BacktestSeriesKind.Indicator).ToList();
        var registry = new InstrumentRegistry(instruments.Select(l => new InstrumentSpec(l.Series.Symbol, l.Series.Name, l.Series.AssetClass, l.Series.Segment, l.Series.ValueKind)));
        var categories = new Dictionary<string, IndicatorCategory>(StringComparer.OrdinalIgnoreCase);
        foreach (var (s, _) in instruments)
        {
            if (s.Category != IndicatorCategory.None)
            {
                categories[s.Symbol] = s.Category;
            }
        }

        var observer = new Recorder(days.Count);
        var engine = new DetectionEngine(registry, EngineOptions.Daily with { Categories = categories }, observer);
        var indicatorIds = RegisterIndicators(engine, indicators.Select(l => l.Series).ToList());
        var dayCount = days.Count;
        for (var d = 0; d < dayCount; d++)
        {
            var date = days[d];
            var ts = TimestampOf(date);
            for (var i = 0; i < instruments.Count; i++)
            {
                if (instruments[i].Data.TryGet(date, out var value))
                {
                    engine.OnTick(new Tick(new InstrumentId(i), ts, value * instruments[i].Series.Scale, 0));
                }
            }

            for (var i = 0; i < indicators.Count; i++)
            {
                if (indicators[i].Data.TryGet(date, out var value))
                {
                    engine.OnIndicator(indicatorIds[i], ts, value * indicators[i].Series.Scale);
                }
            }

            // Every series for the day is in: the day's step closes now rather than when the next day's first tick arrives.
            engine.Flush();
            if (progress is not null && (d % 64 == 0 || d == dayCount - 1))
            {
                progress.Report((d + 1) / (double)dayCount);
            }
        }

        var summaries = loaded.Select(l => Summarise(l.Series, l.Data, calendar, fed: l.Series.Kind == BacktestSeriesKind.Instrument || !options.SkipIndicators)).ToList();
        return new BacktestRun(manifest, summaries, observer.Steps, observer.Warnings(), engine.Counters.Rejected);
    }

    /// <summary>
    /// Registers the indicator series with the engine, in order. The one place indicators meet the engine, so an engine
    /// without indicator support fails here with a message that says what to do.
    /// </summary>
    private static int[] RegisterIndicators(DetectionEngine engine, List<BacktestSeries> indicators)
    {
        var ids = new int[indicators.Count];
        try
        {
            for (var i = 0; i < indicators.Count; i++)
            {
                var s = indicators[i];
                ids[i] = engine.RegisterIndicator(new IndicatorSpec(s.Symbol, s.Name, s.Category, s.Segment));
            }
        }
        catch (ArgumentException e)
        {
            throw new BacktestException($"the engine refused an indicator series: {e.Message}", e);
        }

        return ids;
    }

    /// <summary>The event time a day's values carry: midnight UTC at the start of the day.</summary>
    /// <param name="date">The day.</param>
    public static long TimestampOf(DateOnly date) => TimeUnits.FromDateTimeOffset(new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));

    /// <summary>The day an event time falls on, in UTC.</summary>
    /// <param name="timestampNs">The event time.</param>
    public static DateOnly DateOf(long timestampNs) => DateOnly.FromDateTime(TimeUnits.ToDateTimeOffset(timestampNs).UtcDateTime);

    private static BacktestSeriesSummary Summarise(BacktestSeries series, DailySeries data, DailySeries calendar, bool fed)
    {
        int on = 0, off = 0;
        DateOnly? first = null, last = null;
        foreach (var date in data.Dates)
        {
            if (calendar.TryGet(date, out _))
            {
                on++;
                first ??= date;
                last = date;
            }
            else
            {
                off++;
            }
        }

        return new BacktestSeriesSummary(series, fed, on, first, last, data.MalformedRows, off);
    }

    /// <summary>Keeps each day's numbers and each warning's life as the engine reports them.</summary>
    private sealed class Recorder(int days) : IEngineObserver
    {
        private readonly Dictionary<string, BacktestWarning> _warnings = new(StringComparer.Ordinal);
        private readonly List<string> _order = [];
        private int _cissIndex = -2;

        public List<BacktestStep> Steps { get; } = new(days);

        public void OnStep(MarketStep step)
        {
            if (_cissIndex == -2)
            {
                _cissIndex = -1;
                for (var i = 0; i < step.Detectors.Count; i++)
                {
                    if (step.Detectors[i].Name == DetectorNames.Ciss)
                    {
                        _cissIndex = i;
                    }
                }
            }

            var ciss = _cissIndex >= 0 ? step.RawValues[_cissIndex] : double.NaN;
            Steps.Add(new BacktestStep(DateOf(step.TimestampNs), step.IsReady ? step.Composite : double.NaN, double.IsFinite(ciss) ? ciss : double.NaN, step.Severity, step.WarningOpen));
        }

        public void OnWarning(WarningEvent warning)
        {
            if (!_warnings.TryGetValue(warning.WarningId, out var known))
            {
                _order.Add(warning.WarningId);
            }

            var report = warning.Report;
            _warnings[warning.WarningId] = new BacktestWarning(
                warning.WarningId,
                DateOf(warning.OpenedAtNs),
                warning.Kind == WarningTransition.Closed ? DateOf(warning.TimestampNs) : null,
                warning.PeakSeverity,
                warning.PeakComposite,
                report is not null ? report.EventType : known?.EventType ?? EventType.Unclassified,
                report?.Title ?? known?.Title ?? warning.Summary,
                report?.Analogue?.Name ?? known?.Analogue,
                report?.Analogue?.Similarity ?? known?.AnalogueSimilarity);
        }

        public List<BacktestWarning> Warnings() => [.. _order.Select(id => _warnings[id])];
    }
}
