using System.Globalization;
using Vigil.Detection.Risk;
using Vigil.Engine.Pipeline;

namespace Vigil.Cli;

/// <summary>The CISS reading at the end of a run: the index in [0, 1] and the segment contributing most to it.</summary>
/// <param name="Status">"ready", "warming up".</param>
/// <param name="Index">The CISS in [0, 1]; null until ready.</param>
/// <param name="TopSegment">The included segment with the largest contribution; null until ready.</param>
/// <param name="TopContribution">That segment's share of the index, in [0, 1]; null until ready.</param>
internal sealed record CissSummaryJson(string Status, double? Index, string? TopSegment, double? TopContribution);

/// <summary>The absorption ratio at the end of a run.</summary>
/// <param name="Status">"ready", "warming up" or why it is absent.</param>
/// <param name="Ratio">The share of variance the leading eigenvectors absorb, in [0, 1].</param>
/// <param name="Shift">The standardised shift of the short average from the long one (higher = more fragile).</param>
internal sealed record AbsorptionSummaryJson(string Status, double? Ratio, double? Shift);

/// <summary>The turbulence index at the end of a run.</summary>
/// <param name="Status">"ready", "warming up" or why it is absent.</param>
/// <param name="Turbulence">The Mahalanobis distance of the step's returns (squared units of standard deviation).</param>
/// <param name="HistoricalPercentile">Its percentile among its own history, in [0, 1].</param>
internal sealed record TurbulenceSummaryJson(string Status, double? Turbulence, double? HistoricalPercentile);

/// <summary>The portfolio's market risk at the end of a run (equal weights, one-step horizon).</summary>
/// <param name="Status">"ready", "warming up".</param>
/// <param name="Var99">The historical 99% VaR of the portfolio's one-step log return, as a positive loss; null until ready.</param>
/// <param name="Regime">The volatility regime: unknown, calm, elevated, turbulent.</param>
/// <param name="TrafficLight">The Basel traffic light of the historical VaR's backtest: green, yellow, red; null without a backtest.</param>
/// <param name="Exceptions">The backtest's exceptions; null without a backtest.</param>
internal sealed record MarketRiskSummaryJson(string Status, double? Var99, string Regime, string? TrafficLight, int? Exceptions);

/// <summary>Merton distance to default and SRISK at the end of a run.</summary>
/// <param name="Status">"ready", "warming up" or why the credit monitor is absent.</param>
/// <param name="MinDistanceToDefault">The smallest distance to default among the institutions (standard deviations).</param>
/// <param name="Weakest">The institution with that distance.</param>
/// <param name="AggregateSrisk">The sum of the positive SRISKs, in the units of the configured liabilities.</param>
internal sealed record CreditSummaryJson(string Status, double? MinDistanceToDefault, string? Weakest, double? AggregateSrisk);

/// <summary>The LSTM autoencoder at the end of a run.</summary>
/// <param name="Status">"ready", "warming up" or "no model".</param>
/// <param name="Model">The registry version scored with ("lstm_autoencoder v0001"), or null without one.</param>
/// <param name="Score">The calibrated score in [0, 1] (the share of calm training windows reconstructed better); null until ready.</param>
/// <param name="ReconstructionError">The latest window's mean squared reconstruction error (standardised units²); null until ready.</param>
/// <param name="Fired">Whether the score is at or above the fire score.</param>
internal sealed record AutoencoderSummaryJson(string Status, string? Model, double? Score, double? ReconstructionError, bool? Fired);

/// <summary>The final readings of the engine's risk models, in a run summary.</summary>
internal sealed record RiskSummaryJson(
    CissSummaryJson Ciss,
    AbsorptionSummaryJson AbsorptionRatio,
    TurbulenceSummaryJson Turbulence,
    MarketRiskSummaryJson MarketRisk,
    CreditSummaryJson Credit,
    AutoencoderSummaryJson Autoencoder);

/// <summary>Reads the risk models' snapshots at the end of a run (on the engine's thread, after it has stopped).</summary>
internal static class RiskSummary
{
    private const string Ready = "ready";
    private const string WarmingUp = "warming up";

