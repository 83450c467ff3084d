using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Server.Live;

namespace Vigil.Server.Tests.Metrics;

/// <summary>Reading samples out of exposition text, and waiting for the engine.</summary>
internal static partial class MetricsTestSupport
{
    /// <summary>Every sample of <paramref name="name"/> (exactly that name) with its label text and value.</summary>
    public static List<(string Labels, double Value)> Samples(string text, string name)
    {
        var samples = new List<(string, double)>();
        foreach (Match m in SampleLine().Matches(text))
        {
            if (m.Groups["name"].Value == name)
            {
                samples.Add((m.Groups["labels"].Value, double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)));
            }
        }

        return samples;
    }

    /// <summary>The value of the one sample of <paramref name="name"/> without labels, or null.</summary>
    public static double? Value(string text, string name) =>
        Samples(text, name).Where(s => s.Labels.Length == 0).Select(s => (double?)s.Value).FirstOrDefault();

    /// <summary>Waits until the engine has closed <paramref name="steps"/> market steps.</summary>
    public static async Task WaitForStepsAsync(IServiceProvider services, long steps, TimeSpan? timeout = null)
    {
        var live = services.GetRequiredService<LiveMarket>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (live.Steps < steps)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the engine closed only {live.Steps} of {steps} steps in time");
            await Task.Delay(20);
        }
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^\n]*)\})? (?<value>\S+)$", RegexOptions.Multiline)]
    private static partial Regex SampleLine();
}
