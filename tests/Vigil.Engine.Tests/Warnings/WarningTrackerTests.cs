using Vigil.Engine.Tests.Pipeline;
using Vigil.Engine.Warnings;

namespace Vigil.Engine.Tests.Warnings;

public sealed class WarningTrackerTests
{
    private static readonly WarningOptions Options = new()
    {
        EnterThreshold = 0.6,
        EnterConfirmations = 3,
        ExitThreshold = 0.3,
        ExitConfirmations = 5,
        DeescalationConfirmations = 4,
        SeverityWindow = 1,
    };

    /// <summary>Feeds one step per composite (other inputs quiet), at timestamps 1, 2, 3, … after the tracker's last.</summary>
    private sealed class Driver(WarningOptions options)
    {
        public WarningTracker Tracker { get; } = new(options);

        public long Time { get; private set; }

        public List<WarningTransition> Transitions { get; } = [];

        public WarningTransition Step(double composite, double maxAbsZ = 0, int breaks = 0, int signals = 0)
        {
            var transition = Tracker.Update(new WarningInputs(++Time, composite, maxAbsZ, breaks, signals));
            Transitions.Add(transition);
            return transition;
        }

        public WarningTransition[] Steps(params double[] composites) => [.. composites.Select(c => Step(c))];

        public int Count(WarningTransition kind) => Transitions.Count(t => t == kind);
    }

    [Fact]
    public void Opens_only_after_the_enter_confirmations_in_a_row()
    {
        var d = new Driver(Options);
        Assert.All(d.Steps(0.7, 0.7, 0.59, 0.7, 0.7), t => Assert.Equal(WarningTransition.None, t));
        Assert.False(d.Tracker.IsOpen);
        Assert.Equal(Severity.None, d.Tracker.Severity);

        Assert.Equal(WarningTransition.Opened, d.Step(0.6));
        Assert.True(d.Tracker.IsOpen);
        Assert.Equal(6, d.Tracker.OpenedAtNs);
        Assert.Equal(1, d.Tracker.Sequence);
        Assert.Equal(Severity.Elevated, d.Tracker.Severity);
        Assert.Equal(Severity.None, d.Tracker.PreviousSeverity);
    }

    [Fact]
    public void Does_not_open_when_the_composite_flickers_around_the_enter_threshold()
    {
        var d = new Driver(Options);
        for (var i = 0; i < 1_000; i++)
        {
            d.Step(i % 3 == 2 ? 0.59 : 0.61);
        }

        Assert.Equal(0, d.Count(WarningTransition.Opened));
    }

    [Fact]
    public void Warning_does_not_flap_when_the_composite_oscillates_between_the_thresholds()
    {
        var d = new Driver(Options);
        d.Steps(0.7, 0.7, 0.7);
        Assert.True(d.Tracker.IsOpen);
        for (var i = 0; i < 1_000; i++)
        {
            // Between exit and enter, above enter, and below exit for one step fewer than the exit confirmations.
            var phase = i % 10;
            d.Step(phase < 3 ? 0.45 : phase < 5 ? 0.65 : phase < 9 ? 0.2 : 0.35);
        }

        Assert.True(d.Tracker.IsOpen);
        Assert.Equal(1, d.Count(WarningTransition.Opened));
        Assert.Equal(0, d.Count(WarningTransition.Closed));
        Assert.Equal(1, d.Tracker.Sequence);
    }

    [Fact]
    public void Closes_after_the_exit_confirmations_below_the_exit_threshold()
    {
        var d = new Driver(Options);
        d.Steps(0.7, 0.7, 0.7);
        // Four below, then exactly at the exit threshold (not below), which restarts the count.
        Assert.All(d.Steps(0.2, 0.2, 0.2, 0.29, 0.3, 0.1, 0.1, 0.1, 0.1), t => Assert.NotEqual(WarningTransition.Closed, t));
        Assert.True(d.Tracker.IsOpen);

        Assert.Equal(WarningTransition.Closed, d.Step(0.0));
        Assert.False(d.Tracker.IsOpen);
        Assert.Equal(Severity.None, d.Tracker.Severity);
        Assert.Equal(Severity.Elevated, d.Tracker.PreviousSeverity);
        Assert.Equal(Severity.High, d.Tracker.PeakSeverity);
        Assert.Equal(0.7, d.Tracker.PeakComposite);

        // Closed: quiet steps change nothing, and a new episode needs the full confirmations again.
        Assert.All(d.Steps(0.1, 0.7, 0.7), t => Assert.Equal(WarningTransition.None, t));
        Assert.Equal(WarningTransition.Opened, d.Step(0.7));
        Assert.Equal(2, d.Tracker.Sequence);
    }

