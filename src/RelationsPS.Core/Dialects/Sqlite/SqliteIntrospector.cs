using System.Data.Common;
using RelationsPS.Core.Schema;

namespace RelationsPS.Core.Dialects.Sqlite;

/// <summary>
/// Reads tables, columns and index names from <c>sqlite_master</c> and <c>PRAGMA table_info</c>, unique
/// column sets from <c>index_list</c>/<c>index_info</c> (UNIQUE constraints and unique indexes alike),
/// and foreign keys from <c>foreign_key_list</c>. RelationsPS's own history table
/// (<see cref="MigrationHistory.Table"/>) is not part of any schema and is left out.
/// </summary>
internal static class SqliteIntrospector
{
    public static ExistingSchema Read(DbConnection connection)
    {
        var tables = new Dictionary<string, IReadOnlyList<ExistingColumn>>(StringComparer.OrdinalIgnoreCase);
        var indexes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var indexTables = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var tableNames = new List<string>();
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT type, name, tbl_name FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' AND tbl_name <> '" + MigrationHistory.Table + "'";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                if (r.GetString(0) == "table") tableNames.Add(r.GetString(1));
                else
                {
                    indexes.Add(r.GetString(1));
                    indexTables[r.GetString(1)] = r.GetString(2);
                }
            }
        }
        var uniqueSets = new Dictionary<string, IReadOnlyList<IReadOnlyList<string>>>(StringComparer.OrdinalIgnoreCase);
        var foreignKeys = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var t in tableNames)
        {
            var cols = new List<ExistingColumn>();
            foreach (var r in Rows(connection, "SELECT name, type, \"notnull\", pk FROM pragma_table_info(@t)", t))
                cols.Add(new ExistingColumn((string)r[0]!, (string)r[1]!, (long)r[2]! != 0, (long)r[3]! != 0));
            tables[t] = cols;
            var sets = new List<IReadOnlyList<string>>();
            foreach (var r in Rows(connection, "SELECT name FROM pragma_index_list(@t) WHERE \"unique\" = 1", t))
                sets.Add(Rows(connection, "SELECT name FROM pragma_index_info(@t) ORDER BY seqno", (string)r[0]!).Select(c => (string)c[0]!).ToList());
            uniqueSets[t] = sets;
            var fks = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var r in Rows(connection, "SELECT \"from\", \"table\" FROM pragma_foreign_key_list(@t)", t)) fks[(string)r[0]!] = (string)r[1]!;
            foreignKeys[t] = fks;
        }
        return new ExistingSchema(tables, indexes) { UniqueSets = uniqueSets, ForeignKeys = foreignKeys, IndexTables = indexTables };
    }

    private static List<object?[]> Rows(DbConnection connection, string sql, string argument) =>
        CatalogRows.Read(connection, sql, "@t", argument);
}
