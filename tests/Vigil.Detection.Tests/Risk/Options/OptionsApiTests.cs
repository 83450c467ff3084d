using System.Text.Json;
using System.Text.Json.Serialization;
using Vigil.Detection.Risk.Options;

namespace Vigil.Detection.Tests.Risk.Options;

public class OptionsApiTests
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    [Fact]
    public void Price_request_from_json_gives_the_issue_example()
    {
        var request = JsonSerializer.Deserialize<OptionPriceRequest>(
            """{"type":"Call","forward":100,"strike":100,"expiryYears":0.5,"riskFreeRate":0.05,"volatility":0.2}""", Json)!;

        var response = request.Evaluate();

        Assert.Empty(request.Validate());
        Assert.Equal(5.4980, response.Price, 4);
        Assert.Equal(0.5151, response.Delta, 4);
        Assert.Equal(0.2744, response.VegaPerVolPoint, 4);
        Assert.Equal(response.ThetaPerYear / 365, response.ThetaPerDay, 15);
        Assert.Contains("\"thetaPerDay\"", JsonSerializer.Serialize(response, Json), StringComparison.Ordinal);
    }

    [Fact]
    public void Price_request_lists_every_problem()
    {
        var request = new OptionPriceRequest((OptionType)4, 0, double.NaN, -1, 2, -0.1);

        var problems = request.Validate();

        Assert.Equal(6, problems.Count);
        var error = Assert.Throws<ArgumentException>(request.Evaluate);
        Assert.Contains("Forward", error.Message, StringComparison.Ordinal);
        Assert.Contains("Volatility", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Implied_vol_request_round_trips_and_reports_failures_without_nan()
    {
        var ok = new ImpliedVolatilityRequest(OptionType.Put, 100, 100, 0.5, 0.05, 5.498014870607143).Evaluate();
        var below = new ImpliedVolatilityRequest(OptionType.Put, 90, 100, 0.5, 0.05, 1).Evaluate();

        Assert.True(ok.Converged);
        Assert.Equal(0.2, ok.Volatility!.Value, 12);
        Assert.Equal(ImpliedVolatilityStatus.BelowIntrinsic, below.Status);
        Assert.Null(below.Volatility);
        var json = JsonSerializer.Serialize(below, Json);
        Assert.Contains("\"status\":\"BelowIntrinsic\"", json, StringComparison.Ordinal);
        Assert.Contains("\"volatility\":null", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Implied_vol_request_lists_every_problem()
    {
        var request = new ImpliedVolatilityRequest(OptionType.Call, -1, 100, 1, 0, -2, LowerVolatility: 0, MaxIterations: 0);

        Assert.Equal(4, request.Validate().Count);
        Assert.Throws<ArgumentException>(request.Evaluate);
    }

    [Fact]
    public void Scenarios_request_checks_the_book_and_the_ids()
    {
        var request = new OptionsScenariosRequest(
            new OptionsBookOptions([new("X", "SPX", OptionType.Call, 100, -1, 1, 0.2, 1, 1)]),
            ["lehman2008", "dotcom2000"]);

        var problems = request.Validate(["lehman2008", "covid2020"]);

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Book.Positions[0].Strike", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("dotcom2000", StringComparison.Ordinal));
        Assert.Empty(new OptionsScenariosRequest(null, ["COVID2020"]).Validate(["lehman2008", "covid2020"]));
    }
}
