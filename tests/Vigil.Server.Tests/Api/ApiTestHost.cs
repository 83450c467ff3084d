using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vigil.Engine.Live;
using Vigil.Engine.Warnings;
using Vigil.Server.Live;
using Vigil.Server.Tests.Support;
using Vigil.Storage;

namespace Vigil.Server.Tests.Api;

/// <summary>
/// The real service for API tests. When the host registers no <see cref="IStore"/> (before the store area is merged),
/// an in-memory store stands in so the store-backed endpoints can be exercised; once the SQLite store is registered,
/// it is used instead (<c>TryAdd</c>).
/// </summary>
internal sealed class ApiTestHost : IAsyncDisposable
{
    private readonly VigilAppFactory _inner;

    public ApiTestHost(IDictionary<string, string?>? settings = null)
    {
        _inner = new VigilAppFactory(settings);
        Factory = _inner.WithWebHostBuilder(b => b.ConfigureServices(s => s.TryAddSingleton<IStore, InMemoryTestStore>()));
        Client = Factory.CreateClient();
    }

    public WebApplicationFactory<Program> Factory { get; }

    public HttpClient Client { get; }

    public IStore Store => Factory.Services.GetRequiredService<IStore>();

    public LiveMarket Live => Factory.Services.GetRequiredService<LiveMarket>();

    /// <summary>Waits until the engine has closed at least <paramref name="steps"/> market steps.</summary>
    public async Task<MarketUpdate> WaitForStepsAsync(long steps = 3)
    {
        for (var i = 0; i < 400; i++)
        {
            if (Live.Latest is { } latest && Live.Steps >= steps)
            {
                return latest;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"the engine closed only {Live.Steps} steps");
    }

    public async Task<JsonElement> GetJsonAsync(string url)
    {
        using var response = await Client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await _inner.DisposeAsync();
    }
}

/// <summary>Assertions on problem details.</summary>
internal static class Problems
{
    /// <summary>Asserts a response is <paramref name="status"/> with <c>application/problem+json</c>, and returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>Asserts a 400 problem whose <c>errors</c> names exactly <paramref name="fields"/>, each with a reason.</summary>
    public static async Task<JsonElement> AssertBadFieldsAsync(HttpResponseMessage response, params string[] fields)
    {
        var problem = await AssertProblemAsync(response, 400);
        var errors = problem.GetProperty("errors");
        var named = errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(fields.Order(StringComparer.Ordinal).ToArray(), named);
        foreach (var field in errors.EnumerateObject())
        {
            Assert.NotEmpty(field.Value.EnumerateArray());
            Assert.All(field.Value.EnumerateArray(), r => Assert.False(string.IsNullOrWhiteSpace(r.GetString())));
        }

        return problem;
    }

    public static Task<HttpResponseMessage> PostJsonTextAsync(this HttpClient client, string url, string json) =>
        client.PostAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PutJsonTextAsync(this HttpClient client, string url, string json) =>
        client.PutAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    public static string Iso(long ns) => DateTime.UnixEpoch.AddTicks(ns / 100).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}

/// <summary>
/// An in-memory <see cref="IStore"/> for API tests while no real store is registered: it keeps what
/// <see cref="WriteAsync"/> is given and pages it with offset cursors, as the contract describes.
/// </summary>
internal sealed class InMemoryTestStore : IStore
{
    private readonly Lock _gate = new();
    private readonly List<FactRecord> _facts = [];
    private readonly List<StepRecord> _steps = [];
    private readonly Dictionary<string, WarningRecord> _warnings = new(StringComparer.Ordinal);
    private readonly List<PublishedWarning> _events = [];

    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task WriteAsync(StoreBatch batch, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var step in batch.Steps)
            {
                if (_steps.Any(s => s.TimestampNs == step.TimestampNs))
                {
                    continue;
                }

                _steps.Add(new StepRecord(step.TimestampNs, step.Composite, step.Severity, step.Detectors.ToDictionary(d => d.Detector, d => d.Score)));
                foreach (var i in step.Instruments)
                {
                    var s = i.Snapshot;
                    _facts.Add(new FactRecord(step.TimestampNs, i.Symbol, step.Source, s.Price, s.Return, s.Volatility, s.MaxAbsZ, s.ZScoreScore, s.PriceSpikeScore, s.VolumeAnomalyScore, s.VolatilityBurstScore, s.FlashCrashScore, (int)s.Fired));
                }
            }

