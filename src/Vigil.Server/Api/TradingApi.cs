using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Vigil.Engine.Trading;
using Vigil.Engine.Warnings;
using Vigil.Server.Options;
using Vigil.Server.Trading;

namespace Vigil.Server.Api;

/// <summary>
/// Trading runs under <c>/api/v1/runs</c>: registration, the order gateway (<c>/runs/{id}/state</c>), the admin's
/// resume and kill switch, the audit log and its SSE stream.
/// </summary>
internal static class TradingApi
{
    /// <summary>The longest run id or name accepted.</summary>
    public const int MaxIdLength = 128;

    /// <summary>The longest name or kill reason accepted.</summary>
    public const int MaxTextLength = 500;

    /// <summary>Audit events per page at most.</summary>
    public const int MaxAuditPage = 1_000;

    private static readonly byte[] StreamPreamble = ": vigil runs\nretry: 2000\n\n"u8.ToArray();
    private static readonly byte[] KeepAlive = ": keep-alive\n\n"u8.ToArray();

    public static RouteGroupBuilder MapTradingApi(this RouteGroupBuilder api)
    {
        var runs = api.MapGroup("/runs").WithTags("Trading runs");

        // Until the halts are read from the store, no answer about a run can be trusted: fail closed.
        runs.AddEndpointFilter(static async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<TradingService>().IsRestored
                ? await next(context)
                : ApiProblems.Unavailable("Trading runs are not restored from the store yet; retry shortly."));
        runs.MapPost(string.Empty, CreateRun).WithName("CreateRun").WithSummary("Registers a trading run (live or paper).");
        runs.MapGet(string.Empty, GetRuns).WithName("GetRuns").WithSummary("Every trading run.");
        runs.MapGet("/audit", GetAudit).WithName("GetRunAudit").WithSummary("Run state changes after a sequence number, oldest first.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        runs.MapGet("/stream", StreamAsync).WithName("StreamRuns").WithSummary("Run state changes as Server-Sent Events; resumes after Last-Event-ID.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        runs.MapPost("/kill-all", KillAll).WithName("KillAllRuns").WithSummary("The kill switch: halts every run, live and paper (admin).").RequireAdminKey();
        runs.MapGet("/{id}", GetRun).WithName("GetRun").WithSummary("One trading run.");
        runs.MapGet("/{id}/state", GetStateAsync).WithName("GetRunState")
            .WithSummary("The order gateway: what the run may do now (active, reducing or halted). Lock-free, no store access.")
            .Produces<RunStateResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        runs.MapPost("/{id}/resume", Resume).WithName("ResumeRun").WithSummary("Lifts a run's halt (admin).").RequireAdminKey();
        return api;
    }

    internal static async Task<Results<Created<RunResponse>, ValidationProblem, ProblemHttpResult>> CreateRun(
        CreateRunRequest request, TradingService trading, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new ApiErrors();
        var id = request.Id?.Trim();
        if (id is not null && !IsValidId(id))
        {
            errors.Add("id", $"must be 1 to {MaxIdLength} letters, digits, '_', '-', '.' or ':' (was '{ApiParse.Shorten(id)}')");
        }

        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxTextLength)
        {
            errors.Add("name", $"is required, 1 to {MaxTextLength} characters");
        }

        RunMode? mode = request.Mode?.Trim().ToLowerInvariant() switch
        {
            "live" => RunMode.Live,
            "paper" => RunMode.Paper,
            _ => null,
        };
        if (mode is null)
        {
            errors.Add("mode", $"must be live or paper (was '{ApiParse.Shorten(request.Mode ?? "")}')");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        id ??= "run_" + Guid.NewGuid().ToString("N");
        TradingRun run;
        try
        {
            run = trading.Registry.Register(id, name!, mode!.Value, ApiFormat.Nanoseconds(time.GetUtcNow()));
        }
        catch (ArgumentException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Duplicate run id.", detail: $"A run with id '{id}' is already registered.");
        }

        // On disk before the client hears of it; a live run registered during a warning may already be halted.
        await trading.PersistAsync([trading.Registry.Get(id) ?? run], cancellationToken);
        return TypedResults.Created($"{ApiExtensions.Prefix}/runs/{Uri.EscapeDataString(id)}", ToResponse(trading.Registry.Get(id) ?? run));
    }

    internal static Ok<RunResponse[]> GetRuns(TradingService trading) =>
        TypedResults.Ok(trading.Registry.Runs.OrderBy(r => r.CreatedNs).ThenBy(r => r.Id, StringComparer.Ordinal).Select(ToResponse).ToArray());

    internal static Results<Ok<RunResponse>, NotFoundProblem> GetRun(string id, TradingService trading) =>
        trading.Registry.Get(id) is { } run ? TypedResults.Ok(ToResponse(run)) : UnknownRun(id);

    /// <summary>
    /// The gateway: answers from the registry's lock-free state and a body serialized once per run and state, so a
    /// call costs a dictionary lookup and a write.
    /// </summary>
    internal static Task GetStateAsync(HttpContext context, string id, TradingService trading, GatewayBodies bodies)
    {
        var registry = trading.Registry;
        if (!registry.TryGetState(id, out var state))
        {
            return UnknownRun(id).ExecuteAsync(context);
        }

        var body = bodies.For(registry, id, state);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = body.Length;
        response.Headers.CacheControl = "no-store";
        var write = response.BodyWriter.WriteAsync(body, context.RequestAborted);
        return write.IsCompletedSuccessfully ? Task.CompletedTask : write.AsTask();
    }

    internal static async Task<Results<Ok<RunResponse>, NotFoundProblem, ProblemHttpResult>> Resume(
        string id, TradingService trading, TimeProvider time, CancellationToken cancellationToken)
    {
        var registry = trading.Registry;
        if (registry.Get(id) is null)
        {
            return UnknownRun(id);
        }

        var result = registry.Resume(id, AdminKey.Actor, isAdmin: true, ApiFormat.Nanoseconds(time.GetUtcNow()));
        if (!result.Succeeded)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The run is not halted.", detail: result.RefusalReason);
        }

        await trading.PersistAsync([], cancellationToken);
        return TypedResults.Ok(ToResponse(registry.Get(id)!));
    }

