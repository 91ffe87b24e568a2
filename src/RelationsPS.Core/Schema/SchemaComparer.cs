using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using RelationsPS.Core.Compilation;
using RelationsPS.Core.Dialects;
using RelationsPS.Core.Errors;
using RelationsPS.Core.Execution;
using RelationsPS.Core.Materialization;
using RelationsPS.Core.Metadata;

namespace RelationsPS.Core.Schema;

/// <summary>
/// Compares models with a database and plans the change, Django's makemigrations and sqlmigrate at once:
/// new tables and join tables are created; on SQLite a table whose columns, nullability, types, unique sets
/// or foreign keys differ is rebuilt the way SQLite documents (create <c>new__t</c>, copy, drop, rename,
/// recreate indexes) because SQLite's ALTER TABLE cannot change a column, and rebuilding also for an added
/// column keeps a migrated table's DDL exactly what a new database gets; on a dialect that alters tables in
/// place (PostgreSQL) each difference is its own ALTER statements (<see cref="TableChange"/>). Index-only
/// differences are one CREATE or DROP INDEX. Values (defaults) are parameters; identifiers come from the schema.
/// </summary>
public static partial class SchemaComparer
{
    private static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;

    /// <summary>Plans the change from <paramref name="existing"/> to <paramref name="models"/>.</summary>
    /// <param name="dialect">The database's dialect.</param>
    /// <param name="models">The models the database should hold.</param>
    /// <param name="existing">What the database has.</param>
    /// <param name="renames">Explicit renames: <c>'Model.Old' = 'Model.New'</c> (or just <c>'New'</c>).</param>
    /// <param name="count">Runs a <c>SELECT COUNT(*)</c> on the database (for what a change would lose).</param>
    public static MigrationPlan Plan(SqlDialect dialect, ModelSet models, ExistingSchema existing,
        IReadOnlyDictionary<string, string> renames, Func<SqlStatement, long> count)
    {
        var planned = SchemaPlanner.Plan(models);
        var renamed = ResolveRenames(models, renames, out var tableRenames);
        // Foreign keys of other tables follow a renamed table (SQLite rewrites their REFERENCES when it renames).
        existing = existing with
        {
            ForeignKeys = existing.ForeignKeys.ToDictionary(t => t.Key,
                t => (IReadOnlyDictionary<string, string>)t.Value.ToDictionary(f => f.Key, f => tableRenames.FirstOrDefault(r => Names.Equals(r.Value, f.Value)).Key ?? f.Value, Names), Names),
        };
        var differences = new List<SchemaDifference>();
        var statements = new List<SqlStatement>();
        var missingDefaults = new List<string>();
        var consumed = new HashSet<string>(Names);
        var foreignKeysLast = new List<SqlStatement>();
        var (inOrder, later) = SchemaPlanner.InCreationOrder(planned, dialect);
        foreach (var table in inOrder)
        {
            var (model, field) = Owner(models, table);
            var source = table.Name;
            if (!existing.Tables.ContainsKey(table.Name) && tableRenames.TryGetValue(table.Name, out var oldTable))
            {
                if (!existing.Tables.ContainsKey(oldTable))
                    throw new SchemaException("UnknownRename", $"-Rename: the database has no table '{oldTable}' to rename to '{table.Name}'.", oldTable);
                var sql = $"ALTER TABLE {dialect.Quote(oldTable)} RENAME TO {dialect.Quote(table.Name)}";
                differences.Add(new SchemaDifference(model, null, ChangeKind.RenameModel, $"table '{oldTable}' renamed to '{table.Name}', rows kept") { Table = table.Name, Ddl = [sql] });
                statements.Add(new SqlStatement(sql, []));
                consumed.Add(oldTable);
                source = oldTable;
            }
            if (!existing.Tables.TryGetValue(source, out var columns))
            {
                var ddl = new List<string> { dialect.CreateTable(table) };
                ddl.AddRange(table.Indexes.Select(dialect.CreateIndex));
                differences.Add(new SchemaDifference(model, field, table.Model is null ? ChangeKind.AddRelation : ChangeKind.AddModel,
                    table.Model is null ? $"new join table '{table.Name}'" : $"new table '{table.Name}'") { Table = table.Name, Ddl = ddl });
                statements.AddRange(ddl.Select(s => new SqlStatement(s, [])));
                continue;
            }
            // An existing table is compared with all its references (the creation order leaves out those around a cycle).
            var whole = planned.First(p => Names.Equals(p.Name, table.Name));
            var change = new TableChange(dialect, whole, source, model, existing, columns, renamed.GetValueOrDefault(table.Name), count);
            change.Compare(missingDefaults);
            differences.AddRange(change.Differences);
            statements.AddRange(change.Statements);
            foreignKeysLast.AddRange(change.Later);
        }
        statements.AddRange(later.Where(l => !existing.Tables.ContainsKey(l.Table.Name)).Select(l => new SqlStatement(dialect.AddForeignKey(l.Table, l.Column), [])));
        statements.AddRange(foreignKeysLast);
        foreach (var extra in DropOrder(existing.Tables.Keys.Where(t => !consumed.Contains(t) && !planned.Any(p => Names.Equals(p.Name, t))), existing))
        {
            var rows = count(new SqlStatement($"SELECT COUNT(*) FROM {dialect.Quote(extra)}", []));
            var sql = $"DROP TABLE {dialect.Quote(extra)}";
            differences.Add(new SchemaDifference(extra, null, ChangeKind.RemoveModel, $"table '{extra}' is in no model")
            { Table = extra, Ddl = [sql], LosesData = true, Loss = $"{Rows(rows)} of table '{extra}'" });
            statements.Add(new SqlStatement(sql, []));
        }
        return new MigrationPlan(differences, statements, Hash(dialect, models)) { MissingDefaults = missingDefaults };
    }

