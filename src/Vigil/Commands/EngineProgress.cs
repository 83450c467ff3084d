using Spectre.Console;
using Vigil.Engine.Running;

namespace Vigil.Cli;

/// <summary>Runs an engine loop under a Spectre.Console progress bar on the error stream when a person is watching.</summary>
internal static class EngineProgress
{
    /// <summary>Runs <paramref name="run"/>, showing progress as a fraction of <paramref name="total"/> (event time, rows…).</summary>
    /// <param name="io">Where to draw.</param>
    /// <param name="description">What the bar says.</param>
    /// <param name="total">The amount that is 100%, or null for an indeterminate spinner.</param>
    /// <param name="measure">Turns a progress report into an amount of <paramref name="total"/>.</param>
    /// <param name="run">The run, given the progress sink to report to.</param>
    public static async Task<T> RunAsync<T>(CliIO io, string description, double? total, Func<RunProgress, double> measure, Func<IProgress<RunProgress>?, Task<T>> run)
    {
        if (!io.Interactive)
        {
            return await run(null);
        }

        T result = default!;
        await io.ProgressConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(description, maxValue: total ?? 100);
                task.IsIndeterminate = total is null;
                var progress = new SynchronousProgress(p => task.Value = Math.Min(total ?? 100, measure(p)));
                result = await run(progress);
                task.Value = task.MaxValue;
            });
        return result;
    }

    /// <summary>Reports on the caller's thread; <see cref="Progress{T}"/> would post to the thread pool for every batch.</summary>
    private sealed class SynchronousProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        private long _lastReport;

        public void Report(RunProgress value)
        {
            // Skip most batches: the bar needs a few updates a second, not one per batch.
            var now = Environment.TickCount64;
            if (now - _lastReport >= 50)
            {
                _lastReport = now;
                report(value);
            }
        }
    }
}
