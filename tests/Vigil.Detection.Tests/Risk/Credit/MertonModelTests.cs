using System.Runtime.CompilerServices;
using System.Text.Json;
using Vigil.Detection.Risk.Credit;

namespace Vigil.Detection.Tests.Risk.Credit;

public sealed class MertonModelTests
{
    public static TheoryData<int> QuantLibCases()
    {
        var data = new TheoryData<int>();
        var count = Fixture().RootElement.GetProperty("cases").GetArrayLength();
        for (var i = 0; i < count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(QuantLibCases))]
    public void Equity_priced_as_a_call_matches_QuantLib(int index)
    {
        var c = Case(index);

        Assert.Equal(c.GetProperty("equity_value").GetDouble(), MertonModel.EquityValue(c.Num("asset_value"), c.Num("asset_volatility"), c.Num("default_point"), c.Num("risk_free_rate"), c.Num("horizon_years")), 1e-9 * c.Num("asset_value"));
        Assert.Equal(c.Num("equity_volatility"), MertonModel.EquityVolatility(c.Num("asset_value"), c.Num("asset_volatility"), c.Num("default_point"), c.Num("risk_free_rate"), c.Num("horizon_years")), 1e-9);
    }

    [Theory]
    [MemberData(nameof(QuantLibCases))]
    public void Solver_recovers_QuantLib_asset_value_and_volatility_from_equity(int index)
    {
        var c = Case(index);

        var solution = MertonModel.Solve(c.Num("equity_value"), c.Num("equity_volatility"), c.Num("default_point"), c.Num("risk_free_rate"), c.Num("horizon_years"));

        Assert.Equal(MertonSolveStatus.Converged, solution.Status);
        Assert.Null(solution.Failure);
        Assert.Equal(c.Num("asset_value"), solution.AssetValue, 1e-7 * c.Num("asset_value"));
        Assert.Equal(c.Num("asset_volatility"), solution.AssetVolatility, 1e-7);
    }

    [Theory]
    [MemberData(nameof(QuantLibCases))]
    public void Bracketed_fallback_alone_recovers_QuantLib_asset_value_and_volatility(int index)
    {
        var c = Case(index);

        var solution = MertonModel.SolveByBisection(c.Num("equity_value"), c.Num("equity_volatility"), c.Num("default_point"), c.Num("risk_free_rate"), c.Num("horizon_years"));

        Assert.Equal(MertonSolveStatus.ConvergedByFallback, solution.Status);
        Assert.Equal(c.Num("asset_value"), solution.AssetValue, 1e-7 * c.Num("asset_value"));
        Assert.Equal(c.Num("asset_volatility"), solution.AssetVolatility, 1e-7);
    }

