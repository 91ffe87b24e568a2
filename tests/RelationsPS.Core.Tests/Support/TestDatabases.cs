using Npgsql;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Metadata;
using RelationsPS.Testing;

namespace RelationsPS.Core.Tests.Support;

/// <summary>
/// Where a spec's fresh database lives: in-memory SQLite, or, for the PostgreSQL run of a spec class
/// (a subclass that calls <see cref="UsePostgreSql"/> in a field initializer, so before the spec's own
/// constructor opens its database), a new schema of one throwaway PostgreSQL cluster that this test
/// process starts on first use and stops when it exits. The choice flows with the test's execution
/// context, so specs of both kinds run side by side.
/// </summary>
public static class TestDatabases
{
    private static readonly AsyncLocal<bool> onPostgreSql = new();

    /// <summary>True while a spec runs on PostgreSQL.</summary>
    public static bool OnPostgreSql => onPostgreSql.Value;

    public static DatabaseProvider Provider => OnPostgreSql ? DatabaseProvider.PostgreSQL : DatabaseProvider.SQLite;

    /// <summary>Makes the databases this spec opens PostgreSQL ones; returns true, to be kept in a field.</summary>
    public static bool UsePostgreSql()
    {
        onPostgreSql.Value = true;
        return true;
    }

    /// <summary>A new, empty database with the models' tables.</summary>
    public static RelDatabase Fresh(ModelSet models) => OnPostgreSql ? Postgres.Fresh(models) : RelDatabase.OpenInMemory(models);

    /// <summary>The cluster of this test process and its database "specs"; each fresh database is a schema of it.</summary>
    public static class Postgres
    {
        private static readonly Lazy<PostgresCluster> cluster = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
        private static int schemas;

        private static PostgresCluster Start()
        {
            var pg = PostgresCluster.Start("fsync=off", "synchronous_commit=off", "full_page_writes=off");
            AppDomain.CurrentDomain.ProcessExit += (_, _) => pg.Dispose();
            pg.CreateDatabase("specs");
            return pg;
        }

        public static PostgresCluster Cluster => cluster.Value;

        /// <summary>A connection string to a new, empty schema (the search path), without pooling: a spec's connection ends with it.</summary>
        public static string NewSchema()
        {
            var name = "s" + Interlocked.Increment(ref schemas);
            var admin = Cluster.ConnectionString("specs");
            using (var conn = new NpgsqlConnection(admin))
            {
                conn.Open();
                using var cmd = conn.CreateCommand();
                cmd.CommandText = $"CREATE SCHEMA {name}";
                cmd.ExecuteNonQuery();
            }
            return new NpgsqlConnectionStringBuilder(admin) { SearchPath = name, Pooling = false }.ConnectionString;
        }

        public static RelDatabase Fresh(ModelSet models) => RelDatabase.Connect(DatabaseProvider.PostgreSQL, NewSchema(), models, new OpenOptions());
    }
}
