using Vigil.Core.Instruments;
using Vigil.Detection.Risk.Options;
using Vigil.Engine.Risk;
using Vigil.Engine.Simulation;

namespace Vigil.Engine.Tests.Risk;

public class OptionsScenarioRunnerTests
{
    private static readonly IReadOnlyList<Instrument> Universe = DefaultUniverse.CreateRegistry().All;

    [Fact]
    public void Runs_the_demo_book_under_all_presets_or_the_ones_asked_for()
    {
        var all = OptionsScenarioRunner.Run(new OptionsScenariosRequest(), Universe);
        var one = OptionsScenarioRunner.Run(new OptionsScenariosRequest(ScenarioIds: ["SVB2023"]), Universe);

        Assert.Equal(4, all.Scenarios.Count);
        Assert.Equal(new OptionsBook().Value, all.Book.Value);
        Assert.Equal("svb2023", Assert.Single(one.Scenarios).ScenarioId);
        Assert.Equal(all.Scenarios[3].FullPnl, one.Scenarios[0].FullPnl);
    }

    [Fact]
    public void Rejects_unknown_presets_naming_them()
    {
        var error = Assert.Throws<ArgumentException>(() => OptionsScenarioRunner.Run(new OptionsScenariosRequest(ScenarioIds: ["gfc"]), Universe));

        Assert.Contains("'gfc'", error.Message, StringComparison.Ordinal);
    }
}