    [Fact]
    public void An_unconverged_solution_says_why()
    {
        var solution = new MertonSolution(100, 0.1, MertonSolveStatus.NotConverged, 250, 0.02);

        Assert.False(solution.Converged);
        Assert.Contains("250 iterations", solution.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Kmv_iteration_recovers_the_asset_volatility_of_a_QuantLib_priced_path()
    {
        var kmv = Fixture().RootElement.GetProperty("kmv");
        var equity = kmv.GetProperty("equity_values").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var assets = kmv.GetProperty("asset_values").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var scratch = new double[equity.Length];

        var result = MertonModel.SolveKmv(equity, [kmv.Num("default_point")], kmv.Num("risk_free_rate"), kmv.Num("horizon_years"), scratch);

        Assert.True(result.Converged);
        Assert.InRange(result.Iterations, 2, 50);
        // The equity is an exact function of V at the true σ_V, so the fixed point is the path's realised volatility.
        Assert.Equal(kmv.Num("realised_asset_volatility"), result.AssetVolatility, 1e-5);
        Assert.InRange(result.AssetVolatility, kmv.Num("true_asset_volatility") * 0.85, kmv.Num("true_asset_volatility") * 1.15);
        Assert.Equal(assets[^1], result.AssetValue, 1e-3);
        for (var t = 0; t < assets.Length; t += 50)
        {
            Assert.Equal(assets[t], scratch[t], 1e-3);
        }
    }

    [Fact]
    public void Kmv_iteration_moves_away_from_the_naive_starting_asset_volatility()
    {
        // A naive σ_V = σ_E·E/(E + D) start is not the answer; the iteration must move away from it.
        var kmv = Fixture().RootElement.GetProperty("kmv");
        var equity = kmv.GetProperty("equity_values").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var sigmaE = MertonModel.AnnualisedLogVolatility(equity, 252, out _);
        var naive = sigmaE * equity[^1] / (equity[^1] + kmv.Num("default_point"));

        var result = MertonModel.SolveKmv(equity, [kmv.Num("default_point")], kmv.Num("risk_free_rate"), kmv.Num("horizon_years"), new double[equity.Length]);

        Assert.True(Math.Abs(result.AssetVolatility - naive) > 1e-3);
        Assert.True(result.Iterations > 1);
    }

    [Fact]
    public void Distance_to_default_falls_and_default_probability_rises_with_leverage()
    {
        var previousDd = double.PositiveInfinity;
        var previousPd = 0.0;
        foreach (var debt in new[] { 50.0, 70.0, 85.0, 90.0, 95.0, 99.0 })
        {
            var equity = MertonModel.EquityValue(100, 0.05, debt, 0.03, 1);
            var sigmaE = MertonModel.EquityVolatility(100, 0.05, debt, 0.03, 1);
            var solution = MertonModel.Solve(equity, sigmaE, debt, 0.03);
            var dd = MertonModel.DistanceToDefault(solution.AssetValue, solution.AssetVolatility, debt, 0.03, 1);
            var pd = MertonModel.ProbabilityOfDefault(dd);

            Assert.True(dd < previousDd, $"DD at debt {debt} is {dd}, not below {previousDd}");
            Assert.True(pd > previousPd, $"PD at debt {debt} is {pd}, not above {previousPd}");
            previousDd = dd;
            previousPd = pd;
        }
    }

    [Fact]
    public void Distance_to_default_matches_the_formula_by_hand()
    {
        // ln(100/90) = 0.1053605; (0.03 − 0.05²/2)·1 = 0.02875; (0.1053605 + 0.02875) / 0.05 = 2.682210; N(−2.682210) = 0.0036569.
        var dd = MertonModel.DistanceToDefault(100, 0.05, 90, 0.03, 1);

        Assert.Equal(2.682210, dd, 6);
        Assert.Equal(0.0036569, MertonModel.ProbabilityOfDefault(dd), 7);
    }

    [Fact]
    public void Solver_converges_for_very_high_and_very_low_leverage()
    {
        foreach (var (v, s, d) in new[] { (100.0, 0.02, 99.5), (100.0, 0.6, 5.0), (1e6, 0.03, 9.7e5), (10.0, 1.5, 9.0) })
        {
            var e = MertonModel.EquityValue(v, s, d, 0.02, 1);
            var sigmaE = MertonModel.EquityVolatility(v, s, d, 0.02, 1);

            var solution = MertonModel.Solve(e, sigmaE, d, 0.02);

            Assert.True(solution.Converged, solution.Failure);
            Assert.Equal(v, solution.AssetValue, 1e-6 * v);
            Assert.Equal(s, solution.AssetVolatility, 1e-6);
        }
    }

    [Fact]
    public void Implied_asset_value_inverts_the_call()
    {
        var e = MertonModel.EquityValue(250, 0.12, 200, 0.04, 1);

        Assert.Equal(250, MertonModel.ImpliedAssetValue(e, 0.12, 200, 0.04, 1), 1e-9);
    }

    [Theory]
    [InlineData(0.0, 0.3, 90.0, 1.0, "equityValue")]
    [InlineData(10.0, -0.3, 90.0, 1.0, "equityVolatility")]
    [InlineData(10.0, 0.3, double.NaN, 1.0, "defaultPoint")]
    [InlineData(10.0, 0.3, 90.0, 0.0, "horizonYears")]
    public void Solve_rejects_invalid_arguments_naming_them(double e, double sigmaE, double d, double t, string name)
    {
        var error = Assert.Throws<ArgumentException>(() => MertonModel.Solve(e, sigmaE, d, 0.03, t));

        Assert.Equal(name, error.ParamName);
    }

    [Fact]
    public void Kmv_rejects_a_mismatched_default_point_span_and_non_positive_equity()
    {
        Assert.Throws<ArgumentException>(() => MertonModel.SolveKmv([10, 11, 12, 13], [90, 90], 0.03, 1, new double[4]));
        Assert.Throws<ArgumentException>(() => MertonModel.SolveKmv([10, 0, 12, 13], [90], 0.03, 1, new double[4]));
        Assert.Throws<ArgumentException>(() => MertonModel.SolveKmv([10, 11], [90], 0.03, 1, new double[4]));
    }

    private static JsonElement Case(int index) => Fixture().RootElement.GetProperty("cases")[index];

    private static JsonDocument Fixture([CallerFilePath] string callerPath = "") =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(callerPath)!, "Fixtures", "merton_quantlib.json")));
}

internal static class JsonNumbers
{
    public static double Num(this JsonElement element, string name) => element.GetProperty(name).GetDouble();
}