            foreach (var published in batch.Warnings)
            {
                if (_events.Any(e => e.EventId == published.EventId))
                {
                    continue;
                }

                _events.Add(published);
                var w = published.Warning;
                _warnings[w.WarningId] = new WarningRecord(w.WarningId, w.OpenedAtNs, w.Kind == WarningTransition.Closed ? w.TimestampNs : null, w.Severity, w.PeakSeverity, w.PeakComposite, w.Summary, published);
            }
        }

        return Task.CompletedTask;
    }

    public Task<bool> IsWritableAsync(CancellationToken cancellationToken = default) => Task.FromResult(true);

    public Task<Page<FactRecord>> GetFactsAsync(FactQuery query, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var rows = _facts.Where(f => f.Symbol == query.Symbol && (query.FromNs is null || f.TimestampNs >= query.FromNs) && (query.ToNs is null || f.TimestampNs < query.ToNs))
                .OrderBy(f => f.TimestampNs).ToList();
            return Task.FromResult(PageOf(rows, query.Limit, query.Cursor));
        }
    }

    public Task<Page<StepRecord>> GetStepsAsync(StepQuery query, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var rows = _steps.Where(s => (query.FromNs is null || s.TimestampNs >= query.FromNs) && (query.ToNs is null || s.TimestampNs < query.ToNs))
                .OrderBy(s => s.TimestampNs).ToList();
            return Task.FromResult(PageOf(rows, query.Limit, query.Cursor));
        }
    }

    public Task<Page<WarningRecord>> GetWarningsAsync(WarningQuery query, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var rows = _warnings.Values
                .Where(w => (query.MinSeverity is null || w.PeakSeverity >= query.MinSeverity)
                    && (query.Status is null || w.Status == query.Status)
                    && (query.FromNs is null || w.OpenedAtNs >= query.FromNs)
                    && (query.ToNs is null || w.OpenedAtNs < query.ToNs)
                    && (query.Symbol is null || _events.Any(e => e.Warning.WarningId == w.WarningId
                        && (e.Warning.MaxAbsZSymbol == query.Symbol || e.Warning.Signals.Any(s => s.Symbol == query.Symbol)))))
                .OrderByDescending(w => w.OpenedAtNs).ToList();
            return Task.FromResult(PageOf(rows, query.Limit, query.Cursor));
        }
    }

    public Task<WarningRecord?> GetWarningAsync(string warningId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_warnings.GetValueOrDefault(warningId));
        }
    }

    public Task<IReadOnlyList<PublishedWarning>> GetWarningEventsAfterAsync(long afterEventId, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<PublishedWarning>>([.. _events.Where(e => e.EventId > afterEventId).OrderBy(e => e.EventId).Take(limit)]);
        }
    }

    public Task<long> DeleteFactsBeforeAsync(long cutoffNs, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult((long)_facts.RemoveAll(f => f.TimestampNs < cutoffNs));
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static Page<T> PageOf<T>(List<T> rows, int limit, string? cursor)
    {
        var offset = cursor is null ? 0 : int.Parse(cursor, NumberStyles.None, CultureInfo.InvariantCulture);
        var items = rows.Skip(offset).Take(limit).ToList();
        var next = offset + items.Count < rows.Count ? (offset + items.Count).ToString(CultureInfo.InvariantCulture) : null;
        return new Page<T>(items, next);
    }
}