    public static TheoryData<double, double, int, int, Severity> SeverityCases => new()
    {
        // composite, max |z|, correlation breaks, signals → severity when the warning opens
        { 0.6, 0, 0, 0, Severity.Elevated },
        { 0.69, 2.49, 0, 1, Severity.Elevated },
        { 0.7, 0, 0, 0, Severity.High },
        { 0.8, 0, 0, 0, Severity.Severe },
        { 0.9, 0, 0, 0, Severity.Extreme },
        { 1.0, 0, 0, 0, Severity.Extreme },
        { 0.6, 2.5, 0, 0, Severity.Elevated },
        { 0.6, 3.0, 0, 0, Severity.High },
        { 0.6, 4.0, 0, 0, Severity.Severe },
        { 0.6, 4.99, 0, 0, Severity.Severe },
        { 0.6, 5.0, 0, 0, Severity.Extreme },
        { 0.6, 0, 1, 0, Severity.Elevated },
        { 0.6, 0, 2, 0, Severity.Elevated },
        { 0.6, 0, 3, 0, Severity.High },
        { 0.6, 0, 5, 0, Severity.Severe },
        { 0.6, 0, 7, 0, Severity.Severe },
        { 0.6, 0, 8, 0, Severity.Extreme },
        { 0.6, 0, 0, 2, Severity.Elevated },
        { 0.6, 0, 0, 4, Severity.High },
        { 0.6, 0, 0, 6, Severity.Severe },
        { 0.6, 0, 0, 7, Severity.Severe },
        { 0.6, 0, 0, 8, Severity.Severe },
        { 0.6, 0, 0, 9, Severity.Extreme },
        // The highest of the four wins, whichever it is.
        { 0.7, 4.0, 1, 2, Severity.Severe },
        { 0.61, 3.1, 6, 2, Severity.Severe },
        { 0.61, 2.6, 2, 9, Severity.Extreme },
        { 0.85, 3.5, 4, 5, Severity.Severe },
    };

    [Theory]
    [MemberData(nameof(SeverityCases))]
    public void Severity_is_the_highest_level_reached_by_any_criterion(double composite, double maxAbsZ, int breaks, int signals, Severity expected)
    {
        var d = new Driver(new WarningOptions { EnterConfirmations = 1 });
        Assert.Equal(WarningTransition.Opened, d.Step(composite, maxAbsZ, breaks, signals));
        Assert.Equal(expected, d.Tracker.Severity);
        Assert.Equal(expected, d.Tracker.PeakSeverity);
    }

    [Theory]
    [InlineData(0.0, 0.0, 0, 0, Severity.None)]
    [InlineData(0.1, 2.5, 0, 0, Severity.Elevated)]
    [InlineData(0.1, 0.0, 3, 0, Severity.High)]
    [InlineData(0.1, 0.0, 0, 6, Severity.Severe)]
    [InlineData(0.95, 0.0, 0, 0, Severity.Extreme)]
    public void Level_of_inputs_needs_no_open_warning(double composite, double maxAbsZ, int breaks, int signals, Severity expected)
    {
        var tracker = new WarningTracker();
        Assert.Equal(expected, tracker.LevelOf(new WarningInputs(0, composite, maxAbsZ, breaks, signals)));
        Assert.False(tracker.IsOpen);
    }

    [Fact]
    public void Quiet_criteria_alone_do_not_open_a_warning()
    {
        // Extreme |z|, breaks and signals with a low composite: the composite alone decides whether to open.
        var d = new Driver(Options);
        for (var i = 0; i < 100; i++)
        {
            d.Step(0.5, 9.0, 20, 20);
        }

        Assert.Equal(0, d.Count(WarningTransition.Opened));
    }