    internal static async Task<Results<Ok<KillAllResponse>, ValidationProblem>> KillAll(
        KillAllRequest request, TradingService trading, TimeProvider time, CancellationToken cancellationToken)
    {
        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxTextLength)
        {
            return ApiErrors.Single("reason", $"is required, 1 to {MaxTextLength} characters");
        }

        var halted = trading.Registry.KillAll(AdminKey.Actor, reason, ApiFormat.Nanoseconds(time.GetUtcNow()));
        await trading.PersistAsync([], cancellationToken);
        return TypedResults.Ok(new KillAllResponse(halted, GetRuns(trading).Value!));
    }

    internal static async Task<Results<Ok<RunChangePage>, ValidationProblem>> GetAudit(
        [FromQuery] long? after, [FromQuery] int? limit, TradingService trading, CancellationToken cancellationToken)
    {
        var errors = new ApiErrors();
        if (after is < 0)
        {
            errors.Add("after", $"must be 0 or more (was {after})");
        }

        if (limit is < 1 or > MaxAuditPage)
        {
            errors.Add("limit", $"must be in [1, {MaxAuditPage}] (was {limit})");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var items = await trading.AuditAfterAsync(after ?? 0, limit ?? 100, cancellationToken);
        return TypedResults.Ok(new RunChangePage([.. items.Select(ToResponse)], trading.Registry.LastSequence));
    }

    /// <summary>
    /// Run state changes as Server-Sent Events (<c>id</c> the audit sequence, <c>event: run</c>, the change as
    /// <c>data</c>). With <c>Last-Event-ID</c> (or <c>?last_event_id=</c>) every later change comes first, from the
    /// store and the registry merged, then the live ones, none twice.
    /// </summary>
    internal static async Task<IResult> StreamAsync(HttpContext context, TradingService trading, Microsoft.Extensions.Options.IOptions<VigilOptions> options)
    {
        string? text = context.Request.Headers["Last-Event-ID"];
        var field = "Last-Event-ID";
        if (string.IsNullOrEmpty(text))
        {
            text = context.Request.Query["last_event_id"];
            field = "last_event_id";
        }

        long lastSent = 0;
        if (!string.IsNullOrEmpty(text) && !long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out lastSent))
        {
            return ApiErrors.Single(field, $"must be a non-negative integer event id (was '{ApiParse.Shorten(text)}')");
        }

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        // Subscribed before the backlog is read, so a change made meanwhile waits in the queue rather than being missed.
        var changes = trading.Subscribe();
        var token = context.RequestAborted;
        var body = response.BodyWriter;
        try
        {
            await response.StartAsync(token);
            body.Write(StreamPreamble);
            await body.FlushAsync(token);
            if (!string.IsNullOrEmpty(text))
            {
                while (true)
                {
                    var page = await trading.AuditAfterAsync(lastSent, MaxAuditPage, token);
                    foreach (var change in page)
                    {
                        WriteEvent(body, change);
                        lastSent = change.Sequence;
                    }

                    await body.FlushAsync(token);
                    if (page.Count < MaxAuditPage)
                    {
                        break;
                    }
                }
            }

            var keepAlive = TimeSpan.FromSeconds(options.Value.Push.HeartbeatSeconds);
            while (!token.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(token);
                wait.CancelAfter(keepAlive);
                bool more;
                try
                {
                    more = await changes.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    body.Write(KeepAlive);
                    await body.FlushAsync(token);
                    continue;
                }

                if (!more)
                {
                    // Fell behind or the service is stopping: the client reconnects with its last id.
                    break;
                }

                while (changes.TryRead(out var change))
                {
                    if (change.Sequence > lastSent)
                    {
                        WriteEvent(body, change);
                        lastSent = change.Sequence;
                    }
                }

                await body.FlushAsync(token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The client left or the service is stopping.
        }
        finally
        {
            trading.Unsubscribe(changes);
        }

        return TypedResults.Empty;
    }

    internal static RunResponse ToResponse(TradingRun run) => new(
        run.Id,
        run.Name,
        Name(run.Mode),
        Name(run.State),
        ApiFormat.Time(run.CreatedNs),
        run.CreatedNs,
        run.EndedNs is { } ended ? ApiFormat.Time(ended) : null,
        run.EndedNs,
        run.KillReason,
        run.KillLevel is { } level ? level.ToString().ToUpperInvariant() : null);

    internal static RunChangeResponse ToResponse(AuditEvent change) => new(
        change.Sequence,
        ApiFormat.Time(change.TimestampNs),
        change.TimestampNs,
        change.RunId,
        Name(change.From),
        Name(change.To),
        change.Reason,
        change.Actor,
        change.WarningId);

    internal static string Name(RunMode mode) => mode == RunMode.Live ? "live" : "paper";

    internal static string Name(RunState state) => state switch
    {
        RunState.Active => "active",
        RunState.Reducing => "reducing",
        _ => "halted",
    };

    private static NotFoundProblem UnknownRun(string id) => ApiProblems.NotFound($"No trading run has the id '{ApiParse.Shorten(id)}'.");

    private static bool IsValidId(string id)
    {
        if (id.Length is 0 or > MaxIdLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-' or '.' or ':'))
            {
                return false;
            }
        }

        return true;
    }

    private static void WriteEvent(System.IO.Pipelines.PipeWriter body, AuditEvent change)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(ToResponse(change), ApiJsonContext.Default.RunChangeResponse);
        var header = string.Create(CultureInfo.InvariantCulture, $"id: {change.Sequence}\nevent: run\ndata: ");
        body.Write(System.Text.Encoding.UTF8.GetBytes(header));
        body.Write(json);
        body.Write("\n\n"u8);
    }
}

