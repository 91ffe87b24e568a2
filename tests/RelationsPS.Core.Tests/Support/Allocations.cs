namespace RelationsPS.Core.Tests.Support;

/// <summary>Bytes a query allocates, counted (not timed), so the figures are exact on any machine.</summary>
internal static class Allocations
{
    /// <summary>Bytes per row of enumerating <paramref name="rows"/>(n) to its end, n = 300 against n = 100 (the best of five tries).</summary>
    public static double PerRow<T>(Func<long, IEnumerable<T>> rows)
    {
        long Bytes(long n)
        {
            var best = long.MaxValue;
            for (var i = 0; i < 5; i++)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                foreach (var _ in rows(n)) { }
                best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            return best;
        }
        Bytes(100);
        Bytes(300);
        return (Bytes(300) - Bytes(100)) / 200.0;
    }
}