    [Fact]
    public void Escalation_is_immediate()
    {
        var d = new Driver(Options);
        d.Steps(0.65, 0.65, 0.65);
        Assert.Equal(Severity.Elevated, d.Tracker.Severity);

        Assert.Equal(WarningTransition.Escalated, d.Step(0.65, maxAbsZ: 3.2));
        Assert.Equal(Severity.High, d.Tracker.Severity);
        Assert.Equal(Severity.Elevated, d.Tracker.PreviousSeverity);

        Assert.Equal(WarningTransition.Escalated, d.Step(0.65, breaks: 8));
        Assert.Equal(Severity.Extreme, d.Tracker.Severity);
        Assert.Equal(Severity.High, d.Tracker.PreviousSeverity);
        Assert.Equal(Severity.Extreme, d.Tracker.PeakSeverity);
    }

    [Fact]
    public void De_escalation_waits_for_its_confirmations_and_goes_to_the_highest_level_of_the_lower_run()
    {
        var d = new Driver(Options);
        d.Steps(0.65, 0.65, 0.65);
        d.Step(0.95);
        Assert.Equal(Severity.Extreme, d.Tracker.Severity);

        // Three lower steps, then one back at EXTREME: the lower run starts over.
        Assert.Equal(WarningTransition.None, d.Step(0.65, signals: 4));
        Assert.Equal(WarningTransition.None, d.Step(0.65));
        Assert.Equal(WarningTransition.None, d.Step(0.65));
        Assert.Equal(WarningTransition.None, d.Step(0.65, maxAbsZ: 5));
        Assert.Equal(Severity.Extreme, d.Tracker.Severity);

        // Four lower steps, HIGH at most: down to HIGH on the fourth.
        Assert.Equal(WarningTransition.None, d.Step(0.65));
        Assert.Equal(WarningTransition.None, d.Step(0.65, signals: 4));
        Assert.Equal(WarningTransition.None, d.Step(0.65));
        Assert.Equal(WarningTransition.DeEscalated, d.Step(0.65));
        Assert.Equal(Severity.High, d.Tracker.Severity);
        Assert.Equal(Severity.Extreme, d.Tracker.PreviousSeverity);
        Assert.Equal(Severity.Extreme, d.Tracker.PeakSeverity);

        // A composite between the thresholds reaches no level, but an open warning stays at least ELEVATED.
        Assert.All(d.Steps(0.4, 0.4, 0.4), t => Assert.Equal(WarningTransition.None, t));
        Assert.Equal(WarningTransition.DeEscalated, d.Step(0.4));
        Assert.Equal(Severity.Elevated, d.Tracker.Severity);
        Assert.Equal(Severity.High, d.Tracker.PreviousSeverity);
    }

    [Fact]
    public void A_steps_level_is_held_at_its_peak_over_the_severity_window()
    {
        var d = new Driver(Options with { SeverityWindow = 3, DeescalationConfirmations = 1 });
        d.Steps(0.65, 0.65, 0.65);
        Assert.Equal(Severity.Elevated, d.Tracker.Severity);

        // One step at EXTREME (|z| 5) holds for that step and the two after it; then one quiet step de-escalates.
        Assert.Equal(WarningTransition.Escalated, d.Step(0.65, maxAbsZ: 5));
        Assert.Equal(WarningTransition.None, d.Step(0.65));
        Assert.Equal(WarningTransition.None, d.Step(0.65));
        Assert.Equal(Severity.Extreme, d.Tracker.Severity);
        Assert.Equal(WarningTransition.DeEscalated, d.Step(0.65));
        Assert.Equal(Severity.Elevated, d.Tracker.Severity);
    }

    [Fact]
    public void Levels_reached_just_before_opening_count_towards_the_opening_severity()
    {
        var d = new Driver(Options with { SeverityWindow = 3 });
        d.Step(0.65, breaks: 8);
        d.Step(0.65);
        Assert.Equal(WarningTransition.Opened, d.Step(0.65));
        Assert.Equal(Severity.Extreme, d.Tracker.Severity);

        // Reset forgets the held levels too.
        var e = new Driver(Options with { SeverityWindow = 3 });
        e.Step(0.65, breaks: 8);
        e.Tracker.Reset();
        e.Step(0.65);
        e.Step(0.65);
        Assert.Equal(WarningTransition.Opened, e.Step(0.65));
        Assert.Equal(Severity.Elevated, e.Tracker.Severity);
    }