    /// <summary>
    /// Tables to drop, by name, each before the tables it references: a database that checks foreign keys
    /// when a table is dropped (PostgreSQL) refuses to drop a table another one still references.
    /// </summary>
    private static List<string> DropOrder(IEnumerable<string> tables, ExistingSchema existing)
    {
        var remaining = tables.Order(Names).ToList();
        var ordered = new List<string>();
        while (remaining.Count > 0)
        {
            // A table no remaining table references goes next (around a cycle, the first by name).
            var next = remaining.FirstOrDefault(t => !remaining.Any(o => !Names.Equals(o, t) && existing.ForeignKeys.TryGetValue(o, out var f) && f.Values.Contains(t, Names))) ?? remaining[0];
            ordered.Add(next);
            remaining.Remove(next);
        }
        return ordered;
    }

    /// <summary>The schema's hash: SHA-256 of the DDL a new database gets (so equal hashes mean equal tables).</summary>
    public static string Hash(SqlDialect dialect, ModelSet models)
    {
        var planned = SchemaPlanner.Plan(models);
        var text = string.Join("\n", planned.Select(dialect.CreateTable).Concat(planned.SelectMany(t => t.Indexes).Select(dialect.CreateIndex)));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
    }

    private static (string Model, string? Field) Owner(ModelSet models, TableLayout table)
    {
        if (table.Model is not null) return (table.Model.Name, null);
        var r = models.AutoJoinRelations.First(r => Names.Equals(r.JoinTable, table.Name));
        return (r.From.Name, r.Field.Name);
    }

