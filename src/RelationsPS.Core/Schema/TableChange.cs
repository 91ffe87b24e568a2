using System.Globalization;
using RelationsPS.Core.Compilation;
using RelationsPS.Core.Dialects;

namespace RelationsPS.Core.Schema;

/// <summary>
/// The differences of one existing table and the statements that apply them. On a dialect that rebuilds
/// tables (SQLite): a rebuild (SQLite's documented 12 steps, the transaction and foreign-key parts done by
/// the caller) when a column changes, else the index statements alone. On one that alters them in place
/// (PostgreSQL): each difference's own ALTER TABLE statements from the dialect, in the order of Django's
/// <c>_alter_field</c>: indexes and constraints that stand in the way are dropped, columns renamed, dropped,
/// added, converted and filled, NOT NULL set, then unique sets and indexes made again; foreign keys are
/// added once every table of the plan exists (<see cref="Later"/>).
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

    /// <summary>The order in which one table's ALTER statements run, whatever order its differences were found in.</summary>
    private enum Step { DropIndex, DropConstraint, RenameColumn, DropColumn, AddColumn, ChangeType, Fill, Nullability, AddUnique, CreateIndex }

    private readonly List<(Step Step, int Difference, SqlStatement Statement)> alters = [];
    private readonly List<(int Difference, SqlStatement Statement)> foreignKeys = [];

    // Each difference is applied by its own statements (ALTER TABLE) rather than by one rebuild of the table.
    private bool InPlace => !d.RebuildsTables;

    public List<SchemaDifference> Differences { get; } = [];
    public List<SqlStatement> Statements { get; } = [];

    /// <summary>Foreign keys to add once every table of the plan exists (a new column may reference a table created after this one).</summary>
    public List<SqlStatement> Later { get; } = [];

    private string Q(string name) => d.Quote(name);

    private string Param(object? value)
    {
        parameters.Add(value);
        return d.Parameter(parameters.Count - 1);
    }

    // Counted when planning, before a model rename runs: the table's present name.
    private long Count(string where) => count(new SqlStatement($"SELECT COUNT(*) FROM {Q(currentTable)} WHERE {where}", []));

    /// <returns>The difference's number, to give it statements with <see cref="Emit"/>.</returns>
    private int Add(string? field, ChangeKind kind, string description, string? loss = null)
    {
        local.Add(new SchemaDifference(model, field, kind, description) { Table = table.Name, LosesData = loss is not null, Loss = loss });
        return local.Count - 1;
    }

    private void Emit(int difference, Step step, string sql, params object?[] values) => alters.Add((step, difference, new SqlStatement(sql, values)));

    // Every row, or the rows holding NULL, take a value (a parameter): DDL takes no parameters, so a column is filled by an UPDATE.
    private string Fill(string column, bool nullsOnly) =>
        $"UPDATE {Q(table.Name)} SET {Q(column)} = {d.Parameter(0)}{(nullsOnly ? $" WHERE {Q(column)} IS NULL" : "")}";

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
                var renamed = Add(field, ChangeKind.RenameField, $"column '{old}' renamed to '{c.Name}', values kept");
                if (InPlace) Emit(renamed, Step.RenameColumn, d.RenameColumn(table.Name, old, c.Name));
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
            var removed = Add(null, fks.ContainsKey(extra.Name) ? ChangeKind.RemoveRelation : ChangeKind.RemoveField,
                $"column '{extra.Name}' ({extra.DeclaredType}) is in no field", $"{SchemaComparer.Rows(values)} with values in '{table.Name}.{extra.Name}'");
            if (InPlace) Emit(removed, Step.DropColumn, d.DropColumn(table.Name, extra.Name));
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
        var added = Add(field, c.ReferencesTable is null ? ChangeKind.AddField : ChangeKind.AddRelation,
            $"new column '{c.Name}' {d.ColumnType(c)} {(c.Nullable ? "NULL" : "NOT NULL")}{(c.ReferencesTable is null ? "" : $" referencing '{c.ReferencesTable}'")}{rows}");
        copy.Add((c.Name, has ? Param(value) : "NULL"));
        if (!InPlace) return;
        // Added without its constraints (the unique set is a difference of its own, the foreign key comes later), NOT NULL after the fill.
        Emit(added, Step.AddColumn, d.AddColumn(table.Name, c with { Nullable = true, Unique = false, ReferencesTable = null }));
        if (has) Emit(added, Step.Fill, Fill(c.Name, nullsOnly: false), value);
        if (!c.Nullable) Emit(added, Step.Nullability, d.SetNotNull(table.Name, c.Name));
        if (c.ReferencesTable is not null) foreignKeys.Add((added, new SqlStatement(d.AddForeignKeyToRows(table.Name, c), [])));
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
            // In place, the column has its new name by the time its type changes.
            var converted = Q(c.Name);
            int changed;
            if (SchemaComparer.Widens(have.DeclaredType, type))
                changed = Add(field, ChangeKind.AlterField, $"type {have.DeclaredType} -> {type}");
            else if (SchemaComparer.SizedText().Match(type) is { Success: true } m && (SchemaComparer.SizedText().IsMatch(have.DeclaredType) || Names.Equals(have.DeclaredType, "text")))
            {
                var max = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                var longer = Count($"length({Q(source)}) > {max.ToString(CultureInfo.InvariantCulture)}");
                changed = Add(field, ChangeKind.AlterField, $"max length {have.DeclaredType} -> {type}", $"{SchemaComparer.Rows(longer)} with values longer than {max} in '{table.Name}.{source}', cut to {max} characters");
                expr = $"substr({expr}, 1, {max.ToString(CultureInfo.InvariantCulture)})";
                converted = $"substr({converted}, 1, {max.ToString(CultureInfo.InvariantCulture)})";
            }
            else
            {
                var values = Count($"{Q(source)} IS NOT NULL");
                changed = Add(field, ChangeKind.AlterField, $"type {have.DeclaredType} -> {type}", $"{SchemaComparer.Rows(values)} with values in '{table.Name}.{source}', converted from {have.DeclaredType} to {type}");
            }
            if (InPlace) Emit(changed, Step.ChangeType, d.AlterColumnType(table.Name, c, converted));
        }
        if (have.NotNull && c.Nullable)
        {
            rebuild = true;
            var nullable = Add(field, ChangeKind.AlterField, "NOT NULL -> NULL");
            if (InPlace) Emit(nullable, Step.Nullability, d.DropNotNull(table.Name, c.Name));
        }
        else if (!have.NotNull && !c.Nullable)
        {
            rebuild = true;
            var nulls = Count($"{Q(source)} IS NULL");
            var (has, value) = SchemaComparer.DefaultOf(c);
            int notNull;
            object? fill;
            if (has)
            {
                notNull = Add(field, ChangeKind.AlterField, $"NULL -> NOT NULL; {SchemaComparer.Rows(nulls)} holding NULL take {Show(value)}");
                fill = value;
            }
            else
            {
                fill = SchemaComparer.Empty(c);
                notNull = Add(field, ChangeKind.AlterField, "NULL -> NOT NULL without a Default", $"{SchemaComparer.Rows(nulls)} with NULL in '{table.Name}.{source}', set to {Show(fill)}");
            }
            expr = $"COALESCE({expr}, {Param(fill)})";
            if (InPlace)
            {
                Emit(notNull, Step.Fill, Fill(c.Name, nullsOnly: true), fill);
                Emit(notNull, Step.Nullability, d.SetNotNull(table.Name, c.Name));
            }
        }
        fks.TryGetValue(source, out var references);
        if (!Names.Equals(references, c.ReferencesTable))
        {
            rebuild = true;
            var relation = references is null ? Add(field, ChangeKind.AddRelation, $"'{c.Name}' now references '{c.ReferencesTable}'")
                : c.ReferencesTable is null ? Add(field, ChangeKind.RemoveRelation, $"'{c.Name}' no longer references '{references}'")
                : Add(field, ChangeKind.AlterField, $"'{c.Name}' references '{c.ReferencesTable}' instead of '{references}'");
            if (InPlace)
            {
                if (references is not null) Emit(relation, Step.DropConstraint, d.DropConstraint(table.Name, ForeignKeyName(source)));
                if (c.ReferencesTable is not null) foreignKeys.Add((relation, new SqlStatement(d.AddForeignKeyToRows(table.Name, c), [])));
            }
        }
        return expr;
    }

    private string ForeignKeyName(string column) =>
        existing.ForeignKeyNames.TryGetValue(currentTable, out var names) && names.TryGetValue(column, out var name) ? name
            : throw new Errors.SchemaException("SchemaMismatch", $"The catalog names no foreign-key constraint on '{currentTable}.{column}', so it cannot be dropped.", currentTable);

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
            .Select(s => (Now: (IReadOnlyList<string>)s.Select(c => oldToNew.GetValueOrDefault(c, c)).ToList(), Was: s))
            .GroupBy(s => Key(s.Now)).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var (key, cs) in want.Where(w => !have.ContainsKey(w.Key)))
        {
            rebuild = true;
            var unique = Add(FieldOf(cs), ChangeKind.AlterField, cs.Count == 1 ? $"'{cs[0]}' becomes unique" : $"({string.Join(", ", cs)}) become unique together");
            if (InPlace) Emit(unique, Step.AddUnique, d.AddUnique(table.Name, cs));
        }
        foreach (var (key, (cs, was)) in have.Where(h => !want.ContainsKey(h.Key)))
        {
            rebuild = true;
            var dropped = Add(FieldOf(cs), ChangeKind.AlterField, cs.Count == 1 ? $"'{cs[0]}' is no longer unique" : $"({string.Join(", ", cs)}) are no longer unique together");
            if (!InPlace) continue;
            var named = (existing.UniqueNames.TryGetValue(currentTable, out var names) ? names : []).FirstOrDefault(u => Key(u.Columns) == Key(was))
                ?? throw new Errors.SchemaException("SchemaMismatch", $"The catalog names no unique constraint on ({string.Join(", ", was)}) of '{currentTable}', so it cannot be dropped.", currentTable);
            Emit(dropped, Step.DropConstraint, named.IsConstraint ? d.DropConstraint(table.Name, named.Name) : d.DropIndex(named.Name));
        }
    }

    private string? FieldOf(IReadOnlyList<string> cs) =>
        cs.Count == 1 ? table.Columns.FirstOrDefault(c => Names.Equals(c.Name, cs[0]))?.Field?.Name : null;

    private void CompareIndexes()
    {
        foreach (var index in table.Indexes.Where(i => !existing.Indexes.Contains(i.Name)))
            Emit(Add(FieldOf(index.Columns), ChangeKind.AlterField, $"new index '{index.Name}'"), Step.CreateIndex, d.CreateIndex(index));
        foreach (var (name, _) in existing.IndexTables.Where(i => Names.Equals(i.Value, currentTable) && !table.Indexes.Any(x => Names.Equals(x.Name, i.Key))))
            Emit(Add(null, ChangeKind.AlterField, $"index '{name}' is in no field"), Step.DropIndex, d.DropIndex(name));
    }

    private void Finish()
    {
        if (!rebuild || InPlace)
        {
            // Without a rebuild, index differences alone have statements on a rebuilding dialect; in place, every difference has its own.
            var ordered = alters.OrderBy(a => a.Step).ToList();
            for (var i = 0; i < local.Count; i++)
                local[i] = local[i] with { Ddl = ordered.Where(a => a.Difference == i).Select(a => a.Statement.Text).Concat(foreignKeys.Where(f => f.Difference == i).Select(f => f.Statement.Text)).ToArray() };
            Statements.AddRange(ordered.Select(a => a.Statement));
            Later.AddRange(foreignKeys.Select(f => f.Statement));
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
