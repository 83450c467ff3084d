using Vigil.Core.Validation;

namespace Vigil.Detection.Risk.Credit;

/// <summary>
/// One institution watched by the <see cref="SystemicCreditMonitor"/>: its balance sheet and where its equity value
/// comes from. Money amounts are in one currency unit for all institutions ($ millions by default).
/// </summary>
/// <param name="Name">The institution's name or ticker, for example <c>JPM</c>; unique in the set.</param>
/// <param name="MarketCap">The market value of equity at the first step; positive. With an own symbol and no <paramref name="SharesOutstanding"/>, the equity then follows that symbol's price.</param>
/// <param name="ShortTermDebt">Liabilities due within the horizon (for banks: deposits and short-term funding); non-negative.</param>
/// <param name="LongTermDebt">Liabilities due after the horizon; non-negative.</param>
/// <param name="EquitySymbol">
/// The instrument whose prices are the institution's own equity, or null to model the equity from the stand-in
/// proxy (<see cref="CreditRiskOptions.ProxySymbol"/>) as a stock whose log return is <paramref name="ProxyBeta"/>
/// times the proxy's. The simulator has no single banks, only the XLF financials ETF, so its institutions are all
/// stand-ins; real data names each institution's own symbol.
/// </param>
/// <param name="ProxyBeta">The stand-in's log-return multiple of the proxy's; positive. Ignored with an own symbol.</param>
/// <param name="SharesOutstanding">Shares outstanding (in the unit that makes shares × price the equity value), or 0 to scale <paramref name="MarketCap"/> by the price instead; non-negative.</param>
public sealed record InstitutionOptions(
    string Name,
    double MarketCap,
    double ShortTermDebt,
    double LongTermDebt,
    string? EquitySymbol = null,
    double ProxyBeta = 1.0,
    double SharesOutstanding = 0)
{
    /// <summary>The total liabilities D of SRISK: short-term plus long-term debt.</summary>
    public double Liabilities => ShortTermDebt + LongTermDebt;

    /// <summary>The KMV default point: short-term debt plus <paramref name="longTermDebtWeight"/> of long-term debt.</summary>
    /// <param name="longTermDebtWeight">The weight of long-term debt, in [0, 1]; KMV's is 0.5.</param>
    public double DefaultPoint(double longTermDebtWeight) => ShortTermDebt + (longTermDebtWeight * LongTermDebt);

    /// <summary>Every problem with this institution.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new OptionErrors();
        errors.Require(!string.IsNullOrWhiteSpace(Name), $"Name must not be empty (got '{Name}')");
        errors.Require(MarketCap > 0 && double.IsFinite(MarketCap), $"MarketCap must be positive (got {MarketCap})");
        errors.Require(ShortTermDebt >= 0 && double.IsFinite(ShortTermDebt), $"ShortTermDebt must be non-negative (got {ShortTermDebt})");
        errors.Require(LongTermDebt >= 0 && double.IsFinite(LongTermDebt), $"LongTermDebt must be non-negative (got {LongTermDebt})");
        errors.Require(ShortTermDebt + LongTermDebt > 0, $"ShortTermDebt + LongTermDebt must be positive (got {ShortTermDebt + LongTermDebt})");
        errors.Require(EquitySymbol is null || !string.IsNullOrWhiteSpace(EquitySymbol), $"EquitySymbol must be null or a symbol (got '{EquitySymbol}')");
        errors.Require(ProxyBeta > 0 && double.IsFinite(ProxyBeta), $"ProxyBeta must be positive (got {ProxyBeta})");
        errors.Require(SharesOutstanding >= 0 && double.IsFinite(SharesOutstanding), $"SharesOutstanding must be non-negative (got {SharesOutstanding})");
        return errors.Errors;
    }
}

/// <summary>
/// Options of the <see cref="SystemicCreditMonitor"/>. The defaults suit the live service (market steps of 250 ms,
/// with the simulator's trading day of 5 minutes, so 1,200 steps a day); <see cref="Daily"/> suits daily bars.
/// </summary>
public sealed record CreditRiskOptions
{
    /// <summary>
    /// The default institutions JPM, GS, BAC, C and MS, with balance sheets rounded from their 2023 annual reports
    /// ($ millions; short-term debt is every liability but long-term debt, so deposits count as due within the
    /// year). All are stand-ins modelled from XLF, with betas to XLF that reflect their usual ranking.
    /// </summary>
    public static IReadOnlyList<InstitutionOptions> DefaultInstitutions { get; } =
    [
        new("JPM", MarketCap: 490_000, ShortTermDebt: 3_157_000, LongTermDebt: 391_000, ProxyBeta: 1.0),
        new("GS", MarketCap: 125_000, ShortTermDebt: 1_284_000, LongTermDebt: 241_000, ProxyBeta: 1.2),
        new("BAC", MarketCap: 265_000, ShortTermDebt: 2_587_000, LongTermDebt: 302_000, ProxyBeta: 1.2),
        new("C", MarketCap: 98_000, ShortTermDebt: 1_920_000, LongTermDebt: 286_000, ProxyBeta: 1.4),
        new("MS", MarketCap: 153_000, ShortTermDebt: 830_000, LongTermDebt: 263_000, ProxyBeta: 1.3),
    ];

