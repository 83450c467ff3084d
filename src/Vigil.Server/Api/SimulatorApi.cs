using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Vigil.Core.Instruments;
using Vigil.Engine.Simulation;
using Vigil.Server.Live;

namespace Vigil.Server.Api;

/// <summary>Control of the simulated market: crisis presets, custom stress, speed.</summary>
internal static class SimulatorApi
{
    /// <summary>The id custom stresses play under.</summary>
    public const string CustomId = "custom";

    private const string SpeedNames = "slow, normal, fast or turbo";

    public static RouteGroupBuilder MapSimulatorApi(this RouteGroupBuilder api)
    {
        var simulator = api.MapGroup(string.Empty).WithTags("Simulator");
        simulator.MapGet("/presets", GetPresets).WithName("GetPresets").WithSummary("The crisis presets the simulator can play.");
        simulator.MapPost("/presets/{id}/activate", ActivatePreset).WithName("ActivatePreset").WithSummary("Plays a crisis preset from now.");
        simulator.MapGet("/stress", GetStress).WithName("GetStress").WithSummary("The stress scenario playing, if any, and its phase.");
        simulator.MapPost("/stress", ActivateStress).WithName("ActivateStress").WithSummary("Plays a custom stress from now.");
        simulator.MapPost("/stress/deactivate", Deactivate).WithName("DeactivateStress").WithSummary("Ends the stress playing; the market recovers to its baseline.");
        simulator.MapGet("/speed", GetSpeed).WithName("GetSpeed").WithSummary("The simulator's speed mode and tick rate.");
        simulator.MapPut("/speed", SetSpeed).WithName("SetSpeed").WithSummary("Changes the simulator's speed: slow (2 Hz), normal (4 Hz), fast (10 Hz) or turbo (25 Hz).");
        return api;
    }

    /// <summary>Every crisis preset.</summary>
    internal static Ok<PresetResponse[]> GetPresets() =>
        TypedResults.Ok(CrisisPresets.All.Select(PresetResponse.From).ToArray());

    /// <summary>Plays a preset from the next tick.</summary>
    /// <param name="id">The preset's id, for example <c>lehman2008</c> (any case).</param>
    /// <param name="control">The simulator's controls.</param>
    internal static Results<Accepted<ActivationResponse>, NotFoundProblem, ValidationProblem> ActivatePreset(string id, SimulatorControl control)
    {
        var errors = new ApiErrors();
        if (!ApiParse.Id(id, "id", errors))
        {
            return errors.ToProblem();
        }

        var scenario = control.ActivatePreset(id);
        if (scenario is null)
        {
            return ApiProblems.NotFound($"No crisis preset has the id '{ApiParse.Shorten(id)}'. Presets: {string.Join(", ", CrisisPresets.Ids)}.");
        }

        return TypedResults.Accepted("/api/v1/stress", ActivationResponse.Starting(scenario));
    }

    /// <summary>The scenario playing.</summary>
    internal static Ok<StressStateResponse> GetStress(SimulatorControl control)
    {
        var simulator = control.Simulator;
        var scenario = simulator.ActiveScenario;
        return TypedResults.Ok(new StressStateResponse(scenario is not null, scenario?.Id, scenario?.Name, simulator.Phase, simulator.StressIntensity));
    }

    /// <summary>Plays a custom stress from the next tick.</summary>
    /// <param name="request">The stress; every bad field is reported at once.</param>
    /// <param name="control">The simulator's controls.</param>
    internal static Results<Accepted<ActivationResponse>, ValidationProblem> ActivateStress(StressRequest request, SimulatorControl control)
    {
        var errors = new ApiErrors();
        var scenario = request.ToScenario(control.Simulator.Registry, errors);
        if (scenario is null)
        {
            return errors.ToProblem();
        }

        try
        {
            control.ActivateCustom(scenario);
        }
        catch (ArgumentException e)
        {
            // The simulator checks what the request cannot see (its instruments' processes); its message lists every problem.
            return ApiErrors.Single("body", e.Message);
        }

        return TypedResults.Accepted("/api/v1/stress", ActivationResponse.Starting(scenario));
    }

    /// <summary>Ends the scenario playing, if any.</summary>
    internal static Accepted<StressStateResponse> Deactivate(SimulatorControl control)
    {
        var simulator = control.Simulator;
        var scenario = simulator.ActiveScenario;
        control.Deactivate();
        var phase = scenario is null ? StressPhase.None : StressPhase.Recovery;
        return TypedResults.Accepted("/api/v1/stress", new StressStateResponse(scenario is not null, scenario?.Id, scenario?.Name, phase, simulator.StressIntensity));
    }

    /// <summary>The current speed.</summary>
    internal static Ok<SpeedResponse> GetSpeed(SimulatorControl control) => TypedResults.Ok(SpeedResponse.Of(control));

