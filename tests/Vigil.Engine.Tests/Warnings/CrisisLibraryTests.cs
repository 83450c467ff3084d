using Vigil.Engine.Warnings;
using Vigil.Engine.Warnings.Analogues;

namespace Vigil.Engine.Tests.Warnings;

public sealed class CrisisLibraryTests
{
    [Fact]
    public void The_library_holds_at_least_the_fifteen_crises_the_issue_names_with_valid_dates_facts_and_fingerprints()
    {
        Assert.True(CrisisLibrary.All.Count >= 15);
        Assert.Equal(CrisisLibrary.All.Count, CrisisLibrary.All.Select(c => c.Id).Distinct().Count());
        string[] required =
        [
            "black_monday_1987", "bond_rout_1994", "asian_crisis_1997", "ltcm_russia_1998", "dotcom_2000", "september_11_2001",
            "quant_quake_2007", "lehman_2008", "flash_crash_2010", "us_downgrade_2011", "taper_tantrum_2013", "china_deval_2015",
            "brexit_2016", "volmageddon_2018", "covid_2020", "negative_oil_2020", "rate_shock_2022", "ftx_2022", "svb_2023",
        ];
        foreach (var id in required)
        {
            Assert.NotNull(CrisisLibrary.Find(id));
        }

        Span<double> dims = stackalloc double[CrisisFingerprint.Dimensions];
        foreach (var crisis in CrisisLibrary.All)
        {
            Assert.True(crisis.Start <= crisis.End, crisis.Id);
            Assert.NotEqual(EventType.Unclassified, crisis.EventType);
            Assert.True(crisis.Facts.Count >= 2, crisis.Id);
            crisis.Fingerprint.CopyTo(dims);
            foreach (var d in dims)
            {
                Assert.InRange(d, 0.0, 1.0);
            }

            Assert.False(crisis.Fingerprint.IsZero, crisis.Id);
        }

        // Oldest first, so listings read as a history.
        Assert.Equal(CrisisLibrary.All.OrderBy(c => c.Start).Select(c => c.Id), CrisisLibrary.All.Select(c => c.Id));
    }

    [Fact]
    public void Cosine_similarity_is_one_for_parallel_fingerprints_zero_for_disjoint_ones_and_symmetric()
    {
        var a = new CrisisFingerprint(0.2, 0.4, 0, 0, 0, 0, 0, 0.1);
        var twice = new CrisisFingerprint(0.4, 0.8, 0, 0, 0, 0, 0, 0.2);
        var disjoint = new CrisisFingerprint(0, 0, 0.5, 0.5, 0, 0, 0, 0);
        Assert.Equal(1.0, a.CosineSimilarity(twice), 12);
        Assert.Equal(0.0, a.CosineSimilarity(disjoint), 12);
        var c = new CrisisFingerprint(0.3, 0.1, 0.7, 0.2, 0.9, 0.4, 0.5, 0.6);
        Assert.Equal(a.CosineSimilarity(c), c.CosineSimilarity(a), 15);
        // By hand: a·c = 0.06 + 0.04 + 0.06 = 0.16; |a| = √0.21; |c| = √2.21.
        Assert.Equal(0.16 / Math.Sqrt(0.21 * 2.21), a.CosineSimilarity(c), 12);
        Assert.Equal(0.0, default(CrisisFingerprint).CosineSimilarity(c));
    }

    [Fact]
    public void Each_crisis_is_its_own_best_match_and_a_scaled_down_copy_still_matches_it()
    {
        foreach (var crisis in CrisisLibrary.All)
        {
            var match = CrisisLibrary.BestMatch(crisis.Fingerprint);
            Assert.NotNull(match);
            Assert.Equal(crisis.Id, match.Crisis.Id);
            Assert.Equal(1.0, match.Similarity, 12);

            var f = crisis.Fingerprint;
            var half = new CrisisFingerprint(f.Drawdown / 2, f.VolatilitySpike / 2, f.CorrelationSpike / 2, f.CreditWidening / 2, f.FxMove / 2, f.RatesMove / 2, f.Liquidity / 2, f.Speed / 2);
            Assert.Equal(crisis.Id, CrisisLibrary.BestMatch(half)!.Crisis.Id);
        }
    }

    [Fact]
    public void A_currency_led_shock_matches_a_currency_crisis_and_no_stress_matches_nothing()
    {
        var currency = new CrisisFingerprint(Drawdown: 0.05, VolatilitySpike: 0.2, CorrelationSpike: 0.1, CreditWidening: 0.05, FxMove: 1.0, RatesMove: 0.2, Liquidity: 0.2, Speed: 0.8);
        var match = CrisisLibrary.BestMatch(currency)!;
        Assert.Contains(match.Crisis.Id, new[] { "brexit_2016", "asian_crisis_1997" });
        Assert.Null(CrisisLibrary.BestMatch(default));

        // Out-of-range and NaN inputs are clamped rather than poisoning the match.
        var wild = new CrisisFingerprint(double.NaN, 5, 0, 0, 0, 0, 0, 0);
        Assert.InRange(CrisisLibrary.BestMatch(wild)!.Similarity, 0.0, 1.0);

        var ranked = CrisisLibrary.Rank(currency);
        Assert.Equal(CrisisLibrary.All.Count, ranked.Count);
        Assert.Equal(match.Crisis.Id, ranked[0].Crisis.Id);
        Assert.True(ranked.Zip(ranked.Skip(1)).All(p => p.First.Similarity >= p.Second.Similarity));
    }
}
