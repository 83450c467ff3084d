namespace Vigil.Engine.Replay;

/// <summary>One rejected row, cell or header column of a replay file.</summary>
/// <param name="FilePath">The file, as it was named when opened.</param>
/// <param name="LineNumber">The 1-based line number, counting the header and any lines above it.</param>
/// <param name="Reason">Why it was rejected.</param>
/// <param name="Column">The header name of the offending column, or null when the whole row is at fault.</param>
/// <param name="Text">The offending text (the field, or the line for a wrong field count), at most 200 characters.</param>
public sealed record ReplayRejection(string FilePath, long LineNumber, RejectReason Reason, string? Column, string Text)
{
    /// <summary>The rejection as <c>file:line: reason</c> followed by the column and the offending text.</summary>
    public override string ToString() =>
        Column is null
            ? $"{FilePath}:{LineNumber}: {Reason} '{Text}'"
            : $"{FilePath}:{LineNumber}: {Reason} in column '{Column}': '{Text}'";
}