/// <summary>
/// The gateway's answers, serialized once per run and state: the run's three possible bodies are built on its first
/// query, so later queries allocate nothing for the body.
/// </summary>
internal sealed class GatewayBodies
{
    private readonly ConcurrentDictionary<string, byte[][]> _bodies = new(StringComparer.Ordinal);

    /// <summary>The body for <paramref name="runId"/> in <paramref name="state"/>.</summary>
    public byte[] For(TradingRunRegistry registry, string runId, RunState state)
    {
        if (!_bodies.TryGetValue(runId, out var bodies))
        {
            var mode = TradingApi.Name(registry.Get(runId)?.Mode ?? RunMode.Live);
            bodies = new byte[3][];
            foreach (var s in new[] { RunState.Active, RunState.Reducing, RunState.Halted })
            {
                bodies[(int)s] = JsonSerializer.SerializeToUtf8Bytes(new RunStateResponse(runId, TradingApi.Name(s), mode), ApiJsonContext.Default.RunStateResponse);
            }

            bodies = _bodies.GetOrAdd(runId, bodies);
        }

        return bodies[(int)state];
    }
}

/// <summary>A run to register.</summary>
/// <param name="Id">Its id (letters, digits, <c>_ - . :</c>, at most 128); omitted, the service makes one (<c>run_…</c>).</param>
/// <param name="Name">A human-readable name.</param>
/// <param name="Mode"><c>live</c> (halted by severe warnings) or <c>paper</c> (never halted by the policy).</param>
public sealed record CreateRunRequest(string? Id, string? Name, string? Mode);

