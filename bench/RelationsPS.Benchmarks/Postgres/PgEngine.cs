using RelationsPS.Core.Execution;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Benchmarks.Postgres;

/// <summary>The engine on PostgreSQL: the schema every contender's tables come from, and its connection.</summary>
internal static class PgEngine
{
    /// <summary>The engine creates the tables, join table, constraints and indexes, as it does for a SQLite file.</summary>
    public static void CreateSchema(string connectionString) => Connect(connectionString).Dispose();

    public static RelDatabase Connect(string connectionString) =>
        RelDatabase.Connect(DatabaseProvider.PostgreSQL, connectionString, BlogSchema.Models, new OpenOptions());
}
