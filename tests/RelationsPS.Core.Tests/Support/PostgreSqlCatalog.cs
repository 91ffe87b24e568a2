namespace RelationsPS.Core.Tests.Support;

/// <summary>
/// What PostgreSQL's catalog says of the current schema's tables, one line each, sorted: every column with
/// its type (<c>format_type</c>) and nullability, every constraint's definition (<c>pg_get_constraintdef</c>:
/// keys, unique sets, foreign keys with their deferral, and NOT VALID while one is unchecked) and every index
/// that backs no constraint (<c>pg_get_indexdef</c>). Names of constraints and the order of columns are left
/// out: a table migrated in place keeps the names and order it had, which no query depends on.
/// </summary>
public static class PostgreSqlCatalog
{
    private const string Lines = """
        SELECT x.t, x.line FROM (
          SELECT c.relname AS t, 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE ' NULL' END AS line
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
          WHERE n.nspname = current_schema() AND c.relkind = 'r'
          UNION ALL
          SELECT c.relname, 'constraint ' || c.relname || ': ' || pg_get_constraintdef(k.oid)
          FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = current_schema()
          UNION ALL
          SELECT ix.relname, 'index ' || replace(pg_get_indexdef(i.indexrelid), ' ON ' || quote_ident(current_schema()) || '.', ' ON ')
          FROM pg_index i JOIN pg_class ix ON ix.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ix.relnamespace
          WHERE n.nspname = current_schema() AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = i.indrelid AND k.conindid = i.indexrelid)
        ) AS x
        """;

    /// <summary>Every line of the schema.</summary>
    public const string Master = $"SELECT line FROM ({Lines}) AS m ORDER BY line";

    /// <summary>The lines of one table or index (parameter <c>@p0</c>: its name).</summary>
    public const string Table = $"SELECT line FROM ({Lines}) AS m WHERE t = @p0 ORDER BY line";
}
