namespace RelationsPS.Benchmarks.Postgres;

internal static class PgProfiler
{
    public static void Run(string connectionString, Workload w) => throw new NotSupportedException("--postgres --profile comes with the engine on PostgreSQL.");
}
