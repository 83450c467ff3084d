using Vigil.Core.Instruments;
using Vigil.Core.Market;
using Vigil.Engine.Pipeline;
using Vigil.Engine.Running;
using Vigil.Engine.Sources;
using Vigil.Engine.Tests.Pipeline;

namespace Vigil.Engine.Tests.Running;

public sealed class EngineRunnerTests
{
    /// <summary>Hands out fixed ticks a few at a time and honours cancellation like a live source.</summary>
    private sealed class ChunkedSource(InstrumentRegistry registry, Tick[] ticks, int perRead) : ITickSource
    {
        private int _next;

        public InstrumentRegistry Registry => registry;

        public int Reads { get; private set; }

        public ValueTask<int> ReadAsync(Memory<Tick> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Reads++;
            var n = Math.Min(Math.Min(buffer.Length, perRead), ticks.Length - _next);
            ticks.AsSpan(_next, n).CopyTo(buffer.Span);
            _next += n;
            return new ValueTask<int>(n);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>Records progress reports synchronously (unlike <see cref="Progress{T}"/>).</summary>
    private sealed class ProgressLog(Action<RunProgress>? onReport = null) : IProgress<RunProgress>
    {
        public List<RunProgress> Reports { get; } = [];

        public void Report(RunProgress value)
        {
            Reports.Add(value);
            onReport?.Invoke(value);
        }
    }

    private static (InstrumentRegistry Registry, Tick[] Ticks) Market(int steps)
    {
        var registry = DefaultUniverse.CreateRegistry();
        return (registry, new SyntheticMarket(registry, 3).Generate(steps, crisis: false));
    }

    [Fact]
    public async Task Runs_the_source_to_its_end_and_closes_the_last_step()
    {
        var (registry, ticks) = Market(50);
        var source = new ChunkedSource(registry, ticks, perRead: 7);
        var engine = new DetectionEngine(registry);
        var progress = new ProgressLog();

        var result = await EngineRunner.RunAsync(source, engine, progress, bufferLength: 5);

        Assert.Equal(ticks.Length, result.Ticks);
        Assert.Equal(50, result.Steps);
        Assert.Equal(50, engine.Counters.Steps);
        Assert.Equal(ticks.Length, engine.Counters.Ticks);
        Assert.Equal(ticks[0].TimestampNs, result.FirstEventNs);
        Assert.Equal(ticks[^1].TimestampNs, result.LastEventNs);
        Assert.False(result.Cancelled);

        // Reads of at most five ticks each, one progress report per read that returned ticks.
        Assert.Equal((ticks.Length + 4) / 5, progress.Reports.Count);
        Assert.Equal(progress.Reports.Count + 1, source.Reads);
        Assert.Equal(ticks.Length, progress.Reports[^1].Ticks);
        for (var k = 0; k < progress.Reports.Count; k++)
        {
            var read = Math.Min(5 * (k + 1), ticks.Length);
            Assert.Equal(read, progress.Reports[k].Ticks);
            Assert.Equal(ticks[read - 1].TimestampNs, progress.Reports[k].EventTimeNs);
        }
    }

    [Fact]
    public async Task The_runner_gives_the_same_steps_as_processing_directly()
    {
        var (registry, ticks) = Market(400);
        var direct = new DetectionEngine(registry);
        direct.Process(ticks);
        direct.Flush();

        var run = new DetectionEngine(registry);
        await EngineRunner.RunAsync(new ChunkedSource(registry, ticks, perRead: 1_000), run, bufferLength: 333);

        Assert.Equal(direct.Counters.Steps, run.Counters.Steps);
        Assert.Equal(direct.LastStep.Composite, run.LastStep.Composite);
        Assert.Equal(direct.LastStep.StateVector.ToArray(), run.LastStep.StateVector.ToArray());
    }

    [Fact]
    public async Task An_empty_source_runs_nothing()
    {
        var registry = DefaultUniverse.CreateRegistry();
        var result = await EngineRunner.RunAsync(new ChunkedSource(registry, [], 10), new DetectionEngine(registry));
        Assert.Equal(new RunResult(0, 0, 0, 0, result.Elapsed, false), result);
    }

    [Fact]
    public async Task Cancelling_stops_between_batches_and_still_closes_the_open_step()
    {
        var (registry, ticks) = Market(50);
        using var cancel = new CancellationTokenSource();
        var progress = new ProgressLog(p =>
        {
            if (p.Ticks >= 100)
            {
                cancel.Cancel();
            }
        });
        var engine = new DetectionEngine(registry);

        var result = await EngineRunner.RunAsync(new ChunkedSource(registry, ticks, 40), engine, progress, 40, cancel.Token);

        Assert.True(result.Cancelled);
        Assert.Equal(120, result.Ticks);
        // 120 ticks of 18 instruments: six full steps and the open seventh, closed by the final flush.
        Assert.Equal(7, result.Steps);
        Assert.Equal(ticks[119].TimestampNs, result.LastEventNs);
    }

    [Fact]
    public async Task Invalid_arguments_are_rejected()
    {
        var registry = DefaultUniverse.CreateRegistry();
        var source = new ChunkedSource(registry, [], 1);
        var engine = new DetectionEngine(registry);
        await Assert.ThrowsAsync<ArgumentNullException>(() => EngineRunner.RunAsync(null!, engine));
        await Assert.ThrowsAsync<ArgumentNullException>(() => EngineRunner.RunAsync(source, null!));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => EngineRunner.RunAsync(source, engine, bufferLength: 0));
    }
}
