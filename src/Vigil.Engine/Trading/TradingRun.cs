using Vigil.Engine.Warnings;

namespace Vigil.Engine.Trading;

/// <summary>Whether a run trades real money (and so obeys the halt policy) or only simulates.</summary>
public enum RunMode
{
    /// <summary>Trades real money; halted or reduced by black-swan warnings.</summary>
    Live = 0,

    /// <summary>Simulated trading; never changed by the halt policy, only by the manual kill switch.</summary>
    Paper = 1,
}

/// <summary>What a run may do at the order gateway.</summary>
public enum RunState
{
    /// <summary>Trades normally.</summary>
    Active = 0,

    /// <summary>May only reduce its exposure (an elevated warning is active).</summary>
    Reducing = 1,

    /// <summary>May not trade; latched until an admin resumes it.</summary>
    Halted = 2,
}

/// <summary>An immutable snapshot of one trading run.</summary>
/// <param name="Id">The run's unique id.</param>
/// <param name="Name">A human-readable name.</param>
/// <param name="Mode">Live or paper.</param>
/// <param name="State">What the run may do now.</param>
/// <param name="CreatedNs">When the run was registered, in Unix nanoseconds.</param>
/// <param name="EndedNs">When the run was halted, in Unix nanoseconds; null while it is not halted.</param>
/// <param name="KillReason">Why it was halted; null while it is not halted.</param>
/// <param name="KillLevel">The warning severity that halted it; null while not halted or when halted by hand.</param>
public sealed record TradingRun(
    string Id,
    string Name,
    RunMode Mode,
    RunState State,
    long CreatedNs,
    long? EndedNs = null,
    string? KillReason = null,
    Severity? KillLevel = null);

/// <summary>One state change of one run, in the order the registry made them.</summary>
/// <param name="Sequence">1-based, gap-free position in the audit log.</param>
/// <param name="TimestampNs">When the change was made, in Unix nanoseconds.</param>
/// <param name="RunId">The run that changed.</param>
/// <param name="From">Its state before.</param>
/// <param name="To">Its state after.</param>
/// <param name="Reason">Why, for example <c>Black swan: market_crash (high)</c>.</param>
/// <param name="Actor">Who made it: a user, or <see cref="TradingRunRegistry.PolicyActor"/>.</param>
/// <param name="WarningId">The warning that caused it, if any.</param>
public sealed record AuditEvent(
    long Sequence,
    long TimestampNs,
    string RunId,
    RunState From,
    RunState To,
    string Reason,
    string Actor,
    string? WarningId);

/// <summary>The outcome of a command that may be refused.</summary>
/// <param name="Succeeded">Whether the command took effect.</param>
/// <param name="RefusalReason">Why it was refused; null when it succeeded.</param>
public readonly record struct CommandResult(bool Succeeded, string? RefusalReason)
{
    /// <summary>A command that took effect.</summary>
    public static CommandResult Ok => new(true, null);

    /// <summary>A refused command.</summary>
    /// <param name="reason">Why.</param>
    /// <returns>The refusal.</returns>
    public static CommandResult Refused(string reason) => new(false, reason);
}

/// <summary>
/// Everything a <see cref="TradingRunRegistry"/> needs to carry on after a restart; plain records so any serialiser
/// (System.Text.Json included) round-trips it.
/// </summary>
/// <param name="Runs">Every run as it was.</param>
/// <param name="LastAuditSequence">The last audit sequence number handed out, so numbering continues.</param>
/// <param name="WarningSeverity">The severity of the last warning applied.</param>
/// <param name="WarningEventType">Its event type.</param>
/// <param name="WarningId">Its id; null if none was applied.</param>
public sealed record TradingRegistryState(
    IReadOnlyList<TradingRun> Runs,
    long LastAuditSequence,
    Severity WarningSeverity,
    EventType WarningEventType,
    string? WarningId);
