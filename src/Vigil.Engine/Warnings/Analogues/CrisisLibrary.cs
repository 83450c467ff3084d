namespace Vigil.Engine.Warnings.Analogues;

/// <summary>
/// The library of past crises a warning is compared with. Dates are the acute phase; facts are the widely quoted
/// figures of each episode. Fingerprints are judgements on a common scale, each dimension relative to the worst
/// episode in the library (1987 for speed, 2008 for credit and liquidity, 2008 and 2020 for volatility, 1992–1997 and
/// 2016 for currencies, 1994 and 2022 for rates), rounded to a tenth: they say which markets a crisis hit and how
/// hard, which is what matching needs, not a measurement to more digits than that.
/// </summary>
public static class CrisisLibrary
{
    /// <summary>The crises, oldest first.</summary>
    public static IReadOnlyList<HistoricalCrisis> All { get; } =
    [
        new("black_monday_1987", "Black Monday 1987", new(1987, 10, 14), new(1987, 10, 20), EventType.MarketCrash,
            [
                "The Dow Jones Industrial Average fell 22.6% on 19 October 1987, its largest one-day fall; the S&P 500 fell 20.5%.",
                "Portfolio insurance selling swamped the NYSE and the futures pits; the S&P 500 futures fell about 29%.",
                "Markets fell together worldwide; the Fed promised liquidity the next morning and Treasury yields fell.",
            ],
            new(Drawdown: 0.8, VolatilitySpike: 1.0, CorrelationSpike: 0.9, CreditWidening: 0.3, FxMove: 0.3, RatesMove: 0.5, Liquidity: 0.9, Speed: 1.0)),
        new("bond_rout_1994", "1994 bond market rout", new(1994, 2, 4), new(1994, 11, 15), EventType.RegulatoryShock,
            [
                "The Fed raised its target rate from 3% to 5.5% during 1994, starting on 4 February.",
                "The US 10-year yield rose from about 5.7% to about 8%; global bond markets lost an estimated $1.5 trillion.",
                "Orange County, which had leveraged its fund on falling rates, went bankrupt in December.",
            ],
            new(Drawdown: 0.2, VolatilitySpike: 0.3, CorrelationSpike: 0.3, CreditWidening: 0.3, FxMove: 0.3, RatesMove: 1.0, Liquidity: 0.4, Speed: 0.2)),
        new("asian_crisis_1997", "Asian financial crisis 1997", new(1997, 7, 2), new(1997, 10, 27), EventType.CurrencyCrisis,
            [
                "Thailand floated the baht on 2 July 1997; it lost about half its value against the dollar within six months.",
                "The Indonesian rupiah, the won and the ringgit followed; Hong Kong's Hang Seng fell about 23% in four days in October.",
                "On 27 October 1997 the Dow fell 7.2% and NYSE circuit breakers halted trading for the first time.",
            ],
            new(Drawdown: 0.4, VolatilitySpike: 0.6, CorrelationSpike: 0.6, CreditWidening: 0.5, FxMove: 1.0, RatesMove: 0.4, Liquidity: 0.6, Speed: 0.5)),
        new("ltcm_russia_1998", "Russia default and LTCM 1998", new(1998, 8, 17), new(1998, 10, 8), EventType.LiquidityCrisis,
            [
                "Russia devalued the rouble and defaulted on its domestic debt on 17 August 1998.",
                "Long-Term Capital Management lost about $4.6 billion and was recapitalised by 14 banks under the New York Fed on 23 September.",
                "The S&P 500 fell about 19% from July to October; credit and swap spreads blew out and on-the-run Treasuries traded far above off-the-run.",
            ],
            new(Drawdown: 0.4, VolatilitySpike: 0.7, CorrelationSpike: 0.8, CreditWidening: 0.8, FxMove: 0.7, RatesMove: 0.6, Liquidity: 1.0, Speed: 0.5)),
        new("dotcom_2000", "Dot-com bust 2000–2002", new(2000, 3, 10), new(2002, 10, 9), EventType.MarketCrash,
            [
                "The Nasdaq Composite fell 78% from its peak of 5,048 on 10 March 2000 to October 2002.",
                "The S&P 500 fell 49% over the same years; Enron (2001) and WorldCom (2002) failed amid accounting fraud.",
                "The Fed cut its target rate from 6.5% to 1.75% during 2001.",
            ],
            new(Drawdown: 1.0, VolatilitySpike: 0.5, CorrelationSpike: 0.4, CreditWidening: 0.6, FxMove: 0.2, RatesMove: 0.5, Liquidity: 0.3, Speed: 0.1)),
        new("september_11_2001", "11 September 2001", new(2001, 9, 11), new(2001, 9, 21), EventType.Geopolitical,
            [
                "US stock markets stayed closed from 11 to 17 September 2001, the longest closure since 1933.",
                "When they reopened the S&P 500 fell 11.6% in five sessions; airline and insurance stocks fell hardest.",
                "The Fed cut rates by 50 bp before the reopening and supplied over $100 billion of liquidity a day.",
            ],
            new(Drawdown: 0.3, VolatilitySpike: 0.6, CorrelationSpike: 0.6, CreditWidening: 0.4, FxMove: 0.3, RatesMove: 0.4, Liquidity: 0.7, Speed: 0.9)),
        new("quant_quake_2007", "Quant quake 2007", new(2007, 8, 6), new(2007, 8, 10), EventType.LiquidityCrisis,
            [
                "Equity market-neutral quant funds lost 10–30% in the week of 6 August 2007 as crowded positions were unwound.",
                "BNP Paribas froze three funds exposed to US subprime on 9 August; the ECB injected €95 billion the same day.",
                "The yen carry trade unwound: the yen rose sharply against high-yielding currencies.",
            ],
            new(Drawdown: 0.2, VolatilitySpike: 0.5, CorrelationSpike: 0.5, CreditWidening: 0.6, FxMove: 0.4, RatesMove: 0.4, Liquidity: 0.7, Speed: 0.8)),
        new("lehman_2008", "Lehman 2008", new(2008, 9, 15), new(2009, 3, 9), EventType.SystemicRisk,
            [
                "Lehman Brothers filed for bankruptcy on 15 September 2008; AIG was rescued the next day.",
                "The S&P 500 fell 56.8% from its October 2007 peak to March 2009; financial stocks lost about 80%.",
                "The VIX closed at a record 80.86 on 20 November 2008; the TED spread passed 4.5 points; high-yield spreads passed 2,000 bp.",
            ],
            new(Drawdown: 1.0, VolatilitySpike: 1.0, CorrelationSpike: 1.0, CreditWidening: 1.0, FxMove: 0.8, RatesMove: 0.8, Liquidity: 1.0, Speed: 0.6)),
        new("flash_crash_2010", "Flash crash 2010", new(2010, 5, 6), new(2010, 5, 6), EventType.FlashCrash,
            [
                "On 6 May 2010 the Dow fell about 9% within minutes after 14:32 New York time and recovered most of it within the hour.",
                "Some stocks traded at a penny and others at $100,000; over 20,000 trades were later cancelled.",
                "A large E-mini sell programme met thin liquidity as high-frequency market makers withdrew.",
            ],
            new(Drawdown: 0.2, VolatilitySpike: 0.6, CorrelationSpike: 0.7, CreditWidening: 0.1, FxMove: 0.3, RatesMove: 0.2, Liquidity: 0.9, Speed: 1.0)),
        new("us_downgrade_2011", "US downgrade and euro crisis 2011", new(2011, 8, 1), new(2011, 10, 3), EventType.Contagion,
            [
                "S&P downgraded the United States from AAA on 5 August 2011; the S&P 500 fell 6.7% on 8 August.",
                "Italian and Spanish 10-year yields passed 6% as the euro-area debt crisis spread; the ECB bought their bonds.",
                "The Swiss franc rose so far that the SNB capped it at 1.20 per euro on 6 September.",
            ],
            new(Drawdown: 0.4, VolatilitySpike: 0.7, CorrelationSpike: 0.8, CreditWidening: 0.7, FxMove: 0.5, RatesMove: 0.6, Liquidity: 0.6, Speed: 0.6)),
        new("taper_tantrum_2013", "Taper tantrum 2013", new(2013, 5, 22), new(2013, 9, 5), EventType.RegulatoryShock,
            [
                "Ben Bernanke said on 22 May 2013 that the Fed could taper its bond purchases.",
                "The US 10-year yield rose from about 1.6% in early May to about 3.0% in September.",
                "Emerging-market currencies and bonds sold off; the rupee and the real fell over 15%.",
            ],
            new(Drawdown: 0.1, VolatilitySpike: 0.3, CorrelationSpike: 0.3, CreditWidening: 0.3, FxMove: 0.6, RatesMove: 0.8, Liquidity: 0.3, Speed: 0.4)),
        new("china_deval_2015", "China devaluation and 24 August 2015", new(2015, 8, 11), new(2015, 8, 25), EventType.MarketCrash,
            [
                "China devalued the renminbi by about 2% on 11 August 2015.",
                "On 24 August the Dow fell about 1,089 points in the first minutes; over 1,200 trading halts hit US stocks and ETFs.",
                "The VIX passed 50 intraday; the Shanghai Composite fell 8.5% that day.",
            ],
            new(Drawdown: 0.3, VolatilitySpike: 0.7, CorrelationSpike: 0.7, CreditWidening: 0.3, FxMove: 0.5, RatesMove: 0.2, Liquidity: 0.8, Speed: 0.9)),
        new("brexit_2016", "Brexit referendum 2016", new(2016, 6, 24), new(2016, 6, 27), EventType.Geopolitical,
            [
                "The United Kingdom voted on 23 June 2016 to leave the European Union, against market expectations.",
                "Sterling fell about 8% against the dollar on 24 June (11% intraday) to a 31-year low.",
                "UK bank stocks fell about 20–30% in two sessions; gilt yields fell to record lows.",
            ],
            new(Drawdown: 0.2, VolatilitySpike: 0.4, CorrelationSpike: 0.5, CreditWidening: 0.2, FxMove: 1.0, RatesMove: 0.5, Liquidity: 0.4, Speed: 0.9)),
        new("volmageddon_2018", "Volatility spike of 5 February 2018", new(2018, 2, 2), new(2018, 2, 8), EventType.FlashCrash,
            [
                "The VIX more than doubled on 5 February 2018, from 17.3 to 37.3, its largest one-day rise.",
                "Short-volatility products collapsed: XIV lost over 90% and was terminated.",
                "The S&P 500 fell 4.1% that day and about 10% from its January peak within two weeks.",
            ],
            new(Drawdown: 0.2, VolatilitySpike: 0.9, CorrelationSpike: 0.5, CreditWidening: 0.2, FxMove: 0.1, RatesMove: 0.3, Liquidity: 0.6, Speed: 1.0)),
        new("covid_2020", "COVID 2020", new(2020, 2, 20), new(2020, 3, 23), EventType.Pandemic,
            [
                "The S&P 500 fell 34% in 33 days from its 19 February 2020 peak, the fastest bear market on record.",
                "The VIX closed at a record 82.69 on 16 March; circuit breakers halted US trading four times in March.",
                "Even Treasuries and gold were sold for cash; the Fed cut to zero and bought without limit from 23 March.",
            ],
            new(Drawdown: 0.7, VolatilitySpike: 1.0, CorrelationSpike: 1.0, CreditWidening: 0.9, FxMove: 0.6, RatesMove: 0.7, Liquidity: 1.0, Speed: 0.9)),
        new("negative_oil_2020", "Negative oil 2020", new(2020, 4, 20), new(2020, 4, 21), EventType.LiquidityCrisis,
            [
                "The May WTI futures contract settled at −$37.63 a barrel on 20 April 2020, the first negative price on record.",
                "Storage at Cushing was nearly full as demand collapsed; holders of expiring contracts paid to be rid of them.",
                "Oil ETFs rolled or restructured; energy high-yield spreads widened sharply.",
            ],
            new(Drawdown: 0.2, VolatilitySpike: 0.5, CorrelationSpike: 0.2, CreditWidening: 0.4, FxMove: 0.3, RatesMove: 0.1, Liquidity: 0.8, Speed: 0.9)),
        new("rate_shock_2022", "Rate shock 2022", new(2022, 1, 3), new(2022, 10, 12), EventType.RegulatoryShock,
            [
                "The Fed raised rates from near zero to 4.25–4.5% during 2022, including four 75 bp steps.",
                "The S&P 500 fell about 25% to October and the Nasdaq about 35%; bonds had their worst year in decades.",
                "The UK's mini-budget set off a gilt crisis in September: 30-year yields rose over a point in days and the pound hit a record low.",
            ],
            new(Drawdown: 0.5, VolatilitySpike: 0.4, CorrelationSpike: 0.6, CreditWidening: 0.4, FxMove: 0.7, RatesMove: 1.0, Liquidity: 0.4, Speed: 0.2)),
        new("ftx_2022", "FTX collapse 2022", new(2022, 11, 6), new(2022, 11, 11), EventType.Contagion,
            [
                "FTX, then the third-largest crypto exchange, halted withdrawals on 8 November 2022 and filed for bankruptcy on 11 November.",
                "Bitcoin fell about 25% in a week to around $15,500; FTT fell over 90%.",
                "Lenders exposed to FTX, such as BlockFi, suspended withdrawals; traditional markets were barely touched.",
            ],
            new(Drawdown: 0.3, VolatilitySpike: 0.6, CorrelationSpike: 0.3, CreditWidening: 0.1, FxMove: 0.1, RatesMove: 0.0, Liquidity: 0.9, Speed: 0.8)),
        new("svb_2023", "SVB and regional banks 2023", new(2023, 3, 8), new(2023, 3, 20), EventType.Contagion,
            [
                "Silicon Valley Bank lost $42 billion of deposits on 9 March 2023 and was closed on 10 March; Signature Bank followed on 12 March.",
                "The KBW regional bank index fell about 30% in March; the 2-year Treasury yield fell over 1 point in three days.",
                "Credit Suisse was taken over by UBS on 19 March; the Fed opened its Bank Term Funding Program.",
            ],
            new(Drawdown: 0.2, VolatilitySpike: 0.5, CorrelationSpike: 0.5, CreditWidening: 0.5, FxMove: 0.2, RatesMove: 0.9, Liquidity: 0.8, Speed: 0.8)),
    ];

