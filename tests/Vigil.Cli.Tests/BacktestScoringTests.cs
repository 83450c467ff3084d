using Vigil.Core.Instruments;
using Vigil.Engine.Evaluation.Backtest;
using Vigil.Engine.Warnings;
using Vigil.Engine.Warnings.Classification;

namespace Vigil.Cli.Tests;

/// <summary>
/// The scoring rules of <see cref="BacktestEvaluation"/> on hand-built runs: 100 consecutive days from 2000-01-01 as
/// the trading days, one episode on days 50–59, a lead window of 10 trading days (so the window starts on day 40).
/// </summary>
public sealed class BacktestScoringTests
{
    private static readonly DateOnly Day0 = new(2000, 1, 1);

    private static DateOnly D(int day) => Day0.AddDays(day);

    private static BacktestEvaluation Score(params BacktestWarning[] warnings)
    {
        var series = new BacktestSeries("a.csv", "/a.csv", null, null, null, null, "A", "A", BacktestSeriesKind.Instrument, AssetClass.EquityIndex, StressSegment.Equity, ValueKind.Price, IndicatorCategory.None, 1);
        var manifest = new BacktestManifest("m.json", "test", D(0), D(99), "A", 10, [series], [new BacktestEpisode("episode", D(50), D(59), null)]);
        var steps = Enumerable.Range(0, 100).Select(i => new BacktestStep(D(i), i < 20 ? double.NaN : 0.1, 0.2, Severity.None, false)).ToList();
        return BacktestEvaluation.Evaluate(new BacktestRun(manifest, [], steps, warnings, 0));
    }

    private static BacktestWarning Warning(string id, int opened, int? closed, Severity peak = Severity.High) =>
        new(id, D(opened), closed is { } c ? D(c) : null, peak, 0.7, EventType.MarketCrash, id, "1987 crash", 0.9);

    [Fact]
    public void A_warning_opened_inside_the_lead_window_warns_with_a_positive_lead()
    {
        var result = Score(Warning("W1", 45, 52));

        var episode = Assert.Single(result.Episodes);
        Assert.True(episode.Warned);
        Assert.Equal(D(40), episode.WindowStart);
        Assert.Equal(5, episode.LeadTradingDays);
        Assert.Equal(EventType.MarketCrash, episode.EventType);
        Assert.Equal("1987 crash", episode.Analogue);
        Assert.Empty(result.FalseAlarms);
        Assert.Equal(D(20), result.ReadyFrom);
    }

    [Fact]
    public void A_warning_opened_after_the_start_has_a_negative_lead_and_the_highest_peak_in_the_window_counts()
    {
        var result = Score(Warning("W1", 53, 54, Severity.Elevated), Warning("W2", 56, null, Severity.Extreme));

        var episode = Assert.Single(result.Episodes);
        Assert.Equal("W1", episode.WarningId);
        Assert.Equal(-3, episode.LeadTradingDays);
        Assert.Equal(Severity.Extreme, episode.PeakSeverity);
    }

    [Fact]
    public void Warnings_outside_every_window_are_false_alarms_and_one_still_open_into_the_window_warns()
    {
        // W1 opens before the window (day 30) and is still open on day 41; W2 opens after the episode's end.
        var result = Score(Warning("W1", 30, 41), Warning("W2", 70, 75), Warning("W3", 39, 39));

        var episode = Assert.Single(result.Episodes);
        Assert.True(episode.Warned);
        Assert.Equal("W1", episode.WarningId);
        Assert.Equal(20, episode.LeadTradingDays);
        Assert.Equal(["W1", "W2", "W3"], result.FalseAlarms.Select(w => w.Id));
        Assert.Equal(3 / (99 / 365.25), result.FalseAlarmsPerYear, 9);
        Assert.Equal(3, Assert.Single(result.FalseAlarmsByYear).Value);
    }

    [Fact]
    public void An_episode_without_a_warning_in_its_window_is_not_warned()
    {
        var result = Score(Warning("W1", 60, 70), Warning("W2", 20, 39));

        var episode = Assert.Single(result.Episodes);
        Assert.False(episode.Warned);
        Assert.Null(episode.LeadTradingDays);
        Assert.Equal(Severity.None, episode.PeakSeverity);
        Assert.Equal(2, result.FalseAlarms.Count);
        Assert.Equal(0, result.EpisodesWarned);
    }
}
