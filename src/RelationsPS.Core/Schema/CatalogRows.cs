using System.Data.Common;

namespace RelationsPS.Core.Schema;

/// <summary>
/// Runs a catalog query with one named parameter on the bare connection (outside RelDatabase's statement
/// log: the introspectors run while a database is being opened) and reads every row into memory.
/// </summary>
internal static class CatalogRows
{
    public static List<object?[]> Read(DbConnection connection, string sql, string parameterName, object? value)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        var p = cmd.CreateParameter();
        p.ParameterName = parameterName;
        p.Value = value;
        cmd.Parameters.Add(p);
        using var r = cmd.ExecuteReader();
        var rows = new List<object?[]>();
        while (r.Read())
        {
            var row = new object?[r.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }
}
