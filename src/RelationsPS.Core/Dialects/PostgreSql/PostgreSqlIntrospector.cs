using System.Data.Common;
using RelationsPS.Core.Schema;

namespace RelationsPS.Core.Dialects.PostgreSql;

/// <summary>
/// Reads the tables of the connection's current schema from pg_catalog: columns with their types as
/// <c>format_type</c> spells them (the dialect declares them so), unique column sets from unique indexes
/// (UNIQUE constraints and unique indexes alike, the primary key left out), foreign keys from
/// pg_constraint, the names of unique sets and foreign keys (which ALTER TABLE drops by name), and the
/// names of indexes that back no constraint. RelationsPS's history table is left out.
/// </summary>
internal static class PostgreSqlIntrospector
{
    private const string Columns = """
        SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
               EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary AND a.attnum = ANY (i.indkey))
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname <> @history
        ORDER BY c.relname, a.attnum
        """;

    private const string UniqueSets = """
        SELECT t.relname, CAST(array_agg(a.attname ORDER BY k.ord) AS text[]), x.relname,
               EXISTS (SELECT 1 FROM pg_constraint u WHERE u.conrelid = t.oid AND u.conindid = i.indexrelid AND u.contype = 'u')
        FROM pg_index i
        JOIN pg_class t ON t.oid = i.indrelid
        JOIN pg_class x ON x.oid = i.indexrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
        WHERE n.nspname = current_schema() AND i.indisunique AND NOT i.indisprimary AND t.relname <> @history
        GROUP BY t.relname, i.indexrelid, x.relname, t.oid
        """;

    private const string Indexes = """
        SELECT x.relname, t.relname
        FROM pg_index i
        JOIN pg_class x ON x.oid = i.indexrelid
        JOIN pg_class t ON t.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = current_schema() AND t.relname <> @history
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
        """;

    private const string ForeignKeys = """
        SELECT c.relname, a.attname, r.relname, k.conname
        FROM pg_constraint k
        JOIN pg_class c ON c.oid = k.conrelid
        JOIN pg_class r ON r.oid = k.confrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.conkey[1]
        WHERE k.contype = 'f' AND n.nspname = current_schema() AND c.relname <> @history
        """;

    public static ExistingSchema Read(DbConnection connection)
    {
        var columns = new Dictionary<string, List<ExistingColumn>>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in Rows(connection, Columns))
        {
            var table = (string)r[0]!;
            if (!columns.TryGetValue(table, out var list)) columns[table] = list = [];
            list.Add(new ExistingColumn((string)r[1]!, (string)r[2]!, (bool)r[3]!, (bool)r[4]!));
        }
        var uniqueSets = columns.Keys.ToDictionary(t => t, _ => new List<IReadOnlyList<string>>(), StringComparer.OrdinalIgnoreCase);
        var uniqueNames = columns.Keys.ToDictionary(t => t, _ => new List<ExistingUnique>(), StringComparer.OrdinalIgnoreCase);
        foreach (var r in Rows(connection, UniqueSets))
        {
            if (!uniqueSets.TryGetValue((string)r[0]!, out var sets)) continue;
            sets.Add((string[])r[1]!);
            uniqueNames[(string)r[0]!].Add(new ExistingUnique((string[])r[1]!, (string)r[2]!, (bool)r[3]!));
        }
        var indexes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var indexTables = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in Rows(connection, Indexes))
        {
            indexes.Add((string)r[0]!);
            indexTables[(string)r[0]!] = (string)r[1]!;
        }
        var foreignKeys = columns.Keys.ToDictionary(t => t, _ => new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
        var foreignKeyNames = columns.Keys.ToDictionary(t => t, _ => new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
        foreach (var r in Rows(connection, ForeignKeys))
        {
            if (!foreignKeys.TryGetValue((string)r[0]!, out var fks)) continue;
            fks[(string)r[1]!] = (string)r[2]!;
            foreignKeyNames[(string)r[0]!][(string)r[1]!] = (string)r[3]!;
        }
        return new ExistingSchema(columns.ToDictionary(c => c.Key, c => (IReadOnlyList<ExistingColumn>)c.Value, StringComparer.OrdinalIgnoreCase), indexes)
        {
            UniqueSets = uniqueSets.ToDictionary(u => u.Key, u => (IReadOnlyList<IReadOnlyList<string>>)u.Value, StringComparer.OrdinalIgnoreCase),
            ForeignKeys = foreignKeys.ToDictionary(f => f.Key, f => (IReadOnlyDictionary<string, string>)f.Value, StringComparer.OrdinalIgnoreCase),
            IndexTables = indexTables,
            UniqueNames = uniqueNames.ToDictionary(u => u.Key, u => (IReadOnlyList<ExistingUnique>)u.Value, StringComparer.OrdinalIgnoreCase),
            ForeignKeyNames = foreignKeyNames.ToDictionary(f => f.Key, f => (IReadOnlyDictionary<string, string>)f.Value, StringComparer.OrdinalIgnoreCase),
        };
    }

    private static List<object?[]> Rows(DbConnection connection, string sql) =>
        CatalogRows.Read(connection, sql, "history", MigrationHistory.Table);
}
