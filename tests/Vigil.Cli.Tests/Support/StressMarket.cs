namespace Vigil.Cli.Tests.Support;

/// <summary>
/// A long tick file of the simulator's default market (seed 42, 4 Hz, 18 instruments): five minutes with the flash
/// crash switched on after two and a half calm ones. Written once per test class that uses it.
/// </summary>
public sealed class StressMarket : IDisposable
{
    public const string Preset = "flashcrash2010";
    public const double Minutes = 5;
    public const double CalmMinutes = 2.5;

    private readonly TempDirectory _directory = new();

    public StressMarket()
    {
        File = MarketFiles.WriteLong(_directory.File("stress.csv"), Minutes, Preset, CalmMinutes);
    }

    internal LongFile File { get; }

    /// <summary>The arguments of <c>vigil simulate</c> that produce the same ticks.</summary>
    internal static string[] SimulateArgs =>
        ["simulate", "--preset", Preset, "--minutes", "5", "--calm-minutes", "2.5", "--seed", "42"];

    public void Dispose() => _directory.Dispose();
}
