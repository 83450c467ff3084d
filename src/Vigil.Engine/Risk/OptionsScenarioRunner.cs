using Vigil.Core.Instruments;
using Vigil.Detection.Risk.Options;
using Vigil.Engine.Simulation;

namespace Vigil.Engine.Risk;

/// <summary>Answers an <see cref="OptionsScenariosRequest"/>: values the book and reprices it under the requested crisis presets.</summary>
public static class OptionsScenarioRunner
{
    /// <summary>Values the request's book (the demo book when none) and reprices it under each requested preset (all when none).</summary>
    /// <param name="request">The book and preset ids.</param>
    /// <param name="instruments">The universe the presets are mapped on.</param>
    /// <param name="options">Durations and the rate symbol of the mapping; defaults when null.</param>
    /// <exception cref="ArgumentException">The request is invalid; the message lists every problem.</exception>
    public static OptionsScenariosResponse Run(
        OptionsScenariosRequest request, IReadOnlyList<Instrument> instruments, CrisisOptionShockOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(instruments);
        var problems = request.Validate(CrisisPresets.Ids);
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid {nameof(OptionsScenariosRequest)}: {string.Join("; ", problems)}.", nameof(request));
        }

        var book = new OptionsBook(request.Book);
        var scenarios = new List<OptionsScenario>();
        if (request.ScenarioIds is { Count: > 0 } ids)
        {
            foreach (var id in ids)
            {
                scenarios.Add(CrisisOptionShocks.FromPreset(CrisisPresets.Get(id), instruments, options));
            }
        }
        else
        {
            scenarios.AddRange(CrisisOptionShocks.AllPresets(instruments, options));
        }

        return new OptionsScenariosResponse(book.Valuate(), book.RepriceAll(scenarios));
    }
}
