namespace Vigil.Testing;

/// <summary>
/// Measures what the code under test allocates on the calling thread. Shared by every test project (linked in by the
/// root Directory.Build.props); use it instead of reading <see cref="GC.GetAllocatedBytesForCurrentThread"/> around a
/// single run.
/// </summary>
/// <remarks>
/// A single measured run is not reliable: the runtime itself occasionally allocates on the test thread while it
/// recompiles a hot method (tiered compilation, on-stack replacement, PGO), which made allocation tests flaky on a
/// fresh machine. Such an allocation happens once, not in every run, whereas an allocation by the code under test
/// recurs in every run. So <see cref="Fewest"/> warms up once and then takes the minimum over several runs: it is zero
/// only when the code under test allocates nothing. For that to hold, each run must do a meaningful amount of work
/// (thousands of calls, every path the test is about), so that an allocation the code makes now and then still
/// happens in every run.
/// </remarks>
internal static class Allocations
{
    /// <summary>
    /// The fewest bytes this thread allocated in one run of <paramref name="body"/> over up to
    /// <paramref name="runs"/> measured runs (numbered 1 to <paramref name="runs"/>), after one unmeasured warm-up run
    /// (run 0). Stops early once a run allocates nothing. The body gets the run's number so it can feed fresh data.
    /// </summary>
    /// <param name="body">The code under test; one run.</param>
    /// <param name="runs">The most measured runs after the warm-up.</param>
    /// <param name="prepare">
    /// Optional set-up before each run (warm-up included), outside the measurement: for steps that allocate by design,
    /// such as queuing a scenario, that the run then plays through.
    /// </param>
    public static long Fewest(Action<int> body, int runs = 4, Action<int>? prepare = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);

        prepare?.Invoke(0);
        body(0);
        var fewest = long.MaxValue;
        for (var r = 1; r <= runs && fewest > 0; r++)
        {
            prepare?.Invoke(r);
            var before = GC.GetAllocatedBytesForCurrentThread();
            body(r);
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
