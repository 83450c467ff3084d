using Vigil.Core.Validation;
using Vigil.Detection.Risk.Credit;

namespace Vigil.Engine.Evaluation.Credit;

/// <summary>Options of the <see cref="MertonPanelEvaluation"/>.</summary>
/// <param name="WindowDays">The trading days of equity history behind each estimate (KMV volatility, OLS beta); at least 20.</param>
/// <param name="ShortTermShare">The share of book liabilities taken as short-term when only the total is known, in [0, 1].</param>
/// <param name="LongTermDebtWeight">The weight of long-term liabilities in the default point, in [0, 1]; KMV's 0.5.</param>
/// <param name="CapitalRatio">SRISK's k, in (0, 1).</param>
/// <param name="MarketDecline">SRISK's six-month market fall, in (0, 1).</param>
/// <param name="FallbackRiskFreeRate">The annual rate used when the panel has none for a window, as a fraction.</param>
/// <param name="HorizonYears">The default horizon T, in years; positive.</param>
public sealed record MertonPanelOptions(
    int WindowDays = 126,
    double ShortTermShare = 0.6,
    double LongTermDebtWeight = 0.5,
    double CapitalRatio = Srisk.DefaultCapitalRatio,
    double MarketDecline = Srisk.DefaultMarketDecline,
    double FallbackRiskFreeRate = 0.03,
    double HorizonYears = 1.0)
{
    /// <summary>Every problem with these options.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new OptionErrors();
        errors.Require(WindowDays >= 20, $"WindowDays must be at least 20 (got {WindowDays})");
        errors.Require(ShortTermShare >= 0 && ShortTermShare <= 1, $"ShortTermShare must be in [0, 1] (got {ShortTermShare})");
        errors.Require(LongTermDebtWeight >= 0 && LongTermDebtWeight <= 1, $"LongTermDebtWeight must be in [0, 1] (got {LongTermDebtWeight})");
        errors.Require(CapitalRatio > 0 && CapitalRatio < 1, $"CapitalRatio must be in (0, 1) (got {CapitalRatio})");
        errors.Require(MarketDecline > 0 && MarketDecline < 1, $"MarketDecline must be in (0, 1) (got {MarketDecline})");
        errors.Require(double.IsFinite(FallbackRiskFreeRate) && FallbackRiskFreeRate > -0.1 && FallbackRiskFreeRate < 1, $"FallbackRiskFreeRate must be in (-0.1, 1) (got {FallbackRiskFreeRate})");
        errors.Require(HorizonYears > 0 && HorizonYears <= 30, $"HorizonYears must be in (0, 30] (got {HorizonYears})");
        return errors.Errors;
    }
}

/// <summary>One firm at one month-end. Money in $ millions; rates, volatilities and probabilities as annual fractions.</summary>
/// <param name="Date">The last trading day of the month.</param>
/// <param name="EquityValue">The market cap.</param>
/// <param name="EquityVolatility">The annualised volatility of daily log price changes over the window.</param>
/// <param name="AssetValue">The KMV asset value on the date.</param>
/// <param name="AssetVolatility">The KMV asset volatility.</param>
/// <param name="DefaultPoint">The default point on the date.</param>
/// <param name="Liabilities">The book liabilities on the date.</param>
/// <param name="RiskFreeRate">The mean risk-free rate over the window.</param>
/// <param name="DistanceToDefault">DD with μ = r.</param>
/// <param name="ProbabilityOfDefault">N(−DD).</param>
/// <param name="Beta">The OLS beta of daily log price changes on the S&amp;P 500's over the window; NaN without two price pairs.</param>
/// <param name="Lrmes">LRMES from the beta; NaN when the beta is.</param>
/// <param name="Srisk">SRISK; 0 when the beta is NaN, so a firm without prices adds nothing to the aggregate.</param>
/// <param name="KmvConverged">Whether the KMV iteration converged.</param>
public sealed record MertonPanelPoint(
    DateOnly Date,
    double EquityValue,
    double EquityVolatility,
    double AssetValue,
    double AssetVolatility,
    double DefaultPoint,
    double Liabilities,
    double RiskFreeRate,
    double DistanceToDefault,
    double ProbabilityOfDefault,
    double Beta,
    double Lrmes,
    double Srisk,
    bool KmvConverged);

/// <summary>One firm's monthly series.</summary>
/// <param name="Firm">The firm's ticker.</param>
/// <param name="Points">The month-ends with a full window, oldest first.</param>
/// <param name="SkippedMonths">Month-ends skipped because the window had a missing cap, price or liability (a defaulted or unlisted firm).</param>
public sealed record MertonPanelSeries(string Firm, IReadOnlyList<MertonPanelPoint> Points, int SkippedMonths);

/// <summary>The aggregate SRISK of the firms at one month-end.</summary>
/// <param name="Date">The month-end.</param>
/// <param name="AggregateSrisk">The sum of the firms' SRISK, $ millions.</param>
/// <param name="Firms">The firms with a value on the date.</param>
public sealed record MertonPanelAggregate(DateOnly Date, double AggregateSrisk, int Firms);

/// <summary>The evaluation over the whole panel.</summary>
/// <param name="Firms">Every firm's series, in the panel's order.</param>
/// <param name="Aggregate">The aggregate SRISK per month-end.</param>
public sealed record MertonPanelResult(IReadOnlyList<MertonPanelSeries> Firms, IReadOnlyList<MertonPanelAggregate> Aggregate);

