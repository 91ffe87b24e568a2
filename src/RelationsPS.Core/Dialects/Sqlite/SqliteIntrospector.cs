using System.Data.Common;
using RelationsPS.Core.Schema;

namespace RelationsPS.Core.Dialects.Sqlite;

/// <summary>Reads tables, columns and index names from <c>sqlite_master</c> and <c>PRAGMA table_info</c>.</summary>
internal static class SqliteIntrospector
{
    public static ExistingSchema Read(DbConnection connection)
    {
        var tables = new Dictionary<string, IReadOnlyList<ExistingColumn>>(StringComparer.OrdinalIgnoreCase);
        var indexes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var tableNames = new List<string>();
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%'";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                if (r.GetString(0) == "table") tableNames.Add(r.GetString(1));
                else indexes.Add(r.GetString(1));
            }
        }
        foreach (var t in tableNames)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT name, type, \"notnull\", pk FROM pragma_table_info(@t)";
            var p = cmd.CreateParameter();
            p.ParameterName = "@t";
            p.Value = t;
            cmd.Parameters.Add(p);
            using var r = cmd.ExecuteReader();
            var cols = new List<ExistingColumn>();
            while (r.Read()) cols.Add(new ExistingColumn(r.GetString(0), r.GetString(1), r.GetInt64(2) != 0, r.GetInt64(3) != 0));
            tables[t] = cols;
        }
        return new ExistingSchema(tables, indexes);
    }
}
