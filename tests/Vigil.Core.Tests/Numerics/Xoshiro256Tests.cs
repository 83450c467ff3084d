using Vigil.Core.Numerics;

namespace Vigil.Core.Tests.Numerics;

public sealed class Xoshiro256Tests
{
    // scripts/xoshiro256_reference.py: an independent Python transcription of Blackman and Vigna's reference C
    // (SplitMix64 seeding, then xoshiro256**). Each row: seed, the first eight outputs, then output number 1000.
    public static TheoryData<ulong, ulong[], ulong> ReferenceStreams => new()
    {
        {
            0UL,
            [
                0x99EC5F36CB75F2B4UL, 0xBF6E1F784956452AUL, 0x1A5F849D4933E6E0UL, 0x6AA594F1262D2D2CUL,
                0xBBA5AD4A1F842E59UL, 0xFFEF8375D9EBCACAUL, 0x6C160DEED2F54C98UL, 0x8920AD648FC30A3FUL,
            ],
            0x7AAC8C483A2EDD2FUL
        },
        {
            1UL,
            [
                0xB3F2AF6D0FC710C5UL, 0x853B559647364CEAUL, 0x92F89756082A4514UL, 0x642E1C7BC266A3A7UL,
                0xB27A48E29A233673UL, 0x24C123126FFDA722UL, 0x123004EF8DF510E6UL, 0x61954DCC47B1E89DUL,
            ],
            0xB8517C33C344D153UL
        },
        {
            42UL,
            [
                0x15780B2E0C2EC716UL, 0x6104D9866D113A7EUL, 0xAE17533239E499A1UL, 0xECB8AD4703B360A1UL,
                0xFDE6DC7FE2EC5E64UL, 0xC50DA53101795238UL, 0xB82154855A65DDB2UL, 0xD99A2743EBE60087UL,
            ],
            0x8DE5848C61AB8968UL
        },
        {
            ulong.MaxValue,
            [
                0x8F5520D52A7EAD08UL, 0xC476A018CAA1802DUL, 0x81DE31C0D260469EUL, 0xBF658D7E065F3C2FUL,
                0x913593FDA1BCA32AUL, 0xBB535E93941BA525UL, 0x5ECDA415C3C6DFDEUL, 0xC487398FC9DE9AE2UL,
            ],
            0xC3C93EA5CDE434CCUL
        },
    };

    [Theory]
    [MemberData(nameof(ReferenceStreams))]
    public void Raw_stream_matches_the_reference_algorithm(ulong seed, ulong[] first, ulong thousandth)
    {
        var generator = new Xoshiro256(seed);
        foreach (var expected in first)
        {
            Assert.Equal(expected, generator.NextUInt64());
        }

        for (var i = first.Length + 1; i < 1000; i++)
        {
            generator.NextUInt64();
        }

        Assert.Equal(thousandth, generator.NextUInt64());
    }