/// <summary>
/// Merton distance-to-default and SRISK over a bank panel at month-ends: for each firm and each month-end with a full
/// window, the iterative KMV procedure over the window's daily equity values (today's market cap moved back by the
/// price), with today's default point = liabilities × (short-term share + long-term weight × (1 − short-term share)),
/// the split of Belluzzo's code, held over the window; DD and PD at a
/// one-year horizon with μ = r, and SRISK with the book liabilities, the market cap and LRMES from an OLS beta of
/// daily log price changes on the S&amp;P 500's over the same window.
/// </summary>
public static class MertonPanelEvaluation
{
    /// <summary>Evaluates every firm of <paramref name="panel"/>.</summary>
    /// <param name="panel">The panel.</param>
    /// <param name="options">The options; defaults when null.</param>
    /// <param name="firms">The firms to evaluate (case-insensitive), or null for all.</param>
    public static MertonPanelResult Run(BankPanel panel, MertonPanelOptions? options = null, IReadOnlyCollection<string>? firms = null)
    {
        ArgumentNullException.ThrowIfNull(panel);
        options ??= new MertonPanelOptions();
        var errors = new OptionErrors();
        errors.AddNested(nameof(MertonPanelOptions), options.Validate());
        errors.ThrowIfAny(nameof(MertonPanelOptions));

        var dates = panel.Dates;
        var n = options.WindowDays;
        var monthEnds = new List<int>();
        for (var t = n; t < dates.Count; t++)
        {
            if (t == dates.Count - 1 || dates[t + 1].Month != dates[t].Month)
            {
                monthEnds.Add(t);
            }
        }

        var defaultShare = options.ShortTermShare + (options.LongTermDebtWeight * (1 - options.ShortTermShare));
        var equity = new double[n + 1];
        var scratch = new double[n + 1];
        var series = new List<MertonPanelSeries>();
        var aggregate = new double[monthEnds.Count];
        var counts = new int[monthEnds.Count];
        for (var f = 0; f < panel.Firms.Count; f++)
        {
            var firm = panel.Firms[f];
            if (firms is not null && !firms.Contains(firm, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            var points = new List<MertonPanelPoint>();
            var skipped = 0;
            for (var m = 0; m < monthEnds.Count; m++)
            {
                var end = monthEnds[m];
                if (Evaluate(panel, f, end, n, defaultShare, options, equity, scratch) is { } point)
                {
                    points.Add(point);
                    aggregate[m] += point.Srisk;
                    counts[m]++;
                }
                else
                {
                    skipped++;
                }
            }

            series.Add(new MertonPanelSeries(firm, points, skipped));
        }

        var totals = new List<MertonPanelAggregate>();
        for (var m = 0; m < monthEnds.Count; m++)
        {
            if (counts[m] > 0)
            {
                totals.Add(new MertonPanelAggregate(dates[monthEnds[m]], aggregate[m], counts[m]));
            }
        }

        return new MertonPanelResult(series, totals);
    }

    private static MertonPanelPoint? Evaluate(
        BankPanel panel, int firm, int end, int window, double defaultShare, MertonPanelOptions options,
        double[] equity, double[] scratch)
    {
        var caps = panel.Capitalisations[firm];
        var prices = panel.Prices[firm];
        var liabilities = panel.Liabilities[firm];
        double rateSum = 0;
        var rateCount = 0;
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        var pairs = 0;
        for (var k = 0; k <= window; k++)
        {
            var t = end - window + k;
            if (!(caps[t] > 0) || !(liabilities[t] > 0))
            {
                return null;
            }

            // The equity path holds today's share count (cap × price / today's price), so share issues and mergers
            // inside the window (JPM and Bank One in 2004) do not show up as asset returns.
            equity[k] = prices[t] > 0 && prices[end] > 0 ? caps[end] * prices[t] / prices[end] : caps[t];
            if (double.IsFinite(panel.RiskFreeRate[t]))
            {
                rateSum += panel.RiskFreeRate[t];
                rateCount++;
            }

            if (k > 0 && prices[t] > 0 && prices[t - 1] > 0 && panel.Market[t] > 0 && panel.Market[t - 1] > 0)
            {
                var x = Math.Log(panel.Market[t] / panel.Market[t - 1]);
                var y = Math.Log(prices[t] / prices[t - 1]);
                sx += x;
                sy += y;
                sxx += x * x;
                sxy += x * y;
                pairs++;
            }
        }

        var rate = rateCount > 0 ? rateSum / rateCount : options.FallbackRiskFreeRate;
        // One default point (today's) for the whole window: the quarterly book liabilities step at each quarter end,
        // and stepping D inside the window would read as jumps of the implied asset value.
        var defaultPoint = liabilities[end] * defaultShare;
        var kmv = MertonModel.SolveKmv(equity, [defaultPoint], rate, options.HorizonYears, scratch);
        var sigmaE = MertonModel.AnnualisedLogVolatility(equity, 252, out _);
        var dd = MertonModel.DistanceToDefault(kmv.AssetValue, kmv.AssetVolatility, defaultPoint, rate, options.HorizonYears);
        var varX = pairs > 1 ? sxx - (sx * sx / pairs) : 0;
        var beta = varX > 0 ? (sxy - (sx * sy / pairs)) / varX : double.NaN;
        var lrmes = double.IsFinite(beta) ? Srisk.Lrmes(beta, options.MarketDecline) : double.NaN;
        var srisk = double.IsFinite(lrmes) ? Srisk.Compute(liabilities[end], caps[end], lrmes, options.CapitalRatio) : double.NaN;
        return new MertonPanelPoint(
            panel.Dates[end], caps[end], sigmaE, kmv.AssetValue, kmv.AssetVolatility, defaultPoint, liabilities[end], rate,
            dd, MertonModel.ProbabilityOfDefault(dd), beta, lrmes, double.IsFinite(srisk) ? srisk : 0.0, kmv.Converged);
    }
}
