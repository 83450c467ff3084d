using System.Globalization;
using System.Text;
using System.Text.Json;
using Vigil.Cli.Tests.Support;

namespace Vigil.Cli.Tests;

public sealed class EvalMertonCommandTests : IDisposable
{
    private const int Days = 180;
    private readonly TempDirectory _directory = new();

    public EvalMertonCommandTests() => WritePanel();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Every_firm_gets_monthly_dd_pd_and_srisk_from_its_own_balance_sheet()
    {
        var eval = (await VigilCommand.RunAsync("eval", "merton", "--data", _directory.Path, "--window", "40", "--json")).AssertOk().SingleJson();

        Assert.Equal(40, eval.Long("window_days"));
        Assert.Equal(Days, eval.Long("days"));
        var firms = eval.Items("firms").ToDictionary(f => f.Str("firm"));
        Assert.Equal(["BNK", "SAFE", "GONE"], eval.Items("firms").Select(f => f.Str("firm")));
        var bank = firms["BNK"].Items("points").ToList();
        var safe = firms["SAFE"].Items("points").ToList();
        Assert.Equal(MonthEndsAfter(40), bank.Count);
        foreach (var point in bank)
        {
            // Liabilities 1000 − 80; default point 920 × (0.6 + 0.5 × 0.4).
            Assert.Equal(920, point.Num("liabilities"), 9);
            Assert.Equal(736, point.Num("default_point"), 9);
            Assert.Equal(0.02, point.Num("risk_free_rate"), 12);
            Assert.True(point.GetProperty("kmv_converged").GetBoolean());
            var lrmes = 1 - Math.Exp(Math.Log(0.6) * point.Num("beta"));
            Assert.Equal(lrmes, point.Num("lrmes"), 12);
            Assert.Equal(Math.Max(0, (0.08 * 920) - (0.92 * point.Num("equity_value") * (1 - lrmes))), point.Num("srisk"), 9);
            Assert.Equal(0.5 * (1 + Erf(-point.Num("distance_to_default") / Math.Sqrt(2))), point.Num("probability_of_default"), 2e-7);
        }

        // BNK moves 1.5 times the market with little noise of its own; SAFE is barely levered.
        Assert.All(bank, p => Assert.Equal(1.5, p.Num("beta"), 0.1));
        Assert.All(bank, p => Assert.True(p.Num("srisk") > 0));
        Assert.All(safe, p => Assert.Equal(0, p.Num("srisk")));
        Assert.True(bank.Average(p => p.Num("distance_to_default")) < safe.Average(p => p.Num("distance_to_default")));
        var everyPoint = firms.Values.SelectMany(f => f.Items("points"));
        Assert.Equal(everyPoint.Sum(p => p.Num("srisk")), eval.Items("aggregate").Sum(a => a.Num("aggregate_srisk")), 6);
    }

    [Fact]
    public async Task Malformed_rows_are_rejected_with_counted_reasons_and_the_rest_kept()
    {
        var eval = (await VigilCommand.RunAsync("eval", "merton", "--data", _directory.Path, "--window", "40", "--json")).AssertOk().SingleJson();

        var rejected = eval.GetProperty("rejected");
        Assert.Equal(1, rejected.GetProperty("Capitalizations.csv: non-numeric value").GetInt32());
        Assert.Equal(1, rejected.GetProperty("Capitalizations.csv: wrong number of columns").GetInt32());
        Assert.Equal(1, rejected.GetProperty("Capitalizations.csv: unparseable date").GetInt32());
        Assert.Equal(1, rejected.GetProperty("Assets.csv: unparseable date").GetInt32());
        Assert.Equal(4, eval.Long("rejected_rows"));
    }

    [Fact]
    public async Task A_defaulted_firm_with_zero_prices_is_skipped_for_the_months_it_is_gone()
    {
        var eval = (await VigilCommand.RunAsync("eval", "merton", "--data", _directory.Path, "--window", "40", "--json")).AssertOk().SingleJson();

        var gone = eval.Items("firms").Single(f => f.Str("firm") == "GONE");
        Assert.True(gone.Long("skipped_months") > 0);
        Assert.Equal(MonthEndsAfter(40), gone.Items("points").Count() + gone.Long("skipped_months"));
        Assert.True(eval.Long("missing_values") > 0);
    }