    public static RiskSummaryJson From(DetectionEngine engine, string? autoencoderModel)
    {
        var risk = engine.Risk;

        var ciss = risk.Ciss.Snapshot();
        string? topSegment = null;
        double? topContribution = null;
        foreach (var segment in ciss.Segments)
        {
            if (segment is { Included: true, Contribution: { } contribution } && (topContribution is null || contribution > topContribution))
            {
                topSegment = segment.Segment;
                topContribution = contribution;
            }
        }

        var cissJson = new CissSummaryJson(ciss.IsReady ? Ready : WarmingUp, ciss.Index, ciss.IsReady ? topSegment : null, ciss.IsReady ? topContribution : null);

        var absorptionJson = risk.AbsorptionRatio is { } absorption
            ? absorption.Snapshot() is var a && a.IsReady
                ? new AbsorptionSummaryJson(Ready, Finite(a.AbsorptionRatio), Finite(a.Shift))
                : new AbsorptionSummaryJson(WarmingUp, null, null)
            : new AbsorptionSummaryJson("absent: needs at least two series", null, null);

        var turbulenceJson = risk.Turbulence is { } turbulence
            ? turbulence.Snapshot() is var t && t.IsReady
                ? new TurbulenceSummaryJson(Ready, Finite(t.Turbulence), Finite(t.HistoricalPercentile))
                : new TurbulenceSummaryJson(WarmingUp, null, null)
            : new TurbulenceSummaryJson("absent: needs at least two series", null, null);

        var market = risk.MarketRisk.Snapshot();
        double? var99 = null;
        foreach (var level in market.Portfolio.Var)
        {
            if (Math.Abs(level.ConfidenceLevel - 0.99) < 1e-9)
            {
                var99 = Finite(level.Historical);
            }
        }

        string? light = null;
        int? exceptions = null;
        foreach (var backtest in market.Portfolio.Backtests)
        {
            if (backtest.Method == VarMethod.Historical)
            {
                light = backtest.TrafficLight.Zone.ToString().ToLowerInvariant();
                exceptions = backtest.TrafficLight.Exceptions;
            }
        }

        var marketJson = new MarketRiskSummaryJson(
            market.IsReady ? Ready : WarmingUp, market.IsReady ? var99 : null, market.Regime.ToString().ToLowerInvariant(), light, exceptions);

        CreditSummaryJson creditJson;
        if (risk.Credit is { } credit)
        {
            var c = credit.Snapshot();
            creditJson = c.IsReady
                ? new CreditSummaryJson(Ready, c.MinDistanceToDefault, c.Weakest, Finite(c.AggregateSrisk))
                : new CreditSummaryJson(WarmingUp, null, null, null);
        }
        else
        {
            creditJson = new CreditSummaryJson($"absent: {risk.CreditUnavailableReason}", null, null, null);
        }

        AutoencoderSummaryJson autoencoderJson;
        if (risk.Autoencoder is { } autoencoder)
        {
            var e = autoencoder.Snapshot();
            autoencoderJson = e.IsReady
                ? new AutoencoderSummaryJson(Ready, autoencoderModel, Finite(e.Score), Finite(e.ReconstructionError), e.Fired)
                : new AutoencoderSummaryJson(WarmingUp, autoencoderModel, null, null, null);
        }
        else
        {
            autoencoderJson = new AutoencoderSummaryJson("no model", null, null, null, null);
        }

        return new RiskSummaryJson(cissJson, absorptionJson, turbulenceJson, marketJson, creditJson, autoencoderJson);
    }

    /// <summary>One row per model for the summary table: the model's name and its reading, or why there is none.</summary>
    public static IEnumerable<(string Model, string Reading)> Rows(RiskSummaryJson risk)
    {
        var ciss = risk.Ciss;
        yield return ("CISS", ciss.Index is { } index
            ? $"{F(index, "0.000")}" + (ciss.TopSegment is null ? string.Empty : $", top {ciss.TopSegment} ({F(ciss.TopContribution ?? 0, "0%")})")
            : ciss.Status);
        var absorption = risk.AbsorptionRatio;
        yield return ("absorption ratio", absorption.Ratio is { } ratio ? $"{F(ratio, "0.000")}, shift {F(absorption.Shift ?? double.NaN, "+0.00;-0.00")}" : absorption.Status);
        var turbulence = risk.Turbulence;
        yield return ("turbulence", turbulence.Turbulence is { } value ? $"{F(value, "0.00")} (historical percentile {F(turbulence.HistoricalPercentile ?? double.NaN, "0%")})" : turbulence.Status);
        var market = risk.MarketRisk;
        yield return ("portfolio VaR 99%", market.Var99 is { } var99
            ? $"{F(var99, "0.000%")}, {market.Regime}" + (market.TrafficLight is null ? string.Empty : $", {market.TrafficLight} ({market.Exceptions} exceptions)")
            : market.Status);
        var credit = risk.Credit;
        yield return ("credit", credit.MinDistanceToDefault is { } dd
            ? $"min DD {F(dd, "0.00")} ({credit.Weakest}), SRISK {F(credit.AggregateSrisk ?? double.NaN, "N0")}"
            : credit.Status);
        var autoencoder = risk.Autoencoder;
        yield return ("LSTM autoencoder", autoencoder.Score is { } score
            ? $"{F(score, "0.000")} ({autoencoder.Model}, error {F(autoencoder.ReconstructionError ?? double.NaN, "0.000")}{(autoencoder.Fired == true ? ", fired" : string.Empty)})"
            : autoencoder.Model is null ? autoencoder.Status : $"{autoencoder.Status} ({autoencoder.Model})");
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
