using RelationsPS.Core.Dialects;
using RelationsPS.Core.Errors;

namespace RelationsPS.Core.Schema;

/// <summary>A table as it exists in the database.</summary>
public sealed record ExistingColumn(string Name, string DeclaredType, bool NotNull, bool PrimaryKey);

/// <summary>What the database already has.</summary>
public sealed record ExistingSchema(IReadOnlyDictionary<string, IReadOnlyList<ExistingColumn>> Tables, IReadOnlySet<string> Indexes);

/// <summary>
/// Compares the planned layout with the database and produces the statements that create what is
/// missing. Anything that contradicts the schema is refused before a single statement runs, with
/// every difference named; nothing is ever dropped or altered.
/// </summary>
public static class SchemaSynchronizer
{
    public static IReadOnlyList<string> Statements(SqlDialect dialect, IReadOnlyList<TableLayout> planned, ExistingSchema existing)
    {
        var differences = new List<string>();
        var statements = new List<string>();
        foreach (var table in planned)
        {
            if (!existing.Tables.TryGetValue(table.Name, out var columns))
            {
                statements.Add(dialect.CreateTable(table));
                continue;
            }
            Compare(dialect, table, columns, differences);
        }
        if (differences.Count > 0)
            throw new SchemaException("SchemaMismatch",
                "The schema contradicts the existing database; nothing was changed:" + Environment.NewLine + "  - " + string.Join(Environment.NewLine + "  - ", differences));
        foreach (var index in planned.SelectMany(t => t.Indexes))
            if (!existing.Indexes.Contains(index.Name)) statements.Add(dialect.CreateIndex(index));
        return statements;
    }

    private static void Compare(SqlDialect dialect, TableLayout table, IReadOnlyList<ExistingColumn> columns, List<string> differences)
    {
        var byName = columns.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var want in table.Columns)
        {
            if (!byName.Remove(want.Name, out var have))
            {
                differences.Add($"table '{table.Name}' has no column '{want.Name}' ({dialect.ColumnType(want)}), which the schema declares");
                continue;
            }
            var type = dialect.ColumnType(want);
            if (!string.Equals(have.DeclaredType, type, StringComparison.OrdinalIgnoreCase))
                differences.Add($"column '{table.Name}.{want.Name}' is {have.DeclaredType} in the database, the schema says {type}");
            if (!want.PrimaryKey && have.NotNull == want.Nullable)
                differences.Add($"column '{table.Name}.{want.Name}' is {(have.NotNull ? "NOT NULL" : "NULL")} in the database, the schema says {(want.Nullable ? "NULL" : "NOT NULL")}");
        }
        foreach (var extra in byName.Values)
            differences.Add($"table '{table.Name}' has a column '{extra.Name}' that the schema does not declare");
    }
}