    [Fact]
    public async Task The_table_shows_year_ends_and_extremes_and_the_rejections()
    {
        var result = (await VigilCommand.RunAsync("eval", "merton", "--data", _directory.Path, "--window", "40", "--firms", "BNK,SAFE")).AssertOk();

        Assert.Contains("BNK", result.Out, StringComparison.Ordinal);
        Assert.Contains("lowest DD", result.Out, StringComparison.Ordinal);
        Assert.Contains("Aggregate SRISK", result.Out, StringComparison.Ordinal);
        Assert.Contains("rejected 1 row(s): Capitalizations.csv: non-numeric value", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("GONE", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_firms_and_bad_options_are_usage_errors()
    {
        var unknown = await VigilCommand.RunAsync("eval", "merton", "--data", _directory.Path, "--firms", "XYZ");
        var window = await VigilCommand.RunAsync("eval", "merton", "--data", _directory.Path, "--window", "5");
        var missing = await VigilCommand.RunAsync("eval", "merton", "--data", _directory.File("nowhere"));

        Assert.Equal(Vigil.Cli.VigilCli.Usage, unknown.ExitCode);
        Assert.Contains("XYZ", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(Vigil.Cli.VigilCli.Usage, window.ExitCode);
        Assert.Contains("WindowDays", window.Error, StringComparison.Ordinal);
        Assert.NotEqual(Vigil.Cli.VigilCli.Ok, missing.ExitCode);
    }

    [Fact]
    public async Task Help_lists_the_options()
    {
        var result = (await VigilCommand.RunAsync("eval", "merton", "--help")).AssertOk();

        foreach (var option in new[] { "--data", "--firms", "--window", "--short-term-share", "--json" })
        {
            Assert.Contains(option, result.Out, StringComparison.Ordinal);
        }
    }

    private static List<DateOnly> TradingDays()
    {
        var days = new List<DateOnly>();
        for (var d = new DateOnly(2003, 1, 1); days.Count < Days; d = d.AddDays(1))
        {
            if (d.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday)
            {
                days.Add(d);
            }
        }

        return days;
    }

    private static int MonthEndsAfter(int window)
    {
        var days = TradingDays();
        var count = 0;
        for (var t = window; t < days.Count; t++)
        {
            if (t == days.Count - 1 || days[t + 1].Month != days[t].Month)
            {
                count++;
            }
        }

        return count;
    }

    private void WritePanel()
    {
        var days = TradingDays();
        var random = new Random(42);
        double market = 1000, bank = 20, safe = 50, gone = 10;
        var caps = new StringBuilder("Date,BNK,SAFE,GONE\n");
        var shares = new StringBuilder("Date,SP500,BNK,SAFE,GONE\n");
        var cds = new StringBuilder("Date,RF,BNK,SAFE,GONE\n");
        for (var t = 0; t < days.Count; t++)
        {
            if (t > 0)
            {
                var m = 0.012 * Gaussian(random);
                market *= Math.Exp(m);
                bank *= Math.Exp((1.5 * m) + (0.003 * Gaussian(random)));
                safe *= Math.Exp((0.5 * m) + (0.01 * Gaussian(random)));
                gone *= Math.Exp((1.0 * m) + (0.01 * Gaussian(random)));
            }

            // GONE defaults two thirds of the way through: its price and cap are 0 from then on.
            var goneNow = t < 120 ? gone : 0;
            var day = days[t].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            caps.Append(CultureInfo.InvariantCulture, $"{day},{bank * 4},{safe * 2},{goneNow * 3}\n");
            shares.Append(CultureInfo.InvariantCulture, $"{day},{market},{bank},{safe},{goneNow}\n");
            cds.Append(CultureInfo.InvariantCulture, $"{day},0.02,100,50,200\n");
        }

        caps.Append("2003-12-01,1,x,3\n");
        caps.Append("2003-12-02,1,2\n");
        caps.Append("12/03/2003,1,2,3\n");
        _directory.Write("Capitalizations.csv", caps.ToString());
        _directory.Write("Shares.csv", shares.ToString());
        _directory.Write("CDS.csv", cds.ToString());
        _directory.Write("Assets.csv", "Date,BNK,SAFE,GONE\nQ4 2002,1000,200,300\nQ1 2003,1000,200,300\nQ2 2003,1000,200,300\nQ3 2003,1000,200,300\nQ5 2003,1,1,1\n");
        _directory.Write("Equity.csv", "Date,BNK,SAFE,GONE\nQ4 2002,80,100,30\nQ1 2003,80,100,30\nQ2 2003,80,100,30\nQ3 2003,80,100,30\n");
    }

    private static double Gaussian(Random random)
    {
        var u = 1.0 - random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble());
    }

    private static double Erf(double x)
    {
        // Abramowitz and Stegun 7.1.26, |error| < 1.5e-7: enough to check PD = N(−DD) to 2e-7.
        var sign = Math.Sign(x);
        x = Math.Abs(x);
        var t = 1 / (1 + (0.3275911 * x));
        var y = 1 - ((((((1.061405429 * t) - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return sign * y;
    }
}
