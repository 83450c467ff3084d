using System.Text.Json;
using Vigil.Engine.Trading;
using Vigil.Engine.Warnings;
using Vigil.Testing;

namespace Vigil.Engine.Tests.Trading;

public sealed class TradingRunRegistryTests
{
    private static TradingRunRegistry WithRuns(out List<AuditEvent> raised)
    {
        var registry = new TradingRunRegistry(new HaltPolicyOptions());
        var events = new List<AuditEvent>();
        registry.AuditAppended += events.Add;
        raised = events;
        registry.Register("live-1", "Live one", RunMode.Live, 10);
        registry.Register("live-2", "Live two", RunMode.Live, 11);
        registry.Register("paper-1", "Paper one", RunMode.Paper, 12);
        return registry;
    }

    [Fact]
    public void A_high_warning_halts_live_runs_within_the_call_and_paper_runs_keep_running()
    {
        var registry = WithRuns(out _);

        var changed = registry.ApplyWarning(Severity.High, EventType.MarketCrash, "w1", 1_000);

        Assert.Equal(2, changed);
        Assert.Equal(RunState.Halted, registry.GetState("live-1"));
        Assert.Equal(RunState.Halted, registry.GetState("live-2"));
        Assert.Equal(RunState.Active, registry.GetState("paper-1"));
        var run = registry.Get("live-1")!;
        Assert.Equal("Black swan: market_crash (high)", run.KillReason);
        Assert.Equal(1_000, run.EndedNs);
        Assert.Equal(Severity.High, run.KillLevel);
        Assert.Null(registry.Get("paper-1")!.KillReason);
    }

    [Fact]
    public void An_elevated_warning_puts_live_runs_in_reducing_and_calm_returns_them_to_active()
    {
        var registry = WithRuns(out _);

        registry.ApplyWarning(Severity.Elevated, EventType.LiquidityCrisis, "w1", 1_000);
        Assert.Equal(RunState.Reducing, registry.GetState("live-1"));
        Assert.Equal(RunState.Active, registry.GetState("paper-1"));

        registry.ApplyWarning(Severity.None, EventType.Unclassified, "w1-calm", 2_000);
        Assert.Equal(RunState.Active, registry.GetState("live-1"));
    }

    [Fact]
    public void The_policy_levels_are_configurable()
    {
        var registry = new TradingRunRegistry(new HaltPolicyOptions(ReduceAt: Severity.High, HaltAt: Severity.Extreme));
        registry.Register("live", "Live", RunMode.Live, 0);

        registry.ApplyWarning(Severity.Elevated, EventType.MarketCrash, "a", 1);
        Assert.Equal(RunState.Active, registry.GetState("live"));
        registry.ApplyWarning(Severity.Severe, EventType.MarketCrash, "a", 2);
        Assert.Equal(RunState.Reducing, registry.GetState("live"));
        registry.ApplyWarning(Severity.Extreme, EventType.MarketCrash, "a", 3);
        Assert.Equal(RunState.Halted, registry.GetState("live"));
    }

    [Fact]
    public void Invalid_options_are_reported_all_at_once()
    {
        var errors = new HaltPolicyOptions(ReduceAt: Severity.None, HaltAt: (Severity)42).Validate();
        Assert.Equal(2, errors.Count);
        Assert.Single(new HaltPolicyOptions(ReduceAt: Severity.Severe, HaltAt: Severity.High).Validate());
        Assert.Throws<ArgumentException>(() => new TradingRunRegistry(new HaltPolicyOptions(Severity.Severe, Severity.High)));
    }

    [Fact]
    public void Applying_the_same_warning_twice_makes_no_second_transition_or_audit_event()
    {
        var registry = WithRuns(out var raised);

        registry.ApplyWarning(Severity.High, EventType.MarketCrash, "w1", 1_000);
        var second = registry.ApplyWarning(Severity.High, EventType.MarketCrash, "w1", 1_001);
        var escalated = registry.ApplyWarning(Severity.Extreme, EventType.MarketCrash, "w1", 1_002);

        Assert.Equal(0, second);
        Assert.Equal(0, escalated);
        Assert.Equal(2, raised.Count);
        Assert.Equal(2, registry.AuditSince(0).Count);
        Assert.Equal(1_000, registry.Get("live-1")!.EndedNs);
    }

