using System.Globalization;
using RelationsPS.Core.Compilation;
using RelationsPS.Core.Dialects;

namespace RelationsPS.Core.Schema;

/// <summary>
/// The differences of one existing table and the statements that apply them: a rebuild (SQLite's
/// documented 12 steps, the transaction and foreign-key parts done by the caller) when a column changes,
/// else the index statements alone.
/// </summary>
/// <remarks><paramref name="currentTable"/> is the table's name in the database now (its old name when the model is renamed).</remarks>
internal sealed class TableChange(SqlDialect d, TableLayout table, string currentTable, string model, ExistingSchema existing,
    IReadOnlyList<ExistingColumn> columns, Dictionary<string, string>? renames, Func<SqlStatement, long> count)
{
    private static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;
    private readonly List<SchemaDifference> local = [];
    private readonly List<(string Column, string Source)> copy = [];
    private readonly List<object?> parameters = [];
    private bool rebuild;

    public List<SchemaDifference> Differences { get; } = [];
    public List<SqlStatement> Statements { get; } = [];

    private string Q(string name) => d.Quote(name);

    private string Param(object? value)
    {
        parameters.Add(value);
        return d.Parameter(parameters.Count - 1);
    }

    // Counted when planning, before a model rename runs: the table's present name.
    private long Count(string where) => count(new SqlStatement($"SELECT COUNT(*) FROM {Q(currentTable)} WHERE {where}", []));

    private void Add(string? field, ChangeKind kind, string description, string? loss = null) =>
        local.Add(new SchemaDifference(model, field, kind, description) { Table = table.Name, LosesData = loss is not null, Loss = loss });

    public void Compare(List<string> missingDefaults)
    {
        var byName = columns.ToDictionary(c => c.Name, Names);
        var used = new HashSet<string>(Names);
        var fks = existing.ForeignKeys.TryGetValue(currentTable, out var f) ? f : new Dictionary<string, string>();
        var oldToNew = new Dictionary<string, string>(Names);
        foreach (var c in table.Columns)
        {
            var field = c.Field?.Name;
            string? source = byName.ContainsKey(c.Name) ? c.Name : null;
            if (source is null && renames is not null && renames.TryGetValue(c.Name, out var old))
            {
                if (!byName.ContainsKey(old))
                    throw new Errors.SchemaException("UnknownRename", $"-Rename: table '{table.Name}' has no column '{old}' to rename to '{c.Name}'. Its columns are: {string.Join(", ", byName.Keys)}.", old);
                source = old;
                rebuild = true;
                Add(field, ChangeKind.RenameField, $"column '{old}' renamed to '{c.Name}', values kept");
            }
            if (source is null)
            {
                if (c.PrimaryKey)
                    throw new Errors.SchemaException("SchemaMismatch", $"Table '{table.Name}' has no column '{c.Name}', its key: it cannot be changed into the model's table.", table.Name);
                AddColumn(c, field, missingDefaults);
                continue;
            }
            used.Add(source);
            oldToNew[source] = c.Name;
            copy.Add((c.Name, Alter(c, field, byName[source], source, fks)));
        }
        foreach (var extra in columns.Where(c => !used.Contains(c.Name)))
        {
            rebuild = true;
            var values = Count($"{Q(extra.Name)} IS NOT NULL");
            Add(null, fks.ContainsKey(extra.Name) ? ChangeKind.RemoveRelation : ChangeKind.RemoveField,
                $"column '{extra.Name}' ({extra.DeclaredType}) is in no field", $"{SchemaComparer.Rows(values)} with values in '{table.Name}.{extra.Name}'");
        }
        RenameCandidates();
        CompareUnique(oldToNew);
        CompareIndexes();
        Finish();
    }

    private void AddColumn(ColumnLayout c, string? field, List<string> missingDefaults)
    {
        rebuild = true;
        var (has, value) = SchemaComparer.DefaultOf(c);
        if (!c.Nullable && !has) missingDefaults.Add($"{model}.{field ?? c.Name}");
        var rows = has ? $", rows already there take {Show(value)}" : c.Nullable ? ", rows already there hold NULL" : " (needs a Default or Null = $true)";
        Add(field, c.ReferencesTable is null ? ChangeKind.AddField : ChangeKind.AddRelation,
            $"new column '{c.Name}' {d.ColumnType(c)} {(c.Nullable ? "NULL" : "NOT NULL")}{(c.ReferencesTable is null ? "" : $" referencing '{c.ReferencesTable}'")}{rows}");
        copy.Add((c.Name, has ? Param(value) : "NULL"));
    }

    /// <summary>Compares one kept column; returns the expression that copies it into the new table.</summary>
    private string Alter(ColumnLayout c, string? field, ExistingColumn have, string source, IReadOnlyDictionary<string, string> fks)
    {
        var expr = Q(source);
        if (c.PrimaryKey) return expr;
        var type = d.ColumnType(c);
        if (!Names.Equals(have.DeclaredType, type))
        {
            rebuild = true;
            if (SchemaComparer.Widens(have.DeclaredType, type))
                Add(field, ChangeKind.AlterField, $"type {have.DeclaredType} -> {type}");
            else if (SchemaComparer.SizedText().Match(type) is { Success: true } m && (SchemaComparer.SizedText().IsMatch(have.DeclaredType) || Names.Equals(have.DeclaredType, "text")))
            {
                var max = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                var longer = Count($"length({Q(source)}) > {max.ToString(CultureInfo.InvariantCulture)}");
                Add(field, ChangeKind.AlterField, $"max length {have.DeclaredType} -> {type}", $"{SchemaComparer.Rows(longer)} with values longer than {max} in '{table.Name}.{source}', cut to {max} characters");
                expr = $"substr({expr}, 1, {max.ToString(CultureInfo.InvariantCulture)})";
            }
            else
            {
                var values = Count($"{Q(source)} IS NOT NULL");
                Add(field, ChangeKind.AlterField, $"type {have.DeclaredType} -> {type}", $"{SchemaComparer.Rows(values)} with values in '{table.Name}.{source}', converted from {have.DeclaredType} to {type}");
            }
        }
        if (have.NotNull && c.Nullable)
        {
            rebuild = true;
            Add(field, ChangeKind.AlterField, "NOT NULL -> NULL");
        }
        else if (!have.NotNull && !c.Nullable)
        {
            rebuild = true;
            var nulls = Count($"{Q(source)} IS NULL");
            var (has, value) = SchemaComparer.DefaultOf(c);
            if (has)
            {
                Add(field, ChangeKind.AlterField, $"NULL -> NOT NULL; {SchemaComparer.Rows(nulls)} holding NULL take {Show(value)}");
                expr = $"COALESCE({expr}, {Param(value)})";
            }
            else
            {
                var empty = SchemaComparer.Empty(c);
                Add(field, ChangeKind.AlterField, "NULL -> NOT NULL without a Default", $"{SchemaComparer.Rows(nulls)} with NULL in '{table.Name}.{source}', set to {Show(empty)}");
                expr = $"COALESCE({expr}, {Param(empty)})";
            }
        }
        fks.TryGetValue(source, out var references);
        if (!Names.Equals(references, c.ReferencesTable))
        {
            rebuild = true;
            if (references is null) Add(field, ChangeKind.AddRelation, $"'{c.Name}' now references '{c.ReferencesTable}'");
            else if (c.ReferencesTable is null) Add(field, ChangeKind.RemoveRelation, $"'{c.Name}' no longer references '{references}'");
            else Add(field, ChangeKind.AlterField, $"'{c.Name}' references '{c.ReferencesTable}' instead of '{references}'");
        }
        return expr;
    }

    /// <summary>A removed and an added column of one type: reported, never applied as a rename without -Rename.</summary>
    private void RenameCandidates()
    {
        var removed = local.Where(x => x.Kind == ChangeKind.RemoveField).ToList();
        foreach (var added in local.Where(x => x.Kind == ChangeKind.AddField).ToList())
        {
            var newColumn = table.Columns.First(c => Names.Equals(c.Field?.Name, added.Field));
            foreach (var r in removed)
            {
                var oldColumn = columns.First(c => r.Description.StartsWith($"column '{c.Name}'", StringComparison.Ordinal));
                if (!Names.Equals(oldColumn.DeclaredType, d.ColumnType(newColumn))) continue;
                Differences.Add(new SchemaDifference(model, added.Field, ChangeKind.RenameCandidate,
                    $"column '{oldColumn.Name}' goes and '{newColumn.Name}' comes, of one type: if it is a rename, say -Rename @{{ '{model}.{Pascal(oldColumn.Name)}' = '{model}.{added.Field}' }} (renames are never guessed)")
                { Table = table.Name });
            }
        }
    }

    private static string Pascal(string column) =>
        string.Concat(column.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    private void CompareUnique(Dictionary<string, string> oldToNew)
    {
        static string Key(IEnumerable<string> cs) => string.Join(",", cs.Select(c => c.ToLowerInvariant()).Order(StringComparer.Ordinal));
        var want = table.Columns.Where(c => c.Unique).Select(c => (IReadOnlyList<string>)[c.Name])
            .Concat(table.UniqueTogether).Concat(table.Indexes.Where(i => i.Unique).Select(i => i.Columns))
            .GroupBy(Key).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var have = (existing.UniqueSets.TryGetValue(currentTable, out var sets) ? sets : [])
            .Select(s => (IReadOnlyList<string>)s.Select(c => oldToNew.GetValueOrDefault(c, c)).ToList())
            .GroupBy(Key).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var (key, cs) in want.Where(w => !have.ContainsKey(w.Key)))
        {
            rebuild = true;
            Add(FieldOf(cs), ChangeKind.AlterField, cs.Count == 1 ? $"'{cs[0]}' becomes unique" : $"({string.Join(", ", cs)}) become unique together");
        }
        foreach (var (key, cs) in have.Where(h => !want.ContainsKey(h.Key)))
        {
            rebuild = true;
            Add(FieldOf(cs), ChangeKind.AlterField, cs.Count == 1 ? $"'{cs[0]}' is no longer unique" : $"({string.Join(", ", cs)}) are no longer unique together");
        }
    }

    private string? FieldOf(IReadOnlyList<string> cs) =>
        cs.Count == 1 ? table.Columns.FirstOrDefault(c => Names.Equals(c.Name, cs[0]))?.Field?.Name : null;

    private readonly List<string> indexStatements = [];

    private void CompareIndexes()
    {
        foreach (var index in table.Indexes.Where(i => !existing.Indexes.Contains(i.Name)))
        {
            Add(FieldOf(index.Columns), ChangeKind.AlterField, $"new index '{index.Name}'");
            indexStatements.Add(d.CreateIndex(index));
        }
        foreach (var (name, _) in existing.IndexTables.Where(i => Names.Equals(i.Value, currentTable) && !table.Indexes.Any(x => Names.Equals(x.Name, i.Key))))
        {
            Add(null, ChangeKind.AlterField, $"index '{name}' is in no field");
            indexStatements.Add($"DROP INDEX {Q(name)}");
        }
    }

    private void Finish()
    {
        if (!rebuild)
        {
            for (var i = 0; i < local.Count; i++) local[i] = local[i] with { Ddl = [indexStatements[i]] };
            Statements.AddRange(indexStatements.Select(s => new SqlStatement(s, [])));
            Differences.InsertRange(0, local);
            return;
        }
        var temporary = "new__" + table.Name;
        var statements = new List<SqlStatement>
        {
            new(d.CreateTable(table with { Name = temporary }), []),
            new($"INSERT INTO {Q(temporary)} ({string.Join(", ", copy.Select(c => Q(c.Column)))}) SELECT {string.Join(", ", copy.Select(c => c.Source))} FROM {Q(table.Name)}", parameters.ToArray()),
            new($"DROP TABLE {Q(table.Name)}", []),
            new($"ALTER TABLE {Q(temporary)} RENAME TO {Q(table.Name)}", []),
        };
        statements.AddRange(table.Indexes.Select(i => new SqlStatement(d.CreateIndex(i), [])));
        Statements.AddRange(statements);
        var texts = statements.Select(s => s.Text).ToArray();
        Differences.InsertRange(0, local.Select(x => x with { Ddl = texts, Rebuilds = true }));
    }

    private static string Show(object? value) => value switch
    {
        null => "NULL",
        string s => $"'{s}'",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
