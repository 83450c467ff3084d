namespace Vigil.Core.Validation;

/// <summary>
/// Collects every problem with a set of options so they are reported at once rather than one per attempt.
/// </summary>
public sealed class OptionErrors
{
    private readonly List<string> _errors = [];

    /// <summary>The problems found so far.</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>Records <paramref name="message"/> unless <paramref name="condition"/> holds.</summary>
    /// <param name="condition">What must be true.</param>
    /// <param name="message">What is wrong when it is not, naming the option and the value.</param>
    public void Require(bool condition, string message)
    {
        if (!condition)
        {
            _errors.Add(message);
        }
    }

    /// <summary>Records every problem of a nested set of options, prefixed with <paramref name="prefix"/>.</summary>
    /// <param name="prefix">The nested options' name, for example <c>Calibration</c>.</param>
    /// <param name="nested">The nested problems.</param>
    public void AddNested(string prefix, IEnumerable<string> nested)
    {
        ArgumentNullException.ThrowIfNull(nested);
        foreach (var error in nested)
        {
            _errors.Add($"{prefix}.{error}");
        }
    }

    /// <summary>Throws one <see cref="ArgumentException"/> listing every problem, if there are any.</summary>
    /// <param name="optionsName">The name of the options being checked.</param>
    public void ThrowIfAny(string optionsName)
    {
        if (_errors.Count > 0)
        {
            throw new ArgumentException($"Invalid {optionsName}: {string.Join("; ", _errors)}.");
        }
    }
}
