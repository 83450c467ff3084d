using System.Runtime.CompilerServices;
using System.Text.Json;
using Vigil.Core.Numerics;
using Vigil.Detection.CrossAsset;

namespace Vigil.Detection.Tests.CrossAsset;

/// <summary>Data sets and helpers shared by the Isolation Forest tests.</summary>
internal static class ForestTestData
{
    /// <summary>Names like the engine's state vector: per instrument return, volatility, z-score, volume ratio.</summary>
    public static FeatureSchema StateVectorSchema(int instruments, int version = 1)
    {
        string[] symbols = ["SPX", "NDX", "SX5E", "NKY", "EURUSD", "USDJPY", "GBPUSD", "UST2Y", "UST10Y", "BUND10Y",
            "IG_CDX", "HY_CDX", "VIX", "MOVE", "GOLD", "WTI", "BTC", "XLF"];
        var names = new List<string>();
        for (var i = 0; i < instruments; i++)
        {
            var symbol = symbols[i];
            names.Add(symbol + ".return");
            names.Add(symbol + ".volatility");
            names.Add(symbol + ".zscore");
            names.Add(symbol + ".volume_ratio");
        }

        return new FeatureSchema(names, version);
    }

    /// <summary>Names f0, f1, ... .</summary>
    public static FeatureSchema Plain(int features)
    {
        var names = new string[features];
        for (var i = 0; i < features; i++)
        {
            names[i] = "f" + i;
        }

        return new FeatureSchema(names);
    }

    /// <summary>Independent standard normal rows, row-major.</summary>
    public static double[] GaussianRows(int rows, int features, ulong seed)
    {
        var random = new Xoshiro256(seed);
        var data = new double[rows * features];
        for (var k = 0; k < data.Length; k++)
        {
            data[k] = random.NextGaussian();
        }

        return data;
    }

    /// <summary>Rows of two unit-variance features with correlation <paramref name="rho"/>, row-major.</summary>
    public static double[] CorrelatedPairs(int rows, double rho, ulong seed)
    {
        var random = new Xoshiro256(seed);
        var data = new double[rows * 2];
        var orthogonal = Math.Sqrt(1 - (rho * rho));
        for (var r = 0; r < rows; r++)
        {
            var a = random.NextGaussian();
            var b = random.NextGaussian();
            data[2 * r] = a;
            data[(2 * r) + 1] = (rho * a) + (orthogonal * b);
        }

        return data;
    }

    /// <summary>The scikit-learn fixture written by scripts/iforest_reference.py.</summary>
    public static JsonDocument SklearnFixture([CallerFilePath] string callerPath = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(callerPath)!, "Fixtures", "iforest_sklearn.json");
        return JsonDocument.Parse(File.ReadAllBytes(path));
    }

    /// <summary>Spearman rank correlation (average ranks for ties).</summary>
    public static double Spearman(double[] a, double[] b)
    {
        var ra = Ranks(a);
        var rb = Ranks(b);
        var n = a.Length;
        double meanA = 0, meanB = 0;
        for (var i = 0; i < n; i++)
        {
            meanA += ra[i];
            meanB += rb[i];
        }

        meanA /= n;
        meanB /= n;
        double cov = 0, varA = 0, varB = 0;
        for (var i = 0; i < n; i++)
        {
            cov += (ra[i] - meanA) * (rb[i] - meanB);
            varA += (ra[i] - meanA) * (ra[i] - meanA);
            varB += (rb[i] - meanB) * (rb[i] - meanB);
        }

        return cov / Math.Sqrt(varA * varB);
    }

    /// <summary>Indices of the <paramref name="k"/> largest values.</summary>
    public static HashSet<int> TopK(double[] values, int k)
    {
        var order = new int[values.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (x, y) => values[y].CompareTo(values[x]));
        return [.. order.AsSpan(0, k).ToArray()];
    }

    /// <summary>The 64-bit FNV-1a hash, written out independently of the library's.</summary>
    public static ulong Fnv1a(ReadOnlySpan<byte> bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }

        return hash;
    }

    private static double[] Ranks(double[] values)
    {
        var order = new int[values.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (x, y) => values[x].CompareTo(values[y]));
        var ranks = new double[values.Length];
        var start = 0;
        while (start < order.Length)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
            {
                end++;
            }

            var rank = (start + end) / 2.0;
            for (var i = start; i <= end; i++)
            {
                ranks[order[i]] = rank;
            }

            start = end + 1;
        }

        return ranks;
    }
}