    /// <summary>Per table, new column -> old column; <paramref name="tables"/>: new table -> old table (model renames).</summary>
    private static Dictionary<string, Dictionary<string, string>> ResolveRenames(ModelSet models, IReadOnlyDictionary<string, string> renames, out Dictionary<string, string> tables)
    {
        var result = new Dictionary<string, Dictionary<string, string>>(Names);
        tables = new Dictionary<string, string>(Names);
        foreach (var (from, to) in renames)
        {
            var dot = from.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0 && !to.Contains('.', StringComparison.Ordinal))
            {
                // A model: 'Server' = 'Host' renames table server to host (a model with Meta.DbTable keeps its name).
                tables[models.Get(to).Table] = Naming.SnakeCase(from);
                continue;
            }
            if (dot <= 0)
                throw new SchemaException("InvalidRename", $"-Rename takes 'Model.OldField' = 'Model.NewField', or 'OldModel' = 'NewModel'; '{from}' = '{to}' is neither.", from);
            var model = models.Get(from[..dot]);
            var newName = to.Contains('.', StringComparison.Ordinal) ? to[(to.IndexOf('.', StringComparison.Ordinal) + 1)..] : to;
            if (to.Contains('.', StringComparison.Ordinal) && !Names.Equals(to[..to.IndexOf('.', StringComparison.Ordinal)], model.Name))
                throw new SchemaException("InvalidRename", $"-Rename '{from}' = '{to}': a field is renamed within its model.", from);
            var field = model.FindField(newName) is { IsConcrete: true } f ? f
                : throw new UnknownNameException("UnknownField",
                    $"-Rename '{from}' = '{to}': '{model.Name}' has no field '{newName}' with a column. Choices are: {string.Join(", ", model.ConcreteFields.Where(x => !x.IsPrimaryKey).Select(x => x.Name))}.", to);
            var oldColumn = Naming.SnakeCase(from[(dot + 1)..]) + (field.IsToOne ? "_id" : "");
            if (!result.TryGetValue(model.Table, out var map)) result[model.Table] = map = new(Names);
            map[field.Column!] = oldColumn;
        }
        return result;
    }

    /// <summary>Refuses a plan that adds non-null fields without a default (Update-RelSchema; Compare-RelSchema only reports them).</summary>
    public static void CheckDefaults(MigrationPlan plan)
    {
        if (plan.MissingDefaults.Count > 0)
            throw new SchemaException("NewFieldNeedsDefault",
                $"A new field that is not Null needs a Default for the rows already there: {string.Join(", ", plan.MissingDefaults)}. Add Default = <value> or Null = $true to the field (or -Rename it from an old field); nothing was changed.",
                plan.MissingDefaults[0]);
    }

    internal static string Rows(long n) => n == 1 ? "1 row" : $"{n.ToString(CultureInfo.InvariantCulture)} rows";

    /// <summary>The value rows already there take for a new or newly non-null column, when the field says one.</summary>
    internal static (bool Has, object? Value) DefaultOf(ColumnLayout c)
    {
        if (c.Field is not { } f) return (false, null);
        if (f.HasDefault && f.Default is not null) return (true, FieldCodec.ToDatabase(f, FieldCodec.Normalize(f, f.DefaultValue(), validateBlank: false)));
        if (f.AutoNow || f.AutoNowAdd) return (true, FieldCodec.ToDatabase(f, Writer.Now(f)));
        return (false, null);
    }

    /// <summary>What a NULL becomes when a column is made NOT NULL without a default (-Force): the type's empty value.</summary>
    internal static object Empty(ColumnLayout c) => c.Type switch
    {
        FieldType.Char or FieldType.Slug or FieldType.Text or FieldType.Url or FieldType.Email or FieldType.IPAddress => "",
        FieldType.Float => 0.0,
        FieldType.Date => "0001-01-01",
        FieldType.DateTime => "0001-01-01 00:00:00.0000000",
        FieldType.Uuid => Guid.Empty.ToString("D"),
        FieldType.Binary => Array.Empty<byte>(),
        _ => 0L,
    };

    // SQLite's spellings and PostgreSQL's (format_type: character varying(n)).
    [GeneratedRegex(@"^\s*(n?varchar|varchar|char|nchar|character varying|character)\s*\(\s*(\d+)\s*\)\s*$", RegexOptions.IgnoreCase)]
    internal static partial Regex SizedText();

    /// <summary>Whether changing a column from <paramref name="from"/> to <paramref name="to"/> keeps every value as it is.</summary>
    internal static bool Widens(string from, string to)
    {
        from = from.Trim().ToLowerInvariant();
        to = to.Trim().ToLowerInvariant();
        if (to == "text") return SizedText().IsMatch(from) || from == "text";
        if (SizedText().Match(from) is { Success: true } a && SizedText().Match(to) is { Success: true } b)
            return int.Parse(b.Groups[2].Value, CultureInfo.InvariantCulture) >= int.Parse(a.Groups[2].Value, CultureInfo.InvariantCulture);
        return (from, to) switch
        {
            ("integer", "bigint") or ("bigint", "integer") or ("integer", "real") or ("integer", "decimal") or ("bool", "integer") => true,
            // PostgreSQL's spellings of the same pairs (its numeric has a precision, so only an unbounded one surely holds every integer).
            ("integer", "double precision") or ("integer", "numeric") or ("boolean", "integer") => true,
            _ => false,
        };
    }
}