/// <summary>The manual kill switch's request.</summary>
/// <param name="Reason">Why every run is being halted; recorded as <c>Kill switch: {reason}</c>.</param>
public sealed record KillAllRequest(string? Reason);

/// <summary>A trading run.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Mode"><c>live</c> or <c>paper</c>.</param>
/// <param name="State"><c>active</c>, <c>reducing</c> or <c>halted</c>.</param>
/// <param name="CreatedAt">When it was registered (UTC).</param>
/// <param name="CreatedNs">The same, in Unix nanoseconds.</param>
/// <param name="EndedAt">When it was halted; null while not halted.</param>
/// <param name="EndedNs">The same, in Unix nanoseconds.</param>
/// <param name="KillReason">Why it was halted, e.g. <c>Black swan: market_crash (high)</c>; null while not halted.</param>
/// <param name="KillLevel">The warning severity that halted it (<c>HIGH</c>…); null when not halted or halted by hand.</param>
public sealed record RunResponse(string Id, string Name, string Mode, string State, DateTime CreatedAt, long CreatedNs, DateTime? EndedAt, long? EndedNs, string? KillReason, string? KillLevel);

/// <summary>The gateway's answer.</summary>
/// <param name="RunId">The run.</param>
/// <param name="State"><c>active</c>, <c>reducing</c> or <c>halted</c>.</param>
/// <param name="Mode"><c>live</c> or <c>paper</c>.</param>
public sealed record RunStateResponse(string RunId, string State, string Mode);

/// <summary>One audited run state change.</summary>
/// <param name="Sequence">Its gap-free position in the audit log (the SSE event id).</param>
/// <param name="Time">When (UTC): the warning's market time for policy changes, the wall clock for commands.</param>
/// <param name="TimestampNs">The same, in Unix nanoseconds.</param>
/// <param name="RunId">The run.</param>
/// <param name="From">Its state before.</param>
/// <param name="To">Its state after.</param>
/// <param name="Reason">Why.</param>
/// <param name="Actor"><c>policy</c> or who commanded it.</param>
/// <param name="WarningId">The warning that caused it, if any.</param>
public sealed record RunChangeResponse(long Sequence, DateTime Time, long TimestampNs, string RunId, string From, string To, string Reason, string Actor, string? WarningId);

/// <summary>A page of the audit log.</summary>
/// <param name="Items">The changes, oldest first.</param>
/// <param name="LastSequence">The latest sequence handed out; page on with <c>after</c> = the last item's sequence.</param>
public sealed record RunChangePage(RunChangeResponse[] Items, long LastSequence);

/// <summary>The kill switch's answer.</summary>
/// <param name="Halted">How many runs it halted (runs already halted are not counted).</param>
/// <param name="Runs">Every run after it.</param>
public sealed record KillAllResponse(int Halted, RunResponse[] Runs);

/// <summary>What the webhook POSTs for each change.</summary>
/// <param name="Change">The change.</param>
/// <param name="Run">The run after it.</param>
public sealed record RunWebhookPayload(RunChangeResponse Change, RunResponse? Run);