    [Fact]
    public void Sequence_numbers_increase_with_each_warning_and_survive_reset()
    {
        var d = new Driver(Options);
        for (var episode = 1; episode <= 3; episode++)
        {
            d.Steps(0.7, 0.7, 0.7);
            Assert.Equal(episode, d.Tracker.Sequence);
            d.Steps(0.1, 0.1, 0.1, 0.1, 0.1);
            Assert.False(d.Tracker.IsOpen);
        }

        d.Steps(0.7, 0.7, 0.7);
        Assert.True(d.Tracker.IsOpen);
        d.Tracker.Reset();
        Assert.False(d.Tracker.IsOpen);
        Assert.Equal(Severity.None, d.Tracker.Severity);
        Assert.Equal(4, d.Tracker.Sequence);
        d.Steps(0.7, 0.7, 0.7);
        Assert.Equal(5, d.Tracker.Sequence);
        Assert.Equal(5, d.Count(WarningTransition.Opened));
    }

    [Fact]
    public void Peak_composite_is_the_highest_of_the_open_warning()
    {
        var d = new Driver(Options);
        d.Steps(0.61, 0.62, 0.63, 0.75, 0.5, 0.92, 0.4);
        Assert.Equal(0.92, d.Tracker.PeakComposite);
        d.Steps(0.1, 0.1, 0.1, 0.1, 0.1);
        d.Steps(0.65, 0.65, 0.66);
        Assert.Equal(0.66, d.Tracker.PeakComposite);
    }

    [Fact]
    public void Defaults_carry_the_issue_thresholds()
    {
        var options = new WarningOptions();
        Assert.Equal(new SeverityLevels(2.5, 3, 4, 5), options.MaxAbsZ);
        Assert.Equal(new SeverityLevels(1, 3, 5, 8), options.CorrelationBreaks);
        Assert.Equal(new SeverityLevels(2, 4, 6, 9), options.Signals);
        Assert.True(options.ExitThreshold < options.EnterThreshold);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Invalid_options_report_every_problem_at_once()
    {
        var options = new WarningOptions
        {
            EnterThreshold = 1.5,
            EnterConfirmations = 0,
            ExitThreshold = -0.1,
            ExitConfirmations = 0,
            DeescalationConfirmations = 0,
            SeverityWindow = 0,
            Composite = new SeverityLevels(0.9, 0.8, 0.7, 0.6),
            MaxAbsZ = new SeverityLevels(1, 1, 1, 1),
            CorrelationBreaks = new SeverityLevels(double.NaN, 3, 5, 7),
            Signals = new SeverityLevels(2, 4, 6, double.PositiveInfinity),
        };
        Assert.Equal(10, options.Validate().Count);
        var e = Assert.Throws<ArgumentException>(() => new WarningTracker(options));
        foreach (var name in new[] { "EnterThreshold", "EnterConfirmations", "ExitThreshold", "ExitConfirmations", "DeescalationConfirmations", "SeverityWindow", "Composite", "MaxAbsZ", "CorrelationBreaks", "Signals" })
        {
            Assert.Contains("WarningOptions." + name, e.Message, StringComparison.Ordinal);
        }

        Assert.Single(new WarningOptions { ExitThreshold = 0.6 }.Validate());
    }

    [Fact]
    public void Update_allocates_nothing()
    {
        var tracker = new WarningTracker(Options with { SeverityWindow = 20 });
        var transitions = 0;
        var allocated = Allocations.Fewest(_ =>
        {
            for (var i = 0; i < 100_000; i++)
            {
                var phase = i % 100;
                var composite = phase < 30 ? 0.9 - (phase * 0.01) : 0.1;
                transitions += tracker.Update(new WarningInputs(i, composite, phase % 7, phase % 9, phase % 11)) != WarningTransition.None ? 1 : 0;
            }
        });

        Assert.Equal(0, allocated);
        Assert.True(transitions > 0);
    }
}