    [Fact]
    public void A_halt_latches_through_calm_until_an_admin_resumes_it()
    {
        var registry = WithRuns(out _);
        registry.ApplyWarning(Severity.Severe, EventType.Contagion, "w1", 1_000);

        registry.ApplyWarning(Severity.None, EventType.Unclassified, "w2", 2_000);
        registry.ApplyWarning(Severity.Elevated, EventType.Contagion, "w3", 2_500);
        Assert.Equal(RunState.Halted, registry.GetState("live-1"));

        var refused = registry.Resume("live-1", "trader", isAdmin: false, 3_000);
        Assert.False(refused.Succeeded);
        Assert.Contains("admin", refused.RefusalReason, StringComparison.Ordinal);
        Assert.Equal(RunState.Halted, registry.GetState("live-1"));

        var resumed = registry.Resume("live-1", "alice", isAdmin: true, 4_000);
        Assert.True(resumed.Succeeded);
        Assert.Equal(RunState.Active, registry.GetState("live-1"));
        Assert.Null(registry.Get("live-1")!.KillReason);
        Assert.Null(registry.Get("live-1")!.EndedNs);
        Assert.Equal(RunState.Halted, registry.GetState("live-2"));

        Assert.False(registry.Resume("live-1", "alice", isAdmin: true, 5_000).Succeeded);
        Assert.False(registry.Resume("nope", "alice", isAdmin: true, 5_000).Succeeded);
    }

    [Fact]
    public void A_new_halt_level_warning_halts_a_resumed_run_again_but_a_redelivered_one_does_not()
    {
        var registry = WithRuns(out _);
        registry.ApplyWarning(Severity.High, EventType.MarketCrash, "w1", 1_000);
        registry.Resume("live-1", "alice", isAdmin: true, 2_000);

        registry.ApplyWarning(Severity.High, EventType.MarketCrash, "w1", 3_000);
        Assert.Equal(RunState.Active, registry.GetState("live-1"));

        registry.ApplyWarning(Severity.High, EventType.FlashCrash, "w2", 4_000);
        Assert.Equal(RunState.Halted, registry.GetState("live-1"));
        Assert.Equal("Black swan: flash_crash (high)", registry.Get("live-1")!.KillReason);
    }

    [Fact]
    public void A_live_run_registered_during_a_halt_level_warning_is_halted_at_once()
    {
        var registry = WithRuns(out _);
        registry.ApplyWarning(Severity.High, EventType.CyberAttack, "w1", 1_000);

        var run = registry.Register("live-3", "Late", RunMode.Live, 2_000);
        registry.Register("paper-2", "Late paper", RunMode.Paper, 2_000);

        Assert.Equal(RunState.Halted, run.State);
        Assert.Equal("Black swan: cyber_attack (high)", run.KillReason);
        Assert.Equal(RunState.Active, registry.GetState("paper-2"));
        Assert.Throws<ArgumentException>(() => registry.Register("live-3", "Again", RunMode.Live, 3_000));
    }

    [Fact]
    public void The_kill_switch_halts_every_run_live_and_paper_once()
    {
        var registry = WithRuns(out _);
        registry.ApplyWarning(Severity.High, EventType.MarketCrash, "w1", 1_000);

        var killed = registry.KillAll("bob", "desk closed", 2_000);
        var again = registry.KillAll("bob", "desk closed", 2_001);

        Assert.Equal(1, killed);
        Assert.Equal(0, again);
        Assert.Equal(RunState.Halted, registry.GetState("paper-1"));
        Assert.Equal("Kill switch: desk closed", registry.Get("paper-1")!.KillReason);
        Assert.Null(registry.Get("paper-1")!.KillLevel);
        Assert.Equal("Black swan: market_crash (high)", registry.Get("live-1")!.KillReason);
    }

    [Fact]
    public void The_audit_trail_records_every_change_in_order_with_actor_reason_and_warning()
    {
        var registry = WithRuns(out var raised);
        registry.ApplyWarning(Severity.Elevated, EventType.MarketCrash, "w1", 1_000);
        registry.ApplyWarning(Severity.High, EventType.MarketCrash, "w2", 2_000);
        registry.Resume("live-1", "alice", isAdmin: true, 3_000);
        registry.KillAll("bob", "test", 4_000);

        var all = registry.AuditSince(0);
        Assert.Equal(raised, all);
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(e => e.Sequence));
        Assert.Equal(new AuditEvent(1, 1_000, "live-1", RunState.Active, RunState.Reducing, "Reduce only: market_crash (elevated)", "policy", "w1"), all[0]);
        Assert.Equal(new AuditEvent(3, 2_000, "live-1", RunState.Reducing, RunState.Halted, "Black swan: market_crash (high)", "policy", "w2"), all[2]);
        Assert.Equal(new AuditEvent(5, 3_000, "live-1", RunState.Halted, RunState.Active, "Resumed by alice", "alice", null), all[4]);
        Assert.Equal(["live-1", "paper-1"], all.Skip(5).Select(e => e.RunId).Order(StringComparer.Ordinal));
        Assert.All(all.Skip(5), e => Assert.Equal("bob", e.Actor));

