using System.Globalization;
using System.Text;
using Vigil.Cli.Tests.Support;

namespace Vigil.Cli.Tests;

public sealed class ReplayIndicatorTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    /// <summary>Two instruments and a sentiment series of negative scores, one row each per second.</summary>
    private string WriteFile()
    {
        var text = new StringBuilder("ts_ms,symbol,price,volume\n");
        for (var i = 0; i < 120; i++)
        {
            var ms = 1_700_000_000_000L + (i * 1000L);
            text.Append(CultureInfo.InvariantCulture, $"{ms},AAA,{100 + Math.Sin(i * 1.3):F4},10\n");
            text.Append(CultureInfo.InvariantCulture, $"{ms},SENT,{-0.2 + (0.1 * Math.Sin(i * 1.7)):F4},0\n");
            text.Append(CultureInfo.InvariantCulture, $"{ms},BBB,{50 + Math.Cos(i * 0.9):F4},10\n");
        }

        return _directory.Write("with-sentiment.csv", text.ToString());
    }

    [Fact]
    public async Task Indicator_rows_become_a_series_instead_of_a_rejected_price()
    {
        var path = WriteFile();

        var plain = (await VigilCommand.RunAsync("replay", path, "--json")).AssertOk().JsonLines()[^1];
        var routed = (await VigilCommand.RunAsync("replay", path, "--indicator", "SENT=news_sentiment", "--json")).AssertOk().JsonLines()[^1];

        // Read as a price, every negative sentiment score is refused; as an indicator, every row counts.
        Assert.Equal(120, plain.Long("rejected"));
        Assert.Equal(0, routed.Long("rejected"));
        Assert.Equal(0, routed.Long("engine_rejected"));
        Assert.Equal(360, routed.Long("ticks"));
    }

    [Fact]
    public async Task An_unknown_category_or_a_symbol_not_in_the_file_is_a_one_line_error()
    {
        var path = WriteFile();

        var badCategory = await VigilCommand.RunAsync("replay", path, "--indicator", "SENT=vibes");
        Assert.Equal(2, badCategory.ExitCode);
        Assert.Contains("'vibes' is not a category", badCategory.Error, StringComparison.Ordinal);
        Assert.Contains("news_sentiment", badCategory.Error, StringComparison.Ordinal);

        var missing = await VigilCommand.RunAsync("replay", path, "--indicator", "NOPE=energy");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("'NOPE' has no rows", missing.Error, StringComparison.Ordinal);
    }
}