    /// <summary>Changes the speed.</summary>
    /// <param name="request">The new speed.</param>
    /// <param name="control">The simulator's controls.</param>
    internal static Results<Ok<SpeedResponse>, ValidationProblem> SetSpeed(SpeedRequest request, SimulatorControl control)
    {
        if (string.IsNullOrWhiteSpace(request.Speed))
        {
            return ApiErrors.Single("speed", $"is required: {SpeedNames}");
        }

        if (!Enum.TryParse<SimulatorSpeed>(request.Speed.Trim(), ignoreCase: true, out var speed)
            || !Enum.IsDefined(speed)
            || char.IsAsciiDigit(request.Speed.Trim()[0]))
        {
            return ApiErrors.Single("speed", $"must be {SpeedNames} (was '{ApiParse.Shorten(request.Speed)}')");
        }

        control.SetSpeed(speed);
        return TypedResults.Ok(SpeedResponse.Of(control));
    }
}

/// <summary>A crisis preset.</summary>
/// <param name="Id">Its id, for example <c>lehman2008</c>.</param>
/// <param name="Name">Its name, for example <c>Lehman 2008</c>.</param>
/// <param name="Description">What it models and the history it is grounded in.</param>
/// <param name="OnsetSeconds">Event seconds over which stress builds.</param>
/// <param name="DurationSeconds">Event seconds the peak holds.</param>
/// <param name="RecoverySeconds">Event seconds over which the market returns to its baseline.</param>
public sealed record PresetResponse(string Id, string Name, string Description, double OnsetSeconds, double DurationSeconds, double RecoverySeconds)
{
    internal static PresetResponse From(StressScenario s) =>
        new(s.Id, s.Name, s.Description, s.OnsetDuration.TotalSeconds, s.Duration.TotalSeconds, s.RecoveryDuration.TotalSeconds);
}

/// <summary>A stress accepted for play; it starts at the simulator's next tick.</summary>
/// <param name="Id">The scenario's id (<c>custom</c> for a custom stress).</param>
/// <param name="Name">Its name.</param>
/// <param name="Phase">The phase it starts in: <c>onset</c>, or <c>peak</c> when it has no onset.</param>
public sealed record ActivationResponse(string Id, string Name, StressPhase Phase)
{
    internal static ActivationResponse Starting(StressScenario s) =>
        new(s.Id, s.Name, s.OnsetDuration > TimeSpan.Zero ? StressPhase.Onset : StressPhase.Peak);
}

/// <summary>The stress the simulator is playing.</summary>
/// <param name="Active">Whether a scenario is in effect (through its recovery).</param>
/// <param name="Id">Its id, or null.</param>
/// <param name="Name">Its name, or null.</param>
/// <param name="Phase"><c>none</c>, <c>onset</c>, <c>peak</c> or <c>recovery</c>.</param>
/// <param name="Intensity">How far the market is from its baseline towards the scenario's peak, in [0, 1].</param>
public sealed record StressStateResponse(bool Active, string? Id, string? Name, StressPhase Phase, double Intensity);

/// <summary>The simulator's speed.</summary>
/// <param name="Speed"><c>slow</c>, <c>normal</c>, <c>fast</c> or <c>turbo</c>.</param>
/// <param name="TickRateHz">Market snapshots per second: 2, 4, 10 or 25.</param>
public sealed record SpeedResponse(SimulatorSpeed Speed, double TickRateHz)
{
    internal static SpeedResponse Of(SimulatorControl control) => new(control.Speed, control.TickRateHz);
}

/// <summary>A new speed.</summary>
/// <param name="Speed"><c>slow</c> (2 Hz), <c>normal</c> (4 Hz), <c>fast</c> (10 Hz) or <c>turbo</c> (25 Hz).</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SpeedRequest(string? Speed);