        var later = registry.AuditSince(4);
        Assert.Equal([5L, 6L, 7L], later.Select(e => e.Sequence));
        Assert.Empty(registry.AuditSince(7));
    }

    [Fact]
    public void Export_and_restore_through_json_keeps_halts_the_warning_and_the_audit_numbering()
    {
        var options = new HaltPolicyOptions();
        var registry = WithRuns(out _);
        registry.ApplyWarning(Severity.High, EventType.MarketCrash, "w1", 1_000);
        registry.ApplyWarning(Severity.None, EventType.Unclassified, "w2", 2_000);

        var json = JsonSerializer.Serialize(registry.Export());
        var state = JsonSerializer.Deserialize<TradingRegistryState>(json)!;
        var restored = TradingRunRegistry.Restore(state, options);

        Assert.Equal(RunState.Halted, restored.GetState("live-1"));
        Assert.Equal(registry.Get("live-2"), restored.Get("live-2"));
        Assert.Equal(RunState.Active, restored.GetState("paper-1"));
        Assert.Equal(0, restored.ApplyWarning(Severity.None, EventType.Unclassified, "w2", 3_000));
        Assert.True(restored.Resume("live-1", "alice", isAdmin: true, 4_000).Succeeded);
        Assert.Equal(registry.LastSequence + 1, restored.AuditSince(0).Single().Sequence);
    }

    [Fact]
    public void GetState_allocates_nothing()
    {
        var registry = WithRuns(out _);
        registry.ApplyWarning(Severity.High, EventType.MarketCrash, "w1", 1_000);
        var sink = 0;

        var bytes = Allocations.Fewest(_ =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                sink += (int)registry.GetState("live-1") + (int)registry.GetState("paper-1");
                sink += registry.TryGetState("missing", out var s) ? (int)s : 1;
            }
        });

        Assert.Equal(0, bytes);
        Assert.True(sink > 0);
    }

    [Fact]
    public void Concurrent_readers_only_ever_see_allowed_transitions_while_the_policy_and_admins_change_states()
    {
        var registry = WithRuns(out _);
        using var stop = new CancellationTokenSource();
        var violations = 0;
        var observed = 0L;
        var started = 0;

        // Dedicated threads, not the pool, so the readers really run alongside the writer on a small machine.
        var readers = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            Interlocked.Increment(ref started);
            var last = new RunState[] { RunState.Active, RunState.Active, RunState.Active };
            string[] ids = ["live-1", "live-2", "paper-1"];
            while (!stop.IsCancellationRequested)
            {
                for (var i = 0; i < ids.Length; i++)
                {
                    var now = registry.GetState(ids[i]);

                    // Polling can skip states, so check what holds across any gap: live-2 is never resumed, so once
                    // seen halted it stays halted; the paper run never moves. The audit log below checks every step.
                    var bad = (i == 1 && last[i] == RunState.Halted && now != RunState.Halted) || (i == 2 && now != RunState.Active);
                    if (bad)
                    {
                        Interlocked.Increment(ref violations);
                    }

                    last[i] = now;
                    Interlocked.Increment(ref observed);
                }
            }
        }) { IsBackground = true }).ToArray();
        foreach (var reader in readers)
        {
            reader.Start();
        }

        while (Volatile.Read(ref started) < readers.Length)
        {
            Thread.Yield();
        }

        Severity[] cycle = [Severity.None, Severity.Elevated, Severity.High, Severity.Elevated, Severity.None, Severity.Severe];
        for (var k = 0; k < 20_000; k++)
        {
            registry.ApplyWarning(cycle[k % cycle.Length], EventType.MarketCrash, $"w{k}", k);
            if (k % 7 == 0)
            {
                registry.Resume("live-1", "alice", isAdmin: true, k);
            }
        }

        stop.Cancel();
        foreach (var reader in readers)
        {
            reader.Join();
        }

        Assert.Equal(0, violations);
        Assert.True(Interlocked.Read(ref observed) > 0);
        var audit = registry.AuditSince(0);
        Assert.Equal(Enumerable.Range(1, audit.Count).Select(i => (long)i), audit.Select(e => e.Sequence));
        foreach (var group in audit.GroupBy(e => e.RunId))
        {
            var previous = RunState.Active;
            foreach (var e in group)
            {
                Assert.Equal(previous, e.From);
                Assert.NotEqual(e.From, e.To);
                Assert.False(e.From == RunState.Halted && (e.To != RunState.Active || e.Actor == TradingRunRegistry.PolicyActor));
                previous = e.To;
            }
        }
    }
}