    /// <summary>
    /// Options for daily bars: volatility over a half-life of 63 trading days (a quarter), beta over 126 (half a
    /// year), 252 periods a year, ready after 60 days.
    /// </summary>
    public static CreditRiskOptions Daily { get; } = new()
    {
        VolatilityHalfLife = 63,
        BetaHalfLife = 126,
        StepsPerYear = 252,
        MinObservations = 60,
    };

    /// <summary>The institutions; at least one, names unique.</summary>
    public IReadOnlyList<InstitutionOptions> Institutions { get; init; } = DefaultInstitutions;

    /// <summary>The market whose returns the betas are measured against.</summary>
    public string MarketSymbol { get; init; } = "SPX";

    /// <summary>The instrument stand-in institutions (no <see cref="InstitutionOptions.EquitySymbol"/>) are modelled from.</summary>
    public string ProxySymbol { get; init; } = "XLF";

    /// <summary>The weight of long-term debt in the default point, in [0, 1]; KMV's 0.5.</summary>
    public double LongTermDebtWeight { get; init; } = 0.5;

    /// <summary>The continuously compounded risk-free rate, an annual fraction (0.04 is 4%); also the asset drift μ of the DD.</summary>
    public double RiskFreeRate { get; init; } = 0.04;

    /// <summary>The horizon T of the default, in years; positive.</summary>
    public double HorizonYears { get; init; } = 1.0;

    /// <summary>SRISK's prudential capital ratio k, in (0, 1).</summary>
    public double CapitalRatio { get; init; } = Srisk.DefaultCapitalRatio;

    /// <summary>The six-month market fall of SRISK's crisis, in (0, 1).</summary>
    public double MarketDecline { get; init; } = Srisk.DefaultMarketDecline;

    /// <summary>The half-life, in steps, of the EWMA equity volatility.</summary>
    public double VolatilityHalfLife { get; init; } = 6_000;

    /// <summary>The half-life, in steps, of the EWMA beta against the market.</summary>
    public double BetaHalfLife { get; init; } = 12_000;

    /// <summary>Steps per year, to annualise the per-step volatility: 252 simulated days of 1,200 steps by default.</summary>
    public double StepsPerYear { get; init; } = 252 * 1_200;

    /// <summary>The steps before the monitor is ready; at least 2.</summary>
    public int MinObservations { get; init; } = 1_200;

    /// <summary>The aggregate SRISK as a fraction of the institutions' total equity at which the reading fires; positive.</summary>
    public double FireSriskToEquity { get; init; } = 1.0;

    /// <summary>Every problem with these options.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new OptionErrors();
        errors.Require(Institutions is { Count: > 0 }, "Institutions must hold at least one institution");
        if (Institutions is not null)
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < Institutions.Count; i++)
            {
                var institution = Institutions[i];
                if (institution is null)
                {
                    errors.Require(false, $"Institutions[{i}] must not be null");
                    continue;
                }

                errors.AddNested($"Institutions[{i}]", institution.Validate());
                errors.Require(institution.Name is null || names.Add(institution.Name), $"Institutions[{i}].Name '{institution.Name}' is a duplicate");
            }
        }

        errors.Require(!string.IsNullOrWhiteSpace(MarketSymbol), $"MarketSymbol must not be empty (got '{MarketSymbol}')");
        errors.Require(!string.IsNullOrWhiteSpace(ProxySymbol), $"ProxySymbol must not be empty (got '{ProxySymbol}')");
        errors.Require(LongTermDebtWeight >= 0 && LongTermDebtWeight <= 1, $"LongTermDebtWeight must be in [0, 1] (got {LongTermDebtWeight})");
        errors.Require(double.IsFinite(RiskFreeRate) && RiskFreeRate > -0.1 && RiskFreeRate < 1, $"RiskFreeRate must be in (-0.1, 1) (got {RiskFreeRate})");
        errors.Require(HorizonYears > 0 && HorizonYears <= 30, $"HorizonYears must be in (0, 30] (got {HorizonYears})");
        errors.Require(CapitalRatio > 0 && CapitalRatio < 1, $"CapitalRatio must be in (0, 1) (got {CapitalRatio})");
        errors.Require(MarketDecline > 0 && MarketDecline < 1, $"MarketDecline must be in (0, 1) (got {MarketDecline})");
        errors.Require(VolatilityHalfLife > 0 && double.IsFinite(VolatilityHalfLife), $"VolatilityHalfLife must be positive (got {VolatilityHalfLife})");
        errors.Require(BetaHalfLife > 0 && double.IsFinite(BetaHalfLife), $"BetaHalfLife must be positive (got {BetaHalfLife})");
        errors.Require(StepsPerYear > 0 && double.IsFinite(StepsPerYear), $"StepsPerYear must be positive (got {StepsPerYear})");
        errors.Require(MinObservations >= 2, $"MinObservations must be at least 2 (got {MinObservations})");
        errors.Require(FireSriskToEquity > 0 && double.IsFinite(FireSriskToEquity), $"FireSriskToEquity must be positive (got {FireSriskToEquity})");
        return errors.Errors;
    }
}