    /// <summary>The crisis with <paramref name="id"/>, or null.</summary>
    /// <param name="id">Its id, case-insensitive.</param>
    public static HistoricalCrisis? Find(string id)
    {
        foreach (var crisis in All)
        {
            if (string.Equals(crisis.Id, id, StringComparison.OrdinalIgnoreCase))
            {
                return crisis;
            }
        }

        return null;
    }

    /// <summary>
    /// The crisis whose fingerprint is most like <paramref name="fingerprint"/> by cosine similarity, or null when the
    /// fingerprint is all zeros (no stress has no analogue). Ties go to the earlier crisis.
    /// </summary>
    /// <param name="fingerprint">The live fingerprint; clamped to [0, 1] first.</param>
    public static AnalogueMatch? BestMatch(in CrisisFingerprint fingerprint)
    {
        var live = fingerprint.Clamped();
        if (live.IsZero)
        {
            return null;
        }

        HistoricalCrisis? best = null;
        var bestSimilarity = double.NegativeInfinity;
        foreach (var crisis in All)
        {
            var similarity = live.CosineSimilarity(crisis.Fingerprint);
            if (similarity > bestSimilarity)
            {
                best = crisis;
                bestSimilarity = similarity;
            }
        }

        return new AnalogueMatch(best!, bestSimilarity);
    }

    /// <summary>Every crisis ranked by similarity to <paramref name="fingerprint"/>, most similar first.</summary>
    /// <param name="fingerprint">The live fingerprint; clamped to [0, 1] first.</param>
    public static IReadOnlyList<AnalogueMatch> Rank(in CrisisFingerprint fingerprint)
    {
        var live = fingerprint.Clamped();
        var ranked = new List<AnalogueMatch>(All.Count);
        foreach (var crisis in All)
        {
            ranked.Add(new AnalogueMatch(crisis, live.CosineSimilarity(crisis.Fingerprint)));
        }

        ranked.Sort((a, b) => b.Similarity.CompareTo(a.Similarity));
        return ranked;
    }
}
