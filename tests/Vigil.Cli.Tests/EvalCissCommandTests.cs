using System.Globalization;
using System.Text;
using Vigil.Cli.Tests.Support;

namespace Vigil.Cli.Tests;

public sealed class EvalCissCommandTests : IDisposable
{
    private const int Days = 600;
    private const int StressFrom = 450;
    private const int StressTo = 500;

    private readonly TempDirectory _directory = new();

    public EvalCissCommandTests() => WriteMarkets();

    public void Dispose() => _directory.Dispose();

    /// <summary>
    /// A tiny markets folder in the real one's layout: the S&amp;P 500 (the calendar), the VIX, XLF and the 10-year
    /// yield, calm but for a sell-off between days 450 and 500; a daily published index that is 1 in the sell-off and 0
    /// otherwise, a weekly one on Fridays likewise. The money market and FX inputs are absent.
    /// </summary>
    private void WriteMarkets()
    {
        var random = new Random(42);
        var spx = new StringBuilder("Date,Open,High,Low,Close,Adj Close,Volume\n");
        var vix = new StringBuilder("DATE,OPEN,HIGH,LOW,CLOSE\n");
        var xlf = new StringBuilder("Date,Close\n");
        var dgs10 = new StringBuilder("DATE,DGS10\n");
        var ofr = new StringBuilder("Date,OFR FSI,Credit\n");
        var stl = new StringBuilder("observation_date,STLFSI4\n");
        double price = 1000, bank = 20, yield = 5;
        var date = new DateOnly(2000, 1, 3);
        for (var t = 0; t < Days; t++)
        {
            while (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                date = date.AddDays(1);
            }

            var stressed = t is >= StressFrom and < StressTo;
            var scale = stressed ? 4.0 : 1.0;
            price *= Math.Exp((stressed ? -0.01 : 0.0003) + (scale * 0.01 * Gaussian(random)));
            bank *= Math.Exp((stressed ? -0.015 : 0.0003) + (scale * 0.015 * Gaussian(random)));
            yield += scale * 0.05 * Gaussian(random);
            var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var p = price.ToString("R", CultureInfo.InvariantCulture);
            spx.Append(CultureInfo.InvariantCulture, $"{day},{p},{p},{p},{p},{p},0\n");
            vix.Append(CultureInfo.InvariantCulture, $"{day},0,0,0,{(stressed ? 40 : 15) + (2 * random.NextDouble()):R}\n");
            xlf.Append(CultureInfo.InvariantCulture, $"{day},{bank:R}\n");
            dgs10.Append(t % 50 == 7 ? $"{day},.\n" : string.Create(CultureInfo.InvariantCulture, $"{day},{yield:R}\n"));
            ofr.Append(CultureInfo.InvariantCulture, $"{day},{(stressed ? 1 : 0)},0\n");
            if (date.DayOfWeek == DayOfWeek.Friday)
            {
                stl.Append(CultureInfo.InvariantCulture, $"{day},{(stressed ? 1 : 0)}\n");
            }

            date = date.AddDays(1);
        }

        // A malformed row the loader must reject and count.
        xlf.Append("2099-13-01,1\n");
        _directory.Write("sp500-daily_fja05680-stock_market_calendar/^GSPC.csv", spx.ToString());
        _directory.Write("vix-daily_datasets-finance-vix/vix-daily.csv", vix.ToString());
        _directory.Write("bank-stocks-etfs-daily_dsturdy/XLF.csv", xlf.ToString());
        _directory.Write("fred-treasury-curve-daily_economics-databases/DGS10.csv", dgs10.ToString());
        _directory.Write("financial-stress-indices/OFR_FSI_daily.csv", ofr.ToString());
        _directory.Write("financial-stress-indices/STLFSI4_weekly.csv", stl.ToString());
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Fact]
    public async Task The_index_runs_over_the_folder_and_tracks_a_published_index_of_the_same_stress()
    {
        var eval = (await VigilCommand.RunAsync("eval", "ciss", "--data", _directory.Path, "--json")).AssertOk().SingleJson();

        Assert.Equal(Days, eval.Long("days"));
        Assert.Equal("2000-01-03", eval.Str("from"));
        // An indicator counts after 250 observations; the yield's first change comes on the second day.
        Assert.False(eval.IsNull("ready_from"));
        var inputs = eval.Items("inputs").ToDictionary(i => i.Str("symbol"));
        Assert.True(inputs["SPX"].GetProperty("found").GetBoolean());
        Assert.Equal(Days, inputs["SPX"].Long("days"));
        Assert.Equal(Days - 12, inputs["UST10Y"].Long("days"));
        Assert.Equal(1, inputs["XLF"].Long("malformed_rows"));
        Assert.False(inputs["USDJPY"].GetProperty("found").GetBoolean());
        Assert.False(inputs["TB3M"].GetProperty("found").GetBoolean());

        var comparisons = eval.Items("comparisons").ToDictionary(c => c.Str("index"));
        var ofr = comparisons["OFR FSI"];
        Assert.True(ofr.GetProperty("found").GetBoolean());
        Assert.True(ofr.Long("dates") > 300, $"{ofr.Long("dates")} common dates");
        Assert.True(ofr.Num("pearson") > 0.5, $"Pearson {ofr.Num("pearson")}");
        Assert.True(ofr.Num("spearman") > 0.3, $"Spearman {ofr.Num("spearman")}");
        var weekly = comparisons["St. Louis Fed FSI (STLFSI4)"];
        Assert.True(weekly.GetProperty("weekly").GetBoolean());
        Assert.True(weekly.Num("pearson") > 0.5, $"weekly Pearson {weekly.Num("pearson")}");
        Assert.False(comparisons["ECB CISS (euro area)"].GetProperty("found").GetBoolean());
    }

    [Fact]
    public async Task The_table_names_each_published_index_and_episode()
    {
        var result = (await VigilCommand.RunAsync("eval", "ciss", "--data", _directory.Path)).AssertOk();
        Assert.Contains("OFR FSI", result.Out, StringComparison.Ordinal);
        Assert.Contains("Russian default and LTCM", result.Out, StringComparison.Ordinal);
        Assert.Contains("missing", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_without_the_calendar_file_fails_with_a_message()
    {
        using var empty = new TempDirectory();
        var result = await VigilCommand.RunAsync("eval", "ciss", "--data", empty.Path);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("calendar file", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_date_option_is_a_usage_error()
    {
        var result = await VigilCommand.RunAsync("eval", "ciss", "--data", _directory.Path, "--from", "1 May");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--from", result.Error, StringComparison.Ordinal);
    }
}
