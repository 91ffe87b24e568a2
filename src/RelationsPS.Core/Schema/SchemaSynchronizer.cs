using RelationsPS.Core.Dialects;
using RelationsPS.Core.Errors;

namespace RelationsPS.Core.Schema;

/// <summary>A table as it exists in the database.</summary>
public sealed record ExistingColumn(string Name, string DeclaredType, bool NotNull, bool PrimaryKey);

/// <summary>A unique column set by the name the catalog gives it: a constraint (dropped with ALTER TABLE) or a unique index.</summary>
public sealed record ExistingUnique(IReadOnlyList<string> Columns, string Name, bool IsConstraint);

/// <summary>What the database already has.</summary>
public sealed record ExistingSchema(IReadOnlyDictionary<string, IReadOnlyList<ExistingColumn>> Tables, IReadOnlySet<string> Indexes)
{
    /// <summary>Per table, the column sets its unique constraints and unique indexes cover (the primary key left out).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<string>>> UniqueSets { get; init; } =
        new Dictionary<string, IReadOnlyList<IReadOnlyList<string>>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The table of each named (not automatic) index.</summary>
    public IReadOnlyDictionary<string, string> IndexTables { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Per table, each foreign-key column and the table it references.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ForeignKeys { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Per table, the names of its unique sets, for a database whose column changes drop them by name
    /// (PostgreSQL; SQLite rebuilds the table instead and reports none).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ExistingUnique>> UniqueNames { get; init; } =
        new Dictionary<string, IReadOnlyList<ExistingUnique>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Per table, the name of each foreign-key column's constraint (PostgreSQL), as <see cref="UniqueNames"/>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ForeignKeyNames { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
}

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
        var (inOrder, later) = SchemaPlanner.InCreationOrder(planned, dialect);
        foreach (var table in inOrder)
        {
            if (!existing.Tables.TryGetValue(table.Name, out var columns))
            {
                statements.Add(dialect.CreateTable(table));
                continue;
            }
            Compare(dialect, table, columns, differences);
            CompareConstraints(table, existing, differences);
        }
        if (differences.Count > 0)
            throw new SchemaException("SchemaMismatch",
                "The schema contradicts the existing database; nothing was changed:" + Environment.NewLine + "  - " + string.Join(Environment.NewLine + "  - ", differences));
        statements.AddRange(later.Where(l => !existing.Tables.ContainsKey(l.Table.Name)).Select(l => dialect.AddForeignKey(l.Table, l.Column)));
        foreach (var index in planned.SelectMany(t => t.Indexes))
            if (!existing.Indexes.Contains(index.Name)) statements.Add(dialect.CreateIndex(index));
        return statements;
    }

    /// <summary>
    /// For a read-only connection: the tables and columns the schema reads that the database lacks. Types,
    /// constraints and indexes are not compared (a read cannot store a wrong value, and a foreign database
    /// names its types and indexes its own way).
    /// </summary>
    public static IReadOnlyList<string> MissingForReading(IReadOnlyList<TableLayout> planned, ExistingSchema existing)
    {
        var missing = new List<string>();
        foreach (var table in planned)
        {
            if (!existing.Tables.TryGetValue(table.Name, out var columns))
            {
                missing.Add($"table '{table.Name}'");
                continue;
            }
            // SQLite's rowid is no column of table_info, yet every rowid table has it (the key of a table without a single integer key).
            foreach (var c in table.Columns.Where(c => !(c.PrimaryKey && c.Name == "rowid") && !columns.Any(x => string.Equals(x.Name, c.Name, StringComparison.OrdinalIgnoreCase))))
                missing.Add($"column '{table.Name}.{c.Name}'");
        }
        return missing;
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

    /// <summary>
    /// Unique constraints and foreign keys: a column the schema makes unique must be unique in the
    /// database (else duplicates would be stored), a unique constraint the schema does not declare would
    /// refuse rows the schema allows, and a foreign key must point where the schema's relation points.
    /// </summary>
    private static void CompareConstraints(TableLayout table, ExistingSchema existing, List<string> differences)
    {
        static string Key(IEnumerable<string> columns) => string.Join(",", columns.Select(c => c.ToLowerInvariant()).Order(StringComparer.Ordinal));
        var want = table.Columns.Where(c => c.Unique).Select(c => (IReadOnlyList<string>)[c.Name])
            .Concat(table.UniqueTogether)
            .Concat(table.Indexes.Where(i => i.Unique).Select(i => i.Columns))
            .ToDictionary(Key, g => g, StringComparer.Ordinal);
        var have = (existing.UniqueSets.TryGetValue(table.Name, out var sets) ? sets : []).ToDictionary(Key, g => g, StringComparer.Ordinal);
        foreach (var (key, columns) in want)
            if (!have.ContainsKey(key))
                differences.Add($"{Describe(table, columns)} {(columns.Count == 1 ? "is" : "are")} not unique in the database, the schema says {(columns.Count == 1 ? "Unique" : "UniqueTogether")}");
        foreach (var (key, columns) in have)
            if (!want.ContainsKey(key))
                differences.Add($"{Describe(table, columns)} {(columns.Count == 1 ? "is" : "are")} unique in the database, which the schema does not declare");

        var foreignKeys = existing.ForeignKeys.TryGetValue(table.Name, out var fks) ? fks : new Dictionary<string, string>();
        foreach (var column in table.Columns)
        {
            foreignKeys.TryGetValue(column.Name, out var references);
            if (string.Equals(references, column.ReferencesTable, StringComparison.OrdinalIgnoreCase)) continue;
            differences.Add(column.ReferencesTable is null
                ? $"column '{table.Name}.{column.Name}' references table '{references}' in the database, the schema declares no relation there"
                : references is null
                    ? $"column '{table.Name}.{column.Name}' has no foreign key in the database, the schema says it references '{column.ReferencesTable}'"
                    : $"column '{table.Name}.{column.Name}' references table '{references}' in the database, the schema says '{column.ReferencesTable}'");
        }
    }

    private static string Describe(TableLayout table, IReadOnlyList<string> columns) =>
        columns.Count == 1 ? $"column '{table.Name}.{columns[0]}'" : $"columns ({string.Join(", ", columns)}) of '{table.Name}'";
}
