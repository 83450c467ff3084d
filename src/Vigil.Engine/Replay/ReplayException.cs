namespace Vigil.Engine.Replay;

/// <summary>
/// A replay file cannot be read: its format cannot be determined, its header does not fit the format, or (in strict
/// mode) a row is rejected. The message starts with <c>file:line:</c> when a line is at fault.
/// </summary>
public sealed class ReplayException : Exception
{
    /// <summary>Creates an exception for a file-level problem.</summary>
    /// <param name="message">The message, naming the file.</param>
    public ReplayException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception for a file-level problem with its cause.</summary>
    /// <param name="message">The message, naming the file.</param>
    /// <param name="innerException">The cause.</param>
    public ReplayException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a rejection in strict mode.</summary>
    /// <param name="rejection">The first rejection.</param>
    public ReplayException(ReplayRejection rejection)
        : base(rejection?.ToString())
    {
        ArgumentNullException.ThrowIfNull(rejection);
        Rejection = rejection;
    }

    /// <summary>The rejection that stopped a strict run, or null for a file-level problem.</summary>
    public ReplayRejection? Rejection { get; }
}