    [Fact]
    public void Same_seed_gives_the_same_stream_of_every_kind()
    {
        var a = new Xoshiro256(2024);
        var b = new Xoshiro256(2024);
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(a.NextUInt64(), b.NextUInt64());
            Assert.Equal(a.NextDouble(), b.NextDouble());
            Assert.Equal(a.NextInt(97), b.NextInt(97));
            Assert.Equal(a.NextGaussian(), b.NextGaussian());
        }
    }

    [Fact]
    public void Next_double_uses_the_top_53_bits_of_the_raw_output()
    {
        // Seed 42's first two raw outputs from the reference table.
        var generator = new Xoshiro256(42);

        Assert.Equal((0x15780B2E0C2EC716UL >> 11) * Math.ScaleB(1.0, -53), generator.NextDouble());
        Assert.Equal(10.0 + (5.0 * (0x6104D9866D113A7EUL >> 11) * Math.ScaleB(1.0, -53)), generator.NextDouble(10.0, 15.0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(1_000_003)]
    [InlineData(int.MaxValue)]
    public void Next_int_is_the_high_word_of_raw_output_times_the_bound(int bound)
    {
        // Lemire's method: ⌊raw·bound / 2⁶⁴⌋, unless the low word falls in the rejection zone below the bound.
        var generator = new Xoshiro256(1);
        ulong[] raw = [0xB3F2AF6D0FC710C5UL, 0x853B559647364CEAUL, 0x92F89756082A4514UL, 0x642E1C7BC266A3A7UL];
        foreach (var r in raw)
        {
            var product = (UInt128)r * (ulong)bound;
            Assert.True((ulong)product >= (ulong)bound, "reference output falls in the rejection zone");
            Assert.Equal((int)(ulong)(product >> 64), generator.NextInt(bound));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(int.MinValue)]
    public void Next_int_rejects_a_non_positive_bound(int bound) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Xoshiro256(1).NextInt(bound));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(1000)]
    [InlineData(int.MaxValue)]
    public void Next_int_stays_within_its_bound(int bound)
    {
        var generator = new Xoshiro256((ulong)bound);
        double sum = 0;
        const int n = 20_000;
        for (var i = 0; i < n; i++)
        {
            var v = generator.NextInt(bound);
            Assert.InRange(v, 0, bound - 1);
            sum += v;
        }

        // Discrete uniform: mean (b − 1)/2, standard deviation √((b² − 1)/12); five standard errors.
        var standardError = Math.Sqrt((((double)bound * bound) - 1) / 12 / n);
        Assert.InRange(sum / n, ((bound - 1) / 2.0) - (5 * standardError), ((bound - 1) / 2.0) + (5 * standardError));
    }

    [Theory]
    [InlineData(10, 100_000, 44.81)]
    [InlineData(6, 60_000, 38.26)]
    public void Next_int_is_uniform_by_a_chi_square_test(int bound, int n, double criticalValue)
    {
        // criticalValue: the chi-square upper 1e-6 quantile with bound − 1 degrees of freedom (mpmath).
        var generator = new Xoshiro256(77);
        var counts = new int[bound];
        for (var i = 0; i < n; i++)
        {
            counts[generator.NextInt(bound)]++;
        }

        var expected = (double)n / bound;
        var chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chiSquare < criticalValue, $"chi-square {chiSquare}");
    }

    [Fact]
    public void Next_double_is_in_the_unit_interval_and_uniform()
    {
        const int bins = 64;
        const int n = 256_000;
        var generator = new Xoshiro256(5);
        var counts = new int[bins];
        double sum = 0;
        for (var i = 0; i < n; i++)
        {
            var u = generator.NextDouble();
            Assert.True(u >= 0.0 && u < 1.0, $"{u}");
            counts[(int)(u * bins)]++;
            sum += u;
        }

        // Mean 1/2 with standard error √(1/12/n), five of them; chi-square upper 1e-6 quantile with 63 degrees of
        // freedom is 131.37 (mpmath).
        Assert.InRange(sum / n, 0.5 - (5 * Math.Sqrt(1.0 / 12 / n)), 0.5 + (5 * Math.Sqrt(1.0 / 12 / n)));
        var expected = (double)n / bins;
        var chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chiSquare < 131.37, $"chi-square {chiSquare}");
    }

    [Fact]
    public void Next_double_in_a_range_stays_in_the_range()
    {
        var generator = new Xoshiro256(6);
        for (var i = 0; i < 10_000; i++)
        {
            var v = generator.NextDouble(-3.0, 2.0);
            Assert.True(v >= -3.0 && v < 2.0, $"{v}");
        }
    }

    [Fact]
    public void Every_raw_bit_is_set_half_of_the_time()
    {
        const int n = 40_000;
        var generator = new Xoshiro256(9);
        var ones = new int[64];
        for (var i = 0; i < n; i++)
        {
            var r = generator.NextUInt64();
            for (var bit = 0; bit < 64; bit++)
            {
                ones[bit] += (int)((r >> bit) & 1);
            }
        }

        // Binomial(n, 1/2): standard deviation √n/2 = 100; five of them.
        Assert.All(ones, count => Assert.InRange(count, (n / 2) - 500, (n / 2) + 500));
    }

    [Fact]
    public void Gaussian_variates_have_the_moments_and_spread_of_a_standard_normal()
    {
        const int n = 200_000;
        var generator = new Xoshiro256(12345);
        var values = new double[n];
        var withinOne = 0;
        var withinTwo = 0;
        for (var i = 0; i < n; i++)
        {
            values[i] = generator.NextGaussian();
            withinOne += Math.Abs(values[i]) < 1 ? 1 : 0;
            withinTwo += Math.Abs(values[i]) < 2 ? 1 : 0;
        }

        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (n - 1);
        var skewness = values.Sum(v => Math.Pow(v - mean, 3)) / n / Math.Pow(variance, 1.5);
        var excessKurtosis = (values.Sum(v => Math.Pow(v - mean, 4)) / n / (variance * variance)) - 3;

        // Five standard errors each: mean 1/√n, variance √(2/n), skewness √(6/n), excess kurtosis √(24/n).
        Assert.InRange(mean, -5 * Math.Sqrt(1.0 / n), 5 * Math.Sqrt(1.0 / n));
        Assert.InRange(variance, 1 - (5 * Math.Sqrt(2.0 / n)), 1 + (5 * Math.Sqrt(2.0 / n)));
        Assert.InRange(skewness, -5 * Math.Sqrt(6.0 / n), 5 * Math.Sqrt(6.0 / n));
        Assert.InRange(excessKurtosis, -5 * Math.Sqrt(24.0 / n), 5 * Math.Sqrt(24.0 / n));

        // Python: NormalDist().cdf(k) − NormalDist().cdf(−k) for k = 1, 2; binomial standard errors.
        AssertFraction(withinOne, n, 0.6826894921370859);
        AssertFraction(withinTwo, n, 0.9544997361036416);

        static void AssertFraction(int count, int n, double p)
        {
            var se = Math.Sqrt(p * (1 - p) / n);
            Assert.InRange((double)count / n, p - (5 * se), p + (5 * se));
        }
    }
}
