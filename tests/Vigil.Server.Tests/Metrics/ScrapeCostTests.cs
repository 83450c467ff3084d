using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Server.Metrics.Prometheus;
using Vigil.Server.Tests.Support;
using Xunit.Abstractions;
using static Vigil.Server.Tests.Metrics.MetricsTestSupport;

namespace Vigil.Server.Tests.Metrics;

public sealed class ScrapeCostTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_scrape_of_the_running_service_allocates_a_small_multiple_of_its_text()
    {
        await using var factory = new VigilAppFactory();
        using var client = factory.CreateClient();
        await WaitForStepsAsync(factory.Services, 5);
        (await client.GetAsync("/health")).EnsureSuccessStatusCode();
        var exporter = factory.Services.GetRequiredService<PrometheusExporter>();
        var text = exporter.Collect();

        const int scrapes = 200;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < scrapes; i++)
        {
            text = exporter.Collect();
        }

        watch.Stop();
        var perScrape = (GC.GetAllocatedBytesForCurrentThread() - before) / scrapes;
        output.WriteLine($"{text.Length} chars, {text.Split('\n').Length - 1} lines; {watch.Elapsed.TotalMilliseconds / scrapes:0.000} ms and {perScrape} bytes allocated per scrape");

        // The text itself is 2 bytes a char, built once in a StringBuilder (another 2-4): past 12 bytes a char the
        // exporter is copying or boxing per series, which would grow with every label value.
        Assert.True(perScrape < text.Length * 12L, $"{perScrape} bytes for {text.Length} chars");
    }
}
