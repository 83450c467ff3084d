namespace Vigil.Engine.Tests.Pipeline;

/// <summary>Measures what the code under test allocates.</summary>
internal static class Allocations
{
    /// <summary>
    /// The fewest bytes this thread allocated in one run of <paramref name="body"/> over <paramref name="runs"/>
    /// runs, after one warm-up run (run 0). The runtime itself occasionally allocates once while it recompiles a
    /// hot method (tiering, on-stack replacement); an allocation by the code under test recurs in every run, so the
    /// minimum is zero only when the code allocates nothing. The body gets the run's number so it can feed fresh data.
    /// </summary>
    public static long Fewest(Action<int> body, int runs = 4)
    {
        body(0);
        var fewest = long.MaxValue;
        for (var r = 1; r <= runs && fewest > 0; r++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            body(r);
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
