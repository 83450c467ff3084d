using Vigil.Core.Validation;
using Vigil.Engine.Warnings;

namespace Vigil.Engine.Trading;

/// <summary>The warning levels at which live runs are reduced and halted.</summary>
/// <param name="ReduceAt">The lowest severity that puts live runs in <see cref="RunState.Reducing"/>.</param>
/// <param name="HaltAt">The lowest severity that halts live runs.</param>
public sealed record HaltPolicyOptions(Severity ReduceAt = Severity.Elevated, Severity HaltAt = Severity.High)
{
    /// <summary>Every problem with these options at once; empty when they are valid.</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new OptionErrors();
        errors.Require(Enum.IsDefined(ReduceAt) && ReduceAt > Severity.None, $"ReduceAt must be a severity above None (got {ReduceAt})");
        errors.Require(Enum.IsDefined(HaltAt) && HaltAt > Severity.None, $"HaltAt must be a severity above None (got {HaltAt})");
        errors.Require(ReduceAt <= HaltAt, $"ReduceAt must not exceed HaltAt (got {ReduceAt} > {HaltAt})");
        return errors.Errors;
    }
}
