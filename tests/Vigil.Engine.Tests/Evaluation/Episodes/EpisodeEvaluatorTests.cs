using System.Text;
using Vigil.Core.Market;
using Vigil.Engine.Evaluation.Episodes;
using Vigil.Engine.Warnings;

namespace Vigil.Engine.Tests.Evaluation.Episodes;

public sealed class EpisodeEvaluatorTests
{
    private static EpisodeLabels Labels(params (int Id, long StartMs, long EndMs)[] episodes)
    {
        var json = new StringBuilder("""{ "episodes": [""");
        json.AppendJoin(", ", episodes.Select(e => $$"""{ "id": {{e.Id}}, "type": "t{{e.Id}}", "start_ts_ms": {{e.StartMs}}, "end_ts_ms": {{e.EndMs}} }"""));
        json.Append("] }");
        return EpisodeLabels.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json.ToString())), "labels");
    }

    private static WarningEvent Event(WarningTransition kind, string id, long timestampNs, Severity severity = Severity.High) => new()
    {
        Kind = kind,
        WarningId = id,
        TimestampNs = timestampNs,
        OpenedAtNs = timestampNs,
        Severity = severity,
        PreviousSeverity = Severity.None,
        PeakSeverity = severity,
        Composite = 0.7,
        PeakComposite = 0.7,
        MaxAbsZ = 3,
        CorrelationBreaks = 0,
        SignalCount = 0,
        Contributions = [],
        Signals = [],
        Breaks = [],
        Summary = "",
    };

    private static WarningEvent Opened(string id, long ms, Severity severity = Severity.High) =>
        Event(WarningTransition.Opened, id, ms * TimeUnits.NsPerMillisecond, severity);

    [Fact]
    public void Detections_delays_split_episodes_and_false_alarms_on_hand_made_labels()
    {
        var labels = Labels((1, 1_000, 2_000), (2, 5_000, 6_000), (3, 9_000, 9_500));
        WarningEvent[] events =
        [
            Opened("W1", 500, Severity.Elevated),                         // before episode 1: a false alarm
            Opened("W3", 1_800, Severity.Severe),                         // a second warning inside episode 1
            Opened("W2", 1_500),                                          // the first inside episode 1
            Opened("W4", 6_000, Severity.Extreme),                        // the last millisecond of episode 2
            Opened("W5", 7_000),                                          // between episodes: a false alarm
            Event(WarningTransition.Escalated, "W5", 9_100 * TimeUnits.NsPerMillisecond),
            Event(WarningTransition.Closed, "W5", 9_200 * TimeUnits.NsPerMillisecond),
        ];

        var report = EpisodeEvaluator.Evaluate(labels, events);

        Assert.Equal(3, report.Episodes.Count);
        Assert.Equal(new EpisodeResult(labels.Episodes[0], true, 0.5, "W2", Severity.High, 2), report.Episodes[0]);
        Assert.Equal(new EpisodeResult(labels.Episodes[1], true, 1.0, "W4", Severity.Extreme, 1), report.Episodes[1]);
        Assert.Equal(new EpisodeResult(labels.Episodes[2], false, null, null, Severity.None, 0), report.Episodes[2]);
        Assert.Equal([new FalseAlarm("W1", 500, Severity.Elevated), new FalseAlarm("W5", 7_000, Severity.High)], report.FalseAlarms);
        Assert.Equal(2, report.DetectedCount);
        Assert.Equal(1.0, report.MaxDelaySeconds);
        Assert.Equal(0.75, report.MeanDelaySeconds);
    }

    [Fact]
    public void A_warning_opened_before_an_episode_and_still_open_does_not_detect_it()
    {
        var labels = Labels((1, 1_000, 2_000));
        var report = EpisodeEvaluator.Evaluate(labels, [Opened("W1", 999)]);
        Assert.False(report.Episodes[0].Detected);
        Assert.Equal(0, report.DetectedCount);
        Assert.Null(report.MaxDelaySeconds);
        Assert.Null(report.MeanDelaySeconds);
        Assert.Equal("W1", Assert.Single(report.FalseAlarms).WarningId);
    }

    [Fact]
    public void Episode_bounds_are_inclusive_to_the_millisecond_and_delays_keep_nanoseconds()
    {
        var labels = Labels((1, 1_000, 2_000));
        var start = 1_000 * TimeUnits.NsPerMillisecond;
        var end = 2_000 * TimeUnits.NsPerMillisecond;

        // 250 ns after the start: inside, with a delay of 250 ns.
        var early = EpisodeEvaluator.Evaluate(labels, [Event(WarningTransition.Opened, "W1", start + 250)]);
        Assert.Equal(2.5e-7, early.Episodes[0].DelaySeconds!.Value, 15);

        // Within the last millisecond: inside. One nanosecond before the start: outside.
        Assert.True(EpisodeEvaluator.Evaluate(labels, [Event(WarningTransition.Opened, "W1", end + 999_999)]).Episodes[0].Detected);
        var before = EpisodeEvaluator.Evaluate(labels, [Event(WarningTransition.Opened, "W1", start - 1)]);
        Assert.False(before.Episodes[0].Detected);
        Assert.Equal(999, Assert.Single(before.FalseAlarms).OpenedAtMs);
        Assert.False(EpisodeEvaluator.Evaluate(labels, [Event(WarningTransition.Opened, "W1", end + TimeUnits.NsPerMillisecond)]).Episodes[0].Detected);
    }

    [Fact]
    public void A_warning_inside_overlapping_episodes_detects_both_and_is_no_false_alarm()
    {
        var labels = Labels((2, 1_500, 3_000), (1, 1_000, 2_000));
        var report = EpisodeEvaluator.Evaluate(labels, [Opened("W1", 1_600)]);
        Assert.Equal([1, 2], report.Episodes.Select(e => e.Episode.Id));
        Assert.Equal(0.6, report.Episodes[0].DelaySeconds!.Value, 12);
        Assert.Equal(0.1, report.Episodes[1].DelaySeconds!.Value, 12);
        Assert.Empty(report.FalseAlarms);
    }

    [Fact]
    public void No_warnings_detect_nothing_and_raise_no_false_alarm()
    {
        var report = EpisodeEvaluator.Evaluate(Labels((1, 1_000, 2_000), (2, 3_000, 4_000)), []);
        Assert.All(report.Episodes, e => Assert.False(e.Detected));
        Assert.Empty(report.FalseAlarms);
        Assert.Equal(0, report.DetectedCount);
        Assert.Null(report.MeanDelaySeconds);
    }

    [Fact]
    public void Missing_arguments_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => EpisodeEvaluator.Evaluate(null!, []));
        Assert.Throws<ArgumentNullException>(() => EpisodeEvaluator.Evaluate(Labels(), null!));
    }
}
