using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Vigil.Server.Options;

namespace Vigil.Server.Api;

/// <summary>
/// Source-generated JSON metadata for every API type, in snake_case. It sits first in the HTTP JSON options'
/// resolver chain, so responses serialize without reflection; enums are written as lower-case strings by the
/// options' converter, severities in upper case by <see cref="SeverityJsonConverter"/>.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(StatusResponse))]
[JsonSerializable(typeof(InstrumentResponse))]
[JsonSerializable(typeof(InstrumentResponse[]))]
[JsonSerializable(typeof(LatestScoresResponse))]
[JsonSerializable(typeof(PageResponse<PricePoint>))]
[JsonSerializable(typeof(PageResponse<ScorePoint>))]
[JsonSerializable(typeof(PageResponse<WarningSummaryResponse>))]
[JsonSerializable(typeof(WarningDetailResponse))]
[JsonSerializable(typeof(PipelineResponse))]
[JsonSerializable(typeof(PresetResponse[]))]
[JsonSerializable(typeof(ActivationResponse))]
[JsonSerializable(typeof(StressStateResponse))]
[JsonSerializable(typeof(StressRequest))]
[JsonSerializable(typeof(SpeedRequest))]
[JsonSerializable(typeof(SpeedResponse))]
[JsonSerializable(typeof(VigilOptions))]
[JsonSerializable(typeof(ModelsResponse))]
[JsonSerializable(typeof(Vigil.Detection.Models.ModelMetadata))]
[JsonSerializable(typeof(Vigil.Server.Live.RiskSummary))]
[JsonSerializable(typeof(CissResponse))]
[JsonSerializable(typeof(CorrelationStructureResponse))]
[JsonSerializable(typeof(VarResponse))]
[JsonSerializable(typeof(MertonResponse))]
[JsonSerializable(typeof(SriskResponse))]
[JsonSerializable(typeof(AutoencoderResponse))]
[JsonSerializable(typeof(OptionsBookResponse))]
[JsonSerializable(typeof(Vigil.Detection.Risk.Options.OptionPriceRequest))]
[JsonSerializable(typeof(Vigil.Detection.Risk.Options.OptionPriceResponse))]
[JsonSerializable(typeof(Vigil.Detection.Risk.Options.ImpliedVolatilityRequest))]
[JsonSerializable(typeof(Vigil.Detection.Risk.Options.ImpliedVolatilityResponse))]
[JsonSerializable(typeof(Vigil.Detection.Risk.Options.OptionsScenariosRequest))]
[JsonSerializable(typeof(Vigil.Detection.Risk.Options.OptionsScenariosResponse))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(WarningSummaryResponse[]))]
[JsonSerializable(typeof(WarningStatusRequest))]
[JsonSerializable(typeof(WarningStatusSummaryResponse))]
[JsonSerializable(typeof(PatternResponse[]))]
[JsonSerializable(typeof(PatternResponse))]
[JsonSerializable(typeof(CreateRunRequest))]
[JsonSerializable(typeof(KillAllRequest))]
[JsonSerializable(typeof(RunResponse))]
[JsonSerializable(typeof(RunResponse[]))]
[JsonSerializable(typeof(RunStateResponse))]
[JsonSerializable(typeof(RunChangeResponse))]
[JsonSerializable(typeof(RunChangePage))]
[JsonSerializable(typeof(KillAllResponse))]
[JsonSerializable(typeof(RunWebhookPayload))]
[JsonSerializable(typeof(SignalsRequest))]
[JsonSerializable(typeof(SignalsAcceptedResponse))]
[JsonSerializable(typeof(SignalsResponse))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
