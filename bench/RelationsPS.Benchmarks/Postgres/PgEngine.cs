namespace RelationsPS.Benchmarks.Postgres;

/// <summary>The engine on PostgreSQL: the schema every contender's tables come from, and its connection.</summary>
internal static class PgEngine
{
    public static void CreateSchema(string connectionString) => PgConnections.Execute(connectionString, PgSchema.Ddl);

    public static RelationsPS.Core.Execution.RelDatabase Connect(string connectionString) =>
        throw new NotSupportedException("The engine connects to PostgreSQL once branch pg is merged.");
}