/// <summary>
/// A custom stress. Every field but <c>name</c> is optional: without it the market keeps its calm value. Moves are
/// for the whole onset and peak; durations are event seconds.
/// </summary>
/// <param name="Name">A display name; 1 to 100 characters.</param>
/// <param name="VolatilityMultiplier">Peak volatility over calm volatility, in (0, 100]; default 1.</param>
/// <param name="CorrelationShift">How far correlations move towards the crisis matrix, in [0, 1]; default 0.</param>
/// <param name="SegmentMoves">Total move per stress segment (<c>equity</c>, <c>bonds</c>, <c>money_market</c>, <c>financial_intermediaries</c>, <c>fx</c>, <c>volatility</c>, <c>credit</c>, <c>commodities</c>, <c>crypto</c>): a fraction for prices (−0.2 is a 20% fall; above −1), a change in units for levels.</param>
/// <param name="JumpIntensityPerMinute">Market-wide jumps per event minute at the peak, in [0, 600]; default 0.</param>
/// <param name="VolumeMultiplier">Peak volume over calm volume, in (0, 100]; default 1.</param>
/// <param name="OnsetSeconds">Event seconds over which stress builds; default 30.</param>
/// <param name="DurationSeconds">Event seconds the peak holds; default 120. Onset plus peak must be positive.</param>
/// <param name="RecoverySeconds">Event seconds over which the market recovers; default 60.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record StressRequest(
    string? Name,
    double? VolatilityMultiplier = null,
    double? CorrelationShift = null,
    IReadOnlyDictionary<string, double>? SegmentMoves = null,
    double? JumpIntensityPerMinute = null,
    double? VolumeMultiplier = null,
    double? OnsetSeconds = null,
    double? DurationSeconds = null,
    double? RecoverySeconds = null)
{
    private const double MaxSeconds = 30 * 24 * 3600;

    /// <summary>The scenario, or null with every problem recorded in <paramref name="errors"/>.</summary>
    internal StressScenario? ToScenario(InstrumentRegistry registry, ApiErrors errors)
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add("name", "is required");
        }
        else if (Name.Length > 100)
        {
            errors.Add("name", $"must be at most 100 characters (was {Name.Length})");
        }

        var volatility = Check(VolatilityMultiplier, 1.0, "volatility_multiplier", v => v > 0 && v <= StressScenario.MaxMultiplier, "must be greater than 0 and at most 100", errors);
        var correlation = Check(CorrelationShift, 0.0, "correlation_shift", v => v is >= 0 and <= 1, "must be between 0 and 1", errors);
        var jumps = Check(JumpIntensityPerMinute, 0.0, "jump_intensity_per_minute", v => v is >= 0 and <= 600, "must be between 0 and 600", errors);
        var volume = Check(VolumeMultiplier, 1.0, "volume_multiplier", v => v > 0 && v <= StressScenario.MaxMultiplier, "must be greater than 0 and at most 100", errors);
        var onset = Check(OnsetSeconds, 30.0, "onset_seconds", v => v is >= 0 and <= MaxSeconds, "must be between 0 and 2592000 (30 days)", errors);
        var duration = Check(DurationSeconds, 120.0, "duration_seconds", v => v is >= 0 and <= MaxSeconds, "must be between 0 and 2592000 (30 days)", errors);
        var recovery = Check(RecoverySeconds, 60.0, "recovery_seconds", v => v is >= 0 and <= MaxSeconds, "must be between 0 and 2592000 (30 days)", errors);
        if (onset + duration <= 0 && OnsetSeconds is not null && DurationSeconds is not null)
        {
            errors.Add("duration_seconds", "onset_seconds plus duration_seconds must be positive");
        }

        var moves = new Dictionary<StressSegment, double>();
        foreach (var (key, move) in SegmentMoves ?? new Dictionary<string, double>())
        {
            var field = $"segment_moves.{key}";
            if (!TryParseSegment(key, out var segment))
            {
                errors.Add(field, $"is not a stress segment; segments: {string.Join(", ", SegmentNames())}");
                continue;
            }

            if (!double.IsFinite(move))
            {
                errors.Add(field, "must be a finite number");
                continue;
            }

            var prices = registry.All.Where(i => i.Segment == segment && i.ValueKind == ValueKind.Price).Select(i => i.Symbol).ToArray();
            if (move <= -1 && prices.Length > 0)
            {
                errors.Add(field, $"must be above -1 (a 100% fall), as {string.Join(", ", prices)} are prices (was {move})");
                continue;
            }

            if (!moves.TryAdd(segment, move))
            {
                errors.Add(field, "names a segment given twice");
            }
        }

        if (errors.Any)
        {
            return null;
        }

        return new StressScenario
        {
            Id = SimulatorApi.CustomId,
            Name = Name!.Trim(),
            Description = "A custom stress set through the API.",
            VolatilityMultiplier = volatility,
            CorrelationShift = correlation,
            SegmentMoves = moves.AsReadOnly(),
            JumpIntensityPerMinute = jumps,
            MeanJumpSizeDailySigmas = jumps > 0 ? 2.0 : 0.0,
            VolumeMultiplier = volume,
            OnsetDuration = TimeSpan.FromSeconds(onset),
            Duration = TimeSpan.FromSeconds(duration),
            RecoveryDuration = TimeSpan.FromSeconds(recovery),
        };
    }

    private static double Check(double? value, double fallback, string field, Func<double, bool> valid, string reason, ApiErrors errors)
    {
        if (value is not { } v)
        {
            return fallback;
        }

        if (!double.IsFinite(v) || !valid(v))
        {
            errors.Add(field, $"{reason} (was {v})");
            return fallback;
        }

        return v;
    }

    private static bool TryParseSegment(string key, out StressSegment segment)
    {
        var compact = key.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        return Enum.TryParse(compact, ignoreCase: true, out segment)
            && segment != StressSegment.None
            && Enum.IsDefined(segment)
            && !char.IsAsciiDigit(compact.FirstOrDefault());
    }

    private static IEnumerable<string> SegmentNames() =>
        Enum.GetValues<StressSegment>().Where(s => s != StressSegment.None).Select(s => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(s.ToString()));
}
