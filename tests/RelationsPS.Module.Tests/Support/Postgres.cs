using RelationsPS.Testing;

namespace RelationsPS.Module.Tests.Support;

/// <summary>The database a spec runs on: SQLite (in memory, or a file) or a PostgreSQL database of the test cluster.</summary>
public enum Db { SQLite, PostgreSQL }

/// <summary>
/// The one PostgreSQL cluster of this test assembly (tests/Shared/PostgresCluster.cs: initdb in a temp folder, a free
/// loopback port, stopped and deleted when the test process exits), started by the first spec that needs it, with a
/// new database per session. Where the binaries are absent, specs of classes marked <see cref="OnPostgreSQLAttribute"/>
/// are reported skipped (<see cref="SkipReason"/>); with <c>RELATIONSPS_REQUIRE_POSTGRES=1</c> (CI) they run, and fail.
/// </summary>
public static class Postgres
{
    private static readonly Lazy<PostgresCluster> Cluster = new(() =>
    {
        // fsync off: nothing here survives a crash of the server, and specs create hundreds of databases.
        // Room for the pooled connections of every session's databases until the sessions drop them.
        var c = PostgresCluster.Start("fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=500");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => c.Dispose();
        return c;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    private static int count;

    public static bool Required => Environment.GetEnvironmentVariable("RELATIONSPS_REQUIRE_POSTGRES") == "1";

    /// <summary>Why PostgreSQL specs are skipped here, or null when they run.</summary>
    public static string? SkipReason =>
        PostgresCluster.IsAvailable || Required ? null : "PostgreSQL binaries are absent (/usr/lib/postgresql/*/bin or $RELATIONSPS_PG_BIN); .ci/run installs them";

    /// <summary>The cluster (started on first use).</summary>
    public static PostgresCluster Server => Cluster.Value;

    /// <summary>A new, empty database; its postgresql:// URI.</summary>
    public static string NewDatabase(string label = "t")
    {
        var name = $"{label}_{Environment.ProcessId}_{Interlocked.Increment(ref count)}";
        Server.CreateDatabase(name);
        return Server.Uri(name);
    }

    /// <summary>Drops a database made by <see cref="NewDatabase"/> (its URI), closing what is still connected to it.</summary>
    public static void DropDatabase(string uri) => Server.DropDatabase(uri[(uri.LastIndexOf('/') + 1)..]);
}

/// <summary>Marks a test class whose specs run against PostgreSQL (a class deriving from the SQLite one, given <see cref="Db.PostgreSQL"/>).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class OnPostgreSQLAttribute : Attribute;
